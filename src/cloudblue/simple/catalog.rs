//! Catalog-aware validation of SimpleAPI orders.
//!
//! | code | path | rule |
//! | --- | --- | --- |
//! | `customer_id_required`, `customer_id_invalid` | `customerId` | present, a plain id |
//! | `products_empty` | `products` | a sales or change order has products |
//! | `subscription_id_required` | `subscriptionId` | renewals and cancellations name a subscription |
//! | `mpn_required` | `products[i].mpn` | |
//! | `quantity_invalid`, `quantity_not_positive` | `products[i].quantity` | a positive decimal |
//! | `product_not_found` | `products[i].mpn` | the MPN (with the given vendor and periods) is in the catalog |
//! | `product_ambiguous` | `products[i]` | a non-unique MPN needs `vendor`, then `subscriptionPeriod`, then `billingPeriod` |
//! | `quantity_below_minimum`, `quantity_above_maximum` | `products[i].quantity` | within `[minimumQuantity, maximumQuantity]`, compared exactly |
//! | `dependency_missing` | `products[i].mpn` | an add-on's base is in the order or already subscribed |
//! | `order_type_unknown` (warning) | `type` | a type this SDK does not know |
//!
//! A product's `dependsOn` lists alternatives: any one of them satisfies it [I: the docs show a
//! single licence per add-on].

use super::inputs::{NewSimpleOrder, OrderLineInput};
use super::types::{Period, Product, SimpleOrderType};
use crate::decimal::Decimal;
use crate::validate::{path_id, Issues};

/// The products an order is checked against.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    products: Vec<Product>,
}

/// How an order line maps onto the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// Exactly one product.
    Unique(&'a Product),
    /// No product with this MPN (and the given vendor and periods).
    NotFound,
    /// Several products remain; the fields still needed, in order of importance.
    Ambiguous {
        /// How many products match.
        candidates: usize,
        /// `vendor`, `subscriptionPeriod`, `billingPeriod`: those that would tell them apart.
        missing: Vec<&'static str>,
    },
}

fn same_period(a: &Option<Period>, b: &Period) -> bool {
    a.as_ref()
        .is_some_and(|p| p.kind == b.kind && p.duration == b.duration)
}

impl Catalog {
    /// A catalog of these products.
    pub fn new(products: Vec<Product>) -> Self {
        Catalog { products }
    }

    /// The products.
    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// Identifies the product of an order line: by MPN, then vendor, then subscription period,
    /// then billing period, the order of importance the products guide gives.
    pub fn resolve(&self, line: &OrderLineInput) -> Resolution<'_> {
        let mut candidates: Vec<&Product> =
            self.products.iter().filter(|p| p.mpn == line.mpn).collect();
        let mut missing = Vec::new();
        type Key = (
            &'static str,
            fn(&Product, &OrderLineInput) -> Option<bool>,
            fn(&Product, &Product) -> bool,
        );
        let keys: [Key; 3] = [
            (
                "vendor",
                |p, l| l.vendor.as_ref().map(|v| p.vendor.as_ref() == Some(v)),
                |a, b| a.vendor == b.vendor,
            ),
            (
                "subscriptionPeriod",
                |p, l| {
                    l.subscription_period
                        .as_ref()
                        .map(|s| same_period(&p.subscription_period, s))
                },
                |a, b| a.subscription_period == b.subscription_period,
            ),
            (
                "billingPeriod",
                |p, l| {
                    l.billing_period
                        .as_ref()
                        .map(|s| same_period(&p.billing_period, s))
                },
                |a, b| a.billing_period == b.billing_period,
            ),
        ];
        for (name, matches, same) in keys {
            if candidates.len() <= 1 {
                break;
            }
            let given = candidates.first().and_then(|p| matches(p, line)).is_some();
            if given {
                candidates.retain(|p| matches(p, line) == Some(true));
            } else if let Some(first) = candidates.first() {
                // Only a field whose values differ among the candidates helps to tell them apart.
                if candidates.iter().any(|p| !same(p, first)) {
                    missing.push(name);
                }
            }
        }
        match candidates.as_slice() {
            [] => Resolution::NotFound,
            [one] => Resolution::Unique(one),
            many => Resolution::Ambiguous {
                candidates: many.len(),
                missing,
            },
        }
    }
}

