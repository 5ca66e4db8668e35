//! Accepting connections, with the limits a public server needs: a client that sends nothing,
//! or sends slowly, is cut off, and the number of open connections is bounded below the open
//! file limit, so no crowd of silent clients can keep members (or the health check) out.
//!
//! axum's own `serve` sets no timeouts, so this is the accept loop, on hyper directly: HTTP/1.1
//! (what the app and every proxy speak to the server), with
//! - a deadline for a request's head, which also closes a keep-alive connection that stays idle
//!   that long (hyper starts the same timer while it waits for the next request);
//! - a deadline for a request's body ([`RequestBodyTimeoutLayer`]), answered with 408
//!   ([`crate::error::ApiError::TooSlow`]);
//! - at most [`Limits::connections`] connections open at once: past that, new ones wait in the
//!   listen queue until one closes.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// The limits on connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's head, and how long a kept-alive
    /// connection may stay idle.
    pub head: Duration,
    /// How long a client may take to send a request's body.
    pub body: Duration,
    /// How many connections may be open at once.
    pub connections: usize,
}

/// Ten seconds for a request's head (and for an idle keep-alive connection): far more than any
/// real client needs, short enough that silent connections do not pile up.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A minute for a body: the largest upload (64 MiB) at about 9 Mbit/s.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// The most connections open at once, unless the open file limit is lower.
pub const MAX_CONNECTIONS: usize = 10_000;
/// File descriptors kept free for the database, the app's files and the log.
const RESERVED_FILES: usize = 128;

/// Raises this process's soft limit on open files to its hard limit, and returns the number of
/// connections that fit under it: `wanted`, or fewer if the limit is lower.
pub fn fitting_connections(wanted: usize) -> usize {
    let files = raise_open_file_limit();
    wanted.min(files.saturating_sub(RESERVED_FILES)).max(1)
}

#[cfg(unix)]
fn raise_open_file_limit() -> usize {
    // SAFETY: getrlimit and setrlimit only read and write the struct passed by pointer.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        let target = limit.rlim_max.min(1 << 20);
        if limit.rlim_cur < target {
            let raised = libc::rlimit {
                rlim_cur: target,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = target;
            }
        }
        limit.rlim_cur as usize
    }
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> usize {
    MAX_CONNECTIONS + RESERVED_FILES
}

/// Serves `app` on `listener` until `stop` resolves, then stops accepting, lets the open
/// connections finish their requests, and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl std::future::Future<Output = ()>,
) {
    let open = Arc::new(Semaphore::new(limits.connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.head)
        .keep_alive(true);
    let router = tower::ServiceBuilder::new()
        .layer(RequestBodyTimeoutLayer::new(limits.body))
        .service(app);
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors, most likely: wait for some to close instead of spinning.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that stops talking (or breaks off) ends its connection: not an error
            // of the server's.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    // Requests in flight finish; live-update streams end on their own when the server stops.
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections were still open after 30 seconds: closing them");
    }
}
