//! What every handler shares: the one value axum hands to extractors and handlers, so `api`
//! (the routes) and `auth` (the extractors) both depend on it and never on each other.

use std::sync::Arc;

use tokio::sync::{broadcast, watch};

use crate::reads::Reads;
use crate::writer::{Changed, Writer};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub auth: Arc<crate::auth::Auth>,
    pub writer: Arc<Writer>,
    pub reads: Arc<Reads>,
    pub snapshots: Arc<crate::snapshots::Snapshots>,
    pub changed: broadcast::Sender<Changed>,
    /// Turns true when the server starts shutting down, so live-update streams end.
    pub stopping: watch::Receiver<bool>,
}
