//! Pathway rules as dated versions (D1) and yearly thresholds as data (D2).

use serde_json::{Value, json};
use xueshi_tests::{TestApp, expect_problem};

use crate::claims::today;

pub fn p4_v2(effective_from: &str) -> Value {
    json!({
        "effective_from": effective_from,
        "name": "参加学术会议、学术讲座",
        "category": "professional",
        "formula": "table",
        "levels": [{ "name": "国家级", "values": [12] }, { "name": "省级", "values": [8] }],
        "date_kind": "period",
        "evidence": [
            { "name": "会议通知或邀请函", "required": true },
            { "name": "参会证明", "required": true },
        ],
        "proof_required": true,
        "claimable": true,
        "enabled": true,
        "pending_confirmation": false,
        "note": "按 2026 年核定标准",
    })
}

#[tokio::test]
async fn the_catalogue_is_seeded_and_marked_pending() {
    let app = TestApp::spawn().await;
    let li = app.token("330102199007084522").await;
    let rules = app.get_ok("/api/v1/pathways", &li).await;
    let codes: Vec<&str> = rules
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes.len(), 18, "P1–P17 and P4A: {codes:?}");
    assert_eq!(&codes[..4], ["P1", "P2", "P3", "P4"]);
    assert_eq!(codes.last(), Some(&"P17"));
    for r in rules.as_array().expect("rules") {
        assert_eq!(r["pending_confirmation"], true, "{r}");
        assert_eq!(r["status"], "in_force");
    }
    let p2 = &rules[1];
    assert_eq!(
        (p2["formula"].as_str(), p2["amount"].as_i64()),
        (Some("per_day"), Some(8))
    );
    assert_eq!(p2["summary"], "按天计，每天 8 学时");
    let p1 = &rules[0];
    assert_eq!(
        (p1["claimable"].as_bool(), p1["proof_required"].as_bool()),
        (Some(false), Some(false))
    );
    let anon = app.get("/api/v1/pathways", None).await;
    assert_eq!(anon.status(), 401);
}

