//! Online-learning sync (issue 8): platform keys (shown once, hashed, rotated with overlap,
//! revoked, bound to their platform, rate limited), pushes that are idempotent through
//! replays, overlaps, changes and out-of-order delivery (the kept totals always equal a full
//! recount and a model of the latest records), record-by-record refusal of bad input,
//! parking and automatic matching, 省学时办's queue, revocation and reconciliation, the
//! platform's read-back, and 我的学时 showing 网络学习.

use std::collections::HashMap;

use reqwest::Response;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use xueshi::{people::person, standing, sync::entity as sync};
use xueshi_tests::{TestApp, expect_problem, units};

use crate::review::{ZHANG_WEI, ok};

const LI_NA: &str = "330102199007084522";
const CHEN_JIE: &str = "330105199202140015";
const LIU_YANG: &str = "330621198709305715";

/// A platform as the tests hold it: its id and its one-time key.
pub(crate) struct Platform {
    pub id: String,
    pub key: String,
}

pub(crate) async fn platform(app: &TestApp, name: &str) -> Platform {
    let admin = app.token("sysadmin").await;
    let r = app
        .post(
            "/api/v1/sync/clients",
            json!({ "name": name, "note": "测试" }),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    Platform {
        id: v["client"]["id"].as_str().expect("id").to_owned(),
        key: v["api_key"].as_str().expect("key").to_owned(),
    }
}

pub(crate) async fn push_with(
    app: &TestApp,
    platform: &str,
    key: &str,
    records: &[Value],
) -> Response {
    app.client
        .post(app.url(&format!("/api/v1/sync/platforms/{platform}/records")))
        .bearer_auth(key)
        .json(&json!({ "records": records }))
        .send()
        .await
        .expect("request")
}

pub(crate) async fn push(app: &TestApp, p: &Platform, records: &[Value]) -> Value {
    ok(push_with(app, &p.id, &p.key, records).await).await
}

/// A completion in 2026; `hours` in hours.
pub(crate) fn rec(ext: &str, id: &str, name: &str, category: &str, hours: f64, rev: i64) -> Value {
    json!({
        "external_id": ext, "id_number": id, "name": name, "course_id": format!("C-{ext}"),
        "course_name": format!("课程 {ext}"), "category": category, "hours": hours,
        "completed_at": "2026-06-15T10:00:00+08:00", "revision": rev,
    })
}

/// A valid 身份证号 of nobody in the demo data, for call `n`.
pub(crate) fn new_id(n: usize) -> String {
    crate::matrix::id_number(n + 500)
}

fn counts(v: &Value) -> (u64, u64, u64, u64, u64) {
    let c = &v["counts"];
    let n = |k: &str| c[k].as_u64().unwrap_or(u64::MAX);
    (
        n("created"),
        n("updated"),
        n("unchanged"),
        n("unmatched"),
        n("invalid"),
    )
}

async fn holdings(app: &TestApp, platform: &str, key: &str, id_number: &str) -> Response {
    app.client
        .get(app.url(&format!(
            "/api/v1/sync/platforms/{platform}/holdings?id_number={id_number}&year=2026"
        )))
        .bearer_auth(key)
        .send()
        .await
        .expect("request")
}

/// 个人注册 at 设计研究院 with the password `Xueshi@2026a`.
async fn register(app: &TestApp, id_number: &str, name: &str, phone: &str) {
    let r = app
        .post(
            "/api/v1/public/register",
            json!({ "id_number": id_number, "name": name, "phone": phone, "password": "Xueshi@2026a", "unit_id": app.unit_id(units::SJY).await }),
            None,
        )
        .await;
    assert!(
        r.status().is_success(),
        "{}",
        r.text().await.unwrap_or_default()
    );
}

/// Records held from this platform.
async fn held(app: &TestApp, p: &Platform) -> u64 {
    let client: uuid::Uuid = p.id.parse().expect("uuid");
    sync::record::Entity::find()
        .filter(sync::record::Column::ClientId.eq(client))
        .count(&app.state.db)
        .await
        .expect("count")
}

async fn person_id(app: &TestApp, id_number: &str) -> uuid::Uuid {
    person::Entity::find()
        .filter(person::Column::IdNumber.eq(id_number))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("person exists")
        .id
}

/// Registered tenths per bucket of a person's 2026, as the API shows it.
async fn registered(app: &TestApp, token: &str, pid: uuid::Uuid) -> [i64; 3] {
    let v = app
        .get_ok(&format!("/api/v1/persons/{pid}/standing?year=2026"), token)
        .await;
    let t = |k: &str| (v["registered"][k].as_f64().unwrap_or(f64::NAN) * 10.0).round() as i64;
    [t("professional"), t("industry_public"), t("general_public")]
}

fn bucket(category: &str) -> usize {
    match category {
        "professional" => 0,
        "industry_public" => 1,
        _ => 2,
    }
}

/// The platform's latest record per external id (highest revision, later wins a tie).
#[derive(Default)]
struct Model {
    latest: HashMap<String, (i64, String, String, i64)>,
}

impl Model {
    fn send(&mut self, records: &[Value]) {
        for r in records {
            let ext = r["external_id"].as_str().unwrap_or_default().to_owned();
            let rev = r["revision"].as_i64().unwrap_or(0);
            let entry = (
                rev,
                r["id_number"].as_str().unwrap_or_default().to_owned(),
                r["category"].as_str().unwrap_or_default().to_owned(),
                (r["hours"].as_f64().unwrap_or(0.0) * 10.0).round() as i64,
            );
            match self.latest.get(&ext) {
                Some((held, ..)) if *held > rev => {}
                _ => {
                    self.latest.insert(ext, entry);
                }
            }
        }
    }

    fn of(&self, id_number: &str) -> [i64; 3] {
        let mut t = [0; 3];
        for (_, id, cat, h) in self.latest.values() {
            if id == id_number {
                t[bucket(cat)] += h;
            }
        }
        t
    }
}

/// The kept standings equal a recount from the items, and each person's online hours equal
/// the model of the latest records.
async fn assert_totals(
    app: &TestApp,
    token: &str,
    model: &Model,
    base: &HashMap<&str, [i64; 3]>,
    people: &[(&str, uuid::Uuid)],
) {
    for (id, pid) in people {
        let kept = registered(app, token, *pid).await;
        let online = model.of(id);
        let want: Vec<i64> = (0..3).map(|i| base[id][i] + online[i]).collect();
        assert_eq!(kept.to_vec(), want, "standing of {id} against the model");
    }
    let pids: Vec<uuid::Uuid> = people.iter().map(|(_, p)| *p).collect();
    let before: Vec<[i64; 3]> = registered_all(app, token, &pids).await;
    standing::service::refresh_many(&app.state.db, &pids, 2026)
        .await
        .expect("recount");
    let after: Vec<[i64; 3]> = registered_all(app, token, &pids).await;
    assert_eq!(before, after, "kept totals equal a full recount");
}

async fn registered_all(app: &TestApp, token: &str, pids: &[uuid::Uuid]) -> Vec<[i64; 3]> {
    let mut out = Vec::new();
    for p in pids {
        out.push(registered(app, token, *p).await);
    }
    out
}

#[tokio::test]
async fn replays_overlaps_changes_and_out_of_order_delivery_always_equal_a_full_recount() {
    let app = TestApp::spawn().await;
    let sxb = app.token("sxb_admin").await;
    let p = platform(&app, "浙江省建设行业网络教育系统").await;
    let people = [
        (ZHANG_WEI, "张伟"),
        (LI_NA, "李娜"),
        (CHEN_JIE, "陈杰"),
        (LIU_YANG, "刘洋"),
    ];
    let mut ids = Vec::new();
    let mut base = HashMap::new();
    for (id, _) in people {
        let pid = person_id(&app, id).await;
        base.insert(id, registered(&app, &sxb, pid).await);
        ids.push((id, pid));
    }
    let cats = ["professional", "industry_public", "general_public"];
    let batch_a: Vec<Value> = (0..120)
        .map(|i| {
            let (id, name) = people[i % 4];
            rec(&format!("A{i}"), id, name, cats[i % 3], 1.5, 1)
        })
        .collect();
    let mut model = Model::default();

    // The same batch three times: registered once.
    for round in 0..3 {
        let v = push(&app, &p, &batch_a).await;
        model.send(&batch_a);
        let want = if round == 0 {
            (120, 0, 0, 0, 0)
        } else {
            (0, 0, 120, 0, 0)
        };
        assert_eq!(counts(&v), want, "round {round}: {}", v["counts"]);
        assert_totals(&app, &sxb, &model, &base, &ids).await;
    }
    assert_eq!(held(&app, &p).await, 120);

    // Overlapping: half known, half new.
    let batch_b: Vec<Value> = (60..180)
        .map(|i| {
            let (id, name) = people[i % 4];
            rec(&format!("A{i}"), id, name, cats[i % 3], 1.5, 1)
        })
        .collect();
    let v = push(&app, &p, &batch_b).await;
    model.send(&batch_b);
    assert_eq!(counts(&v), (60, 0, 60, 0, 0));
    assert_totals(&app, &sxb, &model, &base, &ids).await;

    // A changed record (more hours, another bucket) replaces the old; the old is history.
    let changed = vec![rec("A5", people[1].0, people[1].1, "professional", 3.0, 2)];
    let v = push(&app, &p, &changed).await;
    model.send(&changed);
    assert_eq!(counts(&v), (0, 1, 0, 0, 0));
    assert_eq!(v["results"][0]["result"], "updated");
    assert_totals(&app, &sxb, &model, &base, &ids).await;
    let versions = sync::version::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count");
    assert_eq!(versions, 1, "the replaced version is kept");

    // Out of order: revision 3 arrives before revision 2; revision 2 changes nothing.
    let r3 = vec![rec(
        "A7",
        people[3].0,
        people[3].1,
        "general_public",
        2.5,
        3,
    )];
    let r2 = vec![rec(
        "A7",
        people[3].0,
        people[3].1,
        "general_public",
        9.0,
        2,
    )];
    let v = push(&app, &p, &r3).await;
    model.send(&r3);
    assert_eq!(counts(&v), (0, 1, 0, 0, 0));
    let v = push(&app, &p, &r2).await;
    model.send(&r2);
    assert_eq!(counts(&v), (0, 0, 1, 0, 0));
    assert_eq!(v["results"][0]["code"], "older_revision");
    assert_totals(&app, &sxb, &model, &base, &ids).await;

    // An update before the create it follows: the create, arriving later, is ignored.
    let late_create = vec![rec("N1", people[0].0, people[0].1, "professional", 1.0, 1)];
    let early_update = vec![rec("N1", people[0].0, people[0].1, "professional", 4.0, 2)];
    let v = push(&app, &p, &early_update).await;
    model.send(&early_update);
    assert_eq!(counts(&v), (1, 0, 0, 0, 0));
    let v = push(&app, &p, &late_create).await;
    model.send(&late_create);
    assert_eq!(v["results"][0]["code"], "older_revision");
    assert_totals(&app, &sxb, &model, &base, &ids).await;

    // Within one batch, later entries act on earlier ones as sequential deliveries would.
    let same_batch = vec![
        rec("S1", people[2].0, people[2].1, "professional", 1.0, 1),
        rec("S1", people[2].0, people[2].1, "professional", 2.0, 2),
        rec("S1", people[2].0, people[2].1, "professional", 5.0, 1),
    ];
    let v = push(&app, &p, &same_batch).await;
    model.send(&same_batch);
    assert_eq!(counts(&v), (1, 1, 1, 0, 0), "{}", v["results"]);
    assert_totals(&app, &sxb, &model, &base, &ids).await;

    // Every call is audited with the platform's name.
    let audited = app.audit_count("sync.push").await;
    assert_eq!(audited, 10);
}

#[tokio::test]
async fn bad_records_are_refused_one_by_one_and_nothing_else_is_lost() {
    let app = TestApp::spawn().await;
    let p = platform(&app, "网络教育系统").await;
    let good = rec("G1", ZHANG_WEI, "张伟", "professional", 2.0, 1);
    let mut bad_id = rec("B1", "330106198503151239", "张伟", "professional", 2.0, 1);
    let mut numeric_id = rec("B2", ZHANG_WEI, "张伟", "professional", 2.0, 1);
    numeric_id["id_number"] = json!(330_106_198_503_151_230_u64);
    let unknown_cat = rec("B3", ZHANG_WEI, "张伟", "技能培训", 2.0, 1);
    let negative = rec("B4", ZHANG_WEI, "张伟", "professional", -1.0, 1);
    let absurd = rec("B5", ZHANG_WEI, "张伟", "professional", 25.0, 1);
    let mut future = rec("B6", ZHANG_WEI, "张伟", "professional", 2.0, 1);
    future["completed_at"] = json!("2099-01-01T00:00:00+08:00");
    let mut no_name = rec("B7", ZHANG_WEI, "", "professional", 2.0, 1);
    no_name["name"] = json!("");
    let precise = rec("B8", ZHANG_WEI, "张伟", "professional", 1.25, 1);
    let mut no_offset = rec("B9", ZHANG_WEI, "张伟", "professional", 1.0, 1);
    no_offset["completed_at"] = json!("2026-06-01 10:00");
    bad_id["name"] = json!("张伟");
    let batch = vec![
        good.clone(),
        bad_id,
        numeric_id,
        unknown_cat,
        negative,
        absurd,
        future,
        no_name,
        precise,
        no_offset,
        json!("not an object"),
    ];
    let v = push(&app, &p, &batch).await;
    assert_eq!(counts(&v), (1, 0, 0, 0, 10), "{}", v["results"]);
    let codes: Vec<&str> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["code"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        codes,
        [
            "-",
            "id_checksum",
            "id_format",
            "unknown_category",
            "not_positive",
            "hours_too_large",
            "future_completion",
            "required",
            "too_precise",
            "bad_time",
            "not_an_object",
        ]
    );
    for r in &v["results"].as_array().expect("results")[1..] {
        assert_eq!(r["result"], "invalid");
        let msg = r["message"].as_str().unwrap_or_default();
        assert!(
            msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese message: {r}"
        );
    }
    assert_eq!(held(&app, &p).await, 1, "the good record is kept");

    // 5,001 records: refused whole, nothing written.
    let many: Vec<Value> = (0..5001)
        .map(|i| rec(&format!("M{i}"), ZHANG_WEI, "张伟", "professional", 1.0, 1))
        .collect();
    let r = push_with(&app, &p.id, &p.key, &many).await;
    let body = expect_problem(r, 422, "batch_too_large").await;
    assert!(body["detail"].as_str().unwrap_or_default().contains("5000"));
    assert_eq!(held(&app, &p).await, 1);
    // 5,000 is the limit and passes.
    let v = push(&app, &p, &many[..5000]).await;
    assert_eq!(counts(&v).0, 5000);
    let r = push_with(&app, &p.id, &p.key, &[]).await;
    expect_problem(r, 422, "empty_batch").await;
    // A body that is not the batch shape.
    let r = app
        .client
        .post(app.url(&format!("/api/v1/sync/platforms/{}/records", p.id)))
        .bearer_auth(&p.key)
        .header("content-type", "application/json")
        .body("{\"records\": 5}")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn keys_are_shown_once_hashed_bound_to_their_platform_rotated_and_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.token("sysadmin").await;
    let a = platform(&app, "平台甲").await;
    let b = platform(&app, "平台乙").await;
    assert!(a.key.starts_with("xsk_"));
    // Kept hashed: the key appears nowhere in the database or the list.
    let rows = sync::key::Entity::find()
        .all(&app.state.db)
        .await
        .expect("keys");
    assert!(
        rows.iter()
            .all(|k| k.hash != a.key && !a.key.ends_with(&k.hash))
    );
    let list = app.get_ok("/api/v1/sync/clients", &admin).await;
    assert!(!list.to_string().contains(&a.key));
    // The demo platform and these two.
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    let r = app
        .post(
            "/api/v1/sync/clients",
            json!({ "name": "平台甲" }),
            Some(&admin),
        )
        .await;
    expect_problem(r, 422, "validation_failed").await;

    let one = [rec("K1", ZHANG_WEI, "张伟", "professional", 1.0, 1)];
    // No key, a wrong key, a user's token, another platform's key.
    let r = app
        .client
        .post(app.url(&format!("/api/v1/sync/platforms/{}/records", a.id)))
        .json(&json!({ "records": one }))
        .send()
        .await
        .expect("request");
    expect_problem(r, 401, "api_key_required").await;
    let forged = format!("{}x", &a.key[..a.key.len() - 1]);
    expect_problem(
        push_with(&app, &a.id, &forged, &one).await,
        401,
        "invalid_api_key",
    )
    .await;
    expect_problem(
        push_with(&app, &a.id, &admin, &one).await,
        401,
        "invalid_api_key",
    )
    .await;
    expect_problem(
        push_with(&app, &a.id, &b.key, &one).await,
        403,
        "api_key_other_platform",
    )
    .await;
    let r = holdings(&app, &a.id, &b.key, ZHANG_WEI).await;
    expect_problem(r, 403, "api_key_other_platform").await;
    // X-Api-Key works as well as Bearer.
    let r = app
        .client
        .post(app.url(&format!("/api/v1/sync/platforms/{}/records", a.id)))
        .header("x-api-key", &a.key)
        .json(&json!({ "records": one }))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 200);
    // A key never opens a user's endpoint.
    let r = app.get("/api/v1/me", Some(&a.key)).await;
    assert_eq!(r.status(), 401);

    // Rotation with a one-hour overlap: old and new keys both work.
    let r = app
        .post(
            &format!("/api/v1/sync/clients/{}/keys", a.id),
            json!({ "overlap_hours": 1 }),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), 201);
    let rotated: Value = r.json().await.expect("json");
    let new_key = rotated["api_key"].as_str().expect("key").to_owned();
    let keys = rotated["client"]["keys"].as_array().expect("keys").clone();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().any(|k| k["status"] == "expiring"));
    assert_eq!(push_with(&app, &a.id, &a.key, &one).await.status(), 200);
    assert_eq!(push_with(&app, &a.id, &new_key, &one).await.status(), 200);
    // Rotating again without overlap ends every older key now.
    let r = app
        .post(
            &format!("/api/v1/sync/clients/{}/keys", a.id),
            json!({ "overlap_hours": 0 }),
            Some(&admin),
        )
        .await;
    let third: Value = r.json().await.expect("json");
    let third_key = third["api_key"].as_str().expect("key").to_owned();
    expect_problem(
        push_with(&app, &a.id, &a.key, &one).await,
        401,
        "api_key_expired",
    )
    .await;
    expect_problem(
        push_with(&app, &a.id, &new_key, &one).await,
        401,
        "api_key_expired",
    )
    .await;
    assert_eq!(push_with(&app, &a.id, &third_key, &one).await.status(), 200);
    let r = app
        .post(
            &format!("/api/v1/sync/clients/{}/keys", a.id),
            json!({ "overlap_hours": 721 }),
            Some(&admin),
        )
        .await;
    expect_problem(r, 422, "validation_failed").await;

    // Revocation stops the key at once.
    let key_id = third["key_id"].as_str().expect("key id");
    let v = ok(app
        .post(
            &format!("/api/v1/sync/clients/{}/keys/{key_id}/revoke", a.id),
            json!({}),
            Some(&admin),
        )
        .await)
    .await;
    assert!(
        v["keys"]
            .as_array()
            .expect("keys")
            .iter()
            .any(|k| k["status"] == "revoked")
    );
    expect_problem(
        push_with(&app, &a.id, &third_key, &one).await,
        401,
        "api_key_revoked",
    )
    .await;
    for action in [
        "sync.client_created",
        "sync.key_rotated",
        "sync.key_revoked",
    ] {
        assert!(app.audit_count(action).await >= 1, "{action}");
    }
}

