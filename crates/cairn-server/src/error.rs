//! The one error enum of the server layer: every refusal becomes a JSON body with a stable
//! code and a message that says what to do.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::ToSchema;

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
    #[error("The request body arrived too slowly: send it again over a steadier connection.")]
    TooSlow,
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
    #[error("This address does not take {0} requests: its Allow header lists the methods it takes (see /api/v1/openapi.json).")]
    MethodNotAllowed(String),
    #[error("The {name} in the address, “{value}”, is not valid: {expected}")]
    InvalidPathParameter {
        name: String,
        value: String,
        expected: String,
    },
    #[error("The query string is not one this route takes: {0} (see /api/v1/openapi.json).")]
    InvalidQuery(String),
    #[error("The server is shutting down or its storage failed; nothing was changed. Try again in a moment.")]
    Unavailable,
    #[error("Sign in to this server first: you have not signed in, or your session has ended.")]
    SignInRequired,
    #[error(
        "That e-mail address and password do not match an account here: check both and try again."
    )]
    SignInFailed,
    #[error("You are not a member of the coalition “{0}” on this server: ask one of its backbone administrators for an invite.")]
    NotMember(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("Too many failed attempts: wait {} and try again.", wait_text(*seconds))]
    TooManyAttempts { seconds: u64 },
    #[error("This server has its administrator already: sign in instead.")]
    SetupDone,
    #[error("That set-up code is not the one in this server's log: copy it again from the line printed when the server started.")]
    SetupCodeWrong,
    #[error("This invite link has been used already or has expired: ask a backbone administrator for a new one.")]
    InviteInvalid,
    #[error("This invite is for {0}, not for the account you are using: sign out and open the link again, or ask a backbone administrator for an invite to your own address.")]
    InviteForAnother(String),
    #[error("An account with this e-mail address exists already: sign in with it, then open the invite link again.")]
    EmailTaken,
    #[error("{0}")]
    InvalidAccount(String),
    #[error("No report card of this coalition is published: an administrator can publish one from the funder report screen.")]
    NoReportCard,
    #[error("This request did not come from Cairn's own pages, so it was refused: reload Cairn and try again.")]
    CrossSite,
}

/// "40 seconds", "1 minute", "15 minutes".
fn wait_text(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".to_string(),
        2..=90 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

impl ApiError {
    /// The stable, machine-readable name of the error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::WrongShape(_) => "wrong_shape",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::TooSlow => "too_slow",
            ApiError::UnknownCoalition(_) => "unknown_coalition",
            ApiError::CoalitionExists(_) => "coalition_exists",
            ApiError::InvalidCoalitionId => "invalid_coalition_id",
            ApiError::Invalid(e) => e.code(),
            ApiError::Unreadable(_) => "unreadable_document",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::InvalidPathParameter { .. } => "invalid_path_parameter",
            ApiError::InvalidQuery(_) => "invalid_query",
            ApiError::Damaged(_) => "damaged_coalition",
            ApiError::Unavailable => "unavailable",
            ApiError::SignInRequired => "sign_in_required",
            ApiError::SignInFailed => "sign_in_failed",
            ApiError::NotMember(_) => "not_a_member",
            ApiError::Forbidden(_) => "not_allowed",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::SetupDone => "setup_done",
            ApiError::SetupCodeWrong => "setup_code_wrong",
            ApiError::InviteInvalid => "invite_invalid",
            ApiError::EmailTaken => "email_taken",
            ApiError::InviteForAnother(_) => "invite_for_another",
            ApiError::InvalidAccount(_) => "invalid_account",
            ApiError::CrossSite => "cross_site",
            ApiError::NoReportCard => "no_report_card",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_)
            | ApiError::WrongShape(_)
            | ApiError::InvalidCoalitionId
            | ApiError::InvalidPathParameter { .. }
            | ApiError::InvalidQuery(_)
            | ApiError::Unreadable(_) => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooSlow => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnknownCoalition(_) | ApiError::NotFound | ApiError::NoReportCard => {
                StatusCode::NOT_FOUND
            }
            ApiError::CoalitionExists(_) => StatusCode::CONFLICT,
            ApiError::Unavailable | ApiError::Damaged(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::SignInRequired | ApiError::SignInFailed => StatusCode::UNAUTHORIZED,
            ApiError::NotMember(_)
            | ApiError::Forbidden(_)
            | ApiError::SetupCodeWrong
            | ApiError::InviteForAnother(_)
            | ApiError::CrossSite => StatusCode::FORBIDDEN,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::SetupDone | ApiError::EmailTaken => StatusCode::CONFLICT,
            ApiError::InviteInvalid => StatusCode::GONE,
            ApiError::InvalidAccount(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// The body of every refusal, whatever the route and whatever refused it (a handler, an
/// extractor, the router's fallbacks or the same-origin check).
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable and machine-readable, such as `sign_in_required` or `invalid_query`.
    pub code: String,
    /// What happened and what to do, for a person to read.
    pub message: String,
}

/// The documented answer of every refusal: [`ErrorBody`] as JSON, at the status of its code.
pub struct Refused;

impl<'r> utoipa::ToResponse<'r> for Refused {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        let content = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Error")))
            .build();
        let response = ResponseBuilder::new()
            .description("Refused, with a stable code and a message saying what to do")
            .content("application/json", content)
            .build();
        ("Refused", response.into())
    }
}

/// The documented answer of [`ApiError::TooManyAttempts`]: [`Refused`], with `Retry-After`.
pub struct Throttled;

impl<'r> utoipa::ToResponse<'r> for Throttled {
    fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
        let (_, refused) = Refused::response();
        let RefOr::T(mut response) = refused else {
            unreachable!("Refused is a response, not a reference")
        };
        response.description =
            "Too many failed attempts, with a stable code and a message saying how long to wait"
                .into();
        let seconds = utoipa::openapi::HeaderBuilder::new()
            .schema(Some(
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer),
            ))
            .description(Some("Seconds to wait before trying again"))
            .build();
        response
            .headers
            .insert("retry-after".into(), RefOr::T(seconds));
        ("Throttled", response.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.to_string(),
            },
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let ApiError::TooManyAttempts { seconds } = self {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
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
