//! Publishing a coalition's public report card, reading what is published, and taking it
//! down. The pages themselves are served outside the API ([`crate::public`]).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cairn_core::publication::Publication;
use cairn_report::card::{folder, utc_text, Published};

use super::params::{InCoalition, Path as UrlPath};
use super::{coalition_id, json_body, ACCOUNT_LIMIT};
use crate::auth::{access, Signed};
use crate::error::{ApiError, Refused};
use crate::report_cards::{self, ReportCard, Snapshot};
use crate::state::AppState;

/// What to publish: a report template, and whether partners' own values are shown.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)] // The shape the document describes; the body is read as a `Publication`.
struct PublicationBody {
    /// A funder report template, as saved on the coalition (`reports`).
    #[schema(value_type = Object)]
    template: serde_json::Value,
    /// Whether each partner's own values are shown beside the coalition's; false if left out.
    partner_values: Option<bool>,
}

/// Publishes the coalition's report card from its data as it is now, replacing the card
/// published before (if any). Only the coalition's administrators may.
#[utoipa::path(put, path = "/coalitions/{id}/report-card", operation_id = "publishReportCard",
    tag = "report card", security(("session" = [])),
    params(InCoalition), request_body = PublicationBody,
    responses(
        (status = 200, description = "Published", body = ReportCard),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 413, response = Refused), (status = 422, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn publish(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ReportCard>, ApiError> {
    let id = coalition_id(&id)?;
    let publication: Publication = json_body(body, ACCOUNT_LIMIT)?;
    publication.validate()?;
    let member = account.id;
    let reading = id.clone();
    // The card is rendered from one consistent read of the rows, outside the writer, so a large
    // coalition's rendering never holds up anyone's writes.
    let doc = state
        .reads
        .with(move |conn| {
            access::administer(conn, member, &reading)?;
            match crate::writer::load_document(conn, &reading)? {
                None => Err(ApiError::UnknownCoalition(reading)),
                Some(Err(why)) => Err(ApiError::Damaged(why)),
                Some(Ok(doc)) => Ok(doc),
            }
        })
        .await?;
    let published_at = crate::time::now_rfc3339();
    let data_as_of = doc.latest_entry().map(str::to_string);
    let when = Published::written(&published_at, data_as_of.as_deref(), utc_text);
    let pages = folder(&doc, &publication, &when, cairn_report::STYLE)?
        .into_iter()
        .map(|f| (f.path, f.title, f.html))
        .collect();
    let snapshot = Snapshot {
        publication: serde_json::to_string(&publication).map_err(|_| ApiError::Unavailable)?,
        published_at,
        data_as_of,
        published_by: account.name.clone(),
        pages,
    };
    let writing = id.clone();
    let card = state
        .writer
        .exec(move |tx| {
            // Checked again where it is written: a role taken away meanwhile takes effect.
            access::administer(tx, member, &writing)?;
            report_cards::replace(tx, &writing, &snapshot)?;
            report_cards::published(tx, &writing)?.ok_or(ApiError::Unavailable)
        })
        .await?;
    tracing::info!(coalition = id, "report card published");
    Ok(Json(card))
}

/// The coalition's published report card: when, by whom, from what, and its addresses. Any
/// member may read it.
#[utoipa::path(get, path = "/coalitions/{id}/report-card", operation_id = "reportCard",
    tag = "report card", security(("session" = [])),
    params(InCoalition),
    responses(
        (status = 200, description = "The card published", body = ReportCard),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn status(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
) -> Result<Json<ReportCard>, ApiError> {
    let id = coalition_id(&id)?;
    let card = state
        .reads
        .with(move |conn| {
            access::grant(conn, account.id, &id)?;
            report_cards::published(conn, &id)?.ok_or(ApiError::NoReportCard)
        })
        .await?;
    Ok(Json(card))
}

/// Takes the coalition's report card down at once: its pages answer 404 from then on. Only
/// the coalition's administrators may.
#[utoipa::path(delete, path = "/coalitions/{id}/report-card", operation_id = "unpublishReportCard",
    tag = "report card", security(("session" = [])),
    params(InCoalition),
    responses(
        (status = 204, description = "Taken down"),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn unpublish(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
) -> Result<StatusCode, ApiError> {
    let id = coalition_id(&id)?;
    let member = account.id;
    let writing = id.clone();
    let removed = state
        .writer
        .exec(move |tx| {
            access::administer(tx, member, &writing)?;
            report_cards::remove(tx, &writing)
        })
        .await?;
    if removed {
        tracing::info!(coalition = id, "report card taken down");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NoReportCard)
    }
}