#[tokio::test]
async fn a_platform_is_rate_limited_across_its_keys() {
    let app = TestApp::spawn_tuned(|c| c.sync_per_minute = 3).await;
    let p = platform(&app, "限流平台").await;
    let one = [rec("R1", ZHANG_WEI, "张伟", "professional", 1.0, 1)];
    for _ in 0..3 {
        assert_eq!(push_with(&app, &p.id, &p.key, &one).await.status(), 200);
    }
    let r = push_with(&app, &p.id, &p.key, &one).await;
    let body = expect_problem(r, 429, "rate_limited").await;
    assert_eq!(body["retry_after_seconds"], 60);
}

#[tokio::test]
async fn parked_records_match_when_the_person_registers_or_is_corrected_or_by_hand() {
    let app = TestApp::spawn().await;
    let sxb = app.token("sxb_admin").await;
    let p = platform(&app, "网络教育系统").await;
    let newcomer = new_id(1);
    let renamed = new_id(2);
    let v = push(
        &app,
        &p,
        &[
            rec("U1", &newcomer, "周新", "industry_public", 6.0, 1),
            rec("U2", ZHANG_WEI, "张玮", "professional", 3.0, 1),
            rec("U3", &renamed, "赵敏", "professional", 2.0, 1),
            rec("U4", &new_id(3), "钱多", "professional", 2.0, 1),
        ],
    )
    .await;
    assert_eq!(counts(&v), (0, 0, 0, 4, 0));
    let codes: Vec<&str> = v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["code"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        codes,
        [
            "person_unknown",
            "name_mismatch",
            "person_unknown",
            "person_unknown"
        ]
    );
    // Replaying parked records keeps them parked, once.
    let again = push(
        &app,
        &p,
        &[rec("U1", &newcomer, "周新", "industry_public", 6.0, 1)],
    )
    .await;
    assert_eq!(again["results"][0]["result"], "unmatched");

    // 省学时办's queue shows them, 身份证号 masked, our name beside a mismatch.
    let q = app
        .get_ok(
            &format!("/api/v1/sync/records?state=unmatched&client_id={}", p.id),
            &sxb,
        )
        .await;
    assert_eq!(q["total"], 4);
    assert!(!q.to_string().contains(&newcomer));
    let mismatch = q["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["external_id"] == "U2")
        .expect("U2 queued")
        .clone();
    assert_eq!(mismatch["person_name"], "张伟");
    assert_eq!(mismatch["reason_label"], "姓名不一致");

    // The newcomer registers: the record counts at once.
    register(&app, &newcomer, "周新", "13700008888").await;
    let zhou = app.login(&newcomer.to_lowercase(), "Xueshi@2026a").await;
    let st = app
        .get_ok("/api/v1/standing/me?year=2026", &zhou.access)
        .await;
    assert_eq!(st["registered"]["industry_public"], 6, "{st}");
    let item = &st["counted"][0];
    assert_eq!(item["source"], "online");
    assert_eq!(item["pathway_name"], "网络学习");
    assert_eq!(item["state"], "synced");

    // Registered under another spelling, then corrected by the unit: matched then.
    register(&app, &renamed, "赵敏敏", "13700008889").await;
    let row = sync::record::Entity::find()
        .filter(sync::record::Column::ExternalId.eq("U3"))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("row");
    assert_eq!(row.reason_code.as_deref(), Some("name_mismatch"));
    let sjy = app.token("sjy_admin").await;
    let pid = person_id(&app, &renamed).await;
    let r = app
        .patch(
            &format!("/api/v1/persons/{pid}"),
            json!({ "name": "赵敏" }),
            Some(&sjy),
        )
        .await;
    assert_eq!(r.status(), 200);
    let st = app
        .get_ok(&format!("/api/v1/persons/{pid}/standing?year=2026"), &sjy)
        .await;
    assert_eq!(st["registered"]["professional"], 2, "{st}");

    // A name mismatch judged the same person by 省学时办: counted, the person told.
    let zhang_pid = person_id(&app, ZHANG_WEI).await;
    let before = registered(&app, &sxb, zhang_pid).await;
    let r = app
        .post(
            &format!(
                "/api/v1/sync/records/{}/match",
                mismatch["id"].as_str().expect("id")
            ),
            json!({ "reason": "" }),
            Some(&sxb),
        )
        .await;
    expect_problem(r, 422, "validation_failed").await;
    let m = ok(app
        .post(
            &format!(
                "/api/v1/sync/records/{}/match",
                mismatch["id"].as_str().expect("id")
            ),
            json!({ "reason": "平台录入姓名错字，经核对为同一人" }),
            Some(&sxb),
        )
        .await)
    .await;
    assert_eq!(m["state"], "synced");
    assert_eq!(
        m["decider_name"].as_str().map(|s| !s.is_empty()),
        Some(true)
    );
    let after = registered(&app, &sxb, zhang_pid).await;
    assert_eq!(after[0] - before[0], 30);
    // A replay of the same record keeps the decision.
    let v = push(
        &app,
        &p,
        &[rec("U2", ZHANG_WEI, "张玮", "professional", 3.0, 1)],
    )
    .await;
    assert_eq!(v["results"][0]["result"], "unchanged");
    assert_eq!(registered(&app, &sxb, zhang_pid).await, after);

    // The one left is dismissed; the queue is empty.
    let left = app
        .get_ok(
            &format!("/api/v1/sync/records?state=unmatched&client_id={}", p.id),
            &sxb,
        )
        .await;
    assert_eq!(left["total"], 1);
    let id = left["items"][0]["id"].as_str().expect("id").to_owned();
    let r = app
        .post(
            &format!("/api/v1/sync/records/{id}/match"),
            json!({ "reason": "试试" }),
            Some(&sxb),
        )
        .await;
    expect_problem(r, 409, "person_unknown").await;
    ok(app
        .post(
            &format!("/api/v1/sync/records/{id}/dismiss"),
            json!({ "reason": "测试账号，非本省人员" }),
            Some(&sxb),
        )
        .await)
    .await;
    let left = app
        .get_ok(
            &format!("/api/v1/sync/records?state=unmatched&client_id={}", p.id),
            &sxb,
        )
        .await;
    assert_eq!(left["total"], 0);
}

#[tokio::test]
async fn revocation_reconciliation_and_read_back() {
    let app = TestApp::spawn().await;
    let sxb = app.token("sxb_admin").await;
    let p = platform(&app, "网络教育系统").await;
    push(
        &app,
        &p,
        &[
            rec("V1", LI_NA, "李娜", "industry_public", 4.0, 1),
            rec("V2", LI_NA, "李娜", "professional", 2.0, 1),
            rec("V3", CHEN_JIE, "陈杰", "general_public", 3.0, 1),
            rec("V4", &new_id(9), "孙某", "professional", 5.0, 1),
        ],
    )
    .await;
    let li_pid = person_id(&app, LI_NA).await;
    let li = app.token(LI_NA).await;
    let before = registered(&app, &sxb, li_pid).await;

    // Revoked with a reason: no longer counted, the person told, a re-sync does not revive it.
    let rows = app
        .get_ok("/api/v1/sync/records?q=李娜&state=synced", &sxb)
        .await;
    assert_eq!(rows["total"], 2);
    let v1 = rows["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["external_id"] == "V1")
        .expect("V1")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let r = ok(app
        .post(
            &format!("/api/v1/sync/records/{v1}/revoke"),
            json!({ "reason": "同一课程重复学习，不重复计入" }),
            Some(&sxb),
        )
        .await)
    .await;
    assert_eq!(r["state"], "revoked");
    let after = registered(&app, &sxb, li_pid).await;
    assert_eq!(before[1] - after[1], 40);
    let n = app.get_ok("/api/v1/notifications", &li).await;
    assert!(n.to_string().contains("已被撤销"), "{n}");
    let v = push(
        &app,
        &p,
        &[rec("V1", LI_NA, "李娜", "industry_public", 4.0, 1)],
    )
    .await;
    assert_eq!(v["results"][0]["code"], "revoked");
    assert_eq!(registered(&app, &sxb, li_pid).await, after);
    let r = app
        .post(
            &format!("/api/v1/sync/records/{v1}/revoke"),
            json!({ "reason": "再次" }),
            Some(&sxb),
        )
        .await;
    expect_problem(r, 409, "not_synced").await;

    // Reconciliation of the year: received against registered, differences listed.
    let rec_all = app
        .get_ok(
            &format!("/api/v1/sync/reconciliation?client_id={}&year=2026", p.id),
            &sxb,
        )
        .await;
    assert_eq!(rec_all["persons"], 3);
    assert_eq!(rec_all["records"], 4);
    assert_eq!(rec_all["received"], 14);
    assert_eq!(rec_all["registered"], 5);
    assert_eq!(rec_all["differing_persons"], 2);
    let diffs = rec_all["differences"].as_array().expect("rows");
    assert_eq!(diffs[0]["difference"], 5, "the largest first: {rec_all}");
    assert_eq!(diffs[0]["unmatched"], 1);
    assert_eq!(diffs[1]["name"], "李娜");
    assert_eq!(diffs[1]["revoked"], 1);
    assert_eq!(diffs[1]["unit_name"], "浙江省二建建设集团有限公司");
    // One unit's subtree: only its staff.
    let ej = app.unit_id(units::EJ).await;
    let rec_unit = app
        .get_ok(
            &format!(
                "/api/v1/sync/reconciliation?client_id={}&year=2026&unit_id={ej}",
                p.id
            ),
            &sxb,
        )
        .await;
    assert_eq!(rec_unit["persons"], 1);
    assert_eq!(rec_unit["received"], 6);

    // The platform reads back what we hold for a person and year.
    let r = holdings(&app, &p.id, &p.key, LI_NA).await;
    let h = ok(r).await;
    assert_eq!(h["person_known"], true);
    assert_eq!(h["received"], 6);
    assert_eq!(h["registered"], 2);
    assert_eq!(h["records"].as_array().map(Vec::len), Some(2));
    assert!(!h.to_string().contains(LI_NA), "masked: {h}");
    let r = holdings(&app, &p.id, &p.key, "123").await;
    expect_problem(r, 422, "validation_failed").await;
    assert_eq!(app.audit_count("sync.read").await, 1);
    assert_eq!(app.audit_count("sync.record_revoked").await, 1);
}

#[tokio::test]
async fn concurrent_batches_all_land_once() {
    let app = TestApp::spawn().await;
    let p = platform(&app, "并发平台").await;
    let people = [(ZHANG_WEI, "张伟"), (LI_NA, "李娜"), (CHEN_JIE, "陈杰")];
    let batches: Vec<Vec<Value>> = (0..4)
        .map(|b| {
            (0..300)
                .map(|i| {
                    let (id, name) = people[i % 3];
                    rec(&format!("C{b}-{i}"), id, name, "professional", 0.5, 1)
                })
                .collect()
        })
        .collect();
    let sent = batches.iter().map(|b| push_with(&app, &p.id, &p.key, b));
    for r in futures_util::future::join_all(sent).await {
        let status = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["counts"]["created"], 300);
    }
    assert_eq!(held(&app, &p).await, 1200);
    // Each person's kept hours equal a recount: 400 records × 0.5 h.
    let sxb = app.token("sxb_admin").await;
    for (id, _) in people {
        let pid = person_id(&app, id).await;
        let before = registered(&app, &sxb, pid).await;
        standing::service::refresh_many(&app.state.db, &[pid], 2026)
            .await
            .expect("recount");
        assert_eq!(registered(&app, &sxb, pid).await, before);
    }
}
