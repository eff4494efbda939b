//! The unit tree: every admin sees exactly their subtree; creation follows the tiers.

use serde_json::{Value, json};
use xueshi_tests::{TestApp, expect_problem, units};

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|u| u["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn each_admin_sees_exactly_their_subtree() {
    let app = TestApp::spawn().await;
    let all = app
        .get_ok("/api/v1/units", &app.token("sxb_admin").await)
        .await;
    assert_eq!(all.as_array().map(Vec::len), Some(5));
    let jt = names(
        &app.get_ok("/api/v1/units", &app.token("jt_admin").await)
            .await,
    );
    assert_eq!(
        jt,
        [
            "浙江省建设投资集团有限公司",
            "浙江省建工集团有限责任公司",
            "浙江省二建建设集团有限公司"
        ]
    );
    let jg = names(
        &app.get_ok("/api/v1/units", &app.token("jg_admin").await)
            .await,
    );
    assert_eq!(jg, ["浙江省建工集团有限责任公司"]);
    let sjy = names(
        &app.get_ok("/api/v1/units", &app.token("sjy_admin").await)
            .await,
    );
    assert_eq!(sjy, ["浙江省建筑设计研究院"]);
    // Person counts come with the tree.
    let jg_list = app
        .get_ok("/api/v1/units", &app.token("jg_admin").await)
        .await;
    assert_eq!(jg_list[0]["person_count"], 1);
    // Persons and organisers have no unit-tree permission.
    expect_problem(
        app.get("/api/v1/units", Some(&app.token("px_org").await))
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.get(
            "/api/v1/units",
            Some(&app.token("330106198503151238").await),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn out_of_scope_units_answer_404() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let ej = app.unit_id(units::EJ).await;
    let jg = app.unit_id(units::JG).await;
    app.get_ok(&format!("/api/v1/units/{jg}"), &jg_admin).await;
    expect_problem(
        app.get(&format!("/api/v1/units/{ej}"), Some(&jg_admin))
            .await,
        404,
        "not_found",
    )
    .await;
    let missing = uuid::Uuid::now_v7();
    expect_problem(
        app.get(&format!("/api/v1/units/{missing}"), Some(&jg_admin))
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get("/api/v1/units/not-a-uuid", Some(&jg_admin)).await,
        404,
        "not_found",
    )
    .await;
    // The 二级 admin sees the 三级 unit's admins.
    let detail = app
        .get_ok(&format!("/api/v1/units/{ej}"), &app.token("jt_admin").await)
        .await;
    assert_eq!(detail["accounts"][0]["username"], "ej_admin");
    assert_eq!(detail["accounts"][0]["role_name"], "三级单位管理员");
    assert_eq!(detail["parent_name"], "浙江省建设投资集团有限公司");
}

#[tokio::test]
async fn a_second_tier_admin_creates_a_third_tier_unit_under_their_own_only() {
    let app = TestApp::spawn().await;
    let jt_admin = app.token("jt_admin").await;
    let jt = app.unit_id(units::JT).await;
    let resp = app
        .post(
            "/api/v1/units",
            json!({ "parent_id": jt, "name": "浙江省建设投资集团测试子公司", "code": "91350100M000100Y43",
                    "contact_name": "王五", "contact_phone": "0571-87654321" }),
            Some(&jt_admin),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.expect("json");
    assert_eq!(created["tier"], "third");
    assert_eq!(created["parent_name"], "浙江省建设投资集团有限公司");
    assert_eq!(app.audit_count("unit.created").await, 1);

    // Not under another 二级 unit, and not below a 三级 unit.
    let sjy = app.unit_id(units::SJY).await;
    let other = json!({ "parent_id": sjy, "name": "某子公司", "code": "D2143569-X" });
    expect_problem(
        app.post("/api/v1/units", other, Some(&jt_admin)).await,
        404,
        "not_found",
    )
    .await;
    let jg = app.unit_id(units::JG).await;
    let deep = json!({ "parent_id": jg, "name": "某子公司", "code": "D2143569-X" });
    expect_problem(
        app.post("/api/v1/units", deep, Some(&jt_admin)).await,
        422,
        "validation_failed",
    )
    .await;
    // A 三级 admin creates nothing.
    let none = json!({ "parent_id": jg, "name": "某子公司", "code": "D2143569-X" });
    expect_problem(
        app.post("/api/v1/units", none, Some(&app.token("jg_admin").await))
            .await,
        403,
        "forbidden",
    )
    .await;
    // The same code twice.
    let dup = json!({ "parent_id": jt, "name": "重复", "code": "91350100M000100Y43" });
    expect_problem(
        app.post("/api/v1/units", dup, Some(&jt_admin)).await,
        409,
        "duplicate_code",
    )
    .await;
    assert_eq!(app.audit_count("unit.created").await, 1);
}

#[tokio::test]
async fn a_failing_credit_code_is_a_warning_only_the_province_overrides_with_a_reason() {
    let app = TestApp::spawn().await;
    let root = app.unit_id(units::ROOT).await;
    let jt = app.unit_id(units::JT).await;
    let bad = "91350100M000100Y44"; // right shape, wrong check character
    let body = |parent: &str, reason: Option<&str>| json!({ "parent_id": parent, "name": "厦门试点单位", "code": bad, "code_override_reason": reason });
    let p = expect_problem(
        app.post(
            "/api/v1/units",
            body(&jt, Some("试点代码")),
            Some(&app.token("jt_admin").await),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["code"], "uscc_checksum");
    let sxb = app.token("sxb_admin").await;
    let p = expect_problem(
        app.post("/api/v1/units", body(&root, None), Some(&sxb))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert!(
        p["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("请填写原因")
    );
    let resp = app
        .post(
            "/api/v1/units",
            body(&root, Some("2015 年厦门试点代码")),
            Some(&sxb),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.expect("json");
    assert_eq!(created["tier"], "second");
    assert_eq!(created["code_override_reason"], "2015 年厦门试点代码");
}

#[tokio::test]
async fn every_bad_field_is_reported_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let sxb = app.token("sxb_admin").await;
    let root = app.unit_id(units::ROOT).await;
    let p = expect_problem(
        app.post(
            "/api/v1/units",
            json!({ "parent_id": root, "name": "　", "code": "12345", "contact_phone": "12ab" }),
            Some(&sxb),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = p["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["name", "contact_phone", "code"]);
    assert_eq!(
        app.get_ok("/api/v1/units", &sxb)
            .await
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    assert_eq!(app.audit_count("unit.created").await, 0);
}

#[tokio::test]
async fn units_are_deactivated_not_deleted_and_children_first() {
    let app = TestApp::spawn().await;
    let sxb = app.token("sxb_admin").await;
    let jt = app.unit_id(units::JT).await;
    let jg = app.unit_id(units::JG).await;
    expect_problem(
        app.post(
            &format!("/api/v1/units/{jt}/deactivate"),
            json!({ "reason": "合并" }),
            Some(&sxb),
        )
        .await,
        409,
        "has_active_children",
    )
    .await;
    // The 二级 admin may deactivate a 三级 unit below, not their own unit.
    let jt_admin = app.token("jt_admin").await;
    expect_problem(
        app.post(
            &format!("/api/v1/units/{jt}/deactivate"),
            json!({ "reason": "x" }),
            Some(&jt_admin),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let p = expect_problem(
        app.post(
            &format!("/api/v1/units/{jg}/deactivate"),
            json!({ "reason": "" }),
            Some(&jt_admin),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["field"], "reason");
    let resp = app
        .post(
            &format!("/api/v1/units/{jg}/deactivate"),
            json!({ "reason": "并入二建" }),
            Some(&jt_admin),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let list = names(&app.get_ok("/api/v1/units", &jt_admin).await);
    assert!(!list.contains(&"浙江省建工集团有限责任公司".to_owned()));
    let all = names(
        &app.get_ok("/api/v1/units?include_inactive=true", &jt_admin)
            .await,
    );
    assert!(all.contains(&"浙江省建工集团有限责任公司".to_owned()));
    let resp = app
        .post(
            &format!("/api/v1/units/{jg}/activate"),
            json!({}),
            Some(&jt_admin),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(app.audit_count("unit.deactivated").await, 1);
    assert_eq!(app.audit_count("unit.activated").await, 1);
}

#[tokio::test]
async fn edits_are_audited_with_before_and_after() {
    let app = TestApp::spawn().await;
    let jg = app.unit_id(units::JG).await;
    let resp = app
        .patch(
            &format!("/api/v1/units/{jg}"),
            json!({ "contact_name": "赵六", "contact_phone": "13900001111" }),
            Some(&app.token("jg_admin").await),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["contact_phone"], "13900001111");
    // Only a 二级 unit has the confirmation switch.
    expect_problem(
        app.patch(
            &format!("/api/v1/units/{jg}"),
            json!({ "second_confirms": false }),
            Some(&app.token("jg_admin").await),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(app.audit_count("unit.updated").await, 1);
}

#[tokio::test]
async fn the_public_unit_search_lists_active_units_by_name() {
    let app = TestApp::spawn().await;
    let resp = app.get("/api/v1/public/units?q=建工", None).await;
    assert_eq!(resp.status(), 200);
    let list: Value = resp.json().await.expect("json");
    assert_eq!(names(&list), ["浙江省建工集团有限责任公司"]);
    assert_eq!(list[0]["parent_name"], "浙江省建设投资集团有限公司");
    let all: Value = app
        .get("/api/v1/public/units", None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        all.as_array().map(Vec::len),
        Some(4),
        "the root is not offered"
    );
}
