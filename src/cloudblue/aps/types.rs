//! APS REST data types of the reseller flow (seed 001): accounts, customers, users, payment
//! methods. Order-manager types are in `orders`.

use partner_ordering_json::Deserialize;

use serde::Serialize;

use crate::common::strict::{strict, strict_opt};
use crate::lenient;
use crate::secret::Secret;

/// The `aps` block of a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsMeta {
    /// APS id (UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// APS type URI.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `aps:ready`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Last modification time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

/// A link to another resource: `{aps: {id, href, link}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsLink {
    /// The linked resource.
    #[serde(default)]
    pub aps: ApsMeta,
}

/// A postal address (`addressPostal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PostalAddress {
    /// Country code, lower case in the docs (`us`).
    #[serde(default)]
    pub country_name: String,
    /// City.
    #[serde(default)]
    pub locality: String,
    /// Postal code.
    #[serde(default)]
    pub postal_code: String,
    /// State or region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Street address.
    #[serde(default)]
    pub street_address: String,
}

/// A contact of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsContact {
    /// Email.
    #[serde(default)]
    pub email: String,
    /// Given name.
    #[serde(default)]
    pub given_name: String,
    /// Family name.
    #[serde(default)]
    pub family_name: String,
    /// Phone, e.g. `1(888)1234567` (the platform answers `1#888#1234567#`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tel_voice: Option<String>,
}

/// [`PostalAddress`] as a caller writes it: no other fields (see [`crate::common::strict`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PostalAddressIn {
    #[serde(default)]
    country_name: String,
    #[serde(default)]
    locality: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    street_address: String,
}

impl From<PostalAddressIn> for PostalAddress {
    fn from(a: PostalAddressIn) -> Self {
        PostalAddress {
            country_name: a.country_name,
            locality: a.locality,
            postal_code: a.postal_code,
            region: a.region,
            street_address: a.street_address,
        }
    }
}

/// [`ApsContact`] as a caller writes it: no other fields.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ApsContactIn {
    #[serde(default)]
    email: String,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    tel_voice: Option<String>,
}

impl From<ApsContactIn> for ApsContact {
    fn from(c: ApsContactIn) -> Self {
        ApsContact {
            email: c.email,
            given_name: c.given_name,
            family_name: c.family_name,
            tel_voice: c.tel_voice,
        }
    }
}

/// An account (`PAAccount`, type `http://parallels.com/aps/types/pa/account/1.2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsAccount {
    /// APS metadata; `aps.id` is the id every later call uses.
    #[serde(default)]
    pub aps: ApsMeta,
    /// Numeric account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// `CLIENT`, `RESELLER`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Personal (not a company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<bool>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_postal: Option<PostalAddress>,
    /// Admin contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_contact: Option<ApsContact>,
    /// Billing contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_contact: Option<ApsContact>,
    /// Technical contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tech_contact: Option<ApsContact>,
    /// The parent (reseller) account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ApsLink>,
}

/// A new customer: the `BssAccountInformation` and `PAAccount` pair, created in one POST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewApsCustomer {
    /// APS id of the reseller the customer belongs to (see `findAccountIdByEmail`).
    pub reseller_id: String,
    /// APS id for the new BssAccountInformation resource; generated (a random UUID) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bss_account_id: Option<String>,
    /// Company name.
    pub company_name: String,
    /// A person rather than a company.
    #[serde(default)]
    pub personal: bool,
    /// `COMPANY` (default) or `PERSONAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_status: Option<String>,
    /// Locale, default `en_US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale_id: Option<String>,
    /// Postal address.
    #[serde(deserialize_with = "strict::<_, PostalAddressIn, _>")]
    pub address_postal: PostalAddress,
    /// Admin contact; also used for billing and technical contacts unless given.
    #[serde(deserialize_with = "strict::<_, ApsContactIn, _>")]
    pub admin_contact: ApsContact,
    /// Billing contact.
    #[serde(
        default,
        deserialize_with = "strict_opt::<_, ApsContactIn, _>",
        skip_serializing_if = "Option::is_none"
    )]
    pub billing_contact: Option<ApsContact>,
    /// Technical contact.
    #[serde(
        default,
        deserialize_with = "strict_opt::<_, ApsContactIn, _>",
        skip_serializing_if = "Option::is_none"
    )]
    pub tech_contact: Option<ApsContact>,
}

