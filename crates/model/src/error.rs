//! Field-level validation errors: every rejected input names the field that is wrong
//! and what would be accepted, so the API can answer with `google.rpc.BadRequest`
//! field violations and the CLI can print them one per line.

use std::fmt;

/// One thing wrong with one field, e.g. `spec.traffic` / `percents sum to 90, they must sum to 100`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path in the Knative resource, e.g. `spec.traffic[1].tag`.
    pub field: String,
    /// What is wrong and what is accepted, one sentence without a trailing period.
    pub description: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        FieldError { field: field.into(), description: description.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.description)
    }
}

/// Every problem found in one request; validation collects them all rather than
/// stopping at the first, so a user fixes a spec in one round trip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(FieldError::new(field, description));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was found, the collected errors otherwise.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        FieldErrors(vec![e])
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
