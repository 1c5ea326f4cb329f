//! The issue codes the SDK emits are exactly the documented ones (`validate::codes`), and the
//! README's table and the `.d.ts` unions are generated from that list. Run with
//! `UPDATE_ISSUE_CODES=1` to rewrite them after adding a code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use partner_ordering::validate::codes::ISSUE_CODES;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Calls whose string arguments are issue codes: the `Issues` methods, and the rule helpers
/// that take a code (`path_id` takes a prefix). A new helper that takes a code belongs here.
const EMITTERS: &[&str] = &[
    "window(",
    "refuse_if_cancelled(",
    "aps_id(",
    ".error(",
    ".warn(",
    "Issue::new(",
    "Issue::warning(",
    ".require(",
    "path_id(",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The string literals that look like codes (`snake_case` with an underscore, or `required`).
fn code_literals(span: &str) -> Vec<String> {
    span.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && (s.contains('_') || *s == "required")
        })
        .map(String::from)
        .collect()
}

/// Which union a file's codes belong to.
fn group_of(rel: &str) -> &'static str {
    if rel.starts_with("src/omnissa") {
        "Omnissa"
    } else if rel.starts_with("src/cloudblue") {
        "CloudBlue"
    } else if rel.starts_with("src/cloudmore") {
        "Cloudmore"
    } else {
        "Common"
    }
}

/// Every code the library code emits, by group.
fn emitted() -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    rust_files(&Path::new(ROOT).join("crates/wasm/src"), &mut files);
    let mut out: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f
            .strip_prefix(ROOT)
            .unwrap()
            .to_string_lossy()
            .trim_start_matches('/')
            .to_string();
        if rel.starts_with("src/sandbox") || rel.ends_with("validate/codes.rs") {
            continue; // the emulator's own 400s are not the SDK's issues
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let group = group_of(&rel);
        let set = out.entry(group).or_default();
        if rel.ends_with("common/quantity.rs") {
            set.extend(code_literals(text)); // QuantityProblem::code: every literal is a code
        }
        for emitter in EMITTERS {
            for (at, _) in text.match_indices(emitter) {
                // The call's text, up to its closing parenthesis.
                let rest = &text[at + emitter.len()..];
                let mut depth = 1;
                let end = rest
                    .char_indices()
                    .find(|(_, c)| {
                        match c {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .map_or(rest.len(), |(i, _)| i);
                let call = &rest[..end];
                if *emitter == "path_id(" {
                    // The last argument is the prefix, a literal of any shape.
                    if let Some(prefix) = call.rsplit('"').nth(1) {
                        set.insert(format!("{prefix}_required"));
                        set.insert(format!("{prefix}_invalid"));
                    }
                    continue;
                }
                set.extend(code_literals(call));
            }
        }
    }
    out
}

#[test]
fn every_emitted_code_is_documented_and_every_documented_one_is_emitted() {
    let documented: BTreeSet<String> = ISSUE_CODES.iter().map(|(c, _)| c.to_string()).collect();
    let sorted: Vec<&str> = ISSUE_CODES.iter().map(|(c, _)| *c).collect();
    let mut resorted = sorted.clone();
    resorted.sort_unstable();
    assert_eq!(
        sorted, resorted,
        "ISSUE_CODES must stay sorted (meaning() searches it)"
    );
    let all: BTreeSet<String> = emitted().into_values().flatten().collect();
    let undocumented: Vec<_> = all.difference(&documented).collect();
    let unused: Vec<_> = documented.difference(&all).collect();
    assert!(
        undocumented.is_empty(),
        "add to validate/codes.rs: {undocumented:?}"
    );
    assert!(
        unused.is_empty(),
        "documented but never emitted: {unused:?}"
    );
}

/// Replaces the text between `start` and `end` markers in `file`, or checks it is current.
fn generated(file: &str, start: &str, end: &str, body: &str) {
    let path = Path::new(ROOT).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = text
        .split_once(start)
        .unwrap_or_else(|| panic!("{file}: no {start}"));
    let (_, tail) = rest
        .split_once(end)
        .unwrap_or_else(|| panic!("{file}: no {end}"));
    let want = format!("{head}{start}\n{body}{end}{tail}");
    if std::env::var_os("UPDATE_ISSUE_CODES").is_some() {
        std::fs::write(&path, want).unwrap();
    } else {
        assert!(text == want, "{file} is out of date: run UPDATE_ISSUE_CODES=1 cargo test --features sandbox --test issue_codes");
    }
}

#[test]
fn the_readme_table_and_the_typescript_unions_are_current() {
    let groups = emitted();
    let mut table = String::from("| code | API | meaning |\n|---|---|---|\n");
    for (code, meaning) in ISSUE_CODES {
        let apis: Vec<&str> = groups
            .iter()
            .filter(|(_, set)| set.contains(*code))
            .map(|(g, _)| match *g {
                "Common" => "all",
                other => other,
            })
            .collect();
        table.push_str(&format!("| `{code}` | {} | {meaning} |\n", apis.join(", ")));
    }
    generated(
        "README.md",
        "<!-- issue-codes:start -->",
        "<!-- issue-codes:end -->",
        &table,
    );

    let mut ts = String::new();
    for (group, set) in &groups {
        let union: Vec<String> = set.iter().map(|c| format!("\"{c}\"")).collect();
        ts.push_str(&format!(
            "/** The issue codes of {}: see the README's table. */\nexport type {group}IssueCode = {};\n",
            if *group == "Common" { "every API" } else { group },
            union.join(" | ")
        ));
    }
    ts.push_str("/** Every issue code the SDK emits (`Issue.code`). */\nexport type IssueCode = CommonIssueCode | OmnissaIssueCode | CloudBlueIssueCode | CloudmoreIssueCode;\n");
    generated(
        "pkg-template/core.d.ts",
        "// issue-codes:start",
        "// issue-codes:end",
        &ts,
    );
}
