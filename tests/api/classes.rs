//! Training classes (issue 7): the 附件1 application and its checks, the D9 deadline edges
//! and exceptions, the decision and the filled 附件1 PDF, rosters that look like the annex
//! (title rows, full-width blanks, numeric IDs, lower-case x, duplicates, sex mismatch,
//! hours over approved), posting once and all-or-nothing, corrections through 省学时办,
//! persons created from a roster and adopted at registration, conflicts with claims, and
//! lecture videos.

use chrono::{Duration, NaiveDate};
use reqwest::Response;
use serde_json::{Value, json};
use xueshi_tests::{TestApp, expect_problem, units};

use crate::{
    certificates::text_of,
    review::{ZHANG_WEI, id_of, ok},
};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const ANNEX_HEADER: [&str; 13] = [
    "序号",
    "培训单位",
    "培训班名称",
    "姓名",
    "性别",
    "企业名称",
    "身份证号",
    "职称专业系列",
    "职称级别",
    "职称",
    "认定学时",
    "手机号码",
    "是（否）省属单位人员",
];

fn today() -> NaiveDate {
    xueshi::calendar::today()
}

/// A complete application starting `start` and lasting two days, 16 h (12 专业 + 4 行业公需).
fn input(start: NaiveDate, kind: &str) -> Value {
    json!({
        "unit_name": "浙江省建筑设计研究院",
        "org_code": "123300004700051302",
        "address": "杭州市安吉路 18 号",
        "contact_person": "周敏",
        "contact_phone": "0571-87654321",
        "name": "装配式建筑设计新技术培训班",
        "location": "杭州市西湖区",
        "content": "装配式建筑设计规范解读；BIM 协同设计；典型工程案例。",
        "start_date": start,
        "end_date": start + Duration::days(1),
        "days": 2,
        "hours_per_day": 8,
        "total_hours": 16,
        "planned_headcount": 5,
        "plan_kind": kind,
        "plan_ref": "2026 年度建设教育培训指导性计划第 12 项",
        "hours": { "professional": 12, "industry_public": 4, "general_public": 0 },
    })
}

async fn raw(app: &TestApp, path: &str, token: &str, ct: &str, body: Vec<u8>) -> Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .expect("request")
}

async fn bytes_of(app: &TestApp, path: &str, token: &str) -> Vec<u8> {
    let r = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 200, "{path}");
    r.bytes().await.expect("body").to_vec()
}

/// A draft with its 培训通知 attached; returns the class id.
async fn draft(app: &TestApp, org: &str, body: Value) -> String {
    let c = app.post("/api/v1/classes", body, Some(org)).await;
    assert_eq!(c.status(), 201);
    let id = id_of(&c.json::<Value>().await.expect("json"));
    let f = raw(
        app,
        &format!("/api/v1/classes/{id}/files?kind=notice&name=培训通知.pdf"),
        org,
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(f.status(), 201);
    id
}

/// A class that ended yesterday, approved for 16 h: the roster window is open.
async fn ended_class(app: &TestApp, org: &str, sxb: &str) -> String {
    let id = draft(app, org, input(today() - Duration::days(2), "annual_plan")).await;
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/exceptions"),
            json!({ "kind": "application", "reason": "补办认定" }),
            Some(sxb),
        )
        .await)
    .await;
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/submit"),
            json!({}),
            Some(org),
        )
        .await)
    .await;
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/decision"),
            json!({ "approve": true, "opinion": "同意", "hours": { "professional": 12, "industry_public": 4, "general_public": 0 } }),
            Some(sxb),
        )
        .await)
    .await;
    id
}

/// A valid 身份证号 born 1990-05-0`day` in 杭州, sequence `n`.
fn id_number(n: u32, female: bool) -> String {
    let seq = (n * 2 + u32::from(!female)) % 1000;
    "0123456789X"
        .chars()
        .map(|c| format!("33010219900501{seq:03}{c}"))
        .find(|id| xueshi::people::IdNumber::parse(id).is_ok())
        .expect("a check character")
}

