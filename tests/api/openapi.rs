//! The committed OpenAPI document is exactly what the code generates.

use serde_json::Value;

#[test]
fn committed_spec_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).expect("openapi/openapi.json is committed");
    let generated = xueshi::app::openapi_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `cargo run -p xueshi -- openapi > openapi/openapi.json`"
    );
}

#[test]
fn spec_is_3_1_and_documents_errors_and_auth() {
    let spec: Value = serde_json::from_str(&xueshi::app::openapi_json()).expect("valid JSON");
    assert_eq!(spec["openapi"], "3.1.0");
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/healthz",
        "/readyz",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} missing");
    }
    assert!(spec["components"]["schemas"]["Problem"].is_object());
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
    assert!(spec["paths"]["/api/v1/me"]["get"]["security"].is_array());
}
