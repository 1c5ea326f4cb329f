//! Walking JSON text byte by byte, without parsing it: the path at an offset (for the issue of a
//! serde_json failure) and the first broken [`Limits`] with its path.

use super::Limits;

/// One step of a JSON path.
#[derive(Debug, Clone)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// An open container while walking the text.
struct Frame<'a> {
    is_array: bool,
    items: usize,
    /// The slot being read: a key's value, or an array item. `None` between items.
    slot: Option<Seg<'a>>,
}

fn path_of(stack: &[Frame<'_>]) -> String {
    let mut out = String::new();
    for seg in stack.iter().filter_map(|f| f.slot.as_ref()) {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Why the walk stopped early.
pub(super) enum Stop {
    /// A limit was broken at this path: (path, which limit, its value).
    Limit(String, &'static str, usize),
    /// The requested offset was reached: the path there.
    At(String),
}

/// Walks `text`, enforcing `limits`, and stops at byte `until` (if given) with the path there.
/// Malformed text is not reported here (serde_json reports it, with a position).
pub(super) fn walk(text: &str, limits: &Limits, until: Option<usize>) -> Option<Stop> {
    walk_from(text, limits, until, false)
}

/// [`walk`]; with `container`, a stop reports the path of the last array or object opened
/// (serde_json reports a container of the wrong type from just inside it).
fn walk_from(text: &str, limits: &Limits, until: Option<usize>, container: bool) -> Option<Stop> {
    let b = text.as_bytes();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut last_open = String::new();
    // In an object: true when the next string is a key.
    let mut expect_key = false;
    let mut i = 0;
    while i < b.len() {
        if until.is_some_and(|u| i >= u) {
            let opening = matches!(b.get(i), Some(b'{' | b'['));
            if container && opening {
                open_slot(&mut stack);
            }
            return Some(Stop::At(if container && !opening {
                last_open
            } else {
                path_of(&stack)
            }));
        }
        let c = b.get(i).copied().unwrap_or(b' ');
        match c {
            b'{' | b'[' => {
                if stack.len() >= limits.max_depth {
                    return Some(Stop::Limit(path_of(&stack), "maxDepth", limits.max_depth));
                }
                open_slot(&mut stack);
                if container {
                    last_open = path_of(&stack);
                }
                stack.push(Frame {
                    is_array: c == b'[',
                    items: 0,
                    slot: None,
                });
                expect_key = c == b'{';
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    f.slot = None;
                    expect_key = !f.is_array;
                }
            }
            b':' => expect_key = false,
            b'"' => {
                let start = i + 1;
                let mut j = start;
                // Skip to the closing quote a run at a time: strings are most of the text.
                while let Some(rest) = b.get(j..) {
                    match rest.iter().position(|&ch| ch == b'"' || ch == b'\\') {
                        Some(k) if rest.get(k) == Some(&b'\\') => j += k + 2,
                        Some(k) => {
                            j += k;
                            break;
                        }
                        None => {
                            j = b.len();
                            break;
                        }
                    }
                }
                let end = j.min(b.len());
                if end - start > limits.max_string {
                    return Some(Stop::Limit(path_of(&stack), "maxString", limits.max_string));
                }
                if until.is_some_and(|u| u <= end) && !expect_key {
                    open_slot(&mut stack);
                    return Some(Stop::At(path_of(&stack)));
                }
                if expect_key {
                    let key = text.get(start..end).unwrap_or("");
                    if let Some(f) = stack.last_mut() {
                        f.items += 1;
                        if f.items > limits.max_items {
                            return Some(Stop::Limit(
                                path_of(&stack),
                                "maxItems",
                                limits.max_items,
                            ));
                        }
                        f.slot = Some(Seg::Key(key));
                    }
                } else {
                    open_slot(&mut stack);
                    if stack
                        .last()
                        .is_some_and(|f| f.is_array && f.items > limits.max_items)
                    {
                        return Some(Stop::Limit(path_of(&stack), "maxItems", limits.max_items));
                    }
                }
                i = end + 1;
                continue;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => open_slot(&mut stack),
        }
        if let Some(f) = stack.last() {
            if f.is_array && f.items > limits.max_items {
                return Some(Stop::Limit(path_of(&stack), "maxItems", limits.max_items));
            }
        }
        i += 1;
    }
    until.map(|_| {
        Stop::At(if container {
            last_open
        } else {
            path_of(&stack)
        })
    })
}

/// Marks the innermost array's next item as the slot being read (objects get theirs from keys).
fn open_slot(stack: &mut [Frame<'_>]) {
    if let Some(f) = stack.last_mut() {
        if f.is_array && f.slot.is_none() {
            f.slot = Some(Seg::Index(f.items));
            f.items += 1;
        }
    }
}

/// The byte offset of serde_json's (line, column) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    line_start + column
}

/// The JSON path (`offers[2].quantity`, empty for the root) where serde_json failed on `text`.
pub fn error_path(text: &str, e: &serde_json::Error) -> String {
    let unlimited = Limits {
        max_bytes: usize::MAX,
        max_depth: usize::MAX,
        max_items: usize::MAX,
        max_string: usize::MAX,
    };
    let msg = e.to_string();
    let container =
        msg.starts_with("invalid type: map") || msg.starts_with("invalid type: sequence");
    let at = Some(offset_of(text, e.line(), e.column()));
    match walk_from(text, &unlimited, at, container) {
        Some(Stop::At(p)) => p,
        _ => String::new(),
    }
}
