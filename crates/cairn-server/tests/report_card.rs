//! The public report card over real HTTP with a real SQLite file: published by an
//! administrator, read with no account, kept as published until published again, gone at once
//! when taken down, and framed only where it is meant to be.

mod common;

use cairn_core::publication::Publication;
use cairn_core::report::{report, ReportTemplate, Section, Selection};
use cairn_core::{sample, Document, Value as Reported};
use common::*;
use serde_json::{json, Value};

const ID: &str = "teen-futures";

fn started() -> (tempfile::TempDir, Server) {
    with_sample(ID)
}

fn template() -> ReportTemplate {
    ReportTemplate {
        measures: Selection::All,
        ..ReportTemplate::new("Report card", 2026)
    }
}

fn card_url(server: &Server) -> String {
    server.url(&format!("/api/v1/coalitions/{ID}/report-card"))
}

/// Publishes `publication` as the member of `cookie` (the administrator if `None`).
fn publish_as(server: &Server, cookie: Option<&str>, publication: &Value) -> (u16, Value) {
    let url = card_url(server);
    let cookie = cookie.map(str::to_string).or_else(|| admin_cookie(&url));
    let (status, answer, _) = send(
        "PUT",
        &url,
        Some(&publication.to_string()),
        cookie.as_deref(),
    );
    (status, answer)
}

fn publish(server: &Server, template: &ReportTemplate) -> Value {
    let (status, answer) = publish_as(server, None, &json!({ "template": template }));
    assert_eq!(status, 200, "{answer}");
    answer
}

/// Reads a public page as a stranger: no cookie, no CSRF header. Returns the status, the
/// headers asked for and the body.
fn stranger_reads(server: &Server, path: &str) -> (u16, Vec<Option<String>>, String) {
    let mut response = agent()
        .get(&server.url(path))
        .call()
        .expect("the request reaches the server");
    let headers = [
        "content-security-policy",
        "x-frame-options",
        "cache-control",
    ]
    .iter()
    .map(|h| {
        response
            .headers()
            .get(*h)
            .map(|v| v.to_str().unwrap().to_string())
    })
    .collect();
    let body = String::from_utf8(body_bytes(&mut response)).unwrap();
    (response.status().as_u16(), headers, body)
}

fn escaped(text: &str) -> String {
    cairn_report::esc(text)
}

#[test]
fn a_published_card_is_read_with_no_account_and_holds_the_reports_figures() {
    let (_dir, server) = started();
    let answer = publish(&server, &template());
    assert_eq!(answer["address"], format!("/public/{ID}/"));
    let (status, _, html) = stranger_reads(&server, &format!("/public/{ID}/"));
    assert_eq!(status, 200);
    let mut doc = sample::coalition();
    cairn_core::sync::canonical(&mut doc);
    let run = report(&doc, &Publication::coalition_only(template()).shown());
    assert!(run.dashboard.rows.len() > 3);
    for row in &run.dashboard.rows {
        assert!(
            html.contains(&escaped(&row.summary.sentence)),
            "{}",
            row.summary.sentence
        );
    }
    for line in &run.indicators {
        assert!(html.contains(&escaped(&line.actual)), "{}", line.actual);
    }
    assert!(html.contains("Published "));
    assert!(!html.contains("<script"));
    // The address without its slash leads to the card's folder, so its relative links work.
    let (status, _, _) = stranger_reads(&server, &format!("/public/{ID}"));
    assert_eq!(status, 200);
}

