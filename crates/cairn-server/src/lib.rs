//! The Cairn server: one binary that serves the built app and a JSON sync API, and keeps every
//! coalition in one SQLite file.
//!
//! See ARCHITECTURE.md for the sync protocol; [`writer`] for how writes reach the disk.

pub mod api;
pub mod app_files;
pub mod auth;
pub mod config;
pub mod db;
pub mod encoding;
pub mod error;
pub mod public;
pub mod reads;
pub mod report_cards;
pub mod seed;
pub mod serve;
pub mod shell;
pub mod snapshots;
pub mod state;
pub mod time;
pub mod writer;

use std::sync::Arc;

use tokio::sync::{broadcast, watch};

use crate::config::Config;

/// Runs the server until SIGINT or SIGTERM, then stops taking requests, finishes the ones in
/// flight (and every write they queued), and returns.
pub async fn run(config: Config) -> Result<(), String> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        format!(
            "cannot create the data directory {}: {e}",
            config.data_dir.display()
        )
    })?;
    let file = config.data_dir.join("cairn.sqlite3");
    let (changed, _) = broadcast::channel(256);
    let writer = Arc::new(writer::Writer::start(
        &file,
        changed.clone(),
        config.keeping,
    )?);
    if config.seed_bench {
        seed_bench(&file, &writer).await?;
    }
    let (setup_code, device_key) = {
        let conn = db::open(&file).map_err(|e| e.to_string())?;
        let has_admin = auth::account::has_admin(&conn).map_err(|e| e.to_string())?;
        let device_key = auth::device::key(&conn).map_err(|e| e.to_string())?;
        ((!has_admin).then(auth::secret::setup_code), device_key)
    };
    let auth = Arc::new(auth::Auth {
        limiter: auth::limit::Limiter::default(),
        setup_code: std::sync::Mutex::new(setup_code.clone()),
        session_ttl: config.session_ttl,
        invite_ttl: config.invite_ttl,
        public_origin: config.public_url.as_deref().map(origin_of),
        hashing: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        ),
        proxies: config.trust_proxy.clone(),
        device_key,
    });
    let (stop, stopping) = watch::channel(false);
    let state = state::AppState {
        auth,
        writer: writer.clone(),
        reads: Arc::new(reads::Reads::new(file.clone())),
        snapshots: Arc::default(),
        changed,
        stopping,
    };
    if !config.app_dir.join("index.html").exists() {
        tracing::warn!(
            app_dir = %config.app_dir.display(),
            "the built app is not there: the API works, but the pages will not load (build it with `trunk build --release`)"
        );
    }
    let app = api::router(state, config.app_dir.clone());
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let limits = serve::Limits {
        connections: serve::fitting_connections(config.limits.connections),
        ..config.limits
    };
    if let Some(code) = &setup_code {
        // The one way to make the first administrator: whoever can read this log runs the
        // server. The code lives only in this process; a restart prints a new one.
        let site = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}"));
        println!(
            "Set-up code for the first administrator: {code} (open {site}/#/setup and enter it)"
        );
    }
    // Tests and scripts read this line to find the port, and know start-up output ends here.
    println!("Cairn server listening on http://{address}");
    tracing::info!(%address, data = %file.display(), "listening");
    tracing::info!(
        connections = limits.connections,
        head_timeout_s = limits.head.as_secs(),
        body_timeout_s = limits.body.as_secs(),
        "connection limits"
    );
    serve::serve(listener, app, limits, async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests in flight");
        let _ = stop.send(true);
    })
    .await;
    writer.stop();
    tracing::info!("stopped");
    Ok(())
}

/// The origin of an address: `https://cairn.example.org/app/` → `https://cairn.example.org`.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or(rest);
            format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            )
        }
        None => url.trim_end_matches('/').to_string(),
    }
}

async fn seed_bench(file: &std::path::Path, writer: &writer::Writer) -> Result<(), String> {
    let conn = db::open(file).map_err(|e| e.to_string())?;
    let exists = writer::load(&conn, seed::ID).map_err(|e| e.to_string())?;
    if let Some(Err(reason)) = &exists {
        return Err(format!("the benchmark coalition is damaged: {reason}"));
    }
    if exists.is_none() {
        writer
            .create(seed::ID.into(), seed::document(seed::RECORDS))
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(records = seed::RECORDS, "benchmark coalition created");
    }
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
