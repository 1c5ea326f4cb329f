// The CloudBlue view: the SimpleAPI catalog browser, APS customer creation and the APS order
// builder (estimate and reseller cost side by side).
import { $, action, setStatus } from "./ui.js";
import { setupCatalog } from "./catalog.js";
import { setupCustomer } from "./aps-customer.js";
import { setupOrder } from "./aps-order.js";

export function initCloudBlue(ctx) {
  const box = $("cb-error");
  const status = $("cb-status");
  const shared = { resellerId: undefined };
  const act = (fn) => action(box, fn, { status });

  const catalog = setupCatalog(ctx, { status });
  catalog.wire(act);
  const order = setupOrder(ctx, { box });
  const customer = setupCustomer(ctx, {
    box, shared,
    onCreated: (c) => order.addAccount(c.accountId, c.account.companyName, true),
  });

  return {
    load: act(async () => {
      await catalog.load(0);
      setStatus(status, "Finding the reseller's account…");
      const resellerId = await ctx.aps.findAccountIdByEmail(ctx.apsConfig.resellerEmail);
      if (!resellerId) throw new Error(`No reseller account has the technical contact ${ctx.apsConfig.resellerEmail}`);
      shared.resellerId = resellerId;
      customer.revalidate();
      await order.loadAccounts(resellerId);
      setStatus(status, "Catalog and customers loaded.");
    }),
  };
}
