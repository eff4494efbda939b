//! Review up the unit tree (D6, D7) and the annual standing (D2, D4), over HTTP on both
//! databases: the three-tier journey, every chain shape, returns with a version diff, 复审
//! (confirm, lower, return to the unit, revoke), races, bulk decisions, sampling, the 90 / 专业
//! 59 edge, the unit list with its xlsx, and kept totals against a model after random actions.

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use xueshi_tests::{TestApp, expect_problem, units};

use crate::claims::today;

pub(crate) const LI_NA: &str = "330102199007084522";
pub(crate) const ZHANG_WEI: &str = "330106198503151238";
pub(crate) const CHEN_JIE: &str = "330105199202140015";

/// Test pathways, one per bucket: a fixed amount of up to 60 h on one date, no proof needed,
/// no yearly cap, so a claim costs two requests.
const BUCKETS: [(&str, &str); 3] = [
    ("TP", "professional"),
    ("TI", "industry_public"),
    ("TG", "general_public"),
];

pub(crate) async fn publish_test_rules(app: &TestApp) {
    let sys = app.token("sysadmin").await;
    for (code, category) in BUCKETS {
        let resp = app
            .post(
                &format!("/api/v1/pathways/{code}/versions"),
                json!({
                    "effective_from": "2018-01-01",
                    "name": format!("测试途径 {code}"),
                    "category": category,
                    "formula": "fixed",
                    "amount": 60,
                    "date_kind": "single",
                    "evidence": [],
                    "proof_required": false,
                    "claimable": true,
                    "enabled": true,
                    "pending_confirmation": false,
                }),
                Some(&sys),
            )
            .await;
        assert_eq!(
            resp.status(),
            201,
            "{}",
            resp.text().await.unwrap_or_default()
        );
    }
}

fn body(code: &str, title: &str, hours: f64) -> Value {
    json!({
        "pathway_code": code,
        "title": title,
        "end_date": (today() - Duration::days(10)).to_string(),
        "claimed_hours": hours,
        "description": "测试用学时申报",
    })
}

/// A claim made and submitted by `token`; returns its detail.
pub(crate) async fn submitted(
    app: &TestApp,
    token: &str,
    code: &str,
    title: &str,
    hours: f64,
) -> Value {
    let c = crate::claims::create(app, token, body(code, title, hours)).await;
    let id = c["id"].as_str().expect("id");
    ok(app
        .post(
            &format!("/api/v1/claims/{id}/submit"),
            json!({ "declared": true }),
            Some(token),
        )
        .await)
    .await
}

pub(crate) async fn ok(resp: reqwest::Response) -> Value {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 200, "{body}");
    body
}

pub(crate) fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

pub(crate) async fn review(
    app: &TestApp,
    token: &str,
    id: &str,
    decision: Value,
) -> reqwest::Response {
    app.post(
        &format!("/api/v1/claims/{id}/review"),
        decision,
        Some(token),
    )
    .await
}

pub(crate) async fn decide(app: &TestApp, token: &str, id: &str, decision: Value) -> Value {
    ok(review(app, token, id, decision).await).await
}

/// A decision the API must refuse with `status` and `code`; returns the problem.
async fn refused(
    app: &TestApp,
    token: &str,
    id: &str,
    decision: Value,
    status: u16,
    code: &str,
) -> Value {
    expect_problem(review(app, token, id, decision).await, status, code).await
}

pub(crate) async fn standing(app: &TestApp, token: &str) -> Value {
    app.get_ok("/api/v1/standing/me", token).await
}

fn hours(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("hours: {v}"))
}

