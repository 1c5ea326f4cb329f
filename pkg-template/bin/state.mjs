// Persisting the sandbox between runs (`partner-ordering-sandbox --state FILE`).
//
// The emulator cannot export its state, but it is deterministic: the same requests at the same
// sandbox times, from the same seed time, rebuild the same state (ids, tokens, order progress,
// the request log). So the file holds a journal of what was done to the sandbox, replayed on
// start. The journal keeps only what the emulator reads from a request (method, URL, body and
// the few headers it looks at), and of the credentials only the sandbox's own: its published
// fake secrets and the tokens it issued. Anything else (a real secret sent here by mistake) is
// written as "[redacted]"; such a request failed authentication anyway and fails again on replay.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export const FORMAT = "partner-ordering-sandbox-state";
const VERSION = 1;
export const REDACTED = "[redacted]";

// The only request headers the emulator reads; credentials among them are checked below.
const KEPT_HEADERS = new Set(["authorization", "aps-token", "x-subscription-key", "partnerid", "content-type"]);
const CREDENTIAL_HEADERS = new Set(["authorization", "aps-token", "x-subscription-key"]);
const SECRET_FIELD = /password|secret/i;

/** The sandbox's own secrets, from `Sandbox.credentials()`: every password, secret and key. */
export function sandboxSecrets(credentials) {
  const out = new Set();
  const walk = (v) => {
    if (!v || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === "string" && /secret|password|subscriptionKey/i.test(k)) out.add(x);
      else walk(x);
    }
  };
  walk(credentials);
  return out;
}

const formDecode = (s) => {
  try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch { return s; }
};

/** True when a credential header carries only what the sandbox handed out itself. */
function ownCredential(name, value, known, consumerKey) {
  const v = value.trim();
  if (name !== "authorization") return known.has(v);
  const [, scheme = "", rest = ""] = /^(\S+)\s*(.*)$/s.exec(v) ?? [];
  switch (scheme.toLowerCase()) {
    case "bearer": return known.has(rest.trim());
    case "basic": {
      // The sandbox's token endpoints take Basic client:secret; the secret decides.
      const pair = Buffer.from(rest.trim(), "base64").toString("utf8");
      const i = pair.indexOf(":");
      return i >= 0 && known.has(formDecode(pair.slice(i + 1)));
    }
    // OAuth 1.0a sends the consumer key and an HMAC signature, never the secret itself.
    case "oauth": return v.includes(`oauth_consumer_key="${consumerKey}"`);
    default: return false;
  }
}

/** The parts of a request worth replaying, with foreign credentials redacted. */
export function journalRequest({ method, url, headers, body }, { known, consumerKey }) {
  const kept = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const name = k.toLowerCase();
    if (!KEPT_HEADERS.has(name)) continue;
    kept[name] = CREDENTIAL_HEADERS.has(name) && !ownCredential(name, String(v), known, consumerKey) ? REDACTED : v;
  }
  let text = body;
  // Token requests post passwords as a form (Cloudmore's password grant).
  if (text && /x-www-form-urlencoded/i.test(kept["content-type"] ?? "")) {
    const form = new URLSearchParams(text);
    let changed = false;
    for (const [k, v] of form) {
      if (SECRET_FIELD.test(k) && !known.has(v)) { form.set(k, REDACTED); changed = true; }
    }
    if (changed) text = form.toString();
  }
  return { method, url, headers: kept, ...(text ? { body: text } : {}) };
}

/** The state file's content: enough to rebuild the sandbox with `replay`. */
export function snapshot(host) {
  return {
    format: FORMAT,
    version: VERSION,
    packageVersion: host.packageVersion,
    savedAt: new Date().toISOString(),
    seedNow: host.seedNow,
    // The clock runs with real time, shifted; the shift survives a restart.
    clockOffsetMs: host.sandbox.now() - Date.now(),
    faults: host.faults,
    journal: host.journal,
  };
}

/** Reads a state file: null when it does not exist; throws with a clear message when unusable. */
export function readState(path) {
  if (!existsSync(path)) return null;
  let data;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path} is not a sandbox state file (${e.message}); move it away or pick another --state`);
  }
  if (data?.format !== FORMAT || data.version !== VERSION || !Array.isArray(data.journal) || !Number.isFinite(data.seedNow)) {
    throw new Error(`${path} is not a sandbox state file of version ${VERSION}; move it away or pick another --state`);
  }
  return data;
}

/** Writes atomically (a temp file, then rename), so a crash never leaves half a file. */
export function writeState(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data) + "\n");
  renameSync(tmp, path);
}
