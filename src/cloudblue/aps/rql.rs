//! A typed builder for APS RQL queries (CloudBlue Commerce APS REST API), rendered as the
//! string that follows `?` in a URL, e.g.
//! `/aps/2/collections/accounts?eq(techContact.email,mw@aps.test),select(aps.id)`.
//!
//! Every argument the caller supplies (values, property names, type URIs, APS ids) is
//! percent-encoded exactly once, at render time (see [`rql_arg_keeps`]), so no argument can
//! close a parenthesis or add a comma: injection is impossible by construction.

use std::fmt;

/// Whether a byte of an RQL argument is left as it is; the rest is escaped, and non-ASCII is
/// always escaped as UTF-8.
///
/// - APS's reserved set: space `!` `#` `%` `&` `'` `(` `)` `,` `=` `;` `[` `]` (the APS table
///   lists `=` as 2D; it is `%3D`). `%` itself, so `%2A` as a value is `%252A`, never re-read.
/// - `*` and `?`: wildcards in `like()`, so escaped wherever they are meant literally.
/// - `+`: form decoders (and RFC 5849 signing) read a raw `+` as a space.
/// - Controls, DEL and `"` `<` `>` `\` `^` `` ` `` `{` `|` `}`: never valid raw in a URL query.
///
/// Left readable: ALPHA DIGIT `-` `.` `_` `~` `:` `/` `@` `$`, all legal in a query and
/// meaningless to RQL, so type URIs (`http://x/y/1.0`), dotted paths and emails stay legible.
pub fn rql_arg_keeps(b: u8) -> bool {
    !(b.is_ascii_control() || b" !\"#%&'()*+,;<=>?[\\]^`{|}".contains(&b))
}

/// A comparison value.
///
/// Strings are sent encoded but untyped, as RQL has no quoting: the server may read
/// `Str("42")`, `Str("true")` or `Str("null")` as the number, boolean or null.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text, percent-encoded with [`rql_arg_keeps`].
    Str(String),
    /// An integer, rendered in decimal.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}

// i32 and u32 too: integer literals default to i32, so `eq("n", 5)` needs them.
macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Value::Int(n.into())
            }
        }
    )*};
}
int_value!(i64, i32, u32);

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl fmt::Display for Value {
    /// The encoded form, as it appears inside a query.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "{}", enc(s)),
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Null => f.write_str("null"),
        }
    }
}

/// Sort direction for [`sort`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `+prop`.
    Asc,
    /// `-prop`.
    Desc,
}

