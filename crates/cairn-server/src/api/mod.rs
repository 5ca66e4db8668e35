//! The HTTP API under `/api/v1`, and the built app on the same origin.

mod accounts;
mod coalitions;
mod events;
mod members;
pub mod openapi;
pub mod params;
mod report_card;
mod sync;

use std::path::PathBuf;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use utoipa::ToSchema;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::error::{ApiError, Refused};
use crate::state::AppState;

/// The largest push body accepted: far above 500 real mutations.
pub const PUSH_LIMIT: usize = 1024 * 1024;
/// The largest body of the account, member and invite routes: a few short fields.
pub const ACCOUNT_LIMIT: usize = 16 * 1024;
/// The largest coalition upload accepted.
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

/// Where the API is served.
pub const PREFIX: &str = "/api/v1";

/// Every route of the API, each declared once with its handler (whose `#[utoipa::path]` says
/// its path and method): [`router`] serves them, [`openapi::openapi`] documents them.
pub fn routes() -> OpenApiRouter<AppState> {
    let accounts = OpenApiRouter::new()
        .routes(routes!(accounts::setup_needed, accounts::setup))
        .routes(routes!(accounts::sign_in, accounts::sign_out))
        .routes(routes!(accounts::sign_out_everywhere))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::change_password))
        .routes(routes!(members::list))
        .routes(routes!(members::remove, members::set_role))
        .routes(routes!(members::invite))
        .routes(routes!(members::accept))
        .routes(routes!(members::offer))
        .layer(DefaultBodyLimit::max(ACCOUNT_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(openapi::document))
        .merge(accounts)
        .routes(
            routes!(coalitions::list, coalitions::create)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .routes(routes!(sync::push).layer(DefaultBodyLimit::max(PUSH_LIMIT)))
        .routes(routes!(sync::pull))
        .routes(routes!(events::stream))
        .routes(routes!(sync::cell))
        .routes(
            routes!(
                report_card::publish,
                report_card::status,
                report_card::unpublish
            )
            .layer(DefaultBodyLimit::max(ACCOUNT_LIMIT)),
        )
}

/// The whole application: the API, and the built app's files from `app_dir`.
pub fn router(state: AppState, app_dir: PathBuf) -> Router {
    let auth = state.auth.clone();
    let state_for_public = state.clone();
    let (api, _) = routes().split_for_parts();
    let api = api
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(openapi::method_not_allowed)
        .with_state(state);
    let files = crate::app_files::service(&app_dir);
    let shell = crate::shell::Shell::load(&app_dir);
    let page = shell.index.clone();
    let init = shell.init.clone();
    let public = crate::public::routes().with_state(state_for_public);
    let mut app = Router::new()
        .nest(PREFIX, api)
        .nest(crate::report_cards::PUBLIC_PREFIX, public);
    if let Some(page) = page {
        let serve_page = move || {
            let page = page.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page) }
        };
        app = app
            .route("/", get(serve_page.clone()))
            .route("/index.html", get(serve_page));
    }
    if let Some(init) = init {
        app = app.route(
            crate::shell::INIT_PATH,
            get(move || {
                let init = init.clone();
                async move { ([(header::CONTENT_TYPE, "text/javascript")], init) }
            }),
        );
    }
    app.fallback_service(files)
        // Answers are compressed as the browser asks, quickly: the app's files are already
        // (precompressed at build time), and so are snapshots (`snapshots`); both carry a
        // Content-Encoding, which this layer leaves alone, as it leaves event streams.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4)),
        )
        .layer(middleware::from_fn(crate::app_files::cache_control))
        .layer(middleware::from_fn_with_state(
            auth,
            crate::auth::same_origin,
        ))
        .layer(middleware::from_fn(secure))
        .layer(middleware::from_fn(log))
}

/// The policy every response carries but the public pages' ([`crate::public::policy`]): the app's own scripts (and WebAssembly) only, no inline
/// script, no framing, no plugins, no sniffing, no referrer sent elsewhere. Style attributes are
/// the one inline thing allowed: plotters measures chart text with a styled element, and no
/// member's text ever reaches a style attribute; style sheets stay the app's own.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn secure(request: Request, next: Next) -> Response {
    // Every API answer may carry members' data (or sessions): no cache, shared or private,
    // may keep it.
    let api = request.uri().path().starts_with("/api/");
    let public = crate::public::policy(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if api {
        headers.insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    let set = |headers: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, axum::http::HeaderValue::from_static(value));
    };
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "no-referrer");
    match public {
        None => set(headers, "content-security-policy", CONTENT_SECURITY_POLICY),
        Some((policy, _)) => set(headers, "content-security-policy", policy),
    }
    // An embeddable chart may be framed by any site (its policy's frame-ancestors says so);
    // nothing else may, in browsers that read only this older header too.
    if !matches!(public, Some((_, true))) {
        set(headers, "x-frame-options", "DENY");
    }
    response
}

/// The server's state: up only while writes can be taken.
#[derive(Serialize, ToSchema)]
struct Health {
    status: Up,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum Up {
    Ok,
}

/// Whether the server can take writes.
#[utoipa::path(get, path = "/health", operation_id = "health", tag = "server",
    responses(
        (status = 200, description = "Up", body = Health),
        (status = 503, response = Refused),
    ))]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    if state.writer.is_running() {
        Ok(Json(Health { status: Up::Ok }))
    } else {
        Err(ApiError::Unavailable)
    }
}

/// One structured log line per request.
async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = redacted(request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// The path as logged: an invite's token is a secret, so it never reaches the log.
fn redacted(path: &str) -> String {
    match path.strip_prefix("/api/v1/invites/") {
        Some(rest) if rest != "accept" => "/api/v1/invites/…".to_string(),
        _ => path.to_string(),
    }
}

/// Reads a JSON body into `T`, turning every way it can fail into a clear 4xx.
pub fn json_body<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    limit: usize,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge { limit }
        } else if timed_out(&e) {
            ApiError::TooSlow
        } else {
            ApiError::WrongShape(e.body_text())
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            ApiError::MalformedJson(e.to_string())
        } else {
            ApiError::WrongShape(e.to_string())
        }
    })
}

/// Whether reading the body failed because it did not arrive within the body timeout
/// ([`crate::serve`]).
fn timed_out(e: &BytesRejection) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = source {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = error.source();
    }
    false
}

/// Returns the coalition id if and only if it is 1 to 40 lower-case letters, digits and `-`.
pub fn coalition_id(text: &str) -> Result<String, ApiError> {
    let ok = !text.is_empty()
        && text.len() <= 40
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(text.to_string())
    } else {
        Err(ApiError::InvalidCoalitionId)
    }
}
