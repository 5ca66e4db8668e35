//! The OpenAPI document, generated from the code: [`super::routes`] declares each route once,
//! for the router and for the document, each handler's `#[utoipa::path]` lists what it can
//! answer, and every schema is derived from the type that is serialized (or read). Built once,
//! then served as is.

use std::sync::LazyLock;

use axum::http::{header, Method};
use axum::response::IntoResponse;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{OpenApiVersion, Ref, RefOr};
use utoipa::OpenApi;

use super::events::StreamEvent;
use crate::auth::CSRF_HEADER;
use crate::error::{ErrorBody, Refused, Throttled};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cairn server API",
        version = "1.0.0",
        description = "Sync API of a coalition's shared Cairn. Writes are acknowledged only once on disk; ARCHITECTURE.md describes the protocol.\n\n\
            Every route but health, this document, set-up, sign-in and invites needs a signed-in session (the `session` cookie). \
            Every POST, PUT and DELETE needs the `x-cairn-csrf` header (any value), and is refused with 403 `cross_site` without it or from another site's page.\n\n\
            Every refusal, whatever refused it, is JSON of the `Error` schema at a status the operation lists. \
            A path under /api/v1 that names no route is answered 404 `not_found`; a method a path does not list is answered 405 `method_not_allowed`, with an `Allow` header naming the ones it takes. \
            Every GET also answers HEAD. A request body is read as JSON whatever its Content-Type says.",
    ),
    components(schemas(ErrorBody, StreamEvent), responses(Refused, Throttled)),
    tags(
        (name = "server", description = "The server itself"),
        (name = "accounts", description = "Setting up, signing in and out, passwords"),
        (name = "members", description = "A coalition's members and invites"),
        (name = "coalitions", description = "Listing and uploading coalitions"),
        (name = "sync", description = "Push, pull, live updates and single values"),
    ),
)]
struct ApiDoc;

/// The document, from the same route declarations the router is built from.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, routes) = super::routes().split_for_parts();
    let mut doc = ApiDoc::openapi().nest(super::PREFIX, routes);
    doc.openapi = OpenApiVersion::Version32;
    conventions(&mut doc);
    doc
}

/// The rules every route follows, applied here from the one place that enforces them: the
/// same-origin check ([`crate::auth::same_origin`]) refuses a write without the CSRF header
/// with 403.
fn conventions(doc: &mut utoipa::openapi::OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.security_schemes.insert(
        "session".into(),
        RefOr::T(SecurityScheme::ApiKey(ApiKey::Cookie(
            ApiKeyValue::with_description(
                crate::auth::session::COOKIE,
                "Set by signing in; HttpOnly, SameSite=Strict, Secure over TLS",
            ),
        ))),
    );
    components.security_schemes.insert(
        "csrf".into(),
        RefOr::T(SecurityScheme::ApiKey(ApiKey::Header(
            ApiKeyValue::with_description(
                CSRF_HEADER,
                "Required (any value) on every POST, PUT and DELETE",
            ),
        ))),
    );
    for item in doc.paths.paths.values_mut() {
        let every = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
        ];
        for operation in every.into_iter().flatten() {
            summarised(operation);
        }
        let writes = [&mut item.post, &mut item.put, &mut item.delete];
        for operation in writes.into_iter().flatten() {
            refuses(operation, "403");
            csrf(operation);
            // A body that stops arriving is cut off after the body timeout (`serve.rs`).
            if operation.request_body.is_some() {
                refuses(operation, "408");
            }
        }
    }
}

/// A handler's doc comment, written for its readers, as an operation's short summary (its first
/// sentence) and its description (all of it), without rustdoc's link brackets.
fn summarised(operation: &mut Operation) {
    let Some(text) = operation.summary.take() else {
        return;
    };
    let text = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("[`", "`")
        .replace("`]", "`");
    let first = match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text.clone(),
    };
    if first != text && operation.description.is_none() {
        operation.description = Some(text);
    }
    operation.summary = Some(first);
}

fn refuses(operation: &mut Operation, status: &str) {
    operation
        .responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Refused")));
}

/// A write needs the CSRF header besides whatever else it needs.
fn csrf(operation: &mut Operation) {
    let needs = operation.security.take().unwrap_or_default();
    let needs = if needs.is_empty() {
        vec![SecurityRequirement::new::<&str, [&str; 0], &str>(
            "csrf",
            [],
        )]
    } else {
        needs
            .into_iter()
            .map(|r| r.add::<&str, [&str; 0], &str>("csrf", []))
            .collect()
    };
    operation.security = Some(needs);
}

/// The document as served: built on first use, then the same bytes every time.
pub static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    openapi()
        .to_json()
        .expect("the OpenAPI document serializes")
});

/// This document.
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi", tag = "server",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)))]
pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

/// The answer to a method a route does not take: 405 with the JSON error (axum adds `Allow`).
pub async fn method_not_allowed(method: Method) -> crate::error::ApiError {
    crate::error::ApiError::MethodNotAllowed(method.to_string())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    #[test]
    fn the_document_builds_with_one_id_per_operation_and_the_error_schema_for_every_refusal() {
        let doc: Value = serde_json::from_str(&super::DOCUMENT).unwrap();
        assert_eq!(doc["openapi"], "3.2.0");
        let mut ids = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            assert!(path.starts_with(super::super::PREFIX), "{path}");
            for (method, operation) in item.as_object().unwrap() {
                let id = operation["operationId"].as_str().unwrap();
                assert!(ids.insert(id.to_string()), "{id} twice");
                for (status, response) in operation["responses"].as_object().unwrap() {
                    if status.starts_with('4') || status.starts_with('5') {
                        let expected = if status == "429" {
                            "#/components/responses/Throttled"
                        } else {
                            "#/components/responses/Refused"
                        };
                        assert_eq!(response["$ref"], expected, "{method} {path} {status}");
                    }
                }
                if method != "get" {
                    assert!(
                        operation["responses"].get("403").is_some(),
                        "{method} {path}"
                    );
                }
            }
        }
        let refused = &doc["components"]["responses"]["Refused"];
        assert_eq!(
            refused["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
    }
}