/// One RQL query term; its `Display` is the encoded RQL string.
#[derive(Clone, Debug, PartialEq)]
pub struct Query(Node);

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Cmp(&'static str, String, Value),
    Set(&'static str, String, Vec<Value>),
    Like(String, String),
    Logic(&'static str, Vec<Query>),
    Not(Box<Query>),
    Ref(&'static str, String),
    Select(Vec<String>),
    Sort(Vec<(String, Order)>),
    Limit(u64, Option<u64>),
}

fn enc(s: &str) -> String {
    crate::common::percent::encode(s.as_bytes(), rql_arg_keeps)
}

// One generator per family keeps the six comparisons and two set operators uniform.
macro_rules! comparisons {
    ($($name:ident: $doc:literal),* $(,)?) => {$(
        #[doc = $doc]
        pub fn $name(prop: &str, v: impl Into<Value>) -> Query {
            Query(Node::Cmp(stringify!($name), prop.to_owned(), v.into()))
        }
    )*};
}
comparisons! {
    eq: "`eq(prop,value)`: `prop` equals `value`.",
    ne: "`ne(prop,value)`: `prop` differs from `value`.",
    lt: "`lt(prop,value)`: `prop` is less than `value`.",
    gt: "`gt(prop,value)`: `prop` is greater than `value`.",
    le: "`le(prop,value)`: `prop` is at most `value`.",
    ge: "`ge(prop,value)`: `prop` is at least `value`.",
}

macro_rules! set_ops {
    ($($name:ident => $op:literal: $doc:literal),* $(,)?) => {$(
        #[doc = $doc]
        pub fn $name<V: Into<Value>>(prop: &str, values: impl IntoIterator<Item = V>) -> Query {
            Query(Node::Set($op, prop.to_owned(), values.into_iter().map(Into::into).collect()))
        }
    )*};
}
set_ops! {
    in_ => "in": "`in(prop,(a,b,...))`: `prop` is one of `values` (`in` is a Rust keyword).",
    out => "out": "`out(prop,(a,b,...))`: `prop` is none of `values`.",
}

/// `like(prop,pattern)`: in `pattern`, `*` matches any run and `?` one character; they are
/// kept raw. A backslash makes the next character literal (`\*` renders `%2A`, `\\` `%5C`);
/// everything else is encoded with [`rql_arg_keeps`].
pub fn like(prop: &str, pattern: &str) -> Query {
    Query(Node::Like(prop.to_owned(), pattern.to_owned()))
}

/// `and(q1,q2,...)`. Rendered as given: an empty list gives `and()`, which APS rejects.
pub fn and(qs: impl IntoIterator<Item = Query>) -> Query {
    Query(Node::Logic("and", qs.into_iter().collect()))
}

/// `or(q1,q2,...)`. Rendered as given: an empty list gives `or()`, which APS rejects.
pub fn or(qs: impl IntoIterator<Item = Query>) -> Query {
    Query(Node::Logic("or", qs.into_iter().collect()))
}

/// `not(q)`.
pub fn not(q: Query) -> Query {
    Query(Node::Not(Box::new(q)))
}

/// `implementing(typeURI)`: resources of that APS type or a type derived from it.
pub fn implementing(type_uri: &str) -> Query {
    Query(Node::Ref("implementing", type_uri.to_owned()))
}

/// `composing(typeURI)`: the types the given type implements, itself included.
pub fn composing(type_uri: &str) -> Query {
    Query(Node::Ref("composing", type_uri.to_owned()))
}

/// `linkedWith(apsId)`: resources linked with the resource of that APS id.
pub fn linked_with(aps_id: &str) -> Query {
    Query(Node::Ref("linkedWith", aps_id.to_owned()))
}

/// `select(p,q,...)`: the properties (or linked collections) to return.
pub fn select(props: &[&str]) -> Query {
    Query(Node::Select(
        props.iter().map(|p| (*p).to_owned()).collect(),
    ))
}

/// `sort(+p,-q,...)`. The ascending `+` is raw, as APS documents it, not `%2B`.
pub fn sort(keys: &[(&str, Order)]) -> Query {
    Query(Node::Sort(
        keys.iter().map(|(p, o)| ((*p).to_owned(), *o)).collect(),
    ))
}

/// `limit(start,count)`, or `limit(start)` for APS's default count of 1000.
pub fn limit(start: u64, count: Option<u64>) -> Query {
    Query(Node::Limit(start, count))
}

/// Top-level comma-joined terms (an implicit AND), e.g. filters then `select` and `limit`.
pub fn join(parts: impl IntoIterator<Item = Query>) -> String {
    parts
        .into_iter()
        .map(|q| q.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes `items` separated by commas.
fn commas<T>(
    f: &mut fmt::Formatter<'_>,
    items: &[T],
    mut each: impl FnMut(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        each(f, item)?;
    }
    Ok(())
}

fn write_pattern(f: &mut fmt::Formatter<'_>, pattern: &str) -> fmt::Result {
    let mut escaped = false;
    let mut buf = [0u8; 4];
    for c in pattern.chars() {
        let literal = c.encode_utf8(&mut buf);
        match c {
            _ if escaped => {
                escaped = false;
                write!(f, "{}", enc(literal))?;
            }
            '\\' => escaped = true,
            '*' | '?' => f.write_str(literal)?,
            _ => write!(f, "{}", enc(literal))?,
        }
    }
    if escaped {
        // A trailing lone backslash is itself literal.
        f.write_str("%5C")?;
    }
    Ok(())
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Node::Cmp(op, prop, v) => write!(f, "{op}({},{v})", enc(prop)),
            Node::Set(op, prop, values) => {
                write!(f, "{op}({},(", enc(prop))?;
                commas(f, values, |f, v| write!(f, "{v}"))?;
                f.write_str("))")
            }
            Node::Like(prop, pattern) => {
                write!(f, "like({},", enc(prop))?;
                write_pattern(f, pattern)?;
                f.write_str(")")
            }
            Node::Logic(op, qs) => {
                write!(f, "{op}(")?;
                commas(f, qs, |f, q| write!(f, "{q}"))?;
                f.write_str(")")
            }
            Node::Not(q) => write!(f, "not({q})"),
            Node::Ref(op, arg) => write!(f, "{op}({})", enc(arg)),
            Node::Select(props) => {
                f.write_str("select(")?;
                commas(f, props, |f, p| write!(f, "{}", enc(p)))?;
                f.write_str(")")
            }
            Node::Sort(keys) => {
                f.write_str("sort(")?;
                commas(f, keys, |f, (p, o)| {
                    let sign = if *o == Order::Asc { '+' } else { '-' };
                    write!(f, "{sign}{}", enc(p))
                })?;
                f.write_str(")")
            }
            Node::Limit(start, Some(count)) => write!(f, "limit({start},{count})"),
            Node::Limit(start, None) => write!(f, "limit({start})"),
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    /// The shape of rendered RQL, for structural checks.
    #[derive(Debug, PartialEq)]
    enum Tok {
        Call(String, Vec<Tok>),
        List(Vec<Tok>),
        Atom(String),
    }

    /// A minimal RQL reader: `name(args)`, `(list)` and atoms, comma-separated.
    fn parse(s: &str) -> Result<Vec<Tok>, String> {
        let chars: Vec<char> = s.chars().collect();
        let mut pos = 0;
        let items = parse_items(&chars, &mut pos)?;
        if pos != chars.len() {
            return Err(format!("unbalanced ')' at {pos} in {s}"));
        }
        Ok(items)
    }

    fn parse_items(c: &[char], pos: &mut usize) -> Result<Vec<Tok>, String> {
        let mut items = vec![parse_item(c, pos)?];
        while c.get(*pos) == Some(&',') {
            *pos += 1;
            items.push(parse_item(c, pos)?);
        }
        Ok(items)
    }

    fn parse_item(c: &[char], pos: &mut usize) -> Result<Tok, String> {
        let start = *pos;
        while c.get(*pos).is_some_and(|ch| !"(),".contains(*ch)) {
            *pos += 1;
        }
        let name: String = c[start..*pos].iter().collect();
        if c.get(*pos) != Some(&'(') {
            return Ok(Tok::Atom(name));
        }
        *pos += 1;
        let args = parse_items(c, pos)?;
        if c.get(*pos) != Some(&')') {
            return Err(format!("missing ')' at {pos}"));
        }
        *pos += 1;
        Ok(if name.is_empty() {
            Tok::List(args)
        } else {
            Tok::Call(name, args)
        })
    }

    fn decode(s: &str) -> String {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .unwrap()
            .into_owned()
    }

    /// Parses `rendered` as exactly one call; returns its name and arguments.
    fn one_call(rendered: &str) -> (String, Vec<Tok>) {
        let mut tree = parse(rendered).unwrap_or_else(|e| panic!("{e}: {rendered}"));
        match (tree.len(), tree.pop()) {
            (1, Some(Tok::Call(name, args))) => (name, args),
            _ => panic!("not one call: {rendered}"),
        }
    }

    /// The decoded atoms; panics on a nested call or list.
    fn atoms(args: &[Tok]) -> Vec<String> {
        let atom = |t: &Tok| match t {
            Tok::Atom(a) => decode(a),
            other => panic!("not an atom: {other:?}"),
        };
        args.iter().map(atom).collect()
    }

    #[test]
    fn encoding_corpus() {
        let rows: Vec<(Query, &str)> = vec![
            (eq("name", "John Smith"), "eq(name,John%20Smith)"),
            (eq("a", "!"), "eq(a,%21)"),
            (eq("a", "#"), "eq(a,%23)"),
            (eq("a", "%"), "eq(a,%25)"),
            (eq("a", "&"), "eq(a,%26)"),
            (eq("a", "'"), "eq(a,%27)"),
            (eq("a", "("), "eq(a,%28)"),
            (eq("a", ")"), "eq(a,%29)"),
            (eq("a", ","), "eq(a,%2C)"),
            (eq("a", "="), "eq(a,%3D)"),
            (eq("a", ";"), "eq(a,%3B)"),
            (eq("a", "["), "eq(a,%5B)"),
            (eq("a", "]"), "eq(a,%5D)"),
            (eq("a", "%2A"), "eq(a,%252A)"),
            (eq("a", "%20done"), "eq(a,%2520done)"),
            (eq("city", "Zürich"), "eq(city,Z%C3%BCrich)"),
            (eq("n", "日本"), "eq(n,%E6%97%A5%E6%9C%AC)"),
            (eq("email", "a+b@x.test"), "eq(email,a%2Bb@x.test)"),
            (eq("q", "a?b#c&d"), "eq(q,a%3Fb%23c%26d)"),
            (eq("name", "a*"), "eq(name,a%2A)"),
            (like("name", "a*b?"), "like(name,a*b?)"),
            (like("name", r"5\*off*"), "like(name,5%2Aoff*)"),
            (like("name", r"a b\\c\"), "like(name,a%20b%5Cc%5C)"),
            (eq("n", 42), "eq(n,42)"),
            (lt("n", -7_i64), "lt(n,-7)"),
            (ge("n", 3_u32), "ge(n,3)"),
            (eq("f", true), "eq(f,true)"),
            (ne("f", false), "ne(f,false)"),
            (eq("x", Value::Null), "eq(x,null)"),
            (eq("x", ""), "eq(x,)"),
            (
                eq("x", "\"<>\\^`{|}\n"),
                "eq(x,%22%3C%3E%5C%5E%60%7B%7C%7D%0A)",
            ),
            (
                eq("t", "2024-01-01T10:00:00Z"),
                "eq(t,2024-01-01T10:00:00Z)",
            ),
            (in_("plan", ["Silver", "Gold"]), "in(plan,(Silver,Gold))"),
            (out("plan", ["a,b", "c)"]), "out(plan,(a%2Cb,c%29))"),
            (in_("n", [1, 2]), "in(n,(1,2))"),
            (gt("aps.created", "x"), "gt(aps.created,x)"),
            (le("a b", 1), "le(a%20b,1)"),
        ];
        assert!(rows.len() >= 20);
        for (q, want) in rows {
            assert_eq!(q.to_string(), want);
        }
    }

    #[test]
    fn seed_query_exactly() {
        let q = join([eq("techContact.email", "mw@aps.test"), select(&["aps.id"])]);
        assert_eq!(q, "eq(techContact.email,mw@aps.test),select(aps.id)");
    }

    #[test]
    fn aps_functions() {
        let uri = "http://parallels.com/aps/types/pa/account/1.2";
        assert_eq!(
            implementing(uri).to_string(),
            "implementing(http://parallels.com/aps/types/pa/account/1.2)"
        );
        assert_eq!(
            composing("http://x.test/t/1.0").to_string(),
            "composing(http://x.test/t/1.0)"
        );
        assert_eq!(
            linked_with("9f1b1a2e-0000-4c00-8000-000000000001").to_string(),
            "linkedWith(9f1b1a2e-0000-4c00-8000-000000000001)"
        );
        assert_eq!(
            implementing("http://x/t/1.0),or(eq(a,b)").to_string(),
            "implementing(http://x/t/1.0%29%2Cor%28eq%28a%2Cb%29)"
        );
    }

    #[test]
    fn logic_select_sort_limit() {
        let q = join([
            implementing("http://aps-standard.org/samples/user-mgmt/offer/1.0"),
            or([eq("a", 1), and([ne("b", "x y"), not(eq("c", Value::Null))])]),
            select(&["aps.id", "name"]),
            sort(&[("name", Order::Asc), ("aps.created", Order::Desc)]),
            limit(0, Some(10)),
        ]);
        assert_eq!(
            q,
            "implementing(http://aps-standard.org/samples/user-mgmt/offer/1.0),\
             or(eq(a,1),and(ne(b,x%20y),not(eq(c,null)))),select(aps.id,name),\
             sort(+name,-aps.created),limit(0,10)"
        );
        assert_eq!(limit(10, None).to_string(), "limit(10)");
        assert_eq!(and([]).to_string(), "and()");
        assert_eq!(join([]), "");
        assert_eq!(parse(&q).unwrap().len(), 5);
    }

    #[test]
    fn injection_corpus_stays_one_value() {
        let hostile = [
            "x),or(eq(a,b)",
            "x,y",
            ")",
            "((((",
            "a),limit(0,1000000",
            "x&select(password)",
            "x#frag",
            "x?y=z",
            "%29%2Cor%28",
            "a=b;c=d",
            "'; DROP TABLE accounts; --",
            "x\u{0}\r\n)",
            "[x]",
            "x)),not((y",
        ];
        assert!(hostile.len() >= 10);
        for h in hostile {
            let (op, args) = one_call(&eq("name", h).to_string());
            assert_eq!(
                (op.as_str(), atoms(&args)),
                ("eq", vec!["name".into(), h.into()])
            );
            // Property names, type URIs and list items are encoded too.
            assert_eq!(atoms(&one_call(&ne(h, 1).to_string()).1), [h, "1"]);
            assert_eq!(atoms(&one_call(&implementing(h).to_string()).1), [h]);
            let (_, args) = one_call(&in_("p", [h, "ok"]).to_string());
            let [Tok::Atom(_), Tok::List(items)] = args.as_slice() else {
                panic!("{h}")
            };
            assert_eq!(atoms(items), [h, "ok"]);
            assert_eq!(one_call(&like("p", h).to_string()).1.len(), 2);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn eq_always_two_arguments(prop in "[a-zA-Z.]{1,12}", value in ".*") {
            let rendered = eq(&prop, value.as_str()).to_string();
            let depth = rendered.chars().try_fold(0_i32, |d, c| match c {
                '(' => Some(d + 1),
                ')' => (d > 0).then(|| d - 1),
                _ => Some(d),
            });
            proptest::prop_assert_eq!(depth, Some(0), "unbalanced: {}", rendered);
            let (name, args) = one_call(&rendered);
            proptest::prop_assert_eq!(name.as_str(), "eq");
            proptest::prop_assert_eq!(atoms(&args), vec![prop, value]);
        }

        #[test]
        fn like_patterns_stay_one_argument(pattern in ".*") {
            proptest::prop_assert_eq!(one_call(&like("p", &pattern).to_string()).1.len(), 2);
        }
    }
}