fn steps(detail: &Value) -> Vec<(String, String)> {
    detail["chain"]
        .as_array()
        .expect("chain")
        .iter()
        .map(|s| {
            (
                s["unit_name"].as_str().unwrap_or_default().to_owned(),
                s["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn actions(detail: &Value) -> Vec<&str> {
    detail["review_actions"]
        .as_array()
        .expect("review_actions")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

async fn count(app: &TestApp, token: &str) -> u64 {
    app.get_ok("/api/v1/review/count", token).await["awaiting"]
        .as_u64()
        .expect("count")
}

#[tokio::test]
async fn three_tier_journey_counts_hours_only_after_review() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let (li, ej, jt, jg, sxb) = (
        app.token(LI_NA).await,
        app.token("ej_admin").await,
        app.token("jt_admin").await,
        app.token("jg_admin").await,
        app.token("sxb_admin").await,
    );
    let before = (count(&app, &ej).await, count(&app, &jt).await);
    let c = submitted(&app, &li, "TP", "三级单位全流程", 10.0).await;
    let id = id_of(&c);
    let kinds: Vec<String> = steps(&c).into_iter().map(|s| s.1).collect();
    assert_eq!(kinds, ["recognise", "confirm", "province_review"]);
    assert_eq!(c["waiting_for"], "待浙江省二建建设集团有限公司认定");
    let s = standing(&app, &li).await;
    assert_eq!(
        (hours(&s["in_review"]), hours(&s["registered"]["total"])),
        (10.0, 0.0)
    );
    assert_eq!(count(&app, &ej).await, before.0 + 1, "in 二建's queue");
    assert_eq!(count(&app, &jt).await, before.1, "not yet 集团's turn");
    let queue = app
        .get_ok("/api/v1/claims?awaiting=true&pathway_code=TP", &ej)
        .await;
    assert_eq!(queue["items"][0]["id"], id.as_str());

    // Only the step's own unit may act; others see why.
    let seen = app.get_ok(&format!("/api/v1/claims/{id}"), &ej).await;
    assert_eq!(actions(&seen), ["recognise", "return", "reject"]);
    let seen = app.get_ok(&format!("/api/v1/claims/{id}"), &jt).await;
    assert!(actions(&seen).is_empty());
    refused(
        &app,
        &jt,
        &id,
        json!({ "action": "recognise" }),
        403,
        "not_your_turn",
    )
    .await;
    refused(
        &app,
        &sxb,
        &id,
        json!({ "action": "confirm" }),
        409,
        "illegal_transition",
    )
    .await;
    refused(
        &app,
        &jg,
        &id,
        json!({ "action": "recognise" }),
        404,
        "not_found",
    )
    .await;
    refused(
        &app,
        &li,
        &id,
        json!({ "action": "recognise" }),
        403,
        "forbidden",
    )
    .await;
    refused(
        &app,
        &ej,
        &id,
        json!({ "action": "forward" }),
        409,
        "illegal_transition",
    )
    .await;

    // Never above the claim; a lower figure needs a reason.
    let p = refused(
        &app,
        &ej,
        &id,
        json!({ "action": "recognise", "hours": 12 }),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["code"], "above_current");
    let p = refused(
        &app,
        &ej,
        &id,
        json!({ "action": "recognise", "hours": 8 }),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["field"], "reason");
    let d = decide(
        &app,
        &ej,
        &id,
        json!({ "action": "recognise", "hours": 8, "reason": "只有一天的参会证明" }),
    )
    .await;
    assert_eq!(
        (d["state"].as_str(), hours(&d["recognised_hours"])),
        (Some("sub_approved"), 8.0)
    );
    assert_eq!(count(&app, &jt).await, before.1 + 1, "now 集团's turn");
    let s = standing(&app, &li).await;
    assert_eq!(
        (hours(&s["in_review"]), hours(&s["registered"]["total"])),
        (8.0, 0.0)
    );

    let d = decide(&app, &jt, &id, json!({ "action": "forward" })).await;
    assert_eq!(d["state"], "unit_recognised");
    assert_eq!(d["waiting_for"], "待省学时办复审");
    let s = standing(&app, &li).await;
    assert_eq!(
        (
            hours(&s["pending_review"]),
            hours(&s["registered"]["total"])
        ),
        (8.0, 0.0),
        "待复审 is shown apart and never counted (D4)"
    );
    assert_eq!(s["pending"][0]["state"], "unit_recognised");

    let d = decide(&app, &sxb, &id, json!({ "action": "confirm" })).await;
    assert_eq!(d["state"], "province_confirmed");
    assert!(d["waiting_for"].is_null());
    let trail: Vec<&str> = d["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        trail,
        [
            "created",
            "submitted",
            "recognised",
            "forwarded",
            "confirmed"
        ]
    );
    assert_eq!(d["events"][2]["reason"], "只有一天的参会证明");
    let s = standing(&app, &li).await;
    assert_eq!(hours(&s["registered"]["professional"]), 8.0);
    assert_eq!(hours(&s["registered"]["total"]), 8.0);
    assert_eq!(hours(&s["pending_review"]), 0.0);
    assert_eq!(s["counted"][0]["id"], id.as_str());
    assert_eq!(s["counted"][0]["bucket_label"], "专业科目");
    assert_eq!(s["thresholds"][0]["short_by"], 82.0);

    // Every outcome told to the claimant, with the reason.
    let inbox = app.get_ok("/api/v1/notifications", &li).await;
    assert_eq!(inbox["unread"], 3, "{inbox}");
    let titles: Vec<&str> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|n| n["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "「三级单位全流程」复审通过",
            "「三级单位全流程」已确认报送",
            "「三级单位全流程」已由单位认定",
        ]
    );
    assert!(
        inbox["items"][2]["body"]
            .as_str()
            .unwrap_or_default()
            .contains("理由：只有一天的参会证明")
    );
    let first = inbox["items"][0]["id"].as_str().expect("id").to_owned();
    let m = ok(app
        .post(
            &format!("/api/v1/notifications/{first}/read"),
            json!({}),
            Some(&li),
        )
        .await)
    .await;
    assert_eq!(m["marked"], 1);
    expect_problem(
        app.post(
            &format!("/api/v1/notifications/{first}/read"),
            json!({}),
            Some(&ej),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(app.get_ok("/api/v1/notifications", &li).await["unread"], 2);
    ok(app
        .post("/api/v1/notifications/read-all", json!({}), Some(&li))
        .await)
    .await;
    assert_eq!(
        app.get_ok("/api/v1/notifications?unread_only=true", &li)
            .await["total"],
        0
    );
    assert!(app.audit_count("claim.confirmed").await >= 1);
}

#[tokio::test]
async fn chains_follow_the_tree_the_switches_and_the_admins() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let (li, chen, ej, jt, sxb) = (
        app.token(LI_NA).await,
        app.token(CHEN_JIE).await,
        app.token("ej_admin").await,
        app.token("jt_admin").await,
        app.token("sxb_admin").await,
    );

    // A 二级 unit's own staff: it recognises, then 复审.
    let c = submitted(&app, &chen, "TP", "二级单位人员", 6.0).await;
    let kinds: Vec<String> = steps(&c).into_iter().map(|s| s.1).collect();
    assert_eq!(kinds, ["recognise", "province_review"]);
    let d = decide(&app, &jt, &id_of(&c), json!({ "action": "recognise" })).await;
    assert_eq!(d["state"], "unit_recognised");
    assert_eq!(hours(&d["recognised_hours"]), 6.0);
    decide(&app, &sxb, &id_of(&c), json!({ "action": "confirm" })).await;
    assert_eq!(
        hours(&standing(&app, &chen).await["registered"]["total"]),
        6.0
    );

    // Submitted before the switch: keeps its chain.
    let early = submitted(&app, &li, "TP", "关闭报送之前", 4.0).await;
    let jt_unit = app.unit_id(units::JT).await;
    ok(app
        .patch(
            &format!("/api/v1/units/{jt_unit}"),
            json!({ "second_confirms": false }),
            Some(&sxb),
        )
        .await)
    .await;
    let late = submitted(&app, &li, "TP", "关闭报送之后", 4.0).await;
    let kinds: Vec<String> = steps(&late).into_iter().map(|s| s.1).collect();
    assert_eq!(kinds, ["recognise", "province_review"], "二级 confirm off");
    let d = decide(&app, &ej, &id_of(&late), json!({ "action": "recognise" })).await;
    assert_eq!(d["state"], "unit_recognised");
    let d = decide(&app, &ej, &id_of(&early), json!({ "action": "recognise" })).await;
    assert_eq!(
        d["state"], "sub_approved",
        "the chain is fixed at submission"
    );

    // 二建 without an active admin: skipped, 集团 recognises.
    xueshi::auth::entities::user::Entity::update_many()
        .col_expr(
            xueshi::auth::entities::user::Column::Disabled,
            Expr::value(true),
        )
        .filter(xueshi::auth::entities::user::Column::Username.eq("ej_admin"))
        .exec(&app.state.db)
        .await
        .expect("disable");
    let skipped = submitted(&app, &li, "TP", "三级单位无管理员", 4.0).await;
    let chain = steps(&skipped);
    assert_eq!(
        chain,
        [
            ("浙江省建设投资集团有限公司".into(), "recognise".into()),
            (
                "浙江省住房和城乡建设行业专业技术人员继续教育学时登记管理办公室".into(),
                "province_review".into()
            ),
        ]
    );
    let d = decide(
        &app,
        &jt,
        &id_of(&skipped),
        json!({ "action": "recognise" }),
    )
    .await;
    assert_eq!(d["state"], "unit_recognised");
}

#[tokio::test]
async fn a_returned_claim_is_edited_resubmitted_and_the_reviewer_sees_what_changed() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let (li, ej) = (app.token(LI_NA).await, app.token("ej_admin").await);
    let c = submitted(&app, &li, "TP", "退回重报", 10.0).await;
    let id = id_of(&c);
    let p = refused(
        &app,
        &ej,
        &id,
        json!({ "action": "return", "reason": "  " }),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["field"], "reason");
    let d = decide(
        &app,
        &ej,
        &id,
        json!({ "action": "return", "reason": "请补充培训天数，学时偏高" }),
    )
    .await;
    assert_eq!(d["state"], "returned");
    assert!(d["waiting_for"].is_null());
    let mine = app.get_ok(&format!("/api/v1/claims/{id}"), &li).await;
    let last = mine["events"].as_array().expect("events").last().cloned();
    assert_eq!(
        last.map(|e| e["reason"].clone()),
        Some(json!("请补充培训天数，学时偏高"))
    );
    assert!(
        mine["actions"]
            .as_array()
            .expect("actions")
            .contains(&json!("submit"))
    );
    let inbox = app.get_ok("/api/v1/notifications", &li).await;
    assert_eq!(inbox["items"][0]["title"], "「退回重报」被退回");

    ok(app
        .patch(
            &format!("/api/v1/claims/{id}"),
            body("TP", "退回重报（补充材料）", 6.0),
            Some(&li),
        )
        .await)
    .await;
    ok(app
        .post(
            &format!("/api/v1/claims/{id}/submit"),
            json!({ "declared": true }),
            Some(&li),
        )
        .await)
    .await;
    let seen = app.get_ok(&format!("/api/v1/claims/{id}"), &ej).await;
    assert_eq!(seen["state"], "submitted");
    let changes: Vec<(String, String, String)> = seen["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["label"].as_str().unwrap_or_default().into(),
                c["before"].as_str().unwrap_or_default().into(),
                c["after"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "项目名称".into(),
                "退回重报".into(),
                "退回重报（补充材料）".into()
            ),
            ("申报学时".into(), "10".into(), "6".into()),
        ]
    );
    let d = decide(&app, &ej, &id, json!({ "action": "recognise" })).await;
    assert_eq!(hours(&d["recognised_hours"]), 6.0);
}

#[tokio::test]
async fn province_review_confirms_lowers_returns_and_revokes() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let (chen, jt, sxb) = (
        app.token(CHEN_JIE).await,
        app.token("jt_admin").await,
        app.token("sxb_admin").await,
    );
    let recognised = async |title: &str, h: f64| {
        let c = submitted(&app, &chen, "TP", title, h).await;
        decide(&app, &jt, &id_of(&c), json!({ "action": "recognise" })).await;
        id_of(&c)
    };

    // Lowered at 复审, with a reason.
    let a = recognised("复审调减", 10.0).await;
    refused(
        &app,
        &sxb,
        &a,
        json!({ "action": "confirm", "hours": 7 }),
        422,
        "validation_failed",
    )
    .await;
    let d = decide(
        &app,
        &sxb,
        &a,
        json!({ "action": "confirm", "hours": 7, "reason": "讲座时长核实为 7 学时" }),
    )
    .await;
    assert_eq!(
        (d["state"].as_str(), hours(&d["recognised_hours"])),
        (Some("province_confirmed"), 7.0)
    );
    // Adjusted later: must go down, with a reason.
    refused(
        &app,
        &sxb,
        &a,
        json!({ "action": "adjust", "hours": 7, "reason": "x" }),
        422,
        "validation_failed",
    )
    .await;
    refused(
        &app,
        &jt,
        &a,
        json!({ "action": "adjust", "hours": 5, "reason": "x" }),
        403,
        "not_your_turn",
    )
    .await;
    let d = decide(
        &app,
        &sxb,
        &a,
        json!({ "action": "adjust", "hours": 5, "reason": "抽查发现重复计算" }),
    )
    .await;
    assert_eq!(hours(&d["recognised_hours"]), 5.0);
    assert_eq!(
        hours(&standing(&app, &chen).await["registered"]["total"]),
        5.0
    );

    // Returned to the unit: back in its queue, recognition cleared.
    let b = recognised("复审退回单位", 4.0).await;
    let d = decide(
        &app,
        &sxb,
        &b,
        json!({ "action": "return", "reason": "请单位核实参会记录" }),
    )
    .await;
    assert_eq!(d["state"], "submitted");
    assert!(d["recognised_hours"].is_null());
    assert_eq!(d["waiting_for"], "待浙江省建设投资集团有限公司认定");
    let d = decide(&app, &jt, &b, json!({ "action": "recognise" })).await;
    assert_eq!(d["state"], "unit_recognised");

    // Revoked after 复审: the standing drops, and nothing can follow.
    let c = recognised("复审后撤销", 9.0).await;
    decide(&app, &sxb, &c, json!({ "action": "confirm" })).await;
    assert_eq!(
        hours(&standing(&app, &chen).await["registered"]["total"]),
        14.0
    );
    refused(
        &app,
        &sxb,
        &c,
        json!({ "action": "revoke" }),
        422,
        "validation_failed",
    )
    .await;
    let d = decide(
        &app,
        &sxb,
        &c,
        json!({ "action": "revoke", "reason": "证明材料系伪造" }),
    )
    .await;
    assert_eq!(d["state"], "revoked");
    assert_eq!(
        hours(&standing(&app, &chen).await["registered"]["total"]),
        5.0
    );
    for action in ["confirm", "adjust", "revoke", "recognise"] {
        refused(
            &app,
            &sxb,
            &c,
            json!({ "action": action, "hours": 1, "reason": "x" }),
            409,
            "illegal_transition",
        )
        .await;
    }

    // Rejected by the unit: final.
    let r = submitted(&app, &chen, "TP", "不予认定", 3.0).await;
    decide(
        &app,
        &jt,
        &id_of(&r),
        json!({ "action": "reject", "reason": "非继续教育活动" }),
    )
    .await;
    refused(
        &app,
        &jt,
        &id_of(&r),
        json!({ "action": "recognise" }),
        409,
        "illegal_transition",
    )
    .await;
    expect_problem(
        app.post(
            &format!("/api/v1/claims/{}/submit", id_of(&r)),
            json!({ "declared": true }),
            Some(&chen),
        )
        .await,
        409,
        "illegal_transition",
    )
    .await;
}

#[tokio::test]
async fn two_reviewers_racing_on_one_claim_make_one_transition() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let li = app.token(LI_NA).await;
    // Two sessions of the 二建 admin, as on two desks.
    let (a, b) = (app.token("ej_admin").await, app.token("ej_admin").await);
    for round in 0..5 {
        let c = submitted(&app, &li, "TP", &format!("并发审核 {round}"), 5.0).await;
        let id = id_of(&c);
        let lock = c["lock_version"].clone();
        let (r1, r2) = tokio::join!(
            review(
                &app,
                &a,
                &id,
                json!({ "action": "recognise", "lock_version": lock })
            ),
            review(
                &app,
                &b,
                &id,
                json!({ "action": "return", "reason": "材料不清", "lock_version": lock })
            ),
        );
        let mut statuses = [r1.status().as_u16(), r2.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "round {round}");
        let loser = if r1.status() == 409 { r1 } else { r2 };
        let p = expect_problem(loser, 409, "stale_claim").await;
        let now = app.get_ok(&format!("/api/v1/claims/{id}"), &li).await;
        let label = if now["state"] == "sub_approved" {
            "三级单位已审核"
        } else {
            "已退回"
        };
        assert!(
            p["detail"].as_str().unwrap_or_default().contains(label),
            "the loser sees the new state: {p}"
        );
        let decisions = now["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter(|e| e["action"] == "recognised" || e["action"] == "returned")
            .count();
        assert_eq!(decisions, 1, "exactly one transition");
    }
}

#[tokio::test]
async fn bulk_decisions_report_each_claim_and_one_refusal_stops_nothing() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let (li, zhang, ej, jt) = (
        app.token(LI_NA).await,
        app.token(ZHANG_WEI).await,
        app.token("ej_admin").await,
        app.token("jt_admin").await,
    );
    let mut mine = Vec::new();
    for i in 0..3 {
        mine.push(id_of(
            &submitted(&app, &li, "TP", &format!("批量 {i}"), 2.0).await,
        ));
    }
    decide(&app, &ej, &mine[1], json!({ "action": "recognise" })).await;
    let other = id_of(&submitted(&app, &zhang, "TP", "他人单位", 2.0).await);
    let unknown = uuid::Uuid::now_v7().to_string();
    let r = ok(app
        .post(
            "/api/v1/review/bulk",
            json!({ "ids": [mine[0], mine[1], other, unknown, mine[2]], "action": "recognise" }),
            Some(&ej),
        )
        .await)
    .await;
    assert_eq!(
        (r["succeeded"].as_u64(), r["failed"].as_u64()),
        (Some(3 - 1), Some(3))
    );
    let outcome: Vec<(bool, Option<&str>, Option<&str>)> = r["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (i["ok"] == true, i["state"].as_str(), i["code"].as_str()))
        .collect();
    assert_eq!(
        outcome,
        [
            (true, Some("sub_approved"), None),
            (false, Some("sub_approved"), Some("illegal_transition")),
            (false, None, Some("not_found")),
            (false, None, Some("not_found")),
            (true, Some("sub_approved"), None),
        ]
    );
    let r = ok(app
        .post(
            "/api/v1/review/bulk",
            json!({ "ids": mine, "action": "forward" }),
            Some(&jt),
        )
        .await)
    .await;
    assert_eq!(r["succeeded"], 3);
    let p = expect_problem(
        app.post(
            "/api/v1/review/bulk",
            json!({ "ids": [mine[0]], "action": "reject" }),
            Some(&jt),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["code"], "not_bulk");
    let many: Vec<String> = (0..201).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    expect_problem(
        app.post(
            "/api/v1/review/bulk",
            json!({ "ids": many, "action": "confirm" }),
            Some(&jt),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn sampling_sends_a_share_of_a_units_claims_to_review() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let (li, ej, jt, sxb) = (
        app.token(LI_NA).await,
        app.token("ej_admin").await,
        app.token("jt_admin").await,
        app.token("sxb_admin").await,
    );
    let jt_unit = app.unit_id(units::JT).await;
    let put = async |token: &str, percent: i64| {
        app.client
            .put(app.url(&format!("/api/v1/review/sampling/{jt_unit}")))
            .bearer_auth(token)
            .json(&json!({ "percent": percent }))
            .send()
            .await
            .expect("put")
    };
    expect_problem(put(&jt, 0).await, 403, "forbidden").await;
    expect_problem(put(&sxb, 101).await, 422, "validation_failed").await;
    ok(put(&sxb, 0).await).await;
    let rates = app.get_ok("/api/v1/review/sampling", &sxb).await;
    assert_eq!(rates[0]["percent"], 0);
    assert_eq!(rates[0]["unit_name"], "浙江省建设投资集团有限公司");

    // 二建 inherits 集团's 0 %: recognised claims are confirmed without 复审.
    let c = submitted(&app, &li, "TP", "免于抽查", 5.0).await;
    decide(&app, &ej, &id_of(&c), json!({ "action": "recognise" })).await;
    let d = decide(&app, &jt, &id_of(&c), json!({ "action": "forward" })).await;
    assert_eq!(d["state"], "province_confirmed");
    let last = d["events"].as_array().expect("events").last().cloned();
    assert_eq!(
        last.map(|e| e["action"].clone()),
        Some(json!("sampling_passed"))
    );
    assert_eq!(
        hours(&standing(&app, &li).await["registered"]["total"]),
        5.0
    );

    ok(put(&sxb, 100).await).await;
    let c = submitted(&app, &li, "TP", "全部复审", 5.0).await;
    decide(&app, &ej, &id_of(&c), json!({ "action": "recognise" })).await;
    let d = decide(&app, &jt, &id_of(&c), json!({ "action": "forward" })).await;
    assert_eq!(d["state"], "unit_recognised");
    assert_eq!(app.audit_count("review.sampling_set").await, 2);
}

/// Takes `token`'s claims through the whole chain of 建工集团 (三级) in three bulk steps.
pub(crate) async fn registered(app: &TestApp, token: &str, claims: &[(&str, &str, f64)]) {
    let mut ids = Vec::new();
    for (code, title, h) in claims {
        ids.push(id_of(&submitted(app, token, code, title, *h).await));
    }
    for (who, action) in [
        ("jg_admin", "recognise"),
        ("jt_admin", "forward"),
        ("sxb_admin", "confirm"),
    ] {
        let t = app.token(who).await;
        let r = ok(app
            .post(
                "/api/v1/review/bulk",
                json!({ "ids": ids, "action": action }),
                Some(&t),
            )
            .await)
        .await;
        assert_eq!(r["failed"], 0, "{r}");
    }
}

#[tokio::test]
async fn ninety_hours_with_professional_59_meets_the_total_but_not_the_professional_minimum() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let zhang = app.token(ZHANG_WEI).await;
    registered(
        &app,
        &zhang,
        &[
            ("TP", "专业 A", 40.0),
            ("TP", "专业 B", 19.0),
            ("TI", "行业公需", 20.0),
            ("TG", "一般公需", 11.0),
        ],
    )
    .await;
    let s = standing(&app, &zhang).await;
    assert_eq!(hours(&s["registered"]["total"]), 90.0);
    let met: Vec<(&str, bool, f64)> = s["thresholds"]
        .as_array()
        .expect("thresholds")
        .iter()
        .map(|t| {
            (
                t["key"].as_str().unwrap_or_default(),
                t["met"] == true,
                hours(&t["short_by"]),
            )
        })
        .collect();
    assert_eq!(
        met,
        [
            ("total", true, 0.0),
            ("professional", false, 1.0),
            ("public", true, 0.0),
            ("industry_public", true, 0.0),
        ]
    );
    assert_eq!(s["met"], false);
    assert_eq!(
        s["certificate_eligible"], true,
        "D5: the total is enough by default"
    );
    let buckets: Vec<&str> = s["counted"]
        .as_array()
        .expect("counted")
        .iter()
        .filter_map(|i| i["bucket_label"].as_str())
        .collect();
    assert_eq!(buckets.len(), 4);
    assert!(buckets.contains(&"行业公需科目") && buckets.contains(&"一般公需科目"));

    // The unit list: 未达标 on 专业 only; the filters agree.
    let jt = app.token("jt_admin").await;
    let zhang_row = |page: &Value| -> Option<Value> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|r| r["name"] == "张伟")
            .cloned()
    };
    let all = app.get_ok("/api/v1/standings", &jt).await;
    let row = zhang_row(&all).expect("张伟 listed");
    assert_eq!(row["short"], json!(["专业科目"]));
    assert_eq!(row["id_number_masked"], "3301**********1238");
    assert_eq!(hours(&row["registered"]["total"]), 90.0);
    assert_eq!(
        all["items"][all["total"].as_u64().expect("total") as usize - 1]["name"],
        "张伟",
        "furthest from 90 first"
    );
    for (query, listed) in [
        ("status=unmet", true),
        ("status=met", false),
        ("short=professional", true),
        ("short=total", false),
        ("short=public", false),
        ("q=张", true),
    ] {
        let page = app.get_ok(&format!("/api/v1/standings?{query}"), &jt).await;
        assert_eq!(zhang_row(&page).is_some(), listed, "{query}");
    }
    let jg = app.unit_id(units::JG).await;
    let sjy = app.unit_id(units::SJY).await;
    let page = app
        .get_ok(&format!("/api/v1/standings?unit_id={jg}"), &jt)
        .await;
    assert_eq!(page["total"], 1);
    let page = app
        .get_ok(&format!("/api/v1/standings?unit_id={sjy}"), &jt)
        .await;
    assert_eq!(
        page["total"], 0,
        "another 二级 unit's staff stay out of sight"
    );
    expect_problem(
        app.get("/api/v1/standings?short=bogus", Some(&jt)).await,
        400,
        "bad_short",
    )
    .await;

    // The export: the same rows, opened as a workbook.
    let resp = app
        .get("/api/v1/standings/export?status=unmet", Some(&jt))
        .await;
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.expect("bytes");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    use calamine::Reader;
    let sheet = book.worksheet_range_at(0).expect("sheet").expect("range");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows[0][1], "姓名");
    let line = rows.iter().find(|r| r[1] == "张伟").expect("张伟 exported");
    assert_eq!(line[2], "3301**********1238");
    assert_eq!(line[8], "90");
    assert_eq!(line[10], "未达标：专业科目不足");
    assert_eq!(app.audit_count("standing.exported").await, 1);

    // 89.5 is short of the total.
    let t = app.token(CHEN_JIE).await;
    let jt_t = app.token("jt_admin").await;
    let sxb = app.token("sxb_admin").await;
    for (code, h) in [("TP", 60.0), ("TI", 18.0), ("TG", 11.5)] {
        let c = submitted(&app, &t, code, &format!("陈杰 {code}"), h).await;
        decide(&app, &jt_t, &id_of(&c), json!({ "action": "recognise" })).await;
        decide(&app, &sxb, &id_of(&c), json!({ "action": "confirm" })).await;
    }
    let s = standing(&app, &t).await;
    assert_eq!(hours(&s["registered"]["total"]), 89.5);
    assert_eq!(
        (s["met"].as_bool(), s["certificate_eligible"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(hours(&s["thresholds"][0]["short_by"]), 0.5);
}

/// The test's own model of a claim, advanced only by what the API accepted.
#[derive(Clone, Debug)]
struct Model {
    person: &'static str,
    bucket: usize,
    state: &'static str,
    claimed: f64,
    recognised: Option<f64>,
}

/// Random actions by every actor on the claims of two persons of two chain shapes; after each
/// batch the kept standings must equal the model's recount.
#[tokio::test]
async fn kept_totals_equal_a_full_recount_after_random_actions() {
    let app = TestApp::spawn().await;
    publish_test_rules(&app).await;
    let mut tokens: HashMap<&str, String> = HashMap::new();
    for who in [LI_NA, CHEN_JIE, "ej_admin", "jt_admin", "sxb_admin"] {
        tokens.insert(who, app.token(who).await);
    }
    let mut seed: u64 = 0x5eed_2026;
    let mut rnd = move |n: usize| -> usize {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n
    };
    // The demo's own claims stand apart from the model: start from what is kept now.
    let mut base = HashMap::new();
    for person in [LI_NA, CHEN_JIE] {
        base.insert(person, standing(&app, &tokens[person]).await);
    }
    let mut claims: Vec<(String, Model)> = Vec::new();
    let mut applied = 0;
    for step in 0..200 {
        let fresh = claims.len() < 4 || rnd(6) == 0;
        if fresh {
            let person = [LI_NA, CHEN_JIE][rnd(2)];
            let bucket = rnd(3);
            let h = (rnd(16) + 1) as f64 / 2.0;
            let c = submitted(
                &app,
                &tokens[person],
                BUCKETS[bucket].0,
                &format!("随机 {step}"),
                h,
            )
            .await;
            claims.push((
                id_of(&c),
                Model {
                    person,
                    bucket,
                    state: "submitted",
                    claimed: h,
                    recognised: None,
                },
            ));
            continue;
        }
        let i = rnd(claims.len());
        let (id, m) = claims[i].clone();
        // Mostly a move the server offers someone now, sometimes anything by anyone.
        let mut offered: Vec<(&str, String)> = Vec::new();
        if rnd(4) != 0 {
            for who in ["ej_admin", "jt_admin", "sxb_admin"] {
                let resp = app
                    .get(&format!("/api/v1/claims/{id}"), Some(&tokens[who]))
                    .await;
                if resp.status() == 200 {
                    let d: Value = resp.json().await.expect("json");
                    for a in actions(&d) {
                        offered.push((who, a.to_owned()));
                    }
                }
            }
            if m.state == "returned" {
                offered.push((m.person, "resubmit".into()));
            }
        }
        let verbs = [
            "recognise",
            "forward",
            "confirm",
            "return",
            "reject",
            "adjust",
            "revoke",
            "resubmit",
            "withdraw",
        ];
        let (actor, verb): (&str, String) = if offered.is_empty() {
            (
                ["ej_admin", "jt_admin", "sxb_admin", m.person][rnd(4)],
                verbs[rnd(verbs.len())].to_owned(),
            )
        } else {
            // Half the time a step forward, so claims also reach 复审通过.
            let forward: Vec<usize> = (0..offered.len())
                .filter(|&k| ["recognise", "forward", "confirm"].contains(&offered[k].1.as_str()))
                .collect();
            let k = if !forward.is_empty() && rnd(2) == 0 {
                forward[rnd(forward.len())]
            } else {
                rnd(offered.len())
            };
            offered.swap_remove(k)
        };
        let verb = verb.as_str();
        let current = m.recognised.unwrap_or(m.claimed);
        let lower = (current - 0.5).max(0.5);
        let resp = match verb {
            "resubmit" => {
                app.post(
                    &format!("/api/v1/claims/{id}/submit"),
                    json!({ "declared": true }),
                    Some(&tokens[actor]),
                )
                .await
            }
            "withdraw" => {
                app.post(
                    &format!("/api/v1/claims/{id}/withdraw"),
                    json!({}),
                    Some(&tokens[actor]),
                )
                .await
            }
            _ => {
                let h = if rnd(2) == 0 { current } else { lower };
                review(
                    &app,
                    &tokens[actor],
                    &id,
                    json!({ "action": verb, "hours": h, "reason": "随机测试" }),
                )
                .await
            }
        };
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert!(
            [200, 403, 404, 409, 422].contains(&status),
            "{verb} by {actor}: {status} {body}"
        );
        if status != 200 {
            continue;
        }
        applied += 1;
        let state = body["state"].as_str().expect("state");
        let mut next = m.clone();
        next.state = match state {
            "submitted" => "submitted",
            "sub_approved" => "sub_approved",
            "unit_recognised" => "unit_recognised",
            "province_confirmed" => "province_confirmed",
            "returned" => "returned",
            "rejected" => "rejected",
            "revoked" => "revoked",
            "withdrawn" => "withdrawn",
            other => panic!("unexpected state {other}"),
        };
        match verb {
            "recognise" | "forward" | "confirm" | "adjust" => {
                next.recognised = Some(hours(&body["recognised_hours"]));
            }
            "return" | "resubmit" => next.recognised = None,
            _ => {}
        }
        assert_eq!(
            body["recognised_hours"].as_f64(),
            next.recognised,
            "{verb} by {actor} from {}: {body}",
            m.state
        );
        claims[i].1 = next;

        if step % 20 == 19 {
            compare(&app, &tokens, &base, &claims).await;
        }
    }
    compare(&app, &tokens, &base, &claims).await;
    assert!(
        applied > 30,
        "enough accepted actions to mean something: {applied}"
    );
    let confirmed = claims
        .iter()
        .filter(|(_, m)| m.state == "province_confirmed")
        .count();
    let mut states: HashMap<&str, usize> = HashMap::new();
    for (_, m) in &claims {
        *states.entry(m.state).or_default() += 1;
    }
    assert!(
        confirmed >= 1 && states.contains_key("revoked"),
        "claims reached 复审通过 and 撤销: {states:?}, {applied} applied"
    );
}

async fn compare(
    app: &TestApp,
    tokens: &HashMap<&str, String>,
    base: &HashMap<&str, Value>,
    claims: &[(String, Model)],
) {
    for person in [LI_NA, CHEN_JIE] {
        let b = &base[person];
        let mut buckets = [
            hours(&b["registered"]["professional"]),
            hours(&b["registered"]["industry_public"]),
            hours(&b["registered"]["general_public"]),
        ];
        let (mut pending, mut in_review) = (hours(&b["pending_review"]), hours(&b["in_review"]));
        for (_, m) in claims.iter().filter(|(_, m)| m.person == person) {
            let h = m.recognised.unwrap_or(m.claimed);
            match m.state {
                "province_confirmed" => buckets[m.bucket] += h,
                "unit_recognised" => pending += h,
                "submitted" | "sub_approved" => in_review += h,
                _ => {}
            }
        }
        let s = standing(app, &tokens[person]).await;
        let r = &s["registered"];
        let got = [
            hours(&r["professional"]),
            hours(&r["industry_public"]),
            hours(&r["general_public"]),
        ];
        assert_eq!(got, buckets, "{person}: {s}");
        assert_eq!(hours(&r["total"]), buckets.iter().sum::<f64>());
        assert_eq!(hours(&s["pending_review"]), pending, "{person}");
        assert_eq!(hours(&s["in_review"]), in_review, "{person}");
        // The explanation lists exactly the counted items.
        let listed: f64 = s["counted"]
            .as_array()
            .expect("counted")
            .iter()
            .map(|i| hours(&i["hours"]))
            .sum();
        assert_eq!(listed, buckets.iter().sum::<f64>());
    }
}

#[tokio::test]
async fn standings_are_private_and_years_are_checked() {
    let app = TestApp::spawn().await;
    let (li, jg, sys) = (
        app.token(LI_NA).await,
        app.token("jg_admin").await,
        app.token("sysadmin").await,
    );
    let db = &app.state.db;
    let person = |id: &'static str| async move {
        xueshi::people::person::Entity::find()
            .filter(xueshi::people::person::Column::IdNumber.eq(id))
            .one(db)
            .await
            .expect("query")
            .expect("person")
            .id
    };
    let (li_id, zhang_id) = (person(LI_NA).await, person(ZHANG_WEI).await);
    let own = app
        .get_ok(&format!("/api/v1/persons/{li_id}/standing"), &li)
        .await;
    assert_eq!(own["person_name"], "李娜");
    expect_problem(
        app.get(&format!("/api/v1/persons/{zhang_id}/standing"), Some(&li))
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.get(&format!("/api/v1/persons/{li_id}/standing"), Some(&jg))
            .await,
        404,
        "not_found",
    )
    .await;
    let z = app
        .get_ok(
            &format!("/api/v1/persons/{zhang_id}/standing?year=2025"),
            &jg,
        )
        .await;
    assert_eq!(
        (z["year"].as_i64(), hours(&z["registered"]["total"])),
        (Some(2025), 0.0)
    );
    expect_problem(
        app.get("/api/v1/standing/me?year=1999", Some(&li)).await,
        400,
        "bad_year",
    )
    .await;
    expect_problem(
        app.get("/api/v1/standing/me", Some(&sys)).await,
        403,
        "not_a_person",
    )
    .await;
}
