//! Push, pull and reading one value.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cairn_core::sync::{Path, Pull, Push, PushReply};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::params::{CellAt, Cursor, InCoalition, Path as UrlPath, PullQuery, Query};
use super::{coalition_id, json_body, PUSH_LIMIT};
use crate::auth::{access, Caller, Signed};
use crate::encoding::Encoding;
use crate::error::{ApiError, Refused};
use crate::reads;
use crate::state::AppState;

/// One observation's stored value and version.
#[derive(Serialize, ToSchema)]
pub struct Cell {
    /// The stored observation; `null` if the cell is empty.
    #[schema(required = true)]
    value: Option<Value>,
    /// The value's version; 0 if the cell was never set.
    version: u64,
}

/// Applies a batch of mutations; answers once every accepted one is on disk.
/// What the member may change is checked mutation by mutation in the write transaction; a
/// refused one gets a rejected receipt with the reason.
#[utoipa::path(post, path = "/coalitions/{id}/push", operation_id = "push", tag = "sync",
    security(("session" = [])),
    params(InCoalition), request_body = Push,
    responses(
        (status = 200, description = "One receipt per mutation, in order", body = PushReply),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 413, response = Refused), (status = 422, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn push(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
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

/// Everything changed since `cursor`; a missing or unknown cursor gets a full snapshot, shared
/// by every pull at the same sequence ([`crate::snapshots`]).
#[utoipa::path(get, path = "/coalitions/{id}/pull", operation_id = "pull", tag = "sync",
    security(("session" = [])),
    params(InCoalition, PullQuery),
    responses(
        (status = 200, description = "The changes since the cursor, or a snapshot", body = Pull),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
    Query(query): Query<PullQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = coalition_id(&id)?;
    let cursor = query.cursor.map_or(0, |Cursor(c)| c);
    let coalition = id.clone();
    let seq = state
        .reads
        .with(move |conn| {
            access::grant(conn, caller.account(conn)?.id, &coalition)?;
            reads::sequence(conn, &coalition)
        })
        .await?;
    let json = [(header::CONTENT_TYPE, "application/json")];
    if cursor != 0 && cursor <= seq {
        let changes = state.snapshots.changes(&state.reads, &id, cursor).await?;
        return Ok((json, changes).into_response());
    }
    // A snapshot is compressed once for everyone (the compression layer leaves an encoded
    // answer alone).
    let snapshot = state.snapshots.snapshot(&state.reads, &id, seq).await?;
    let encoding = Encoding::accepted(&headers);
    let mut response = (json, snapshot.get(encoding).await).into_response();
    if let Some(name) = encoding.header() {
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Ok(response)
}

/// One observation's stored value and version.
#[utoipa::path(get, path = "/coalitions/{id}/cell/{measure}/{period}/{partner}", operation_id = "cell", tag = "sync",
    security(("session" = [])),
    params(CellAt),
    responses(
        (status = 200, description = "The value (null if the cell is empty) and its version", body = Cell),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn cell(
    State(state): State<AppState>,
    caller: Caller,
    UrlPath(CellAt {
        id,
        measure,
        period,
        partner,
    }): UrlPath<CellAt>,
) -> Result<Json<Cell>, ApiError> {
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
        Some((value, version)) => Cell {
            value: Some(value),
            version,
        },
        None => Cell {
            value: None,
            version: 0,
        },
    }))
}
