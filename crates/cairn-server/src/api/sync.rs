//! Push, pull and reading one value.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use cairn_core::sync::{Path, Push, PushReply};
use serde::Deserialize;
use serde_json::json;

use super::{coalition_id, json_body, AppState, PUSH_LIMIT};
use crate::auth::{access, Caller, Signed};
use crate::error::ApiError;
use crate::reads;

/// Applies a batch of mutations; answers once every accepted one is on disk.
/// What the member may change is checked mutation by mutation in the write transaction; a
/// refused one gets a rejected receipt with the reason.
pub async fn push(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(id): UrlPath<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushReply>, ApiError> {
    let id = coalition_id(&id)?;
    let mut push: Push = json_body(body, PUSH_LIMIT)?;
    push.validate()?;
    // Changes are signed with the account's name, not a name the browser chose: what others
    // read beside a value (in a conflict, say) is who really entered it.
    for m in &mut push.mutations {
        m.by.clone_from(&account.name);
    }
    Ok(Json(state.writer.push(id, account.id, push).await?))
}

#[derive(Deserialize)]
pub struct PullQuery {
    cursor: Option<String>,
}

/// Everything changed since `cursor`; a missing or unknown cursor gets a full snapshot, shared
/// by every pull at the same sequence ([`crate::snapshots`]).
pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<PullQuery>,
) -> Result<Response, ApiError> {
    let id = coalition_id(&id)?;
    let cursor = query
        .cursor
        .and_then(|c| c.parse::<u64>().ok())
        .unwrap_or(0);
    let coalition = id.clone();
    let seq = state
        .reads
        .with(move |conn| {
            access::grant(conn, caller.account(conn)?.id, &coalition)?;
            reads::sequence(conn, &coalition)
        })
        .await?;
    let body = if cursor == 0 || cursor > seq {
        state.snapshots.snapshot(&state.reads, &id, seq).await?
    } else {
        state.snapshots.changes(&state.reads, &id, cursor).await?
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// One observation's stored value and version.
pub async fn cell(
    State(state): State<AppState>,
    caller: Caller,
    UrlPath((id, measure, period, partner)): UrlPath<(String, String, String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = coalition_id(&id)?;
    let path = Path::parse(&format!("observations/{measure}/{period}/{partner}"))?;
    let found = state
        .reads
        .with(move |conn| {
            access::grant(conn, caller.account(conn)?.id, &id)?;
            reads::value(conn, &id, &path)
        })
        .await?;
    Ok(Json(match found {
        Some((value, version)) => json!({ "value": value, "version": version }),
        None => json!({ "value": null, "version": 0 }),
    }))
}
