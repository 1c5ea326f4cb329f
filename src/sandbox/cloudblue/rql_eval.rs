//! A small RQL evaluator for the sandbox: enough of APS RQL to filter and project collections
//! the way the reseller flow uses them (`eq`, `ne`, `lt`/`gt`/`le`/`ge`, `in`, `out`, `like`,
//! `and`, `or`, `not`, `select`, `limit`; `sort`, `implementing` and others are accepted and
//! ignored). Unknown syntax never panics: it fails the parse, and the sandbox answers 400.

use serde_json::Value;

use crate::http::{decode_component, HttpResponse};
use crate::time::parse_datetime;

/// A parsed RQL node: a call with arguments, or a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `name(args…)`.
    Call(String, Vec<Node>),
    /// A decoded literal.
    Lit(String),
}

fn parse_args(s: &[u8], i: &mut usize, depth: usize) -> Option<Vec<Node>> {
    let mut args = Vec::new();
    loop {
        args.push(parse_node(s, i, depth)?);
        match s.get(*i) {
            Some(b',') => *i += 1,
            _ => return Some(args),
        }
    }
}

fn parse_node(s: &[u8], i: &mut usize, depth: usize) -> Option<Node> {
    if depth > 32 {
        return None;
    }
    let start = *i;
    while let Some(&b) = s.get(*i) {
        if matches!(b, b'(' | b')' | b',') {
            break;
        }
        *i += 1;
    }
    let token = std::str::from_utf8(s.get(start..*i)?).ok()?;
    if s.get(*i) == Some(&b'(') {
        *i += 1;
        let args = if s.get(*i) == Some(&b')') {
            Vec::new()
        } else {
            parse_args(s, i, depth + 1)?
        };
        if s.get(*i) != Some(&b')') {
            return None;
        }
        *i += 1;
        Some(Node::Call(token.to_string(), args))
    } else {
        Some(Node::Lit(decode_component(token)))
    }
}

