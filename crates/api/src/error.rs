//! API errors in Google's JSON error format (`{"error":{"code","message","status","details"}}`),
//! which both gcloud and people read well: invalid fields become
//! `google.rpc.BadRequest` field violations that gcloud prints as `field: description`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use runlane_controller::ControlError;
use runlane_model::FieldErrors;
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    pub code: StatusCode,
    pub status: &'static str,
    pub message: String,
    pub violations: FieldErrors,
}

impl ApiError {
    pub fn new(code: StatusCode, status: &'static str, message: impl Into<String>) -> Self {
        ApiError { code, status, message: message.into(), violations: FieldErrors::default() }
    }

    pub fn invalid(violations: FieldErrors) -> Self {
        ApiError { code: StatusCode::BAD_REQUEST, status: "INVALID_ARGUMENT", message: format!("The request has errors: {violations}"), violations }
    }

    pub fn field(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::invalid(runlane_model::FieldError::new(field, description).into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }
}

impl From<ControlError> for ApiError {
    fn from(e: ControlError) -> Self {
        let message = e.to_string();
        match e {
            ControlError::NotFound { .. } => ApiError::not_found(message),
            ControlError::AlreadyExists { .. } => ApiError::new(StatusCode::CONFLICT, "ALREADY_EXISTS", message),
            ControlError::Invalid(errors) => ApiError::invalid(errors),
            ControlError::Conflict(_) => ApiError::new(StatusCode::CONFLICT, "ABORTED", message),
            ControlError::FailedPrecondition(_) => ApiError::new(StatusCode::BAD_REQUEST, "FAILED_PRECONDITION", message),
            ControlError::Store(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code.as_u16(), "message": self.message, "status": self.status });
        if !self.violations.is_empty() {
            let violations: Vec<_> = self.violations.0.iter().map(|v| json!({ "field": v.field, "description": v.description })).collect();
            error["details"] = json!([{ "@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": violations }]);
        }
        (self.code, axum::Json(json!({ "error": error }))).into_response()
    }
}