#[test]
fn the_card_stays_as_published_until_it_is_published_again() {
    let (_dir, server) = started();
    publish(&server, &template());
    let (_, _, before) = stranger_reads(&server, &format!("/public/{ID}/"));
    let mut member = Member::join(&server, ID, "editor");
    let doc: &Document = &member.doc;
    let (key, measure) = doc
        .observations
        .iter()
        .filter(|o| {
            let start = doc.coalition.fiscal_year_start;
            start.fiscal_year_of(o.period.last_month(start)) == 2026
        })
        .find_map(|o| {
            let m = doc.measure(&o.measure)?;
            matches!(o.value, Reported::Number(_)).then(|| (o.key(), m.title.clone()))
        })
        .expect("a counted value in FY2026");
    member.edit(|doc| {
        let mut o = doc.observations.get(&key).unwrap().clone();
        o.value = Reported::Number(987_654.0);
        doc.record(o).unwrap();
    });
    member.push(&server, ID);
    let (_, _, after_edit) = stranger_reads(&server, &format!("/public/{ID}/"));
    assert_eq!(
        before, after_edit,
        "the edit to {measure} reached the published card"
    );
    publish(&server, &template());
    let (_, _, republished) = stranger_reads(&server, &format!("/public/{ID}/"));
    assert_ne!(before, republished, "{measure}");
    let now = server_copy(&server, ID);
    let run = report(&now, &Publication::coalition_only(template()).shown());
    for row in &run.dashboard.rows {
        let table =
            cairn_core::table::coalition_table(&now, &now.measures[row.measure], &row.series);
        for cell in table.rows.iter().flatten() {
            assert!(republished.contains(&escaped(&cell.text)), "{}", cell.text);
        }
    }
}

#[test]
fn taking_the_card_down_makes_every_page_of_it_404_at_once() {
    let (_dir, server) = started();
    let answer = publish(&server, &template());
    let embed = answer["embeds"][0]["address"].as_str().unwrap().to_string();
    assert_eq!(stranger_reads(&server, &embed).0, 200);
    let (_, headers, _) = stranger_reads(&server, &format!("/public/{ID}/"));
    assert_eq!(headers[2].as_deref(), Some("no-cache"));
    let (status, _, _) = send(
        "DELETE",
        &card_url(&server),
        None,
        admin_cookie(&card_url(&server)).as_deref(),
    );
    assert_eq!(status, 204);
    assert_eq!(stranger_reads(&server, &format!("/public/{ID}/")).0, 404);
    assert_eq!(
        stranger_reads(&server, &format!("/public/{ID}/index.html")).0,
        404
    );
    assert_eq!(stranger_reads(&server, &embed).0, 404);
    let (status, answer) = get(&card_url(&server));
    assert_eq!(status, 404);
    assert_eq!(answer["error"]["code"], "no_report_card");
}

#[test]
fn only_the_embeds_may_be_framed_by_another_site() {
    let (_dir, server) = started();
    let answer = publish(&server, &template());
    let embeds = answer["embeds"].as_array().unwrap();
    assert_eq!(
        embeds.len(),
        report(&sample::coalition(), &template())
            .dashboard
            .rows
            .len()
    );
    let (status, headers, html) = stranger_reads(&server, embeds[0]["address"].as_str().unwrap());
    assert_eq!(status, 200);
    let policy = headers[0].as_deref().unwrap();
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert_eq!(headers[1], None);
    assert!(html.contains("<svg"));
    for path in [
        format!("/public/{ID}/"),
        "/".to_string(),
        "/api/v1/health".to_string(),
    ] {
        let (_, headers, _) = stranger_reads(&server, &path);
        let policy = headers[0].as_deref().unwrap();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_eq!(headers[1].as_deref(), Some("DENY"), "{path}");
    }
}

#[test]
fn only_an_administrator_may_publish_or_take_down_and_any_member_may_see_what_is_published() {
    let (_dir, server) = started();
    let editor = invited(&server, ID, "editor", Some("SCI"), "Eve");
    let body = json!({ "template": template() });
    let (status, answer) = publish_as(&server, Some(&editor), &body);
    assert_eq!(status, 403, "{answer}");
    assert_eq!(stranger_reads(&server, &format!("/public/{ID}/")).0, 404);
    publish(&server, &template());
    let (status, _, _) = send("DELETE", &card_url(&server), None, Some(&editor));
    assert_eq!(status, 403);
    let (status, seen, _) = send("GET", &card_url(&server), None, Some(&editor));
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["publication"]["partner_values"], false);
    let (status, _, _) = send("PUT", &card_url(&server), Some(&body.to_string()), None);
    assert_eq!(status, 401);
}

#[test]
fn a_card_that_would_show_no_figures_is_refused_with_the_reason() {
    let (_dir, server) = started();
    let mut lists = template();
    lists.sections = vec![Section::Activities, Section::Partners];
    let (status, answer) = publish_as(&server, None, &json!({ "template": lists }));
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("chart"));
    let (status, _) = publish_as(&server, None, &json!({ "template": "a year" }));
    assert_eq!(status, 400);
}
