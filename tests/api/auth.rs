//! Login, refresh rotation with reuse detection, logout, lockout, token checks, password change.

use chrono::Utc;
use jsonwebtoken::{EncodingKey, Header, encode};
use reqwest::StatusCode;
use serde_json::{Value, json};
use xueshi_tests::{DEMO_PASSWORD, TestApp, expect_problem};

#[tokio::test]
async fn every_demo_admin_logs_in_and_sees_their_role_and_unit() {
    let app = TestApp::spawn().await;
    let cases = [
        ("sysadmin", "sysadmin", "系统管理员", None),
        ("sxb_admin", "province", "省学时办审核员", Some("province")),
        ("jt_admin", "unit_admin", "二级单位管理员", Some("second")),
        ("sjy_admin", "unit_admin", "二级单位管理员", Some("second")),
        ("jg_admin", "unit_admin", "三级单位管理员", Some("third")),
        ("ej_admin", "unit_admin", "三级单位管理员", Some("third")),
        ("px_org", "organiser", "培训单位", Some("second")),
    ];
    for (username, role, role_name, tier) in cases {
        let tokens = app.login(username, DEMO_PASSWORD).await;
        let resp = app.get("/api/v1/me", Some(&tokens.access)).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let me: Value = resp.json().await.expect("me");
        assert_eq!(me["username"], username);
        assert_eq!(me["must_change_password"], false);
        let roles = me["roles"].as_array().expect("roles");
        assert_eq!(roles.len(), 1, "{me}");
        assert_eq!(roles[0]["role"], role);
        assert_eq!(roles[0]["role_name"], role_name);
        assert_eq!(roles[0]["unit_tier"].as_str(), tier);
    }
    let me: Value = app
        .get(
            "/api/v1/me",
            Some(&app.login("jt_admin", DEMO_PASSWORD).await.access),
        )
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me["roles"][0]["unit_name"], "浙江省建设投资集团有限公司");
}

#[tokio::test]
async fn a_person_logs_in_by_id_number_or_phone() {
    let app = TestApp::spawn().await;
    for login in ["330106198503151238", "13800001001", "+86 138 0000 1001"] {
        let tokens = app.login(login, DEMO_PASSWORD).await;
        let me: Value = app
            .get("/api/v1/me", Some(&tokens.access))
            .await
            .json()
            .await
            .expect("me");
        assert_eq!(me["display_name"], "张伟", "login {login}");
        assert_eq!(me["roles"][0]["role"], "person");
        assert_eq!(me["roles"][0]["unit_name"], "浙江省建工集团有限责任公司");
    }
}

