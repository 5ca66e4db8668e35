//! The server's API as the browser calls it.

use cairn_core::sync::{Pull, Push, PushReply};
use cairn_core::Document;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::Link;

/// Why a request did not succeed.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpError {
    /// The server could not be reached (no network, or the server is down).
    Offline,
    /// The server answered with an error: its message says what to do.
    Refused { status: u16, message: String },
}

impl HttpError {
    pub fn message(&self) -> String {
        match self {
            HttpError::Offline => "The server cannot be reached right now.".into(),
            HttpError::Refused { message, .. } => message.clone(),
        }
    }
}

/// A coalition on a server, as listed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Listed {
    pub id: String,
    pub name: String,
}

fn api(server: &str, path: &str) -> String {
    format!("{}/api/v1{path}", server.trim_end_matches('/'))
}

async fn read<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, HttpError> {
    let response = response.map_err(|_| HttpError::Offline)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| HttpError::Offline)?;
    if response.ok() {
        return serde_json::from_str(&text).map_err(|e| HttpError::Refused {
            status,
            message: format!(
                "The server's answer could not be read ({e}). Is this address a Cairn server?"
            ),
        });
    }
    if status == 503 || status == 502 || status == 504 {
        return Err(HttpError::Offline);
    }
    let message = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| {
            format!("The server answered {status}. Is this address a Cairn server?")
        });
    Err(HttpError::Refused { status, message })
}

async fn post<T: DeserializeOwned>(url: &str, body: String) -> Result<T, HttpError> {
    let request = Request::post(url)
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| HttpError::Refused {
            status: 0,
            message: e.to_string(),
        })?;
    read(request.send().await).await
}

pub async fn list(server: &str) -> Result<Vec<Listed>, HttpError> {
    read(Request::get(&api(server, "/coalitions")).send().await).await
}

pub async fn upload(
    server: &str,
    id: &str,
    doc: &Document,
) -> Result<serde_json::Value, HttpError> {
    // Written as text around the saved document, so the document is serialized only once.
    let body = format!(
        r#"{{"id":{},"document":{}}}"#,
        serde_json::Value::String(id.to_string()),
        cairn_core::format::save(doc)
    );
    post(&api(server, "/coalitions"), body).await
}

pub async fn push(link: &Link, push: &Push) -> Result<PushReply, HttpError> {
    let url = api(
        &link.server,
        &format!("/coalitions/{}/push", link.coalition),
    );
    post(&url, serde_json::to_string(push).expect("pushes serialize")).await
}

pub async fn pull(link: &Link, cursor: u64) -> Result<Pull, HttpError> {
    let url = api(
        &link.server,
        &format!("/coalitions/{}/pull?cursor={cursor}", link.coalition),
    );
    read(Request::get(&url).send().await).await
}

/// The address of the coalition's live-update stream.
pub fn events_url(link: &Link) -> String {
    api(
        &link.server,
        &format!("/coalitions/{}/events", link.coalition),
    )
}