/// An ID whose check character is X, lower-cased as people type it.
fn lower_x_id() -> String {
    (0..500)
        .map(|n| id_number(n, true))
        .find(|id| id.ends_with('X'))
        .expect("an X id")
        .to_lowercase()
}

#[derive(Clone)]
enum V {
    S(String),
    N(f64),
}

fn s(v: &str) -> V {
    V::S(v.to_owned())
}

/// 附件2 as organisers fill it: title, 填报人 row, the header, data rows, and trailing
/// rows holding only full-width spaces.
fn roster(rows: &[Vec<V>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "培训班学员学时登记信息汇总表")
        .expect("w");
    ws.write_string(
        1,
        0,
        "填报人：周敏        联系电话：0571-87654321        填报日期：2026年11月25日",
    )
    .expect("w");
    for (c, h) in ANNEX_HEADER.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("w");
    }
    let mut r = 3;
    for row in rows {
        for (c, v) in row.iter().enumerate() {
            match v {
                V::S(t) if t.is_empty() => {}
                V::S(t) => {
                    ws.write_string(r, c as u16, t).expect("w");
                }
                V::N(n) => {
                    ws.write_number(r, c as u16, *n).expect("w");
                }
            }
        }
        r += 1;
    }
    for blank in 0..3 {
        for c in 0..10u16 {
            ws.write_string(r + blank, c, "\u{3000}").expect("w");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

/// One attendee row: (seq, name, gender, id cell, hours cell, phone, provincial).
fn person_row(
    seq: u32,
    name: &str,
    gender: &str,
    id: V,
    hours: V,
    phone: &str,
    prov: &str,
) -> Vec<V> {
    vec![
        V::N(f64::from(seq)),
        s("浙江省建筑设计研究院"),
        s("装配式建筑设计新技术培训班"),
        s(name),
        s(gender),
        s("浙江某建设有限公司"),
        id,
        s("工程技术人员"),
        s("中级"),
        s("工程师"),
        hours,
        s(phone),
        s(prov),
    ]
}

async fn preview(app: &TestApp, token: &str, class: &str, file: Vec<u8>) -> Value {
    ok(raw(
        app,
        &format!("/api/v1/classes/{class}/rosters"),
        token,
        XLSX,
        file,
    )
    .await)
    .await
}

async fn post_roster(app: &TestApp, token: &str, class: &str, roster: &str) -> Response {
    app.post(
        &format!("/api/v1/classes/{class}/rosters/{roster}/post"),
        json!({}),
        Some(token),
    )
    .await
}

fn row_of(p: &Value, row: u64) -> &Value {
    p["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["row"] == row)
        .unwrap_or_else(|| panic!("row {row} in {p}"))
}

async fn record_count(app: &TestApp, token: &str, class: &str) -> u64 {
    app.get_ok(&format!("/api/v1/classes/{class}/records"), token)
        .await["total"]
        .as_u64()
        .expect("total")
}

#[actix_web::test]
async fn applications_are_checked_field_by_field() {
    let app = TestApp::spawn_with(true).await;
    let org = app.token("px_org").await;
    let before = app.get_ok("/api/v1/classes", &org).await["total"].clone();
    let mut bad = input(today() + Duration::days(30), "annual_plan");
    bad["hours_per_day"] = json!(9);
    bad["total_hours"] = json!(20);
    bad["end_date"] = json!(today() + Duration::days(28));
    bad["org_code"] = json!("91330000142925110X");
    bad["hours"] = json!({ "professional": 10, "industry_public": 0, "general_public": 0 });
    let e = expect_problem(
        app.post("/api/v1/classes", bad, Some(&org)).await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    for f in ["hours_per_day", "end_date", "org_code", "hours"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // total > days × hours per day.
    let mut over = input(today() + Duration::days(30), "annual_plan");
    over["hours_per_day"] = json!(6);
    over["total_hours"] = json!(16);
    let e = expect_problem(
        app.post("/api/v1/classes", over, Some(&org)).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(e["fields"][0]["code"], "over_days", "{e}");
    assert!(
        e["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("12 学时")
    );
    // Nothing was written.
    assert_eq!(app.get_ok("/api/v1/classes", &org).await["total"], before);
    // Only organisers apply.
    let jg = app.token("jg_admin").await;
    expect_problem(
        app.post(
            "/api/v1/classes",
            input(today() + Duration::days(30), "annual_plan"),
            Some(&jg),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[actix_web::test]
async fn deadlines_are_calendar_days_with_exceptions() {
    let app = TestApp::spawn_with(true).await;
    let (org, sxb) = (app.token("px_org").await, app.token("sxb_admin").await);
    // Annual plan: exactly 7 days before passes, 6 fails; affiliated: 14 passes, 13 fails.
    for (days, kind, pass) in [
        (7, "annual_plan", true),
        (6, "annual_plan", false),
        (14, "affiliated", true),
        (13, "affiliated", false),
    ] {
        let id = draft(&app, &org, input(today() + Duration::days(days), kind)).await;
        let r = app
            .post(
                &format!("/api/v1/classes/{id}/submit"),
                json!({}),
                Some(&org),
            )
            .await;
        if pass {
            assert_eq!(ok(r).await["state"], "submitted", "{days} {kind}");
        } else {
            let e = expect_problem(r, 422, "application_late").await;
            let deadline = today() + Duration::days(days)
                - Duration::days(if kind == "annual_plan" { 7 } else { 14 });
            assert!(
                e["detail"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(&deadline.to_string()),
                "names the deadline: {e}"
            );
            // An exception lets the same class through.
            let d = ok(app
                .post(
                    &format!("/api/v1/classes/{id}/exceptions"),
                    json!({ "kind": "application", "reason": "厅办公室临时安排的专题培训" }),
                    Some(&sxb),
                )
                .await)
            .await;
            assert_eq!(d["exceptions"][0]["reason"], "厅办公室临时安排的专题培训");
            let r = app
                .post(
                    &format!("/api/v1/classes/{id}/submit"),
                    json!({}),
                    Some(&org),
                )
                .await;
            assert_eq!(ok(r).await["state"], "submitted");
        }
    }
    // The organiser cannot grant itself an exception; a draft needs its 办班方案.
    let id = draft(
        &app,
        &org,
        input(today() + Duration::days(3), "annual_plan"),
    )
    .await;
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{id}/exceptions"),
            json!({ "kind": "application", "reason": "x" }),
            Some(&org),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let c = app
        .post(
            "/api/v1/classes",
            input(today() + Duration::days(20), "annual_plan"),
            Some(&org),
        )
        .await;
    let bare = id_of(&c.json::<Value>().await.expect("json"));
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{bare}/submit"),
            json!({}),
            Some(&org),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
}

#[actix_web::test]
async fn the_office_decides_and_the_form_prints_like_the_annex() {
    let app = TestApp::spawn_with(true).await;
    let (org, sxb) = (app.token("px_org").await, app.token("sxb_admin").await);
    let id = draft(
        &app,
        &org,
        input(today() + Duration::days(20), "annual_plan"),
    )
    .await;
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/submit"),
            json!({}),
            Some(&org),
        )
        .await)
    .await;
    // 省学时办's queue holds it; a unit admin sees no classes.
    let queue = app.get_ok("/api/v1/classes?state=submitted", &sxb).await;
    assert!(
        queue["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["id"] == id.as_str())
    );
    expect_problem(
        app.get("/api/v1/classes", Some(&app.token("jt_admin").await))
            .await,
        403,
        "forbidden",
    )
    .await;
    // More than requested is refused; an opinion is required.
    let e = expect_problem(
        app.post(
            &format!("/api/v1/classes/{id}/decision"),
            json!({ "approve": true, "opinion": "同意", "hours": { "professional": 14, "industry_public": 4, "general_public": 0 } }),
            Some(&sxb),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(e["fields"][0]["code"], "over_requested");
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{id}/decision"),
            json!({ "approve": false, "opinion": " " }),
            Some(&sxb),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    // The organiser cannot decide.
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{id}/decision"),
            json!({ "approve": false, "opinion": "x" }),
            Some(&org),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let d = ok(app
        .post(
            &format!("/api/v1/classes/{id}/decision"),
            json!({ "approve": true, "opinion": "同意按 12 学时认定，其中专业科目 8 学时", "hours": { "professional": 8, "industry_public": 4, "general_public": 0 } }),
            Some(&sxb),
        )
        .await)
    .await;
    assert_eq!(d["state"], "approved");
    assert_eq!(d["approved_hours"], 12);
    assert_eq!(
        d["decision"]["reviewer_name"]
            .as_str()
            .map(|s| !s.is_empty()),
        Some(true)
    );
    let labels: Vec<&str> = d["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|t| t["label"].as_str())
        .collect();
    assert_eq!(labels, ["创建申请", "上传办班方案", "提交申请", "同意认定"]);
    // The organiser is told.
    let n = app.get_ok("/api/v1/notifications", &org).await;
    assert!(n.to_string().contains("学时认定申请已同意"), "{n}");
    // Deciding twice is refused.
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{id}/decision"),
            json!({ "approve": false, "opinion": "x" }),
            Some(&sxb),
        )
        .await,
        409,
        "illegal_state",
    )
    .await;
    // 附件1 as a PDF with the office's opinion and date.
    let pdf = bytes_of(&app, &format!("/api/v1/classes/{id}/application.pdf"), &org).await;
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf, "class-application");
    for want in [
        "专业技术人员继续教育培训班学时认定申请表",
        "装配式建筑设计新技术培训班",
        "123300004700051302",
        "同意该培训班按 12 学时认定",
        "计划培训人数",
        "审核人",
        "培训单位盖章",
    ] {
        assert!(text.contains(want), "{want} in the PDF:\n{text}");
    }
    // 培训通知 downloads as uploaded.
    let f = &d["files"][0];
    let got = bytes_of(
        &app,
        &format!(
            "/api/v1/classes/{id}/files/{}",
            f["id"].as_str().expect("id")
        ),
        &sxb,
    )
    .await;
    assert_eq!(got, PDF);
    // A file that is not a PDF or image is refused by content.
    let other = draft(
        &app,
        &org,
        input(today() + Duration::days(20), "annual_plan"),
    )
    .await;
    let r = raw(
        &app,
        &format!("/api/v1/classes/{other}/files?kind=schedule&name=课程.pdf"),
        &org,
        "application/pdf",
        b"MZ\x90\x00not a pdf".to_vec(),
    )
    .await;
    expect_problem(r, 422, "validation_failed").await;
}

#[actix_web::test]
async fn a_roster_like_the_annex_is_previewed_fixed_and_posted_once() {
    let app = TestApp::spawn_with(true).await;
    let (org, sxb) = (app.token("px_org").await, app.token("sxb_admin").await);
    let class = ended_class(&app, &org, &sxb).await;
    // The template is the annex: title, 填报人, the 13 columns.
    let template = bytes_of(
        &app,
        &format!("/api/v1/classes/{class}/roster-template"),
        &org,
    )
    .await;
    let sheet = xueshi::people::import::parse::parse::<xueshi::classes::roster::RCol>(&template)
        .expect("template parses");
    assert_eq!(sheet.header_row, 3);
    assert_eq!(sheet.header, ANNEX_HEADER);

    let newcomer = id_number(7, false);
    let lower_x = lower_x_id();
    let messy = roster(&[
        // 张伟 of the demo, with stray spaces and +86.
        person_row(
            1,
            " 张 伟 ",
            "男",
            s(&format!(" {ZHANG_WEI} ")),
            V::N(16.0),
            "+86 138 0000 1234",
            "是",
        ),
        // An ID Excel turned into a number: digits lost, refused.
        person_row(
            2,
            "王强",
            "男",
            V::N(330_102_199_005_010_000.0),
            V::N(16.0),
            "",
            "是",
        ),
        // Lower-case x, unknown to the system: will be created; non-省属.
        person_row(
            3,
            "赵敏",
            "女",
            s(&lower_x),
            V::N(12.0),
            "13900001111",
            "否",
        ),
        // The same person twice.
        person_row(4, "赵敏", "女", s(&lower_x), V::N(12.0), "", "否"),
        // Sex against the 17th digit.
        person_row(
            5,
            "钱进",
            "女",
            s(&id_number(8, false)),
            V::N(16.0),
            "",
            "是",
        ),
        // More than approved.
        person_row(
            6,
            "孙丽",
            "女",
            s(&id_number(9, true)),
            V::N(20.0),
            "",
            "是",
        ),
        // Text hours, a new person.
        person_row(7, "李新", "男", s(&newcomer), s("8"), "", ""),
    ]);
    let p = preview(&app, &org, &class, messy).await;
    assert_eq!(p["summary"]["total"], 7, "{p}");
    assert_eq!(p["summary"]["error"], 4, "{p}");
    assert_eq!(p["summary"]["ok"], 1);
    assert_eq!(p["summary"]["create"], 2);
    assert_eq!(p["summary"]["non_provincial"], 1);
    assert_eq!(row_of(&p, 4)["status"], "ok");
    assert_eq!(row_of(&p, 4)["hours"], 16);
    assert!(
        row_of(&p, 5)["message"]
            .as_str()
            .unwrap_or_default()
            .contains("存成了数字")
    );
    assert_eq!(row_of(&p, 6)["status"], "create");
    assert_eq!(row_of(&p, 6)["non_provincial"], true);
    assert!(
        row_of(&p, 7)["message"]
            .as_str()
            .unwrap_or_default()
            .contains("与第 6 行重复")
    );
    assert!(
        row_of(&p, 8)["message"]
            .as_str()
            .unwrap_or_default()
            .contains("性别")
    );
    assert!(
        row_of(&p, 9)["message"]
            .as_str()
            .unwrap_or_default()
            .contains("超过本班批准的 16 学时")
    );
    assert_eq!(row_of(&p, 10)["status"], "create");
    // The masked ID only.
    assert!(!p.to_string().contains(ZHANG_WEI));
    // Nothing is written by a preview; posting with errors is refused.
    assert_eq!(record_count(&app, &org, &class).await, 0);
    let roster_id = p["id"].as_str().expect("id").to_owned();
    expect_problem(
        post_roster(&app, &org, &class, &roster_id).await,
        409,
        "roster_has_errors",
    )
    .await;
    assert_eq!(record_count(&app, &org, &class).await, 0);
    // The error report: the four error rows with their reasons.
    let report = bytes_of(
        &app,
        &format!("/api/v1/classes/{class}/rosters/{roster_id}/errors"),
        &org,
    )
    .await;
    let errors = xueshi::people::import::parse::parse::<xueshi::classes::roster::RCol>(&report)
        .expect("report parses");
    assert_eq!(errors.rows.len(), 4);

    // Fixed: the bad rows dropped or corrected.
    let fixed = roster(&[
        person_row(
            1,
            "张伟",
            "男",
            s(ZHANG_WEI),
            V::N(16.0),
            "+8613800001234",
            "是",
        ),
        person_row(
            2,
            "赵敏",
            "女",
            s(&lower_x),
            V::N(12.0),
            "13900001111",
            "否",
        ),
        person_row(3, "李新", "男", s(&newcomer), s("8"), "", ""),
    ]);
    let p = preview(&app, &org, &class, fixed.clone()).await;
    assert_eq!(p["summary"]["error"], 0);
    let roster_id = p["id"].as_str().expect("id").to_owned();
    let posted = ok(post_roster(&app, &org, &class, &roster_id).await).await;
    assert_eq!(posted["status"], "posted");
    assert_eq!(record_count(&app, &org, &class).await, 3);
    // 张伟's year now counts the class: 12 专业 + 4 行业公需, as approved.
    let zw = app.token(ZHANG_WEI).await;
    let st = app.get_ok("/api/v1/standing/me", &zw).await;
    let items: Vec<&Value> = st["counted"]
        .as_array()
        .expect("counted")
        .iter()
        .filter(|i| i["source"] == "class")
        .collect();
    assert_eq!(items.len(), 2, "{st}");
    assert_eq!(
        items
            .iter()
            .map(|i| i["hours"].as_f64().unwrap_or(0.0))
            .sum::<f64>(),
        16.0
    );
    assert!(
        items
            .iter()
            .all(|i| i["state"] == "posted" && i["pathway_code"] == "P1")
    );
    // Posting again, or the same content in another file, changes nothing.
    let again = ok(post_roster(&app, &org, &class, &roster_id).await).await;
    assert_eq!(again["posted_at"], posted["posted_at"]);
    let p = preview(&app, &org, &class, fixed).await;
    assert_eq!(p["id"], roster_id.as_str());
    let same = roster(&[
        person_row(9, "张伟", "男", s(ZHANG_WEI), V::N(16.0), "", "是"),
        person_row(
            8,
            "赵敏",
            "女",
            s(&lower_x.to_uppercase()),
            s("12"),
            "",
            "否",
        ),
        person_row(7, "李新", "男", s(&newcomer), V::N(8.0), "", "是"),
    ]);
    let p = preview(&app, &org, &class, same).await;
    assert_eq!(p["summary"]["unchanged"], 3, "{p}");
    assert_eq!(p["correction"], true);
    ok(post_roster(&app, &org, &class, p["id"].as_str().expect("id")).await).await;
    assert_eq!(record_count(&app, &org, &class).await, 3);
    let again = app.get_ok("/api/v1/standing/me", &zw).await;
    assert_eq!(again["registered"], st["registered"]);

    // The newcomer registers and finds the hours already there.
    let r = app
        .post(
            "/api/v1/public/register",
            json!({ "id_number": newcomer, "name": "李新", "phone": "13700007777", "password": "Xueshi@2026a", "unit_id": app.unit_id(units::SJY).await }),
            None,
        )
        .await;
    assert!(
        r.status().is_success(),
        "{}",
        r.text().await.unwrap_or_default()
    );
    let li = app.login(&newcomer.to_lowercase(), "Xueshi@2026a").await;
    let st = app.get_ok("/api/v1/standing/me", &li.access).await;
    assert_eq!(st["registered"]["total"], 8, "{st}");
}

#[actix_web::test]
async fn late_rosters_need_an_exception_and_corrections_go_through_the_office() {
    let app = TestApp::spawn_with(true).await;
    let (org, sxb) = (app.token("px_org").await, app.token("sxb_admin").await);
    // Ended 9 days ago: the 7 days are over.
    let id = draft(
        &app,
        &org,
        input(today() - Duration::days(10), "annual_plan"),
    )
    .await;
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/exceptions"),
            json!({ "kind": "application", "reason": "补办" }),
            Some(&sxb),
        )
        .await)
    .await;
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/submit"),
            json!({}),
            Some(&org),
        )
        .await)
    .await;
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/decision"),
            json!({ "approve": true, "opinion": "同意", "hours": { "professional": 12, "industry_public": 4, "general_public": 0 } }),
            Some(&sxb),
        )
        .await)
    .await;
    let file = roster(&[person_row(
        1,
        "张伟",
        "男",
        s(ZHANG_WEI),
        V::N(16.0),
        "",
        "是",
    )]);
    let e = expect_problem(
        raw(
            &app,
            &format!("/api/v1/classes/{id}/rosters"),
            &org,
            XLSX,
            file.clone(),
        )
        .await,
        422,
        "roster_late",
    )
    .await;
    assert!(
        e["detail"]
            .as_str()
            .unwrap_or_default()
            .contains(&(today() - Duration::days(2)).to_string()),
        "{e}"
    );
    ok(app
        .post(
            &format!("/api/v1/classes/{id}/exceptions"),
            json!({ "kind": "roster", "reason": "名单核对延误" }),
            Some(&sxb),
        )
        .await)
    .await;
    let p = preview(&app, &org, &id, file).await;
    ok(post_roster(&app, &org, &id, p["id"].as_str().expect("id")).await).await;

    // A correction by the organiser waits for 省学时办.
    let lower = roster(&[person_row(
        1,
        "张伟",
        "男",
        s(ZHANG_WEI),
        V::N(8.0),
        "",
        "是",
    )]);
    let p = preview(&app, &org, &id, lower).await;
    assert_eq!(p["summary"]["update"], 1, "{p}");
    let pending = ok(post_roster(&app, &org, &id, p["id"].as_str().expect("id")).await).await;
    assert_eq!(pending["status"], "pending");
    let zw = app.token(ZHANG_WEI).await;
    let class_hours = |st: &Value| -> f64 {
        st["counted"]
            .as_array()
            .expect("counted")
            .iter()
            .filter(|i| i["source"] == "class")
            .map(|i| i["hours"].as_f64().unwrap_or(0.0))
            .sum()
    };
    assert_eq!(
        class_hours(&app.get_ok("/api/v1/standing/me", &zw).await),
        16.0
    );
    let d = app.get_ok(&format!("/api/v1/classes/{id}"), &sxb).await;
    assert_eq!(d["pending_correction"], true);
    assert_eq!(d["can"]["decide_correction"], true);
    assert_eq!(d["pending_roster_id"], p["id"]);
    ok(app
        .post(
            &format!(
                "/api/v1/classes/{id}/rosters/{}/decision",
                p["id"].as_str().expect("id")
            ),
            json!({ "approve": true, "opinion": "核实后同意更正" }),
            Some(&sxb),
        )
        .await)
    .await;
    assert_eq!(
        class_hours(&app.get_ok("/api/v1/standing/me", &zw).await),
        8.0
    );
    let n = app.get_ok("/api/v1/notifications", &zw).await;
    assert!(n.to_string().contains("登记学时已更正"), "{n}");
}

#[actix_web::test]
async fn a_claim_overlapping_a_posted_class_is_flagged_to_its_reviewers() {
    let app = TestApp::spawn_with(true).await;
    crate::review::publish_test_rules(&app).await;
    let (org, sxb) = (app.token("px_org").await, app.token("sxb_admin").await);
    let zw = app.token(ZHANG_WEI).await;
    // A claim dated inside the class's days.
    let c = crate::claims::create(
        &app,
        &zw,
        json!({
            "pathway_code": "TP",
            "title": "装配式建筑设计培训",
            "end_date": today() - Duration::days(1),
            "claimed_hours": 8,
            "description": "参加装配式建筑设计培训",
        }),
    )
    .await;
    let claim = id_of(&c);
    ok(app
        .post(
            &format!("/api/v1/claims/{claim}/submit"),
            json!({ "declared": true }),
            Some(&zw),
        )
        .await)
    .await;
    let class = ended_class(&app, &org, &sxb).await;
    let p = preview(
        &app,
        &org,
        &class,
        roster(&[person_row(
            1,
            "张伟",
            "男",
            s(ZHANG_WEI),
            V::N(16.0),
            "",
            "是",
        )]),
    )
    .await;
    ok(post_roster(&app, &org, &class, p["id"].as_str().expect("id")).await).await;
    let jg = app.token("jg_admin").await;
    let c = app.get_ok(&format!("/api/v1/claims/{claim}"), &jg).await;
    assert!(
        c["class_conflict"]
            .as_str()
            .unwrap_or_default()
            .contains("装配式建筑设计新技术培训班"),
        "{c}"
    );
    // The claimant does not see the reviewers' note.
    let mine = app.get_ok(&format!("/api/v1/claims/{claim}"), &zw).await;
    assert!(mine["class_conflict"].is_null());
}

#[actix_web::test]
async fn lecture_videos_are_submitted_and_adopted_with_a_fee() {
    let app = TestApp::spawn_with(true).await;
    let (org, sxb) = (app.token("px_org").await, app.token("sxb_admin").await);
    let draft_id = draft(
        &app,
        &org,
        input(today() + Duration::days(20), "annual_plan"),
    )
    .await;
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{draft_id}/videos"),
            json!({ "topic": "t", "lecturer": "王教授", "link": "https://v.example.cn/1" }),
            Some(&org),
        )
        .await,
        409,
        "class_not_approved",
    )
    .await;
    let class = ended_class(&app, &org, &sxb).await;
    let bad = app
        .post(
            &format!("/api/v1/classes/{class}/videos"),
            json!({ "topic": "", "lecturer": "王教授", "link": "ftp://x" }),
            Some(&org),
        )
        .await;
    let e = expect_problem(bad, 422, "validation_failed").await;
    assert_eq!(e["fields"].as_array().map(Vec::len), Some(2));
    let linked = app
        .post(&format!("/api/v1/classes/{class}/videos"), json!({ "topic": "装配式结构设计要点", "lecturer": "王建国", "link": "https://video.example.cn/lecture/1" }), Some(&org))
        .await;
    assert_eq!(linked.status(), 201);
    let mut mp4 = vec![0, 0, 0, 0x18];
    mp4.extend_from_slice(b"ftypisom\x00\x00\x02\x00isomiso2mp41");
    mp4.extend_from_slice(&[0u8; 64]);
    let up = raw(
        &app,
        &format!(
            "/api/v1/classes/{class}/videos/upload?topic=BIM协同&lecturer=李工&name=lecture.mp4"
        ),
        &org,
        "video/mp4",
        mp4.clone(),
    )
    .await;
    assert_eq!(up.status(), 201);
    let up: Value = up.json().await.expect("json");
    let got = bytes_of(
        &app,
        &format!(
            "/api/v1/classes/{class}/videos/{}/file",
            up["id"].as_str().expect("id")
        ),
        &sxb,
    )
    .await;
    assert_eq!(got, mp4);
    let notvideo = raw(
        &app,
        &format!("/api/v1/classes/{class}/videos/upload?topic=t&lecturer=l&name=x.mp4"),
        &org,
        "video/mp4",
        b"hello".to_vec(),
    )
    .await;
    expect_problem(notvideo, 422, "validation_failed").await;
    // 省学时办 adopts with a fee; a fee is required; organisers cannot decide.
    let vid = up["id"].as_str().expect("id");
    let path = format!("/api/v1/classes/{class}/videos/{vid}/decision");
    expect_problem(
        app.post(&path, json!({ "adopted": true }), Some(&sxb))
            .await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.post(&path, json!({ "adopted": true, "fee": 800 }), Some(&org))
            .await,
        403,
        "forbidden",
    )
    .await;
    let v = ok(app
        .post(
            &path,
            json!({ "adopted": true, "fee": 800.5, "note": "用于继续教育网络课程" }),
            Some(&sxb),
        )
        .await)
    .await;
    assert_eq!(v["status"], "adopted");
    assert_eq!(v["fee"], 800.5);
    let list = app
        .get_ok(&format!("/api/v1/classes/{class}/videos"), &org)
        .await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
}
