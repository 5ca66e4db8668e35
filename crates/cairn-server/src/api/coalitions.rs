//! Listing coalitions and uploading one.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value as Json_};

use super::{coalition_id, json_body, AppState, UPLOAD_LIMIT};
use crate::error::ApiError;
use crate::reads::{self, Listed};

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Listed>>, ApiError> {
    Ok(Json(state.reads.with(reads::list).await?))
}

#[derive(Deserialize)]
struct Upload {
    id: String,
    /// A whole Cairn document, in any format this server can migrate.
    document: Json_,
}

/// Stores a coalition uploaded from a member's browser, after the same checks the app makes
/// when it opens a backup.
pub async fn create(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Json_>), ApiError> {
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
