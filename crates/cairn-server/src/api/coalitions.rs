//! Listing coalitions and uploading one.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value as Json_};

use super::{coalition_id, json_body, AppState, UPLOAD_LIMIT};
use crate::auth::{access, Signed};
use crate::error::ApiError;

/// The coalitions the member may open, with their role in each.
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

#[derive(Deserialize)]
struct Upload {
    id: String,
    /// A whole Cairn document, in any format this server can migrate.
    document: Json_,
}

/// Stores a coalition uploaded from a member's browser, after the same checks the app makes
/// when it opens a backup. Only the server's administrator may add coalitions.
pub async fn create(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Json_>), ApiError> {
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
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "cursor": cursor })),
    ))
}
