// The Cloudmore hierarchy the portal works with: public ids and display names only, never a
// password or an API secret. Shared by the demo server's /demo/config (HTTP mode) and the
// in-page sandbox mode. The names are the sandbox's seed (this API has no call that lists
// organizations or services by name).
export function cloudmoreConfig(cm) {
  return {
    sellerId: cm.seller.sellerId,
    resellerId: cm.broker.resellerId,
    organizations: [
      { id: cm.organizationId, name: "Acme Corp" },
      { id: cm.organization2Id, name: "Globex" },
    ],
    services: [
      { id: cm.serviceId, name: "Managed Backup" },
      { id: cm.service2Id, name: "Managed Firewall" },
    ],
  };
}
