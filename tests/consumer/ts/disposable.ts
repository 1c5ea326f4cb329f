// With the esnext.disposable lib (tsconfig.json here), every class is `Disposable`: `using`
// frees it at the end of the scope. (Without that lib the classes simply have no such member:
// tests/consumer/ts-es2022.)
import { CloudBlueApsClient, CloudBlueSimpleClient, CloudmoreClient, OmnissaClient, Rql } from "partner-ordering";
import { Sandbox } from "partner-ordering/sandbox";

export function scoped(): number {
  using omnissa = new OmnissaClient({ partnerId: "P", tokenProvider: async () => "t" });
  using sandbox = new Sandbox();
  const all: Disposable[] = [
    omnissa,
    sandbox,
    Rql.eq("type", "CLIENT"),
    new CloudBlueApsClient({ baseUrl: "https://cbc.example.test", apsToken: async () => "t" }),
    new CloudBlueSimpleClient({ baseUrl: "https://api.example.test", subscriptionKey: "k", tokenProvider: async () => "t" }),
    new CloudmoreClient({ broker: { resellerId: "r", tokenProvider: async () => "t" } }),
  ];
  for (const d of all) d[Symbol.dispose]();
  return all.length;
}