#[tokio::test]
async fn a_new_version_applies_from_its_date_and_history_stays() {
    let app = TestApp::spawn().await;
    let admin = app.token("sysadmin").await;
    let li = app.token("330102199007084522").await;
    let mid_year = format!("{}-07-01", today().format("%Y"));

    // Only the system administrator publishes, and never before the latest version.
    let sxb = app.token("sxb_admin").await;
    let resp = app
        .post("/api/v1/pathways/P4/versions", p4_v2(&mid_year), Some(&sxb))
        .await;
    expect_problem(resp, 403, "forbidden").await;
    let resp = app
        .post(
            "/api/v1/pathways/P4/versions",
            p4_v2("2017-12-31"),
            Some(&admin),
        )
        .await;
    let body = expect_problem(resp, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "before_latest_version");

    let resp = app
        .post(
            "/api/v1/pathways/P4/versions",
            p4_v2(&mid_year),
            Some(&admin),
        )
        .await;
    let status = resp.status();
    let v2: Value = resp.json().await.expect("json");
    assert_eq!(status, 201, "{v2}");
    assert_eq!(
        (v2["version"].as_i64(), v2["status"].as_str()),
        (Some(2), Some("in_force"))
    );
    assert_eq!(app.audit_count("pathway_rule.published").await, 1);

    let versions = app.get_ok("/api/v1/pathways/P4/versions", &li).await;
    let v: Vec<(i64, &str)> = versions
        .as_array()
        .expect("versions")
        .iter()
        .map(|r| {
            (
                r["version"].as_i64().unwrap_or(0),
                r["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(v, [(2, "in_force"), (1, "superseded")]);
    assert_eq!(
        versions[1]["levels"][0]["values"],
        json!([10]),
        "v1 unchanged"
    );

    // An activity before the change is evaluated with v1, after it with v2.
    let year = today().format("%Y").to_string();
    let estimate = |end: String| {
        app.post(
            "/api/v1/claims/estimate",
            json!({ "pathway_code": "P4", "start_date": end, "end_date": end, "level": "国家级" }),
            Some(&li),
        )
    };
    let before: Value = estimate(format!("{year}-06-30"))
        .await
        .json()
        .await
        .expect("json");
    let after: Value = estimate(format!("{year}-07-01"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (
            before["rule"]["version"].as_i64(),
            before["max_hours"].as_i64()
        ),
        (Some(1), Some(10))
    );
    assert_eq!(
        (
            after["rule"]["version"].as_i64(),
            after["max_hours"].as_i64()
        ),
        (Some(2), Some(12))
    );

    // The catalogue on a date before the change still shows v1.
    let old = app
        .get_ok(&format!("/api/v1/pathways?on={year}-06-30"), &li)
        .await;
    let p4 = old
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["code"] == "P4")
        .expect("P4");
    assert_eq!(p4["version"], 1);

    // A rule body with wrong parameters is refused field by field.
    let mut bad = p4_v2(&mid_year);
    bad["formula"] = json!("per_day");
    bad["amount"] = json!(9);
    bad["evidence"] = json!([
        { "name": "一", "required": true }, { "name": "一", "required": true },
    ]);
    let resp = app
        .post("/api/v1/pathways/P4/versions", bad, Some(&admin))
        .await;
    let body = expect_problem(resp, 422, "validation_failed").await;
    let codes: Vec<&str> = body["fields"]
        .as_array()
        .expect("f")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes, ["over_daily_cap", "duplicate_item"], "{body}");

    // A new code creates a pathway.
    let mut new = p4_v2(&mid_year);
    new["name"] = json!("行业技能竞赛");
    let resp = app
        .post("/api/v1/pathways/P18/versions", new, Some(&admin))
        .await;
    assert_eq!(resp.status(), 201);
    let all = app.get_ok("/api/v1/pathways", &li).await;
    assert_eq!(all.as_array().map(Vec::len), Some(19));

    // A pathway that starts later is listed as scheduled, and cannot be claimed yet.
    let later = (today() + chrono::Duration::days(30)).to_string();
    let resp = app
        .post("/api/v1/pathways/P19/versions", p4_v2(&later), Some(&admin))
        .await;
    assert_eq!(resp.status(), 201);
    let all = app.get_ok("/api/v1/pathways", &li).await;
    let p19 = all
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["code"] == "P19")
        .expect("P19");
    assert_eq!(p19["status"], "scheduled");
    let mut claim = crate::claims::p4("新途径");
    claim["pathway_code"] = json!("P19");
    let resp = app.post("/api/v1/claims", claim, Some(&li)).await;
    let body = expect_problem(resp, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "unknown_pathway");
}

#[tokio::test]
async fn yearly_thresholds_default_and_are_data() {
    let app = TestApp::spawn().await;
    let li = app.token("330102199007084522").await;
    let admin = app.token("sysadmin").await;
    let y = app.get_ok("/api/v1/years/2026", &li).await;
    assert_eq!(
        (
            y["total_min"].as_i64(),
            y["professional_min"].as_i64(),
            y["public_min"].as_i64(),
            y["industry_public_min"].as_i64()
        ),
        (Some(90), Some(60), Some(18), Some(12))
    );
    assert_eq!(
        (y["is_default"].as_bool(), y["claim_deadline"].as_str()),
        (Some(true), Some("2027-03-31"))
    );

    let body = |total: f64, industry: f64| {
        json!({
            "total_min": total, "professional_min": 60, "public_min": 18,
            "industry_public_min": industry, "require_category_minima": true,
            "claim_deadline": "2027-04-30",
        })
    };
    let resp = app
        .client
        .put(app.url("/api/v1/years/2026"))
        .bearer_auth(&li)
        .json(&body(90.0, 12.0))
        .send()
        .await
        .expect("put");
    expect_problem(resp, 403, "forbidden").await;
    let resp = app
        .client
        .put(app.url("/api/v1/years/2026"))
        .bearer_auth(&admin)
        .json(&body(70.0, 20.0))
        .send()
        .await
        .expect("put");
    let b = expect_problem(resp, 422, "validation_failed").await;
    let codes: Vec<&str> = b["fields"]
        .as_array()
        .expect("f")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes, ["minima_exceed_total", "exceeds_public"]);
    let resp = app
        .client
        .put(app.url("/api/v1/years/2026"))
        .bearer_auth(&admin)
        .json(&body(96.0, 12.5))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 200);
    let y = app.get_ok("/api/v1/years/2026", &li).await;
    assert_eq!(
        (y["total_min"].as_i64(), y["industry_public_min"].as_f64()),
        (Some(96), Some(12.5))
    );
    assert_eq!(
        (
            y["is_default"].as_bool(),
            y["require_category_minima"].as_bool()
        ),
        (Some(false), Some(true))
    );
    assert_eq!(app.audit_count("year_settings.updated").await, 1);
    let resp = app.get("/api/v1/years/1999", Some(&li)).await;
    assert_eq!(resp.status(), 404);
}
