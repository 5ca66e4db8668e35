//! Live updates: a server-sent events stream that says "there is something to pull".

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::coalition_id;
use super::params::{InCoalition, Path as UrlPath};
use crate::auth::{access, Caller};
use crate::error::{ApiError, Refused};
use crate::state::AppState;

/// The name of the one kind of event the stream sends.
pub const CHANGED: &str = "changed";

/// The data of a `changed` event: there is something to pull.
#[derive(Serialize, ToSchema)]
pub struct Changed {
    /// The coalition's sequence now: pull when it is beyond your cursor. 0 when the stream
    /// missed changes: pull in any case.
    cursor: u64,
}

/// One event of the stream, as its `event:` and `data:` lines carry it: `data` is the JSON of a
/// [`Changed`]. Between events, comment lines (`:`) keep the connection open.
pub struct StreamEvent;

impl PartialSchema for StreamEvent {
    fn schema() -> RefOr<Schema> {
        let event = ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some([CHANGED]));
        let data = ObjectBuilder::new()
            .schema_type(Type::String)
            .content_media_type("application/json")
            .content_schema(Some(Ref::from_schema_name(Changed::name())));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("event", event)
            .property("data", data)
            .required("event")
            .required("data")
            .additional_properties(Some(
                utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
            ))
            .description(Some(
                "One server-sent event: its event field and its data field (JSON)",
            ))
            .into()
    }
}

impl ToSchema for StreamEvent {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Changed::name().into(), Changed::schema()));
    }
}

/// How often an open stream checks that its session and membership still hold, besides before
/// each event: a member signed out or removed stops hearing about changes within this.
const RECHECK: Duration = Duration::from_secs(10);

/// Sends `changed` with the new cursor each time the coalition's sequence moves, starting with
/// the current one. The stream ends when the server shuts down (so shutdown never waits on it),
/// and when the caller's session ends or their membership is removed: that is checked before
/// every event and every [`RECHECK`].
#[utoipa::path(get, path = "/coalitions/{id}/events", operation_id = "events", tag = "sync",
    security(("session" = [])),
    params(InCoalition),
    responses(
        (status = 200, description = "A server-sent event stream: `changed` with the current cursor at once, then each time there is something to pull",
            content(("text/event-stream", item_schema = StreamEvent))),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let id = coalition_id(&id)?;
    // Subscribed before the first read, so no change after it is missed; one announced with
    // the first read already (or before it) is skipped.
    let changes = state.changed.subscribe();
    let first = allowed(&state, &caller, &id).await?;
    let live = Live {
        pending: Some(first),
        announced: 0,
        changes,
        stopping: state.stopping.clone(),
        state,
        caller,
        id,
    };
    let events = stream::unfold(live, |mut live| async move {
        let cursor = live.next().await?;
        Some((event(cursor), live))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// The coalition's current sequence, if the caller's session is live and they may read it.
async fn allowed(state: &AppState, caller: &Caller, id: &str) -> Result<u64, ApiError> {
    let (caller, coalition) = (caller.clone(), id.to_string());
    state
        .reads
        .with(move |conn| {
            access::grant(conn, caller.account(conn)?.id, &coalition)?;
            crate::reads::sequence(conn, &coalition)
        })
        .await
}

/// One open stream: what it waits on and whom it is for.
struct Live {
    pending: Option<u64>,
    /// The latest cursor sent: an older one arriving late is not sent again.
    announced: u64,
    changes: tokio::sync::broadcast::Receiver<(String, u64)>,
    stopping: tokio::sync::watch::Receiver<bool>,
    state: AppState,
    caller: Caller,
    id: String,
}

impl Live {
    /// The next cursor to announce, or `None` when the stream must end.
    async fn next(&mut self) -> Option<u64> {
        if let Some(cursor) = self.pending.take() {
            self.announced = cursor;
            return Some(cursor);
        }
        let mut recheck = tokio::time::interval(RECHECK);
        recheck.tick().await;
        loop {
            if *self.stopping.borrow() {
                return None;
            }
            let cursor = tokio::select! {
                _ = self.stopping.changed() => return None,
                _ = recheck.tick() => {
                    allowed(&self.state, &self.caller, &self.id).await.ok()?;
                    continue;
                }
                received = self.changes.recv() => match received {
                    Ok((coalition, cursor)) if coalition == self.id && cursor > self.announced => cursor,
                    Ok(_) => continue,
                    // Missed some: one event with a pull covers them all.
                    Err(RecvError::Lagged(_)) => 0,
                    Err(RecvError::Closed) => return None,
                },
            };
            allowed(&self.state, &self.caller, &self.id).await.ok()?;
            self.announced = self.announced.max(cursor);
            return Some(cursor);
        }
    }
}

fn event(cursor: u64) -> Result<Event, Infallible> {
    let data = serde_json::to_string(&Changed { cursor }).expect("a cursor serializes");
    Ok(Event::default().event(CHANGED).data(data))
}