/// APS type of BssAccountInformation resources.
pub const BSS_ACCOUNT_INFO_TYPE: &str = "http://parallels.com/pa/bss-account-info/1.0";
/// APS type of accounts.
pub const ACCOUNT_TYPE: &str = "http://parallels.com/aps/types/pa/account/1.2";
/// APS type of admin users.
pub const ADMIN_USER_TYPE: &str = "http://parallels.com/aps/types/pa/admin-user/1.2";

impl NewApsCustomer {
    /// The two-resource body of `POST /aps/2/resources/`, exactly as in the reseller guide.
    pub fn wire(&self, bss_id: &str) -> serde_json::Value {
        let admin = &self.admin_contact;
        serde_json::json!([
            {
                "aps": { "type": BSS_ACCOUNT_INFO_TYPE, "id": bss_id },
                "taxStatus": self.tax_status.as_deref().unwrap_or("COMPANY"),
                "localeId": self.locale_id.as_deref().unwrap_or("en_US"),
            },
            {
                "aps": { "type": ACCOUNT_TYPE },
                "type": "CLIENT",
                "personal": self.personal,
                "companyName": self.company_name,
                "bssAccountInfo": { "aps": { "id": bss_id } },
                "parent": { "aps": { "id": self.reseller_id } },
                "addressPostal": self.address_postal,
                "adminContact": admin,
                "billingContact": self.billing_contact.as_ref().unwrap_or(admin),
                "techContact": self.tech_contact.as_ref().unwrap_or(admin),
            }
        ])
    }
}

/// The new customer's two resources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CreatedCustomer {
    /// APS id of the new account: use it in every later call.
    pub account_id: String,
    /// APS id of its BssAccountInformation.
    pub bss_account_id: String,
    /// The account as the platform answered.
    pub account: ApsAccount,
}

/// A new admin user (staff member) of an account (`PAAdminUser`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewStaffMember {
    /// Login.
    pub login: String,
    /// Initial password (never printed; serializes as `<redacted>` except in the request body).
    /// Reset it to let the user choose their own.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub password: Secret,
    /// Email.
    pub email: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Full name; default given + family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tel_voice: Option<String>,
    /// Address.
    #[serde(
        default,
        deserialize_with = "strict_opt::<_, PostalAddressIn, _>",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_postal: Option<PostalAddress>,
    /// Account administrator (default true).
    #[serde(default = "yes")]
    pub is_account_admin: bool,
}

fn yes() -> bool {
    true
}

impl NewStaffMember {
    /// The body of `POST /aps/2/resources/{account}/users`.
    pub fn wire(&self) -> serde_json::Value {
        let mut v = serde_json::json!(self);
        if let Some(obj) = v.as_object_mut() {
            obj.insert("aps".into(), serde_json::json!({ "type": ADMIN_USER_TYPE }));
            obj.insert("password".into(), serde_json::json!(self.password.expose()));
            if self.full_name.is_none() {
                obj.insert(
                    "fullName".into(),
                    serde_json::json!(format!("{} {}", self.given_name, self.family_name)),
                );
            }
        }
        v
    }
}

/// A user (`PAAdminUser`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApsUser {
    /// APS metadata; `aps.id` is the user's id.
    #[serde(default)]
    pub aps: ApsMeta,
    /// Login.
    #[serde(default)]
    pub login: String,
    /// Email.
    #[serde(default)]
    pub email: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Account admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_account_admin: Option<bool>,
    /// Disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Numeric user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u64>,
}

/// A payment method of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PaymentMethod {
    /// Id, as orders take it (`"12"`; the API sends a number).
    #[serde(deserialize_with = "lenient::id_string")]
    pub id: String,
    /// Name, e.g. `Visa ****1111`.
    #[serde(default)]
    pub name: String,
    /// `CREDIT_CARD`, `MANUAL`, `EXTERNAL`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Payment system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_system: Option<String>,
    /// Owner account (APS id), for per-customer methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_account_id: Option<String>,
    /// Masked number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// `ACTIVE`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The account's default method.
    #[serde(default)]
    pub default_method: bool,
}
