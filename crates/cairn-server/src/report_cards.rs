//! Public report cards as stored: each coalition has at most one, a snapshot of the pages
//! rendered when it was published (`cairn_report::card::folder`), served as they are until an
//! administrator publishes again or takes it down. Nothing here renders or computes.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;

/// The address under which every coalition's card is served: `/public/<coalition>/`.
pub const PUBLIC_PREFIX: &str = "/public";

/// A published card, as the app shows it to the coalition's members.
#[derive(Serialize, ToSchema)]
pub struct ReportCard {
    /// When it was published, in UTC (RFC 3339).
    pub published_at: String,
    /// When the latest value it holds was entered, if any was.
    pub data_as_of: Option<String>,
    /// Who published it.
    pub published_by: String,
    /// Its address on this server, such as `/public/teen-futures/`.
    pub address: String,
    /// What it was published from (a `Publication`: a report template and whether partners'
    /// values are shown).
    #[schema(value_type = Object)]
    pub publication: serde_json::Value,
    /// Each chart a partner's website may embed, in the card's order.
    pub embeds: Vec<Embed>,
}

/// One embeddable chart of a card.
#[derive(Serialize, ToSchema)]
pub struct Embed {
    /// The page's title, for the frame's `title`.
    pub title: String,
    /// Its address on this server, such as `/public/teen-futures/embed/ed-grad.html`.
    pub address: String,
}

/// A card to store: who published it, when, from what, and its pages (path, title, HTML) in
/// the card's order.
pub struct Snapshot {
    pub publication: String,
    pub published_at: String,
    pub data_as_of: Option<String>,
    pub published_by: String,
    pub pages: Vec<(String, String, String)>,
}

/// The address of `coalition`'s card, or of one of its pages.
pub fn address(coalition: &str, path: &str) -> String {
    let path = if path == cairn_report::card::INDEX {
        ""
    } else {
        path
    };
    format!("{PUBLIC_PREFIX}/{coalition}/{path}")
}

/// Replaces `coalition`'s card (if any) with `card`, in one transaction: a reader sees the old
/// card or the new one, never a mix.
pub fn replace(tx: &Transaction, coalition: &str, card: &Snapshot) -> Result<(), ApiError> {
    remove(tx, coalition)?;
    tx.execute(
        "INSERT INTO report_cards (coalition, publication, published_at, data_as_of, published_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            coalition,
            card.publication,
            card.published_at,
            card.data_as_of,
            card.published_by
        ],
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO report_card_pages (coalition, path, position, title, html)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, (path, title, html)) in card.pages.iter().enumerate() {
        insert.execute(params![coalition, path, position as i64, title, html])?;
    }
    Ok(())
}

/// Takes `coalition`'s card down; returns whether there was one.
pub fn remove(tx: &Transaction, coalition: &str) -> Result<bool, ApiError> {
    tx.execute(
        "DELETE FROM report_card_pages WHERE coalition = ?1",
        [coalition],
    )?;
    Ok(tx.execute("DELETE FROM report_cards WHERE coalition = ?1", [coalition])? > 0)
}

/// `coalition`'s card, if one is published.
pub fn published(conn: &Connection, coalition: &str) -> Result<Option<ReportCard>, ApiError> {
    let card = conn
        .query_row(
            "SELECT publication, published_at, data_as_of, published_by FROM report_cards
             WHERE coalition = ?1",
            [coalition],
            |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((publication, published_at, data_as_of, published_by)) = card else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT path, title FROM report_card_pages WHERE coalition = ?1 AND path LIKE 'embed/%'
         ORDER BY position",
    )?;
    let embeds = stmt
        .query_map([coalition], |r| {
            Ok(Embed {
                address: address(coalition, &r.get::<_, String>(0)?),
                title: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(ReportCard {
        published_at,
        data_as_of,
        published_by,
        address: address(coalition, cairn_report::card::INDEX),
        publication: serde_json::from_str(&publication).unwrap_or(serde_json::Value::Null),
        embeds,
    }))
}

/// The HTML of the page at `path` of `coalition`'s card, if it is published.
pub fn page(conn: &Connection, coalition: &str, path: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT html FROM report_card_pages WHERE coalition = ?1 AND path = ?2",
            params![coalition, path],
            |r| r.get(0),
        )
        .optional()?)
}
