//! Listing coalitions and uploading one.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json_;
use utoipa::ToSchema;

use super::{coalition_id, json_body, AppState, UPLOAD_LIMIT};
use crate::auth::{access, Signed};
use crate::error::{ApiError, Refused};

/// The coalitions the member may open, with their role in each.
#[utoipa::path(get, path = "/coalitions", operation_id = "listCoalitions", tag = "coalitions",
    security(("session" = [])),
    responses(
        (status = 200, description = "Every coalition the member may open", body = Vec<access::Listed>),
        (status = 401, response = Refused), (status = 503, response = Refused),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Signed(account, _): Signed,
) -> Result<Json<Vec<access::Listed>>, ApiError> {
    Ok(Json(
        state
            .reads
            .with(move |conn| access::coalitions(conn, account.id, account.server_admin))
            .await?,
    ))
}

/// A coalition to store, from a member's browser.
#[derive(Deserialize, ToSchema)]
struct Upload {
    /// The id to store it under: 1 to 40 lower-case letters, digits and -.
    #[schema(pattern = "^[a-z0-9-]{1,40}$")]
    id: String,
    /// A whole Cairn document, in any format this server can migrate (migrated and validated).
    #[schema(value_type = serde_json::Value)]
    document: Json_,
}

/// A coalition just stored.
#[derive(Serialize, ToSchema)]
pub struct Created {
    id: String,
    /// The coalition's sequence: the cursor to pull from.
    cursor: u64,
}

/// Stores a coalition uploaded from a member's browser, after the same checks the app makes
/// when it opens a backup. Only the server's administrator may add coalitions.
#[utoipa::path(post, path = "/coalitions", operation_id = "uploadCoalition", tag = "coalitions",
    security(("session" = [])),
    request_body = Upload,
    responses(
        (status = 201, description = "Stored", body = Created),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 409, response = Refused),
        (status = 413, response = Refused), (status = 422, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    if !account.server_admin {
        return Err(ApiError::Forbidden(
            "Only the server's administrator can add a coalition to it.".into(),
        ));
    }
    let upload: Upload = json_body(body, UPLOAD_LIMIT)?;
    let id = coalition_id(&upload.id)?;
    let document = cairn_core::format::load(&upload.document.to_string())?;
    let cursor = state.writer.create(id.clone(), document).await?;
    tracing::info!(coalition = id, "coalition uploaded");
    Ok((StatusCode::CREATED, Json(Created { id, cursor })))
}
