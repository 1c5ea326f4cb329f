// Customer creation over APS, as the reseller guide does it: the BssAccountInformation and
// PAAccount pair under the reseller, then an admin user (staff member), then the invitation.
import { $, action, bindValidation, progressList, val, withIssues } from "./ui.js";

const uniqueLogin = () => `ann.${Date.now().toString(36)}@aps.test`;

export function setupCustomer(ctx, { box, shared, onCreated }) {
  const aps = ctx.aps;
  const form = $("cb-customer");
  const progress = progressList($("cb-customer-progress"));
  $("cb-u-login").value = uniqueLogin();

  const build = () => ({
    customer: {
      resellerId: shared.resellerId ?? "",
      companyName: val("cb-c-company"),
      addressPostal: {
        streetAddress: val("cb-c-street"), locality: val("cb-c-city"), region: val("cb-c-region"),
        postalCode: val("cb-c-zip"), countryName: val("cb-c-country"),
      },
      adminContact: {
        givenName: val("cb-c-given"), familyName: val("cb-c-family"), email: val("cb-c-email"), telVoice: val("cb-c-phone"),
      },
    },
    user: {
      login: val("cb-u-login"), password: $("cb-u-password").value, email: val("cb-u-email"),
      givenName: val("cb-u-given"), familyName: val("cb-u-family"),
    },
  });
  const asUser = (issues) => issues.map((i) => ({ ...i, path: `user.${i.path}` }));

  // Both checks are the library's. The staff member's account does not exist until the
  // customer is created, so its `accountId` issue is not the user's to fix here.
  const validate = ({ customer, user }) => {
    const issues = [...aps.validateCustomer(customer).issues,
      ...asUser(aps.validateStaffMember("", user).issues.filter((i) => i.path !== "accountId"))];
    return { ok: issues.every((i) => i.severity === "warning"), issues };
  };
  const binding = bindValidation(form, { build, validate });

  const submit = action(box, async () => {
    binding.check(true);
    const { customer, user } = build();
    progress.reset();
    let step = "customer";
    const steps = async () => {
      const created = await aps.createCustomer(customer);
      progress.add(`Customer created: ${created.account.companyName ?? customer.companyName} `
        + `(account #${created.account.id ?? "?"}, APS id ${created.accountId})`, "ok");
      onCreated(created);
      step = "user";
      const staff = await aps.createStaffMember(created.accountId, user);
      progress.add(`Admin user ${staff.login ?? user.login} created (user id ${staff.aps?.id ?? "?"})`, "ok");
      if ($("cb-u-invite").checked && staff.aps?.id) {
        await aps.invite(staff.aps.id);
        progress.add(`Invitation sent to ${staff.email ?? user.email}`, "ok");
      }
      $("cb-u-login").value = uniqueLogin();
    };
    try {
      await withIssues(binding, steps, (issues) => (step === "user" ? asUser(issues) : issues));
    } catch (e) {
      progress.add(`Failed while creating the ${step === "user" ? "admin user" : "customer"}`, "bad");
      throw e;
    }
  }, { form });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });

  return { revalidate: () => binding.check(false) };
}
