//! The server's API as the browser calls it.

use cairn_core::sync::{Pull, Push, PushReply};
use cairn_core::{Document, Grant};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use crate::state::{Account, Link};

/// Why a request did not succeed.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpError {
    /// The server could not be reached (no network, or the server is down).
    Offline,
    /// The server answered with an error: its message says what to do.
    Refused { status: u16, message: String },
    /// The member is not signed in (or their session ended).
    SignedOut(String),
}

impl HttpError {
    pub fn message(&self) -> String {
        match self {
            HttpError::Offline => "The server cannot be reached right now.".into(),
            HttpError::Refused { message, .. } | HttpError::SignedOut(message) => message.clone(),
        }
    }
}

/// A coalition on a server, as listed, with the member's role in it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub grant: Grant,
}

/// The answer of `/me` and of signing in.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Me {
    pub account: Account,
    pub coalitions: Vec<Listed>,
}

/// A coalition member, as administrators see the list.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub partner: Option<String>,
}

#[derive(Deserialize)]
struct Members {
    members: Vec<MemberRow>,
}

/// A new invite link.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Invited {
    pub path: String,
    pub expires_at: String,
    /// The address the link works for.
    pub email: String,
}

/// What an invite offers.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Offer {
    pub coalition: String,
    pub coalition_name: String,
    #[serde(flatten)]
    pub grant: Grant,
    /// The address the invite is for.
    pub email: String,
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
    Err(refusal(status, &text))
}

/// The error an unsuccessful answer stands for.
fn refusal(status: u16, text: &str) -> HttpError {
    if status == 503 || status == 502 || status == 504 {
        return HttpError::Offline;
    }
    let message = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| {
            format!("The server answered {status}. Is this address a Cairn server?")
        });
    if status == 401 {
        return HttpError::SignedOut(message);
    }
    HttpError::Refused { status, message }
}

/// Sends a write, with a JSON body if given. Every write carries the header the server
/// requires of Cairn's own pages (CSRF).
async fn send_write(
    method: &str,
    url: &str,
    body: Option<String>,
) -> Result<Response, gloo_net::Error> {
    let builder = match method {
        "DELETE" => Request::delete(url),
        "PUT" => Request::put(url),
        _ => Request::post(url),
    }
    .header("x-cairn-csrf", "1");
    match body {
        Some(body) => {
            builder
                .header("content-type", "application/json")
                .body(body)?
                .send()
                .await
        }
        None => builder.send().await,
    }
}

async fn post<T: DeserializeOwned>(url: &str, body: String) -> Result<T, HttpError> {
    read(send_write("POST", url, Some(body)).await).await
}

/// A write whose answer has no body.
async fn send_empty(method: &str, url: &str, body: Option<String>) -> Result<(), HttpError> {
    let response = send_write(method, url, body)
        .await
        .map_err(|_| HttpError::Offline)?;
    if response.ok() {
        return Ok(());
    }
    let text = response.text().await.unwrap_or_default();
    Err(refusal(response.status(), &text))
}

/// The signed-in member; [`HttpError::SignedOut`] if nobody is.
pub async fn me(server: &str) -> Result<Me, HttpError> {
    /// `/me`'s answer: `account` is null when nobody is signed in.
    #[derive(Deserialize)]
    struct Whoami {
        account: Option<Account>,
        coalitions: Vec<Listed>,
    }
    let whoami: Whoami = read(Request::get(&api(server, "/me")).send().await).await?;
    match whoami.account {
        Some(account) => Ok(Me {
            account,
            coalitions: whoami.coalitions,
        }),
        None => Err(HttpError::SignedOut(
            "Sign in to this server first: you have not signed in, or your session has ended."
                .into(),
        )),
    }
}

/// Whether this page was served by a Cairn server (which marks it), so there is an API here to
/// ask; on a static host there is none, and asking would only log an error.
pub fn served_by_cairn() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=\"cairn-server\"]")
                .ok()
                .flatten()
        })
        .is_some()
}

/// Whether the server waits for its first administrator.
pub async fn setup_needed(server: &str) -> Result<bool, HttpError> {
    let answer: serde_json::Value = read(Request::get(&api(server, "/setup")).send().await).await?;
    Ok(answer["needed"].as_bool().unwrap_or(false))
}

