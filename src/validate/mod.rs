//! Client-side validation: issues with a stable `code` and a JSON `path`, collected before a
//! request is built so that nothing invalid is ever sent.
//!
//! Every rule is a plain function over the input (and, where needed, `now` or known state passed
//! in), so the same rule runs in the SDK, in the sandbox's server-side checks and in a UI's
//! as-you-type validation.

use partner_ordering_json::Deserialize;

use serde::Serialize;

pub mod codes;
pub mod suggest;

use crate::error::{Api, Error, Issue, Severity};

/// The result of a non-throwing `validate…()` call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// True when no issue has error severity.
    pub ok: bool,
    /// Every issue found, errors and warnings.
    pub issues: Vec<Issue>,
}

impl ValidationReport {
    /// The report of a request that could not even be read: the error's issues, not ok.
    pub fn from_error(e: &Error) -> Self {
        ValidationReport {
            ok: false,
            issues: e.issues().to_vec(),
        }
    }
}

/// Collects issues for one request.
#[derive(Debug, Default, Clone)]
pub struct Issues(Vec<Issue>);

impl Issues {
    /// No issues yet.
    pub fn new() -> Self {
        Issues(Vec::new())
    }

    /// Records an error.
    pub fn error(&mut self, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(Issue::new(path, code, message));
    }

    /// Records a warning.
    pub fn warn(&mut self, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(Issue::warning(path, code, message));
    }

    /// Records an error when `value` is empty or white space. Returns true when it was present.
    pub fn require(&mut self, path: &str, value: &str, code: &str) -> bool {
        if value.trim().is_empty() {
            self.error(
                path,
                code,
                format!("`{path}` is required and must not be empty"),
            );
            false
        } else {
            true
        }
    }

    /// True when an error-severity issue was recorded.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|i| i.severity == Severity::Error)
    }

    /// The issues as a report.
    pub fn report(self) -> ValidationReport {
        ValidationReport {
            ok: !self.has_errors(),
            issues: self.0,
        }
    }

    /// `Ok` when there is no error; otherwise an invalid-request error carrying every issue.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`].
    pub fn into_result(self, api: Api) -> Result<(), Error> {
        if self.has_errors() {
            Err(Error::invalid(api, self.0))
        } else {
            Ok(())
        }
    }
}

/// Checks an identifier that goes into a URL path: present, at most 128 characters, and only
/// letters, digits, `-`, `_` and `.`, so it can never change the path it is put in.
pub fn path_id(issues: &mut Issues, path: &str, value: &str, code_prefix: &str) {
    if !issues.require(path, value, &format!("{code_prefix}_required")) {
        return;
    }
    let ok_chars = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok_chars || value.len() > 128 || value == "." || value == ".." {
        issues.error(
            path,
            &format!("{code_prefix}_invalid"),
            format!("`{path}` must be 1-128 letters, digits, '-', '_' or '.'; got {value:?}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_ids() {
        let cases = [
            ("M123456789", None),
            ("", Some("sid_required")),
            ("  ", Some("sid_required")),
            ("M1/../x", Some("sid_invalid")),
            ("M 1", Some("sid_invalid")),
            ("..", Some("sid_invalid")),
            ("M1?x=1", Some("sid_invalid")),
        ];
        for (v, want) in cases {
            let mut i = Issues::new();
            path_id(&mut i, "serviceInstanceId", v, "sid");
            let r = i.report();
            assert_eq!(r.issues.first().map(|x| x.code.as_str()), want, "{v:?}");
            assert!(r.issues.iter().all(|x| x.path == "serviceInstanceId"));
        }
    }

    #[test]
    fn warnings_do_not_block() {
        let mut i = Issues::new();
        i.warn("total", "estimate_mismatch", "x");
        assert!(i.clone().into_result(Api::Omnissa).is_ok());
        assert!(i.report().ok);
    }
}
