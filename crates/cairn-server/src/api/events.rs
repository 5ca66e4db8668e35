//! Live updates: a server-sent events stream that says "there is something to pull".

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path as UrlPath, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;

use super::{coalition_id, AppState};
use crate::auth::{access, Caller};
use crate::error::ApiError;

/// Sends `changed` with the new cursor each time the coalition's sequence moves, starting with
/// the current one. The stream ends when the server shuts down, so shutdown never waits on it.
pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
    UrlPath(id): UrlPath<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let id = coalition_id(&id)?;
    let coalition = id.clone();
    let first = state
        .reads
        .with(move |conn| {
            access::grant(conn, caller.account(conn)?.id, &coalition)?;
            crate::reads::sequence(conn, &coalition)
        })
        .await?;
    let changes = state.changed.subscribe();
    let stopping = state.stopping.clone();
    let events = stream::unfold(
        (Some(first), changes, stopping, id),
        |(pending, mut changes, mut stopping, id)| async move {
            if let Some(cursor) = pending {
                return Some((event(cursor), (None, changes, stopping, id)));
            }
            loop {
                if *stopping.borrow() {
                    return None;
                }
                tokio::select! {
                    _ = stopping.changed() => return None,
                    received = changes.recv() => match received {
                        Ok((coalition, cursor)) if coalition == id => {
                            return Some((event(cursor), (None, changes, stopping, id)));
                        }
                        Ok(_) => {}
                        // Missed some: one event with a pull covers them all.
                        Err(RecvError::Lagged(_)) => {
                            return Some((event(0), (None, changes, stopping, id)));
                        }
                        Err(RecvError::Closed) => return None,
                    },
                }
            }
        },
    );
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn event(cursor: u64) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("changed")
        .data(format!("{{\"cursor\":{cursor}}}")))
}
