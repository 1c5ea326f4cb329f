// The demo uses only the public package, loaded from /pkg through the import map.
import { OmnissaClient, isPartnerOrderingError, version } from "partner-ordering";

const $ = (id) => document.getElementById(id);
const config = await (await fetch("/demo/config")).json();

const omnissa = new OmnissaClient({
  partnerId: config.omnissa.partnerId,
  baseUrl: location.origin,
  // The portal's backend holds the secret and mints tokens; nothing secret is in this page.
  tokenProvider: async () => (await fetch("/demo/omnissa-token", { method: "POST" })).json(),
});

function showError(e) {
  const box = $("error");
  if (!e) { box.hidden = true; box.textContent = ""; return; }
  const parts = isPartnerOrderingError(e)
    ? [`${e.code}${e.status ? ` (HTTP ${e.status})` : ""}`, e.message,
       e.apiCode && `API code: ${e.apiCode}`, e.traceId && `trace id: ${e.traceId}`,
       ...e.issues.map((i) => `${i.path}: ${i.message} [${i.code}]`)]
    : [String(e)];
  box.replaceChildren(...parts.filter(Boolean).map((t) => Object.assign(document.createElement("div"), { textContent: t })));
  box.hidden = false;
}

const day = (iso) => (iso ? iso.slice(0, 10) : "?");

function row(sub) {
  const tr = document.createElement("tr");
  tr.dataset.sid = sub.serviceInstanceId;
  const cells = [
    sub.serviceInstanceId, sub.customerName, sub.commitContractReference,
    `${day(sub.startsAt)} → ${day(sub.endsAt)}`,
    sub.offers.map((o) => `${o.quantity} × ${o.sku}`).join("\n"),
  ];
  for (const text of cells) tr.append(Object.assign(document.createElement("td"), { textContent: text }));
  return tr;
}

async function reload() {
  $("status").textContent = "Loading…";
  showError(null);
  try {
    const subs = await omnissa.listSubscriptions({ timeoutMs: 15000 });
    $("subscriptions").tBodies[0].replaceChildren(...subs.map(row));
    $("status").textContent = `${subs.length} subscriptions`;
  } catch (e) {
    $("status").textContent = "Failed";
    showError(e);
  }
}

$("reload").addEventListener("click", reload);
$("lookup").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  showError(null);
  $("detail").hidden = true;
  try {
    const sub = await omnissa.getSubscription($("sid").value.trim());
    $("detail").textContent = JSON.stringify(sub, null, 2);
    $("detail").hidden = false;
  } catch (e) {
    showError(e);
  }
});
$("version").textContent = `partner-ordering ${version()}`;
document.body.dataset.ready = "true";
await reload();
