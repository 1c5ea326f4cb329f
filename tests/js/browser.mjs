// Launches Debian's Chromium through playwright-core (its own browser download cannot work here).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export const OUTPUT = new URL("../../test-output/", import.meta.url);
mkdirSync(OUTPUT, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