#[tokio::test]
async fn wrong_password_is_refused_in_chinese_and_audited_without_the_full_id() {
    let app = TestApp::spawn().await;
    let body = expect_problem(
        app.login_response("jt_admin", "wrong-pass1").await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(body["detail"], "用户名或密码错误");
    // Unknown accounts get the same answer, so logins cannot be enumerated.
    expect_problem(
        app.login_response("nobody", "wrong-pass1").await,
        401,
        "invalid_credentials",
    )
    .await;
    expect_problem(
        app.login_response("330106198503151238", "wrong-pass1")
            .await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(app.audit_count("auth.login_failed").await, 3);

    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let rows = xueshi::audit::entry::Entity::find()
        .filter(xueshi::audit::entry::Column::Action.eq("auth.login_failed"))
        .all(&app.state.db)
        .await
        .expect("audit rows");
    let text = format!("{rows:?}");
    assert!(!text.contains("330106198503151238"), "full ID in audit log");
    assert!(text.contains("3301**********1238"));
}

#[tokio::test]
async fn five_failures_lock_the_account_for_the_window_with_the_wait_given() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        expect_problem(
            app.login_response("jg_admin", "bad-guess1").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    // Even the right password now waits.
    let resp = app.login_response("jg_admin", DEMO_PASSWORD).await;
    let retry_header: u64 = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After header");
    let body = expect_problem(resp, 429, "too_many_attempts").await;
    let wait = body["retry_after_seconds"]
        .as_u64()
        .expect("retry_after_seconds");
    assert!((540..=600).contains(&wait), "wait {wait}");
    assert_eq!(wait, retry_header);
    // Another account is not affected.
    app.login("ej_admin", DEMO_PASSWORD).await;
}

#[tokio::test]
async fn a_success_resets_the_failure_count() {
    let app = TestApp::spawn().await;
    for _ in 0..4 {
        expect_problem(
            app.login_response("jg_admin", "bad-guess1").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    app.login("jg_admin", DEMO_PASSWORD).await;
    for _ in 0..4 {
        expect_problem(
            app.login_response("jg_admin", "bad-guess1").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    app.login("jg_admin", DEMO_PASSWORD).await;
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_whole_session() {
    let app = TestApp::spawn().await;
    let first = app.login("jt_admin", DEMO_PASSWORD).await;
    let resp = app
        .post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": first.refresh }),
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let second: Value = resp.json().await.expect("tokens");
    let second_refresh = second["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_owned();
    assert_ne!(second_refresh, first.refresh);
    let me = app.get("/api/v1/me", second["access_token"].as_str()).await;
    assert_eq!(me.status(), StatusCode::OK);

    // The first token again: theft is assumed, the family dies.
    expect_problem(
        app.post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": first.refresh }),
            None,
        )
        .await,
        401,
        "refresh_token_reused",
    )
    .await;
    expect_problem(
        app.post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": second_refresh }),
            None,
        )
        .await,
        401,
        "refresh_token_reused",
    )
    .await;
    assert_eq!(app.audit_count("auth.refresh_reused").await, 2);

    // A separate login is a separate family and still works.
    let other = app.login("jt_admin", DEMO_PASSWORD).await;
    let resp = app
        .post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": other.refresh }),
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn two_concurrent_refreshes_of_one_token_yield_exactly_one_new_pair() {
    let app = TestApp::spawn().await;
    let tokens = app.login("jt_admin", DEMO_PASSWORD).await;
    let body = json!({ "refresh_token": tokens.refresh });
    let (a, b) = tokio::join!(
        app.post("/api/v1/auth/refresh", body.clone(), None),
        app.post("/api/v1/auth/refresh", body.clone(), None)
    );
    let oks = [a.status(), b.status()]
        .iter()
        .filter(|s| **s == StatusCode::OK)
        .count();
    assert_eq!(oks, 1, "statuses {} {}", a.status(), b.status());
}

#[tokio::test]
async fn logout_ends_the_session_and_is_idempotent() {
    let app = TestApp::spawn().await;
    let tokens = app.login("sjy_admin", DEMO_PASSWORD).await;
    for _ in 0..2 {
        let resp = app
            .post(
                "/api/v1/auth/logout",
                json!({ "refresh_token": tokens.refresh }),
                None,
            )
            .await;
        assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    }
    let resp = app
        .post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": tokens.refresh }),
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.audit_count("auth.logout").await, 1);
    expect_problem(
        app.post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": "made-up" }),
            None,
        )
        .await,
        401,
        "invalid_refresh_token",
    )
    .await;
}

#[derive(serde::Serialize)]
struct RawClaims<'a> {
    sub: String,
    sid: String,
    iat: i64,
    exp: i64,
    iss: &'a str,
    aud: &'a str,
}

fn token(secret: &str, exp_offset: i64, aud: &str) -> String {
    let now = Utc::now().timestamp();
    let claims = RawClaims {
        sub: uuid::Uuid::now_v7().to_string(),
        sid: uuid::Uuid::now_v7().to_string(),
        iat: now,
        exp: now + exp_offset,
        iss: "xueshi",
        aud,
    };
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("encode")
}

#[tokio::test]
async fn expired_forged_unsigned_and_wrong_audience_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let secret = "test-secret-test-secret-test-secret-00";
    let valid_login = app.login("jt_admin", DEMO_PASSWORD).await.access;

    expect_problem(app.get("/api/v1/me", None).await, 401, "unauthenticated").await;
    expect_problem(
        app.get("/api/v1/me", Some(&token(secret, -3600, "xueshi-api")))
            .await,
        401,
        "token_expired",
    )
    .await;
    expect_problem(
        app.get(
            "/api/v1/me",
            Some(&token(
                "some-other-secret-some-other-secret",
                600,
                "xueshi-api",
            )),
        )
        .await,
        401,
        "invalid_token",
    )
    .await;
    expect_problem(
        app.get("/api/v1/me", Some(&token(secret, 600, "another-api")))
            .await,
        401,
        "invalid_token",
    )
    .await;

    // alg: none — the real token's claims with the signature stripped.
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let payload = valid_login.split('.').nth(1).expect("payload");
    let none = format!(
        "{}.{payload}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#)
    );
    expect_problem(
        app.get("/api/v1/me", Some(&none)).await,
        401,
        "invalid_token",
    )
    .await;
    // A well-signed token for a user that does not exist.
    expect_problem(
        app.get("/api/v1/me", Some(&token(secret, 600, "xueshi-api")))
            .await,
        401,
        "invalid_token",
    )
    .await;
    expect_problem(
        app.get("/api/v1/me", Some("garbage")).await,
        401,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn password_change_checks_policy_and_current_password_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let here = app.login("ej_admin", DEMO_PASSWORD).await;
    let elsewhere = app.login("ej_admin", DEMO_PASSWORD).await;
    let change =
        |current: &str, new: &str| json!({ "current_password": current, "new_password": new });

    let weak = expect_problem(
        app.post(
            "/api/v1/me/password",
            change(DEMO_PASSWORD, "short1"),
            Some(&here.access),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(weak["fields"][0]["field"], "new_password");
    assert_eq!(weak["fields"][0]["message"], "密码至少 8 位");
    let wrong = expect_problem(
        app.post(
            "/api/v1/me/password",
            change("not-the-pw1", "NewPassw0rd"),
            Some(&here.access),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(wrong["fields"][0]["field"], "current_password");

    let resp = app
        .post(
            "/api/v1/me/password",
            change(DEMO_PASSWORD, "NewPassw0rd"),
            Some(&here.access),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    expect_problem(
        app.login_response("ej_admin", DEMO_PASSWORD).await,
        401,
        "invalid_credentials",
    )
    .await;
    app.login("ej_admin", "NewPassw0rd").await;
    // This session continues; the other one is ended.
    let resp = app
        .post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": here.refresh }),
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": elsewhere.refresh }),
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.audit_count("auth.password_changed").await, 1);
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_or_refresh() {
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    use xueshi::auth::entities::user;
    let app = TestApp::spawn().await;
    let tokens = app.login("px_org", DEMO_PASSWORD).await;
    let u = user::Entity::find()
        .filter(user::Column::Username.eq("px_org"))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("px_org exists");
    let mut active: user::ActiveModel = u.into();
    active.disabled = Set(true);
    active.update(&app.state.db).await.expect("disable");

    expect_problem(
        app.login_response("px_org", DEMO_PASSWORD).await,
        403,
        "account_disabled",
    )
    .await;
    expect_problem(
        app.post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": tokens.refresh }),
            None,
        )
        .await,
        403,
        "account_disabled",
    )
    .await;
    expect_problem(
        app.get("/api/v1/me", Some(&tokens.access)).await,
        401,
        "invalid_token",
    )
    .await;
}