/// Parses a whole query: top-level comma-separated terms (an implicit `and`).
pub fn parse(query: &str) -> Option<Vec<Node>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    let s = query.as_bytes();
    let mut i = 0;
    let nodes = parse_args(s, &mut i, 0)?;
    (i == s.len()).then_some(nodes)
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, key| cur.get(key))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn like(pattern: &str, value: &str) -> bool {
    fn go(p: &[char], v: &[char]) -> bool {
        match (p.first(), v.first()) {
            (None, None) => true,
            (Some('*'), _) => {
                go(p.get(1..).unwrap_or(&[]), v)
                    || (!v.is_empty() && go(p, v.get(1..).unwrap_or(&[])))
            }
            (Some('?'), Some(_)) => go(p.get(1..).unwrap_or(&[]), v.get(1..).unwrap_or(&[])),
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => {
                go(p.get(1..).unwrap_or(&[]), v.get(1..).unwrap_or(&[]))
            }
            _ => false,
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    go(&p, &v)
}

fn lit(n: Option<&Node>) -> Option<&str> {
    match n {
        Some(Node::Lit(s)) => Some(s),
        _ => None,
    }
}

/// True when `item` matches the filter node (projection and paging nodes match everything).
pub fn matches(item: &Value, node: &Node) -> bool {
    let Node::Call(name, args) = node else {
        return true;
    };
    let field = || lit(args.first()).and_then(|p| lookup(item, p)).map(text);
    let cmp = |f: fn(std::cmp::Ordering) -> bool| {
        let (Some(a), Some(b)) = (field(), lit(args.get(1))) else {
            return false;
        };
        // Numbers as numbers, dates as instants (`2026-12-01` against `2026-12-01T00:00:00Z`),
        // anything else as text.
        match (
            partner_ordering_json::parse_f64(&a),
            partner_ordering_json::parse_f64(b),
        ) {
            (Some(x), Some(y)) => x.partial_cmp(&y).is_some_and(f),
            _ => match (parse_datetime(&a), parse_datetime(b)) {
                (Some(x), Some(y)) => f(x.cmp(&y)),
                _ => f(a.as_str().cmp(b)),
            },
        }
    };
    let list = || -> Vec<String> {
        args.iter()
            .skip(1)
            .flat_map(|a| match a {
                Node::Lit(s) => vec![s.clone()],
                Node::Call(n, inner) if n.is_empty() => inner
                    .iter()
                    .filter_map(|x| lit(Some(x)).map(str::to_string))
                    .collect(),
                _ => vec![],
            })
            .collect()
    };
    match name.as_str() {
        "eq" => field().is_some_and(|a| Some(a.as_str()) == lit(args.get(1))),
        "ne" => field().is_none_or(|a| Some(a.as_str()) != lit(args.get(1))),
        "lt" => cmp(|o| o.is_lt()),
        "gt" => cmp(|o| o.is_gt()),
        "le" => cmp(|o| o.is_le()),
        "ge" => cmp(|o| o.is_ge()),
        "in" => field().is_some_and(|a| list().contains(&a)),
        "out" => field().is_none_or(|a| !list().contains(&a)),
        "like" => field().is_some_and(|a| lit(args.get(1)).is_some_and(|p| like(p, &a))),
        "and" => args.iter().all(|a| matches(item, a)),
        "or" => args.iter().any(|a| matches(item, a)),
        "not" => !args.first().is_some_and(|a| matches(item, a)),
        _ => true,
    }
}

/// `select(a.b,c)` keeps only those paths (plus `aps`, which APS always returns).
pub fn project(item: &Value, nodes: &[Node]) -> Value {
    let Some(paths) = nodes.iter().find_map(|n| match n {
        Node::Call(name, args) if name == "select" => Some(args),
        _ => None,
    }) else {
        return item.clone();
    };
    let mut out = serde_json::Map::new();
    for p in paths
        .iter()
        .filter_map(|a| lit(Some(a)))
        .chain(std::iter::once("aps.id"))
    {
        if let Some(v) = lookup(item, p) {
            let mut cur = &mut out;
            let keys: Vec<&str> = p.split('.').collect();
            for (i, k) in keys.iter().enumerate() {
                if i + 1 == keys.len() {
                    cur.insert((*k).to_string(), v.clone());
                } else {
                    let next = cur
                        .entry((*k).to_string())
                        .or_insert_with(|| Value::Object(serde_json::Map::new()));
                    match next.as_object_mut() {
                        Some(m) => cur = m,
                        None => break,
                    }
                }
            }
        }
    }
    Value::Object(out)
}

/// The page of `all` that the query's `limit(start,count)` asks for (APS's default count is
/// 1000), answered as APS does: `206` when it is not the whole list, and
/// `Content-Range: items <first>-<last>/<total>`.
pub fn page(all: Vec<Value>, nodes: &[Node]) -> HttpResponse {
    let total = all.len();
    let (start, count) = limit(nodes).unwrap_or((0, None));
    let page: Vec<Value> = all
        .into_iter()
        .skip(start)
        .take(count.unwrap_or(1000))
        .collect();
    let (n, status) = (page.len(), if page.len() < total { 206 } else { 200 });
    let mut resp = HttpResponse::json(status, &Value::Array(page));
    let last = (start + n).saturating_sub(1);
    resp.headers
        .set("Content-Range", format!("items {start}-{last}/{total}"));
    resp
}

/// `limit(start,count)`, if present.
pub fn limit(nodes: &[Node]) -> Option<(usize, Option<usize>)> {
    nodes.iter().find_map(|n| match n {
        Node::Call(name, args) if name == "limit" => {
            let start = lit(args.first())?.parse().ok()?;
            Some((start, lit(args.get(1)).and_then(|c| c.parse().ok())))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_projects_the_guides_query() {
        let q = parse("eq(techContact.email,mw%40aps.test),select(aps.id)").expect("parses");
        let hit = serde_json::json!({"aps": {"id": "r1", "type": "t"}, "techContact": {"email": "mw@aps.test"}, "companyName": "X"});
        let miss =
            serde_json::json!({"aps": {"id": "r2"}, "techContact": {"email": "other@aps.test"}});
        assert!(q.iter().all(|n| matches(&hit, n)));
        assert!(!q.iter().all(|n| matches(&miss, n)));
        assert_eq!(project(&hit, &q), serde_json::json!({"aps": {"id": "r1"}}));
    }

    #[test]
    fn an_injected_value_stays_a_value() {
        let q = parse(&crate::cloudblue::aps::rql::eq("companyName", "x),or(eq(a,b)").to_string())
            .expect("parses");
        let item = serde_json::json!({"companyName": "x),or(eq(a,b)"});
        assert_eq!(q.len(), 1);
        assert!(matches(&item, &q[0]));
    }

    #[test]
    fn dates_compare_as_instants() {
        let item = serde_json::json!({"expirationDate": "2026-12-01"});
        for (q, want) in [
            ("ge(expirationDate,2026-12-01T00:00:00Z)", true),
            ("lt(expirationDate,2026-12-01T00:00:01Z)", true),
            ("gt(expirationDate,2026-11-30T23:59:59%2B00:00)", true),
            ("lt(expirationDate,2026-12-01)", false),
        ] {
            let nodes = parse(q).expect("parses");
            assert_eq!(matches(&item, &nodes[0]), want, "{q}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "(",
            ")",
            "eq(",
            "eq(a,b",
            "a)b",
            "eq(a,b))",
            "((((((((((((((((((((((((((((((((((((x",
        ] {
            let _ = parse(s);
        }
        assert_eq!(
            limit(&parse("limit(10,5)").expect("parses")),
            Some((10, Some(5)))
        );
        assert!(like("Off*", "Office") && like("?ffice", "office") && !like("Off*x", "Office"));
    }
}
