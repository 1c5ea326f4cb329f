// Installs the built package into a throwaway project the way npm does: `npm pack` of pkg/, then
// the tarball unpacked as <project>/node_modules/partner-ordering/. A real directory matters:
// the repo's node_modules/partner-ordering is a symlink to pkg/, which tools treat as source
// (Vite pre-bundles only what resolves inside node_modules), and only the tarball shows what the
// package's `files` leave out.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const PKG = join(REPO, "pkg");

/** `npm pack --json` of pkg/ (with `dryRun`, nothing is written): name, version, files, … */
export function pack({ dryRun = false, destination } = {}) {
  const args = ["pack", PKG, "--json", dryRun ? "--dry-run" : `--pack-destination=${destination}`];
  return JSON.parse(execFileSync("npm", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }))[0];
}

/** A fresh `project` dir with the package installed; returns npm's description of the tarball. */
export function installPackage(project) {
  rmSync(project, { recursive: true, force: true });
  const dest = join(project, "node_modules/partner-ordering");
  mkdirSync(dest, { recursive: true });
  const packed = pack({ destination: project });
  execFileSync("tar", ["-xzf", join(project, packed.filename), "-C", dest, "--strip-components=1"]);
  rmSync(join(project, packed.filename));
  return packed;
}
