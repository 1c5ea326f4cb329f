//! Walking JSON text byte by byte, without parsing it: the first broken [`Limits`], with its
//! path. Only run when a parse failed, so that a broken limit is reported before anything else.

use crate::Limits;

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

/// A broken limit: (path, which limit, its value).
pub struct Stop(pub String, pub &'static str, pub usize);

/// Walks `text` and stops at the first broken limit. Malformed text is not reported here (the
/// parser reports it, with its path).
pub fn walk(text: &str, limits: &Limits) -> Option<Stop> {
    let b = text.as_bytes();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    // In an object: true when the next string is a key.
    let mut expect_key = false;
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(b' ');
        match c {
            b'{' | b'[' => {
                if stack.len() >= limits.max_depth {
                    return Some(Stop(path_of(&stack), "maxDepth", limits.max_depth));
                }
                open_slot(&mut stack);
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
                    return Some(Stop(path_of(&stack), "maxString", limits.max_string));
                }
                if expect_key {
                    let key = text.get(start..end).unwrap_or("");
                    if let Some(f) = stack.last_mut() {
                        f.items += 1;
                        if f.items > limits.max_items {
                            return Some(Stop(path_of(&stack), "maxItems", limits.max_items));
                        }
                        f.slot = Some(Seg::Key(key));
                    }
                } else {
                    open_slot(&mut stack);
                    if stack
                        .last()
                        .is_some_and(|f| f.is_array && f.items > limits.max_items)
                    {
                        return Some(Stop(path_of(&stack), "maxItems", limits.max_items));
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
                return Some(Stop(path_of(&stack), "maxItems", limits.max_items));
            }
        }
        i += 1;
    }
    None
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