fn line_rules(issues: &mut Issues, i: usize, line: &OrderLineInput) -> Option<Decimal> {
    issues.require(&format!("products[{i}].mpn"), &line.mpn, "mpn_required");
    let path = format!("products[{i}].quantity");
    match line.quantity_decimal() {
        None => {
            issues.error(
                &path,
                "quantity_invalid",
                format!("quantity {} is not a decimal number", line.quantity),
            );
            None
        }
        Some(q) if !q.is_positive() => {
            issues.error(
                &path,
                "quantity_not_positive",
                "quantity must be greater than zero",
            );
            None
        }
        Some(q) => Some(q),
    }
}

fn bounds(issues: &mut Issues, i: usize, product: &Product, q: Decimal) {
    let path = format!("products[{i}].quantity");
    let bound = |s: &Option<String>| s.as_deref().and_then(Decimal::parse);
    if let Some(min) = bound(&product.minimum_quantity) {
        if q < min {
            issues.error(
                &path,
                "quantity_below_minimum",
                format!("{} needs at least {min} (got {q})", product.mpn),
            );
        }
    }
    if let Some(max) = bound(&product.maximum_quantity) {
        if q > max {
            issues.error(
                &path,
                "quantity_above_maximum",
                format!("{} allows at most {max} (got {q})", product.mpn),
            );
        }
    }
}

/// Checks an order; with a catalog, also identification, quantity bounds and dependencies.
/// `subscribed` holds the MPNs (or product ids) the customer already has.
pub fn validate_order(
    order: &NewSimpleOrder,
    catalog: Option<&Catalog>,
    subscribed: &[String],
) -> Issues {
    let mut issues = Issues::new();
    path_id(&mut issues, "customerId", &order.customer_id, "customer_id");
    match &order.kind {
        SimpleOrderType::Sales | SimpleOrderType::Change if order.products.is_empty() => {
            issues.error(
                "products",
                "products_empty",
                "at least one product is required",
            );
        }
        SimpleOrderType::Renewal | SimpleOrderType::Cancellation
            if order.subscription_id.is_none() =>
        {
            issues.error(
                "subscriptionId",
                "subscription_id_required",
                "renewals and cancellations need subscriptionId",
            );
        }
        SimpleOrderType::Unknown(t) => {
            issues.warn(
                "type",
                "order_type_unknown",
                format!("order type {t:?} is not one this SDK knows"),
            );
        }
        _ => {}
    }
    let quantities: Vec<Option<Decimal>> = order
        .products
        .iter()
        .enumerate()
        .map(|(i, l)| line_rules(&mut issues, i, l))
        .collect();
    let Some(catalog) = catalog else {
        return issues;
    };
    let in_order: Vec<&str> = order.products.iter().map(|l| l.mpn.as_str()).collect();
    for (i, line) in order.products.iter().enumerate() {
        if line.mpn.trim().is_empty() {
            continue;
        }
        match catalog.resolve(line) {
            Resolution::NotFound => issues.error(
                format!("products[{i}].mpn"),
                "product_not_found",
                format!(
                    "no catalog product has MPN {}{}",
                    line.mpn,
                    if line.vendor.is_some() {
                        " with that vendor and periods"
                    } else {
                        ""
                    }
                ),
            ),
            Resolution::Ambiguous {
                candidates,
                missing,
            } => issues.error(
                format!("products[{i}]"),
                "product_ambiguous",
                if missing.is_empty() {
                    format!("MPN {} matches {candidates} identical products", line.mpn)
                } else {
                    format!(
                        "MPN {} matches {candidates} products: add {}",
                        line.mpn,
                        missing.join(", then ")
                    )
                },
            ),
            Resolution::Unique(product) => {
                if let Some(Some(q)) = quantities.get(i) {
                    bounds(&mut issues, i, product, *q);
                }
                let satisfied = product.depends_on.is_empty()
                    || product.depends_on.iter().any(|d| {
                        in_order.contains(&d.mpn.as_str())
                            || subscribed
                                .iter()
                                .any(|s| *s == d.mpn || d.id.as_deref() == Some(s.as_str()))
                    });
                if !satisfied {
                    let needed: Vec<&str> =
                        product.depends_on.iter().map(|d| d.mpn.as_str()).collect();
                    issues.error(
                        format!("products[{i}].mpn"),
                        "dependency_missing",
                        format!(
                            "{} is an add-on: a subscription cannot contain add-on products without the license. Add {} to the order or subscribe to it first",
                            line.mpn,
                            needed.join(" or ")
                        ),
                    );
                }
            }
        }
    }
    issues
}
