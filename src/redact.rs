//! Values kept out of messages: a caller's input may be a secret in the wrong place (a
//! password given as a number), and serde quotes the values it refuses.

/// serde's message without the value it quotes: `invalid type: integer `5`, expected a
/// string` → `invalid type: integer, expected a string`.
pub fn without_values(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    // serde quotes values as `…` (numbers, chars) or "…" (strings, after `string `).
    while let Some(at) = rest.find(['`', '"']) {
        let (head, tail) = rest.split_at(at);
        let quote = tail.chars().next().unwrap_or('"');
        let body = tail.get(1..).unwrap_or("");
        let Some(end) = body.find(quote) else {
            break;
        };
        let value = body.get(..end).unwrap_or("");
        // Field and variant names are quoted too (`unknown field `x``): keep those.
        let is_value = head.ends_with("integer ")
            || head.ends_with("floating point ")
            || head.ends_with("string ")
            || head.ends_with("character ")
            || head.ends_with("value: ");
        let kept = match (is_value, head.strip_suffix("value: ")) {
            (true, Some(before)) => before.trim_end_matches(':'),
            (true, None) => head.strip_suffix(' ').unwrap_or(head),
            (false, _) => head,
        };
        out.push_str(kept);
        if is_value && head.ends_with("value: ") {
            out.push_str("value");
        }
        if !is_value {
            out.push(quote);
            out.push_str(value);
            out.push(quote);
        }
        rest = body.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_and_names_stay() {
        let cases = [
            (
                "invalid type: integer `12345`, expected a string",
                "invalid type: integer, expected a string",
            ),
            (
                "invalid type: string \"S3CRET\", expected u32",
                "invalid type: string, expected u32",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "invalid type: floating point, expected u32",
            ),
            (
                "invalid value: `-5`, expected a positive number",
                "invalid value, expected a positive number",
            ),
            (
                "unknown variant `verbose`, expected one of `off`, `error`",
                "unknown variant `verbose`, expected one of `off`, `error`",
            ),
            (
                "invalid type: sequence, expected a string",
                "invalid type: sequence, expected a string",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(without_values(input), want, "{input}");
        }
    }
}
