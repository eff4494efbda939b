//! Persons: scoped lists with masking, full detail in scope, creation checks, locking,
//! affiliation, self-registration, transfers.

use serde_json::{Value, json};
use xueshi_tests::{TestApp, expect_problem, units};

async fn person_id(app: &TestApp, id_number: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    xueshi::people::person::Entity::find()
        .filter(xueshi::people::person::Column::IdNumber.eq(id_number))
        .one(&app.state.db)
        .await
        .expect("query")
        .map(|p| p.id.to_string())
        .expect("person exists")
}

fn names(page: &Value) -> Vec<String> {
    let mut v: Vec<String> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn lists_are_scoped_masked_and_filterable() {
    let app = TestApp::spawn().await;
    let jt = app.token("jt_admin").await;
    let page = app.get_ok("/api/v1/persons", &jt).await;
    assert_eq!(names(&page), ["张伟", "李娜", "陈杰"]);
    assert_eq!(page["total"], 3);
    let text = page.to_string();
    assert!(!text.contains("330106198503151238"), "full ID in a list");
    assert!(text.contains("3301**********1238"));
    assert!(text.contains("138****1001"));
    assert_eq!(
        names(
            &app.get_ok("/api/v1/persons", &app.token("jg_admin").await)
                .await
        ),
        ["张伟"]
    );
    assert_eq!(
        names(
            &app.get_ok("/api/v1/persons", &app.token("sxb_admin").await)
                .await
        )
        .len(),
        5
    );

    let jg = app.unit_id(units::JG).await;
    assert_eq!(
        names(
            &app.get_ok(&format!("/api/v1/persons?unit_id={jg}"), &jt)
                .await
        ),
        ["张伟"]
    );
    assert_eq!(
        names(&app.get_ok("/api/v1/persons?name=李", &jt).await),
        ["李娜"]
    );
    assert_eq!(
        names(&app.get_ok("/api/v1/persons?id_number=330105", &jt).await),
        ["陈杰"]
    );
    assert_eq!(
        names(&app.get_ok("/api/v1/persons?title_level=副高级", &jt).await),
        ["张伟"]
    );
    let sjy = app.token("sjy_admin").await;
    assert_eq!(
        names(
            &app.get_ok("/api/v1/persons?affiliation=pending", &sjy)
                .await
        ),
        ["刘洋"]
    );
    let paged = app.get_ok("/api/v1/persons?page=2&page_size=2", &jt).await;
    assert_eq!(paged["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(paged["total"], 3);
    // A unit filter outside the scope yields nothing, never someone else's people.
    let sjy_unit = app.unit_id(units::SJY).await;
    assert_eq!(
        app.get_ok(&format!("/api/v1/persons?unit_id={sjy_unit}"), &jt)
            .await["total"],
        0
    );
}

#[tokio::test]
async fn detail_shows_full_identity_only_in_scope() {
    let app = TestApp::spawn().await;
    let id = person_id(&app, "330106198503151238").await;
    let d = app
        .get_ok(
            &format!("/api/v1/persons/{id}"),
            &app.token("jt_admin").await,
        )
        .await;
    assert_eq!(d["id_number"], "330106198503151238");
    assert_eq!(d["phone"], "13800001001");
    assert_eq!(d["identity_locked"], true);
    assert_eq!(d["unit_name"], "浙江省建工集团有限责任公司");
    for outsider in ["ej_admin", "sjy_admin"] {
        expect_problem(
            app.get(
                &format!("/api/v1/persons/{id}"),
                Some(&app.token(outsider).await),
            )
            .await,
            404,
            "not_found",
        )
        .await;
    }
    expect_problem(
        app.get(
            &format!("/api/v1/persons/{id}"),
            Some(&app.token("px_org").await),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn creating_a_person_checks_every_field_in_chinese_and_writes_nothing_on_error() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let jg = app.unit_id(units::JG).await;
    let bad = json!({
        "id_number": "330106198503151239", "name": "1", "gender": "女", "phone": "12345",
        "unit_id": jg, "title_series": "工程技术人员", "title_level": "中级", "title_name": "高级工程师"
    });
    let p = expect_problem(
        app.post("/api/v1/persons", bad, Some(&jg_admin)).await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<(&str, &str)> = p["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or_default(),
                f["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("id_number", "id_checksum"),
            ("name", "invalid_name"),
            ("phone", "invalid_phone"),
            ("title_name", "invalid_title")
        ]
    );
    assert!(
        p["fields"][3]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("不属于工程技术人员的中级")
    );
    // Sex must match the 17th digit.
    let mismatch = json!({ "id_number": "11010519491231002X", "name": "王秀英", "gender": "男", "unit_id": jg });
    let p = expect_problem(
        app.post("/api/v1/persons", mismatch, Some(&jg_admin)).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["code"], "gender_mismatch");
    assert_eq!(app.get_ok("/api/v1/persons", &jg_admin).await["total"], 1);

    let good = json!({
        "id_number": "11010519491231002x", "name": "王秀英", "gender": "女", "phone": "+86 139 0000 2222",
        "unit_id": jg, "title_series": "工程技术人员", "title_level": "正高级", "title_name": "教授级高级工程师"
    });
    let resp = app
        .post("/api/v1/persons", good.clone(), Some(&jg_admin))
        .await;
    assert_eq!(resp.status(), 201);
    let d: Value = resp.json().await.expect("json");
    assert_eq!(d["id_number"], "11010519491231002X");
    assert_eq!(d["phone"], "13900002222");
    assert_eq!(d["title_level"], "ZG");
    assert_eq!(
        d["title_name"], "正高级工程师",
        "old title names map to the current one"
    );
    assert_eq!(d["birth_date"], "1949-12-31");
    assert_eq!(d["affiliation"], "confirmed");
    expect_problem(
        app.post("/api/v1/persons", good, Some(&jg_admin)).await,
        409,
        "duplicate_person",
    )
    .await;
    // Already in another unit: a transfer is the way.
    let ej = app.unit_id(units::EJ).await;
    let elsewhere = json!({ "id_number": "330106198503151238", "name": "张伟", "unit_id": ej });
    expect_problem(
        app.post(
            "/api/v1/persons",
            elsewhere,
            Some(&app.token("ej_admin").await),
        )
        .await,
        409,
        "person_in_other_unit",
    )
    .await;
    // Not into a unit out of scope.
    let sjy = app.unit_id(units::SJY).await;
    let outside = json!({ "id_number": "330621198709305715", "name": "刘洋", "unit_id": sjy });
    expect_problem(
        app.post("/api/v1/persons", outside, Some(&jg_admin)).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(app.audit_count("person.created").await, 1);
}

#[tokio::test]
async fn identity_is_locked_after_confirmation_but_other_fields_change() {
    let app = TestApp::spawn().await;
    let sjy = app.token("sjy_admin").await;
    let pending = person_id(&app, "330621198709305715").await;
    // Pending: the name can still be corrected.
    let resp = app
        .patch(
            &format!("/api/v1/persons/{pending}"),
            json!({ "name": "刘阳" }),
            Some(&sjy),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let confirmed = person_id(&app, "330382198811223624").await;
    let p = expect_problem(
        app.patch(
            &format!("/api/v1/persons/{confirmed}"),
            json!({ "name": "王芳芳", "id_number": "11010519491231002X" }),
            Some(&sjy),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"][0]["code"], "locked");
    assert_eq!(p["fields"][1]["code"], "locked");
    let resp = app
        .patch(
            &format!("/api/v1/persons/{confirmed}"),
            json!({ "phone": "13911112222", "is_provincial": false }),
            Some(&sjy),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let d: Value = resp.json().await.expect("json");
    assert_eq!(d["phone"], "13911112222");
    assert_eq!(d["is_provincial"], false);
    // The audit log keeps before/after, masked.
    let log = app
        .get_ok(
            "/api/v1/audit?action=person.updated",
            &app.token("sxb_admin").await,
        )
        .await;
    let text = log.to_string();
    assert!(
        text.contains("139****2222") && !text.contains("13911112222"),
        "{text}"
    );
}

#[tokio::test]
async fn a_person_registers_and_the_unit_confirms_before_they_can_act() {
    let app = TestApp::spawn().await;
    let ej = app.unit_id(units::EJ).await;
    let reg = |id: &str| json!({ "id_number": id, "name": "赵敏", "phone": "13700003333", "unit_id": ej, "password": "Zhaomin2026" });
    let p = expect_problem(
        app.post("/api/v1/public/register", json!({ "id_number": "123", "name": "", "phone": "1", "unit_id": ej, "password": "short" }), None).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p["fields"].as_array().map(Vec::len), Some(4));
    let resp = app
        .post("/api/v1/public/register", reg("330102199007084522"), None)
        .await;
    expect_problem(resp, 409, "already_registered").await;

    let new_id = "330106199001010026";
    let resp = app.post("/api/v1/public/register", reg(new_id), None).await;
    assert_eq!(
        resp.status(),
        201,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    // The person logs in; the unit has not confirmed yet.
    let me: Value = app
        .get_ok("/api/v1/me", &app.login(new_id, "Zhaomin2026").await.access)
        .await;
    assert_eq!(me["roles"][0]["role"], "person");
    let ej_admin = app.token("ej_admin").await;
    let queue = app
        .get_ok("/api/v1/persons?affiliation=pending", &ej_admin)
        .await;
    assert_eq!(names(&queue), ["赵敏"]);
    let pid = queue["items"][0]["id"].as_str().expect("id").to_owned();
    // Another unit's admin cannot confirm.
    expect_problem(
        app.post(
            &format!("/api/v1/persons/{pid}/confirm"),
            json!({}),
            Some(&app.token("jg_admin").await),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let d: Value = app
        .post(
            &format!("/api/v1/persons/{pid}/confirm"),
            json!({}),
            Some(&ej_admin),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(d["affiliation"], "confirmed");
    expect_problem(
        app.post(
            &format!("/api/v1/persons/{pid}/reject"),
            json!({ "reason": "x" }),
            Some(&ej_admin),
        )
        .await,
        409,
        "not_pending",
    )
    .await;
    assert_eq!(app.audit_count("person.registered").await, 1);
    // The audit list shows the person's login (their 身份证号) masked.
    let log = app
        .get_ok(
            "/api/v1/audit?action=person.registered",
            &app.token("sxb_admin").await,
        )
        .await;
    assert_eq!(log["items"][0]["actor_username"], "3301**********0026");
    assert_eq!(app.audit_count("person.affiliation_confirmed").await, 1);
}

#[tokio::test]
async fn a_transfer_needs_the_old_unit_to_release_and_the_new_unit_to_accept() {
    let app = TestApp::spawn().await;
    let zhang = person_id(&app, "330106198503151238").await;
    let jg_admin = app.token("jg_admin").await;
    let sjy_admin = app.token("sjy_admin").await;
    let sjy = app.unit_id(units::SJY).await;
    // The new unit asks by 身份证号.
    let resp = app
        .post(
            "/api/v1/transfers",
            json!({ "id_number": "330106198503151238", "to_unit_id": sjy, "reason": "调入设计院" }),
            Some(&sjy_admin),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let t: Value = resp.json().await.expect("json");
    assert_eq!(
        (t["accepted"].as_bool(), t["released"].as_bool()),
        (Some(true), Some(false))
    );
    let tid = t["id"].as_str().expect("id").to_owned();
    // Accepting again is the wrong side; a second transfer is refused.
    expect_problem(
        app.post(
            &format!("/api/v1/transfers/{tid}/accept"),
            json!({}),
            Some(&sjy_admin),
        )
        .await,
        409,
        "transfer_wrong_side",
    )
    .await;
    let jg_unit = app.unit_id(units::EJ).await;
    expect_problem(
        app.post(
            &format!("/api/v1/persons/{zhang}/release"),
            json!({ "to_unit_id": jg_unit }),
            Some(&jg_admin),
        )
        .await,
        409,
        "transfer_pending",
    )
    .await;
    // Both sides see it; an unrelated unit does not.
    assert_eq!(
        app.get_ok("/api/v1/transfers", &jg_admin)
            .await
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        app.get_ok("/api/v1/transfers", &app.token("ej_admin").await)
            .await
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    expect_problem(
        app.post(
            &format!("/api/v1/transfers/{tid}/release"),
            json!({}),
            Some(&app.token("ej_admin").await),
        )
        .await,
        404,
        "not_found",
    )
    .await;

    let done: Value = app
        .post(
            &format!("/api/v1/transfers/{tid}/release"),
            json!({}),
            Some(&jg_admin),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(done["status"], "completed");
    // The person now belongs to the new unit; the old unit no longer sees them.
    expect_problem(
        app.get(&format!("/api/v1/persons/{zhang}"), Some(&jg_admin))
            .await,
        404,
        "not_found",
    )
    .await;
    let d = app
        .get_ok(&format!("/api/v1/persons/{zhang}"), &sjy_admin)
        .await;
    assert_eq!(d["unit_name"], "浙江省建筑设计研究院");
    let me = app
        .get_ok("/api/v1/me", &app.token("330106198503151238").await)
        .await;
    assert_eq!(me["roles"][0]["unit_name"], "浙江省建筑设计研究院");
    // Both subtrees' audit logs show it.
    let jt_log = app
        .get_ok(
            "/api/v1/audit?action=transfer.",
            &app.token("jt_admin").await,
        )
        .await;
    assert_eq!(jt_log["total"], 2);
}

#[tokio::test]
async fn the_title_dictionary_is_read_by_all_and_edited_by_the_sysadmin() {
    let app = TestApp::spawn().await;
    let list = app
        .get_ok("/api/v1/titles", &app.token("330106198503151238").await)
        .await;
    assert!(list.as_array().map(Vec::len).unwrap_or(0) >= 50);
    let sys = app.token("sysadmin").await;
    let body = json!({ "series": "工程技术人员", "level": "中级", "name": "建筑工程师" });
    expect_problem(
        app.post(
            "/api/v1/titles",
            body.clone(),
            Some(&app.token("sxb_admin").await),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let resp = app.post("/api/v1/titles", body.clone(), Some(&sys)).await;
    assert_eq!(resp.status(), 201);
    let t: Value = resp.json().await.expect("json");
    assert_eq!(t["level"], "ZJ");
    expect_problem(
        app.post("/api/v1/titles", body, Some(&sys)).await,
        409,
        "duplicate_title",
    )
    .await;
    let id = t["id"].as_str().expect("id");
    let off: Value = app
        .patch(
            &format!("/api/v1/titles/{id}"),
            json!({ "active": false }),
            Some(&sys),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(off["active"], false);
}
