//! Liveness and readiness.

use reqwest::StatusCode;
use serde_json::Value;
use xueshi_tests::TestApp;

#[tokio::test]
async fn healthz_and_readyz_report_ok() {
    let app = TestApp::spawn().await;
    let resp = app.get("/healthz", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    let resp = app.get("/readyz", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["storage"], "ok");
}

#[tokio::test]
async fn readyz_fails_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.state.db.clone().close().await.expect("close pool");
    let resp = app.get("/readyz", None).await;
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["database"], "unavailable");
}