pub async fn setup(
    server: &str,
    code: &str,
    email: &str,
    name: &str,
    password: &str,
) -> Result<Me, HttpError> {
    let body = json!({ "code": code, "email": email, "name": name, "password": password });
    post(&api(server, "/setup"), body.to_string()).await
}

pub async fn sign_in(server: &str, email: &str, password: &str) -> Result<Me, HttpError> {
    let body = json!({ "email": email, "password": password });
    post(&api(server, "/session"), body.to_string()).await
}

pub async fn sign_out(server: &str) -> Result<(), HttpError> {
    send_empty("DELETE", &api(server, "/session"), None).await
}

pub async fn sign_out_everywhere(server: &str) -> Result<(), HttpError> {
    send_empty("POST", &api(server, "/session/everywhere"), None).await
}

pub async fn change_password(server: &str, current: &str, new: &str) -> Result<(), HttpError> {
    let body = json!({ "current": current, "new": new });
    send_empty("POST", &api(server, "/password"), Some(body.to_string())).await
}

pub async fn members(link: &Link) -> Result<Vec<MemberRow>, HttpError> {
    let url = api(
        &link.server,
        &format!("/coalitions/{}/members", link.coalition),
    );
    let members: Members = read(Request::get(&url).send().await).await?;
    Ok(members.members)
}

pub async fn remove_member(link: &Link, member: i64) -> Result<(), HttpError> {
    let url = api(
        &link.server,
        &format!("/coalitions/{}/members/{member}", link.coalition),
    );
    send_empty("DELETE", &url, None).await
}

pub async fn set_role(link: &Link, member: i64, grant: &Grant) -> Result<(), HttpError> {
    let url = api(
        &link.server,
        &format!("/coalitions/{}/members/{member}", link.coalition),
    );
    let body = serde_json::to_string(grant).expect("grants serialize");
    send_empty("PUT", &url, Some(body)).await
}

/// Makes an invite link for the person with address `email`, with `grant`.
pub async fn invite(link: &Link, grant: &Grant, email: &str) -> Result<Invited, HttpError> {
    let url = api(
        &link.server,
        &format!("/coalitions/{}/invites", link.coalition),
    );
    let mut body = serde_json::to_value(grant).expect("grants serialize");
    body["email"] = json!(email);
    post(&url, body.to_string()).await
}

pub async fn offer(server: &str, token: &str) -> Result<Offer, HttpError> {
    read(
        Request::get(&api(server, &format!("/invites/{token}")))
            .send()
            .await,
    )
    .await
}

/// Accepts an invite: into the signed-in account if `name` and `password` are empty, else into
/// a new account of the invite's address.
pub async fn accept(
    server: &str,
    token: &str,
    name: &str,
    password: &str,
) -> Result<Me, HttpError> {
    let body = json!({ "token": token, "name": name, "password": password });
    post(&api(server, "/invites/accept"), body.to_string()).await
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

/// A published report card, as the server describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReportCard {
    pub published_at: String,
    pub data_as_of: Option<String>,
    pub published_by: String,
    /// Its address on the server, such as `/public/teen-futures/`.
    pub address: String,
    pub publication: cairn_core::publication::Publication,
    pub embeds: Vec<Embed>,
}

/// One embeddable chart of a card.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Embed {
    pub title: String,
    pub address: String,
}

fn card_url(link: &Link) -> String {
    api(
        &link.server,
        &format!("/coalitions/{}/report-card", link.coalition),
    )
}

/// The coalition's published report card; `None` if none is published.
pub async fn report_card(link: &Link) -> Result<Option<ReportCard>, HttpError> {
    match read(Request::get(&card_url(link)).send().await).await {
        Ok(card) => Ok(Some(card)),
        Err(HttpError::Refused { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Publishes `publication` as the coalition's report card, from the server's copy of its data.
pub async fn publish_card(
    link: &Link,
    publication: &cairn_core::publication::Publication,
) -> Result<ReportCard, HttpError> {
    let body = serde_json::to_string(publication).expect("publications serialize");
    read(send_write("PUT", &card_url(link), Some(body)).await).await
}

/// Takes the coalition's report card down.
pub async fn unpublish_card(link: &Link) -> Result<(), HttpError> {
    send_empty("DELETE", &card_url(link), None).await
}
