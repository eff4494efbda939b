//! Bad input of every kind answers 4xx in the problem shape — never 500, never HTML.

use reqwest::StatusCode;
use serde_json::json;
use xueshi_tests::{TestApp, expect_problem};

#[tokio::test]
async fn malformed_wrong_type_oversized_and_incomplete_bodies() {
    let app = TestApp::spawn().await;
    let login = app.url("/api/v1/auth/login");

    let resp = app
        .client
        .post(&login)
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .expect("send");
    expect_problem(resp, 400, "malformed_json").await;

    let resp = app
        .client
        .post(&login)
        .header("content-type", "text/plain")
        .body("username=a")
        .send()
        .await
        .expect("send");
    expect_problem(resp, 415, "unsupported_media_type").await;

    let huge = "x".repeat(300 * 1024);
    let resp = app
        .client
        .post(&login)
        .json(&json!({ "username": huge, "password": "p" }))
        .send()
        .await
        .expect("send");
    expect_problem(resp, 413, "payload_too_large").await;

    let resp = app
        .post("/api/v1/auth/login", json!({ "username": "a" }), None)
        .await;
    expect_problem(resp, 400, "invalid_body").await;

    let resp = app
        .post(
            "/api/v1/auth/login",
            json!({ "username": "", "password": "" }),
            None,
        )
        .await;
    let body = expect_problem(resp, 422, "validation_failed").await;
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["password", "username"]);
    assert_eq!(body["fields"][1]["message"], "请输入用户名");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_problem_json() {
    let app = TestApp::spawn().await;
    expect_problem(
        app.get("/api/v1/no-such-thing", None).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(app.get("/api/elsewhere", None).await, 404, "not_found").await;
    let resp = app.get("/api/v1/auth/login", None).await;
    assert!(
        [StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&resp.status()),
        "{}",
        resp.status()
    );
    let ct = resp.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("application/problem+json"), "{ct}");
    let resp = app
        .client
        .delete(app.url("/some/spa/page"))
        .send()
        .await
        .expect("send");
    expect_problem(resp, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn the_spa_is_served_with_history_fallback_and_security_headers() {
    let app = TestApp::spawn().await;
    for page in ["/", "/login", "/account", "/deep/link/page"] {
        let resp = app.get(page, None).await;
        assert_eq!(resp.status(), StatusCode::OK, "{page}");
        assert_eq!(resp.headers()["x-frame-options"], "DENY");
        assert!(resp.headers().contains_key("content-security-policy"));
        let html = resp.text().await.expect("html");
        assert!(html.contains("<div id=app>"), "{page}");
    }
    let resp = app.get("/assets/app.js", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    // A missing asset is a 404, not the index page.
    expect_problem(app.get("/assets/missing.js", None).await, 404, "not_found").await;
    let docs = app.get("/api/docs", None).await;
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.expect("html").contains("API 文档"));
    let spec = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(spec.status(), StatusCode::OK);
    let spec: serde_json::Value = spec.json().await.expect("json");
    assert_eq!(spec["openapi"], "3.1.0");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let a = app.get("/healthz", None).await;
    let b = app.get("/healthz", None).await;
    let id = |r: &reqwest::Response| {
        r.headers()["x-request-id"]
            .to_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(id(&a).len(), 32);
    assert_ne!(id(&a), id(&b));
}
