// A partner portal page bundled by Vite: imports the package by name (its "browser" export, which
// awaits the wasm at top level), constructs every client the way a page should (tokens from the
// portal's backend, no secrets), and uses the sandbox entry to place an order in the page.
import {
  CloudBlueApsClient,
  CloudBlueSimpleClient,
  OmnissaClient,
  Rql,
  isPartnerOrderingError,
  parseSku,
  version,
  type NewOrder,
} from "partner-ordering";
import { Sandbox, OmnissaClient as SandboxOmnissaClient } from "partner-ordering/sandbox";

const token = async () => ({ accessToken: "from-the-portal-backend", expiresIn: 600 });

const omnissa = new OmnissaClient({ partnerId: "PARTNER-1", tokenProvider: token });
const aps = new CloudBlueApsClient({ baseUrl: "https://cbc.example.test", apsToken: token });
const simple = new CloudBlueSimpleClient({ baseUrl: "https://api.example.test/marketplace/eu", subscriptionKey: "public-key", tokenProvider: token });

const order: NewOrder = {
  commitContractReference: "AMER00000MOBILITY",
  offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 10 }],
  endCustomerInfo: { customerName: "Acme", firstName: "Jane", lastName: "Smith", email: "jane@acme.example", country: "US", zipCode: "94943" },
};

async function run() {
  // A secret in a page is refused unless explicitly allowed.
  let refused = "";
  try {
    new OmnissaClient({ partnerId: "P", appId: "a", appSecret: "s" });
  } catch (e) {
    if (isPartnerOrderingError(e)) refused = e.code;
  }

  // The sandbox build: a whole order round trip inside the page.
  const sandbox = new Sandbox();
  const sbx = new SandboxOmnissaClient({ ...Sandbox.credentials().omnissa, fetch: sandbox.fetch, dangerouslyAllowBrowser: true });
  const { requestId } = await sbx.createOrder(order);
  const done = await sbx.waitForOrder(requestId ?? "", { intervalMs: 1, maxIntervalMs: 5 });

  return {
    version: version(),
    validOrder: omnissa.validateOrder(order).ok,
    invalidCodes: omnissa.validateOrder({ ...order, offers: [{ sku: "WSD-AWOSP-12PT0-C1S", quantity: 0 }] }).issues.map((i) => i.code),
    apsCodes: aps.validateOrder({ type: "SALES", accountId: "nope" }).issues.map((i) => i.code),
    simpleOk: simple.validateOrder({ type: "sales", customerId: "1", products: [{ mpn: "X", quantity: "2" }] }).ok,
    rql: Rql.and([Rql.eq("type", "CLIENT"), Rql.like("companyName", "Acme*")]).toString(),
    edition: parseSku("WSD-AWOSP-12PT0-C1S").edition,
    refused,
    sandboxSid: done.serviceInstanceId,
  };
}

const out = document.getElementById("out");
run().then(
  (result) => { if (out) { out.textContent = JSON.stringify(result, null, 2); out.setAttribute("data-state", "done"); } },
  (e: unknown) => { if (out) { out.textContent = String(e); out.setAttribute("data-state", "error"); } },
);
