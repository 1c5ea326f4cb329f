// Every entry compiles under ES2022 + DOM alone (tsconfig.json here): `tsc --noEmit -p
// tests/consumer/ts-es2022`. wasm-bindgen's `[Symbol.dispose](): void` needed esnext.disposable
// (TS2550 in the package's own .d.ts); the classes now get it only where the lib declares
// `Symbol.dispose` (tests/consumer/ts/disposable.ts).
import * as root from "partner-ordering";
import * as omnissa from "partner-ordering/omnissa";
import * as cloudblue from "partner-ordering/cloudblue";
import * as cloudmore from "partner-ordering/cloudmore";
import * as sandbox from "partner-ordering/sandbox";

const token = async () => "t";
const clients = [
  new root.OmnissaClient({ partnerId: "P", tokenProvider: token }),
  new omnissa.OmnissaClient({ partnerId: "P", tokenProvider: token }),
  new cloudblue.CloudBlueApsClient({ baseUrl: "https://cbc.example.test", apsToken: token }),
  new cloudmore.CloudmoreClient({ broker: { resellerId: "r", tokenProvider: token } }),
  new sandbox.Sandbox(),
];
for (const c of clients) c.free();
export const versions: string[] = [root, omnissa, cloudblue, cloudmore, sandbox].map((e) => e.version());
export const generation: number = sandbox.diagnostics().generation;
