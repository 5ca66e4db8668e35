//! The one error enum of the server layer: every refusal becomes a JSON body with a stable
//! code and a message that says what to do.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A reason a request was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("The request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("The request body does not have the expected shape: {0}")]
    WrongShape(String),
    #[error(
        "The request body is larger than the {limit} bytes this route accepts: send less at once."
    )]
    TooLarge { limit: usize },
    #[error("There is no coalition “{0}” on this server: check the address, or upload the coalition first.")]
    UnknownCoalition(String),
    #[error("A coalition “{0}” already exists on this server: choose another name for the upload, or connect to it.")]
    CoalitionExists(String),
    #[error("A coalition id is 1 to 40 lower-case letters, digits and -, such as teen-futures.")]
    InvalidCoalitionId,
    #[error("{0}")]
    Invalid(#[from] cairn_core::Error),
    #[error("The uploaded coalition cannot be read: {0}")]
    Unreadable(#[from] cairn_core::LoadError),
    #[error("The stored copy of this coalition cannot be read ({0}); nothing was changed. The server's log has the details: restore it from a member's backup.")]
    Damaged(String),
    #[error("There is no such route: the API lives under /api/v1 (see /api/v1/openapi.json).")]
    NotFound,
    #[error("The server is shutting down or its storage failed; nothing was changed. Try again in a moment.")]
    Unavailable,
}

impl ApiError {
    /// The stable, machine-readable name of the error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::WrongShape(_) => "wrong_shape",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::UnknownCoalition(_) => "unknown_coalition",
            ApiError::CoalitionExists(_) => "coalition_exists",
            ApiError::InvalidCoalitionId => "invalid_coalition_id",
            ApiError::Invalid(e) => e.code(),
            ApiError::Unreadable(_) => "unreadable_document",
            ApiError::NotFound => "not_found",
            ApiError::Damaged(_) => "damaged_coalition",
            ApiError::Unavailable => "unavailable",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_)
            | ApiError::WrongShape(_)
            | ApiError::InvalidCoalitionId
            | ApiError::Unreadable(_) => StatusCode::BAD_REQUEST,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnknownCoalition(_) | ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::CoalitionExists(_) => StatusCode::CONFLICT,
            ApiError::Unavailable | ApiError::Damaged(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Storage failures are logged with their detail and reported to the client as
/// [`ApiError::Unavailable`]: the detail helps an operator, not a member.
impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "storage error");
        ApiError::Unavailable
    }
}
