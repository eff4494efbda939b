//! The authorization matrix: every operation of the OpenAPI document × every role × a target
//! in the 二级/三级 admins' scope and one outside it. Deny is the default: an operation of
//! the document without a row here fails the test.
//!
//! Classes: IN = a class of the 培训单位's own unit (设计研究院), OUT = one of 建工集团.
//! Roles, in this order: anonymous, 系统管理员, 省学时办, 二级 admin (建设投资集团), 三级 admin
//! (建工集团), 培训单位, 专业技术人员 (李娜, 二建集团). Targets: IN = 建工集团 / 张伟 (under
//! the 二级 admin, the 三级 admin's own unit), OUT = 设计研究院 / 王芳 (neither's).
//! Codes: A = allowed (past authorization: 2xx, or a 409/422 about the data), F = 403,
//! N = 404 (out of scope: existence does not leak), U = 401.

use std::collections::{BTreeSet, HashMap};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xueshi_tests::{TestApp, units};

const ROLES: [&str; 7] = [
    "",
    "sysadmin",
    "sxb_admin",
    "jt_admin",
    "jg_admin",
    "px_org",
    "330102199007084522",
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Target {
    In,
    Out,
}

/// Ids a request may point at, set up once per app.
struct Ids {
    jt: String,
    jg: String,
    ej: String,
    sjy: String,
    zhang: String,
    wang: String,
    zhang_user: String,
    wang_user: String,
    in_transfer: String,
    out_transfer: String,
    in_import: String,
    out_import: String,
    title: String,
    in_claim: String,
    out_claim: String,
    in_image: String,
    out_image: String,
    zhang_notification: String,
    in_cert: String,
    out_cert: String,
    in_number: String,
    out_number: String,
    in_job: String,
    out_job: String,
    in_class: String,
    out_class: String,
    in_roster: String,
    out_roster: String,
    in_file: String,
    out_file: String,
    in_video: String,
    out_video: String,
    platform: String,
    platform_key: String,
    online_record: String,
}

type Build = fn(&Ids, Target, usize) -> (Method, String, Value);

struct Op {
    method: &'static str,
    path: &'static str,
    in_scope: &'static str,
    out_of_scope: &'static str,
    build: Build,
}

/// A valid, unique 身份证号 for call `n`.
pub(crate) fn id_number(n: usize) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("33010619900101{:03}", n % 1000);
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// A valid, unique 统一社会信用代码 for call `n`.
fn uscc(n: usize) -> String {
    let body = format!("913300001429{:05}", n);
    let check = xueshi::orgs::credit_code::uscc_check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

fn pick<'a>(t: Target, inside: &'a str, outside: &'a str) -> &'a str {
    if t == Target::In { inside } else { outside }
}

fn ops() -> Vec<Op> {
    vec![
        Op {
            method: "POST",
            path: "/api/v1/auth/login",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |_, _, _| {
                (
                    Method::POST,
                    "/api/v1/auth/login".into(),
                    json!({ "username": "jg_admin", "password": "Xueshi@2026" }),
                )
            },
        },
        // Open to every caller: the only refusal is of the (here made-up) refresh token itself.
        Op {
            method: "POST",
            path: "/api/v1/auth/refresh",
            in_scope: "UUUUUUU",
            out_of_scope: "UUUUUUU",
            build: |_, _, _| {
                (
                    Method::POST,
                    "/api/v1/auth/refresh".into(),
                    json!({ "refresh_token": "x" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/auth/logout",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |_, _, _| {
                (
                    Method::POST,
                    "/api/v1/auth/logout".into(),
                    json!({ "refresh_token": "x" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/me",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| (Method::GET, "/api/v1/me".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/me/password",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| {
                (
                    Method::POST,
                    "/api/v1/me/password".into(),
                    json!({ "current_password": "wrong-pass1", "new_password": "NewPassw0rd" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/public/units",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |_, _, _| (Method::GET, "/api/v1/public/units".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/public/register",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |ids, _, n| {
                (
                    Method::POST,
                    "/api/v1/public/register".into(),
                    json!({ "id_number": id_number(n), "name": "测试", "phone": format!("137{:08}", n), "unit_id": ids.ej, "password": "Passw0rd1" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/files/{key}",
            in_scope: "FFFFFFF",
            out_of_scope: "FFFFFFF",
            build: |_, _, _| {
                (
                    Method::GET,
                    "/api/v1/files/evidence/x?exp=1&ct=image%2Fpng&sig=00".into(),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/healthz",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |_, _, _| (Method::GET, "/healthz".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/readyz",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |_, _, _| (Method::GET, "/readyz".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/api/v1/units",
            in_scope: "UAAAAFF",
            out_of_scope: "UAAAAFF",
            build: |_, _, _| (Method::GET, "/api/v1/units".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/api/v1/units/{id}",
            in_scope: "UAAAAFF",
            out_of_scope: "UAANNFF",
            build: |ids, t, _| {
                (
                    Method::GET,
                    format!("/api/v1/units/{}", pick(t, &ids.jg, &ids.sjy)),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/units",
            in_scope: "UFAAFFF",
            out_of_scope: "UFANFFF",
            build: |ids, t, n| {
                (
                    Method::POST,
                    "/api/v1/units".into(),
                    json!({ "parent_id": pick(t, &ids.jt, &ids.sjy), "name": format!("矩阵测试单位{n}"), "code": uscc(n) }),
                )
            },
        },
        Op {
            method: "PATCH",
            path: "/api/v1/units/{id}",
            in_scope: "UFAAAFF",
            out_of_scope: "UFANNFF",
            build: |ids, t, _| {
                (
                    Method::PATCH,
                    format!("/api/v1/units/{}", pick(t, &ids.jg, &ids.sjy)),
                    json!({ "contact_name": "张三" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/units/{id}/deactivate",
            in_scope: "UFAAFFF",
            out_of_scope: "UFANNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!("/api/v1/units/{}/deactivate", pick(t, &ids.jg, &ids.sjy)),
                    json!({ "reason": "测试" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/units/{id}/activate",
            in_scope: "UFAAFFF",
            out_of_scope: "UFANNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!("/api/v1/units/{}/activate", pick(t, &ids.jg, &ids.sjy)),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/persons",
            in_scope: "UFAAAFF",
            out_of_scope: "UFAAAFF",
            build: |_, _, _| (Method::GET, "/api/v1/persons".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/api/v1/persons/{id}",
            in_scope: "UFAAAFF",
            out_of_scope: "UFANNFF",
            build: |ids, t, _| {
                (
                    Method::GET,
                    format!("/api/v1/persons/{}", pick(t, &ids.zhang, &ids.wang)),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/persons",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, n| {
                (
                    Method::POST,
                    "/api/v1/persons".into(),
                    json!({ "id_number": id_number(n), "name": "矩阵", "unit_id": pick(t, &ids.jg, &ids.sjy) }),
                )
            },
        },
        Op {
            method: "PATCH",
            path: "/api/v1/persons/{id}",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::PATCH,
                    format!("/api/v1/persons/{}", pick(t, &ids.zhang, &ids.wang)),
                    json!({ "is_provincial": true }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/persons/{id}/confirm",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!("/api/v1/persons/{}/confirm", pick(t, &ids.zhang, &ids.wang)),
                    json!({}),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/persons/{id}/reject",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!("/api/v1/persons/{}/reject", pick(t, &ids.zhang, &ids.wang)),
                    json!({ "reason": "测试" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/persons/{id}/release",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!("/api/v1/persons/{}/release", pick(t, &ids.zhang, &ids.wang)),
                    json!({ "to_unit_id": ids.ej }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/persons/{id}/account",
            in_scope: "UAFAAFF",
            out_of_scope: "UAFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!("/api/v1/persons/{}/account", pick(t, &ids.zhang, &ids.wang)),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/transfers",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFAAFF",
            build: |_, _, _| (Method::GET, "/api/v1/transfers".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/transfers",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    "/api/v1/transfers".into(),
                    json!({ "id_number": pick(t, "330382198811223624", "330106198503151238"), "to_unit_id": pick(t, &ids.jg, &ids.sjy) }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/transfers/{id}/{action}",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!(
                        "/api/v1/transfers/{}/cancel",
                        pick(t, &ids.in_transfer, &ids.out_transfer)
                    ),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/titles",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| (Method::GET, "/api/v1/titles".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/titles",
            in_scope: "UAFFFFF",
            out_of_scope: "UAFFFFF",
            build: |_, _, n| {
                (
                    Method::POST,
                    "/api/v1/titles".into(),
                    json!({ "series": "工程技术人员", "level": "中级", "name": format!("测试工程师{n}") }),
                )
            },
        },
        Op {
            method: "PATCH",
            path: "/api/v1/titles/{id}",
            in_scope: "UAFFFFF",
            out_of_scope: "UAFFFFF",
            build: |ids, _, _| {
                (
                    Method::PATCH,
                    format!("/api/v1/titles/{}", ids.title),
                    json!({ "active": true }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/accounts",
            in_scope: "UAAAFFF",
            out_of_scope: "UAANFFF",
            build: |ids, t, n| {
                (
                    Method::POST,
                    "/api/v1/accounts".into(),
                    json!({ "username": format!("acct{n}"), "display_name": "测试管理员", "role": "unit_admin", "unit_id": pick(t, &ids.jg, &ids.sjy) }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/accounts/{id}/reset",
            in_scope: "UAFAAFF",
            out_of_scope: "UAFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!(
                        "/api/v1/accounts/{}/reset",
                        pick(t, &ids.zhang_user, &ids.wang_user)
                    ),
                    json!({}),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/accounts/{id}/disable",
            in_scope: "UAFAAFF",
            out_of_scope: "UAFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!(
                        "/api/v1/accounts/{}/disable",
                        pick(t, &ids.zhang_user, &ids.wang_user)
                    ),
                    json!({}),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/accounts/{id}/enable",
            in_scope: "UAFAAFF",
            out_of_scope: "UAFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!(
                        "/api/v1/accounts/{}/enable",
                        pick(t, &ids.zhang_user, &ids.wang_user)
                    ),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/persons/import/template",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFAAFF",
            build: |_, _, _| {
                (
                    Method::GET,
                    "/api/v1/persons/import/template".into(),
                    Value::Null,
                )
            },
        },
        // A JSON body is not a workbook: the 400 `invalid_file` comes after authorization.
        Op {
            method: "POST",
            path: "/api/v1/persons/import/preview",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!(
                        "/api/v1/persons/import/preview?unit_id={}&mode=create",
                        pick(t, &ids.jg, &ids.sjy)
                    ),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/persons/import/{id}/errors",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::GET,
                    format!(
                        "/api/v1/persons/import/{}/errors",
                        pick(t, &ids.in_import, &ids.out_import)
                    ),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/persons/import/{id}/commit",
            in_scope: "UFFAAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    format!(
                        "/api/v1/persons/import/{}/commit",
                        pick(t, &ids.in_import, &ids.out_import)
                    ),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/persons/export",
            in_scope: "UFAAAFF",
            out_of_scope: "UFAAAFF",
            build: |ids, t, _| {
                (
                    Method::GET,
                    format!(
                        "/api/v1/persons/export?unit_id={}",
                        pick(t, &ids.jg, &ids.sjy)
                    ),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/audit",
            in_scope: "UAAAFFF",
            out_of_scope: "UAAAFFF",
            build: |_, _, _| (Method::GET, "/api/v1/audit".into(), Value::Null),
        },
        // Pathway rules and yearly thresholds: everyone signed in reads; the system
        // administrator alone publishes.
        Op {
            method: "GET",
            path: "/api/v1/pathways",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| (Method::GET, "/api/v1/pathways".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/api/v1/pathways/{code}/versions",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| {
                (
                    Method::GET,
                    "/api/v1/pathways/P4/versions".into(),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/pathways/{code}/versions",
            in_scope: "UAFFFFF",
            out_of_scope: "UAFFFFF",
            build: |_, _, _| {
                let today = crate::claims::today().to_string();
                (
                    Method::POST,
                    "/api/v1/pathways/P4/versions".into(),
                    crate::rules::p4_v2(&today),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/years/{year}",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| (Method::GET, "/api/v1/years/2026".into(), Value::Null),
        },
        Op {
            method: "PUT",
            path: "/api/v1/years/{year}",
            in_scope: "UAFFFFF",
            out_of_scope: "UAFFFFF",
            build: |_, _, _| {
                (
                    Method::PUT,
                    "/api/v1/years/2026".into(),
                    json!({ "total_min": 90, "professional_min": 60, "public_min": 18,
                        "industry_public_min": 12, "require_category_minima": false,
                        "claim_deadline": "2027-03-31" }),
                )
            },
        },
        // Claims: a confirmed person claims; reviewers in scope read; nobody else.
        // IN = 张伟's submitted claim (建工集团), OUT = 王芳's (设计研究院); 李娜 owns neither.
        Op {
            method: "POST",
            path: "/api/v1/claims/estimate",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| {
                (
                    Method::POST,
                    "/api/v1/claims/estimate".into(),
                    json!({ "pathway_code": "P2", "start_date": "2026-10-01", "end_date": "2026-10-02" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/claims",
            in_scope: "UFAAAFA",
            out_of_scope: "UFAAAFA",
            build: |_, _, _| (Method::GET, "/api/v1/claims".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/claims",
            in_scope: "UFFFFFA",
            out_of_scope: "UFFFFFA",
            build: |_, _, n| {
                (
                    Method::POST,
                    "/api/v1/claims".into(),
                    crate::claims::p4(&format!("矩阵会议 {n}")),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/claims/{id}",
            in_scope: "UFAAAFN",
            out_of_scope: "UFANNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (Method::GET, format!("/api/v1/claims/{id}"), Value::Null)
            },
        },
        Op {
            method: "PATCH",
            path: "/api/v1/claims/{id}",
            in_scope: "UFFFFFN",
            out_of_scope: "UFFNNFN",
            build: |ids, t, n| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (
                    Method::PATCH,
                    format!("/api/v1/claims/{id}"),
                    crate::claims::p4(&format!("矩阵会议 {n}")),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/claims/{id}/submit",
            in_scope: "UFFFFFN",
            out_of_scope: "UFFNNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (
                    Method::POST,
                    format!("/api/v1/claims/{id}/submit"),
                    json!({ "declared": true }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/claims/{id}/recall",
            in_scope: "UFFFFFN",
            out_of_scope: "UFFNNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (
                    Method::POST,
                    format!("/api/v1/claims/{id}/recall"),
                    json!({}),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/claims/{id}/withdraw",
            in_scope: "UFFFFFN",
            out_of_scope: "UFFNNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (
                    Method::POST,
                    format!("/api/v1/claims/{id}/withdraw"),
                    json!({}),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/claims/{id}/attachments",
            in_scope: "UFFFFFN",
            out_of_scope: "UFFNNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (
                    Method::POST,
                    format!("/api/v1/claims/{id}/attachments"),
                    json!({}),
                )
            },
        },
        Op {
            method: "PATCH",
            path: "/api/v1/claims/{id}/attachments/{attachment_id}",
            in_scope: "UFFFFFN",
            out_of_scope: "UFFNNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                let a = pick(t, &ids.in_image, &ids.out_image);
                (
                    Method::PATCH,
                    format!("/api/v1/claims/{id}/attachments/{a}"),
                    json!({ "kind": "参会证明" }),
                )
            },
        },
        Op {
            method: "DELETE",
            path: "/api/v1/claims/{id}/attachments/{attachment_id}",
            in_scope: "UFFFFFN",
            out_of_scope: "UFFNNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                let a = pick(t, &ids.in_image, &ids.out_image);
                (
                    Method::DELETE,
                    format!("/api/v1/claims/{id}/attachments/{a}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/claims/{id}/attachments/{attachment_id}/content",
            in_scope: "UFAAAFN",
            out_of_scope: "UFANNFN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                let a = pick(t, &ids.in_image, &ids.out_image);
                (
                    Method::GET,
                    format!("/api/v1/claims/{id}/attachments/{a}/content"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/claims/{id}/review",
            in_scope: "UFFFAFF",
            out_of_scope: "UFFNNFF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (
                    Method::POST,
                    format!("/api/v1/claims/{id}/review"),
                    json!({ "action": "recognise" }),
                )
            },
        },
        // Per-claim refusals are reported inside the 200 answer (see tests/api/review.rs).
        Op {
            method: "POST",
            path: "/api/v1/review/bulk",
            in_scope: "UFAAAFF",
            out_of_scope: "UFAAAFF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_claim, &ids.out_claim);
                (
                    Method::POST,
                    "/api/v1/review/bulk".into(),
                    json!({ "ids": [id], "action": "recognise" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/review/count",
            in_scope: "UFAAAFF",
            out_of_scope: "UFAAAFF",
            build: |_, _, _| (Method::GET, "/api/v1/review/count".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/api/v1/review/sampling",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |_, _, _| (Method::GET, "/api/v1/review/sampling".into(), Value::Null),
        },
        Op {
            method: "PUT",
            path: "/api/v1/review/sampling/{unit_id}",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, t, _| {
                let unit = pick(t, &ids.jg, &ids.sjy);
                (
                    Method::PUT,
                    format!("/api/v1/review/sampling/{unit}"),
                    json!({ "percent": 50 }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/standing/me",
            in_scope: "UFFFFFA",
            out_of_scope: "UFFFFFA",
            build: |_, _, _| (Method::GET, "/api/v1/standing/me".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/api/v1/persons/{id}/standing",
            in_scope: "UFAAAFF",
            out_of_scope: "UFANNFF",
            build: |ids, t, _| {
                let id = pick(t, &ids.zhang, &ids.wang);
                (
                    Method::GET,
                    format!("/api/v1/persons/{id}/standing"),
                    Value::Null,
                )
            },
        },
        // An out-of-scope unit filter narrows to nothing (200, empty), as in the person list.
        Op {
            method: "GET",
            path: "/api/v1/standings",
            in_scope: "UFAAAFF",
            out_of_scope: "UFAAAFF",
            build: |ids, t, _| {
                let unit = pick(t, &ids.jg, &ids.sjy);
                (
                    Method::GET,
                    format!("/api/v1/standings?unit_id={unit}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/standings/export",
            in_scope: "UFAAAFF",
            out_of_scope: "UFAAAFF",
            build: |ids, t, _| {
                let unit = pick(t, &ids.jg, &ids.sjy);
                (
                    Method::GET,
                    format!("/api/v1/standings/export?unit_id={unit}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/notifications",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| (Method::GET, "/api/v1/notifications".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/notifications/read-all",
            in_scope: "UAAAAAA",
            out_of_scope: "UAAAAAA",
            build: |_, _, _| {
                (
                    Method::POST,
                    "/api/v1/notifications/read-all".into(),
                    json!({}),
                )
            },
        },
        // Only one's own messages exist: 张伟's message is a 404 to every role here.
        Op {
            method: "POST",
            path: "/api/v1/notifications/{id}/read",
            in_scope: "UNNNNNN",
            out_of_scope: "UNNNNNN",
            build: |ids, _, _| {
                (
                    Method::POST,
                    format!("/api/v1/notifications/{}/read", ids.zhang_notification),
                    json!({}),
                )
            },
        },
        // Certificates: issue for persons in scope, read one's own or in scope, 省学时办
        // revokes; a batch job is its requester's alone; verification is public.
        Op {
            method: "POST",
            path: "/api/v1/certificates",
            in_scope: "UFAAAFF",
            out_of_scope: "UFANNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    "/api/v1/certificates".into(),
                    json!({ "year": 2026, "person_id": pick(t, &ids.zhang, &ids.wang) }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/certificates",
            in_scope: "UFAAAFA",
            out_of_scope: "UFAAAFA",
            build: |_, _, _| (Method::GET, "/api/v1/certificates".into(), Value::Null),
        },
        Op {
            method: "GET",
            path: "/api/v1/certificates/{id}",
            in_scope: "UNAAANN",
            out_of_scope: "UNANNNN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_cert, &ids.out_cert);
                (
                    Method::GET,
                    format!("/api/v1/certificates/{id}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/certificates/{id}/revoke",
            in_scope: "UNAFFNN",
            out_of_scope: "UNANNNN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_cert, &ids.out_cert);
                (
                    Method::POST,
                    format!("/api/v1/certificates/{id}/revoke"),
                    json!({ "reason": "矩阵测试撤销" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/certificate-batches",
            in_scope: "UFAAAFF",
            out_of_scope: "UFANNFF",
            build: |ids, t, _| {
                (
                    Method::POST,
                    "/api/v1/certificate-batches".into(),
                    json!({ "year": 2026, "unit_id": pick(t, &ids.jg, &ids.sjy) }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/certificate-batches/{id}",
            in_scope: "UNNANNN",
            out_of_scope: "UNNNNNN",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_job, &ids.out_job);
                (
                    Method::GET,
                    format!("/api/v1/certificate-batches/{id}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/public/certificates/{number}",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |ids, t, _| {
                let n = pick(t, &ids.in_number, &ids.out_number);
                (
                    Method::GET,
                    format!("/api/v1/public/certificates/{n}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/public/certificate-key",
            in_scope: "AAAAAAA",
            out_of_scope: "AAAAAAA",
            build: |_, _, _| {
                (
                    Method::GET,
                    "/api/v1/public/certificate-key".into(),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFAF",
            build: |_, _, _| (Method::GET, "/api/v1/classes".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/classes",
            in_scope: "UFFFFAF",
            out_of_scope: "UFFFFAF",
            build: |_, _, _| (Method::POST, "/api/v1/classes".into(), class_body()),
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (Method::GET, format!("/api/v1/classes/{id}"), Value::Null)
            },
        },
        Op {
            method: "PUT",
            path: "/api/v1/classes/{id}",
            in_scope: "UFFFFAF",
            out_of_scope: "UFFFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (Method::PUT, format!("/api/v1/classes/{id}"), class_body())
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/submit",
            in_scope: "UFFFFAF",
            out_of_scope: "UFFFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/submit"),
                    json!({}),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/files",
            in_scope: "UFFFFAF",
            out_of_scope: "UFFFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/files?kind=notice&name=a.pdf"),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}/files/{file_id}",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                let x = pick(t, &ids.in_file, &ids.out_file);
                (
                    Method::GET,
                    format!("/api/v1/classes/{id}/files/{x}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "DELETE",
            path: "/api/v1/classes/{id}/files/{file_id}",
            in_scope: "UFFFFAF",
            out_of_scope: "UFFFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                let x = pick(t, &ids.in_file, &ids.out_file);
                (
                    Method::DELETE,
                    format!("/api/v1/classes/{id}/files/{x}"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/exceptions",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/exceptions"),
                    json!({ "kind": "roster", "reason": "矩阵" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/decision",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/decision"),
                    json!({ "approve": false, "opinion": "矩阵" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}/application.pdf",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::GET,
                    format!("/api/v1/classes/{id}/application.pdf"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}/roster-template",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::GET,
                    format!("/api/v1/classes/{id}/roster-template"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/rosters",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/rosters"),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}/rosters/{roster_id}/errors",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                let x = pick(t, &ids.in_roster, &ids.out_roster);
                (
                    Method::GET,
                    format!("/api/v1/classes/{id}/rosters/{x}/errors"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/rosters/{roster_id}/post",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                let x = pick(t, &ids.in_roster, &ids.out_roster);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/rosters/{x}/post"),
                    json!({}),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/rosters/{roster_id}/decision",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                let x = pick(t, &ids.in_roster, &ids.out_roster);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/rosters/{x}/decision"),
                    json!({ "approve": false, "opinion": "矩阵" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}/records",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::GET,
                    format!("/api/v1/classes/{id}/records"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}/videos",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::GET,
                    format!("/api/v1/classes/{id}/videos"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/videos",
            in_scope: "UFFFFAF",
            out_of_scope: "UFFFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/videos"),
                    json!({ "topic": "矩阵", "lecturer": "王教授", "link": "https://v.example.cn/1" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/videos/upload",
            in_scope: "UFFFFAF",
            out_of_scope: "UFFFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/videos/upload?topic=t&lecturer=l&name=v.mp4"),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/classes/{id}/videos/{video_id}/file",
            in_scope: "UFAFFAF",
            out_of_scope: "UFAFFNF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                let x = pick(t, &ids.in_video, &ids.out_video);
                (
                    Method::GET,
                    format!("/api/v1/classes/{id}/videos/{x}/file"),
                    Value::Null,
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/classes/{id}/videos/{video_id}/decision",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, t, _| {
                let id = pick(t, &ids.in_class, &ids.out_class);
                let x = pick(t, &ids.in_video, &ids.out_video);
                (
                    Method::POST,
                    format!("/api/v1/classes/{id}/videos/{x}/decision"),
                    json!({ "adopted": false }),
                )
            },
        },
        // Online-learning sync: a platform's key is no user token, and no user token is a key.
        Op {
            method: "POST",
            path: "/api/v1/sync/platforms/{platform_id}/records",
            in_scope: "UUUUUUU",
            out_of_scope: "UUUUUUU",
            build: |ids, _, _| {
                (
                    Method::POST,
                    format!("/api/v1/sync/platforms/{}/records", ids.platform),
                    json!({ "records": [] }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/sync/platforms/{platform_id}/holdings",
            in_scope: "UUUUUUU",
            out_of_scope: "UUUUUUU",
            build: |ids, _, _| {
                (
                    Method::GET,
                    format!(
                        "/api/v1/sync/platforms/{}/holdings?id_number=330106198503151238&year=2026",
                        ids.platform
                    ),
                    Value::Null,
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/sync/clients",
            in_scope: "UAAFFFF",
            out_of_scope: "UAAFFFF",
            build: |_, _, _| (Method::GET, "/api/v1/sync/clients".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/sync/clients",
            in_scope: "UAFFFFF",
            out_of_scope: "UAFFFFF",
            build: |_, _, n| {
                (
                    Method::POST,
                    "/api/v1/sync/clients".into(),
                    json!({ "name": format!("平台{n}") }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/sync/clients/{id}/keys",
            in_scope: "UAFFFFF",
            out_of_scope: "UAFFFFF",
            build: |ids, _, _| {
                (
                    Method::POST,
                    format!("/api/v1/sync/clients/{}/keys", ids.platform),
                    json!({ "overlap_hours": 24 }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/sync/clients/{id}/keys/{key_id}/revoke",
            in_scope: "UAFFFFF",
            out_of_scope: "UAFFFFF",
            build: |ids, _, _| {
                (
                    Method::POST,
                    format!(
                        "/api/v1/sync/clients/{}/keys/{}/revoke",
                        ids.platform, ids.platform_key
                    ),
                    json!({}),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/sync/records",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |_, _, _| (Method::GET, "/api/v1/sync/records".into(), Value::Null),
        },
        Op {
            method: "POST",
            path: "/api/v1/sync/records/{id}/match",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, _, _| {
                (
                    Method::POST,
                    format!("/api/v1/sync/records/{}/match", ids.online_record),
                    json!({ "reason": "核对" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/sync/records/{id}/dismiss",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, _, _| {
                (
                    Method::POST,
                    format!("/api/v1/sync/records/{}/dismiss", ids.online_record),
                    json!({ "reason": "核对" }),
                )
            },
        },
        Op {
            method: "POST",
            path: "/api/v1/sync/records/{id}/revoke",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, _, _| {
                (
                    Method::POST,
                    format!("/api/v1/sync/records/{}/revoke", ids.online_record),
                    json!({ "reason": "核对" }),
                )
            },
        },
        Op {
            method: "GET",
            path: "/api/v1/sync/reconciliation",
            in_scope: "UFAFFFF",
            out_of_scope: "UFAFFFF",
            build: |ids, _, _| {
                (
                    Method::GET,
                    format!(
                        "/api/v1/sync/reconciliation?client_id={}&year=2026",
                        ids.platform
                    ),
                    Value::Null,
                )
            },
        },
    ]
}

/// A complete class application starting in a month.
fn class_body() -> Value {
    let start = xueshi::calendar::today() + chrono::Duration::days(30);
    json!({
        "unit_name": "矩阵培训单位", "org_code": "123300004700051302", "address": "杭州",
        "contact_person": "周敏", "contact_phone": "13800001111", "name": "矩阵培训班",
        "location": "杭州", "content": "内容", "start_date": start,
        "end_date": start + chrono::Duration::days(1), "days": 2, "hours_per_day": 8,
        "total_hours": 16, "planned_headcount": 10, "plan_kind": "annual_plan",
        "hours": { "professional": 16, "industry_public": 0, "general_public": 0 },
    })
}

fn code_of(status: StatusCode) -> char {
    match status.as_u16() {
        401 => 'U',
        403 => 'F',
        404 => 'N',
        _ => 'A',
    }
}

async fn setup(app: &TestApp) -> Ids {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let person = |id: &'static str| async move {
        xueshi::people::person::Entity::find()
            .filter(xueshi::people::person::Column::IdNumber.eq(id))
            .one(&app.state.db)
            .await
            .expect("query")
            .expect("person")
            .id
    };
    let user_of = |pid: uuid::Uuid| async move {
        xueshi::auth::entities::user::Entity::find()
            .filter(xueshi::auth::entities::user::Column::PersonId.eq(pid))
            .one(&app.state.db)
            .await
            .expect("query")
            .expect("user")
            .id
            .to_string()
    };
    let (zhang, wang) = (
        person("330106198503151238").await,
        person("330382198811223624").await,
    );
    let sxb = app.token("sxb_admin").await;
    let other: Value = app
        .post("/api/v1/units", json!({ "parent_id": app.unit_id(units::ROOT).await, "name": "矩阵外单位", "code": uscc(99_999) }), Some(&sxb))
        .await
        .json()
        .await
        .expect("other unit");
    let ej = app.unit_id(units::EJ).await;
    let start = |token: String, person: uuid::Uuid, to: String| async move {
        let v: Value = app
            .post(
                &format!("/api/v1/persons/{person}/release"),
                json!({ "to_unit_id": to }),
                Some(&token),
            )
            .await
            .json()
            .await
            .expect("transfer");
        v["id"].as_str().expect("transfer id").to_owned()
    };
    let in_transfer = start(app.token("jg_admin").await, zhang, ej.clone()).await;
    let out_transfer = start(
        app.token("sjy_admin").await,
        wang,
        other["id"].as_str().expect("id").to_owned(),
    )
    .await;
    let titles = app.get_ok("/api/v1/titles", &sxb).await;
    // A sync platform with one parked record (its person is unknown).
    let p = crate::sync::platform(app, "矩阵平台").await;
    let pushed = crate::sync::push(
        app,
        &p,
        &[crate::sync::rec(
            "X1",
            &id_number(950),
            "矩阵",
            "professional",
            1.0,
            1,
        )],
    )
    .await;
    assert_eq!(pushed["counts"]["unmatched"], 1);
    let client: uuid::Uuid = p.id.parse().expect("uuid");
    let online_record = xueshi::sync::entity::record::Entity::find()
        .filter(xueshi::sync::entity::record::Column::ClientId.eq(client))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("record")
        .id
        .to_string();
    let platform_key = xueshi::sync::entity::key::Entity::find()
        .filter(xueshi::sync::entity::key::Column::ClientId.eq(client))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("key")
        .id
        .to_string();
    let in_import = preview_one(
        app,
        "jg_admin",
        &app.unit_id(units::JG).await,
        &id_number(900),
    )
    .await;
    let out_import = preview_one(
        app,
        "sjy_admin",
        &app.unit_id(units::SJY).await,
        &id_number(901),
    )
    .await;
    let claim = |who: &'static str, title: &'static str, seeds: (u32, u32)| async move {
        let t = app.token(who).await;
        let c = crate::claims::submitted_p4(app, &t, title, seeds).await;
        (
            c["id"].as_str().expect("claim").to_owned(),
            c["attachments"][0]["id"]
                .as_str()
                .expect("image")
                .to_owned(),
        )
    };
    let (in_claim, in_image) = claim("330106198503151238", "矩阵内会议", (1, 2)).await;
    let (out_claim, out_image) = claim("330382198811223624", "矩阵外会议", (3, 4)).await;
    // A message for 张伟: jg_admin returns his other claim.
    let zhang_notification = {
        let zhang = app.token("330106198503151238").await;
        let other = crate::claims::submitted_p4(app, &zhang, "矩阵退回会议", (5, 6)).await;
        let jg = app.token("jg_admin").await;
        let id = other["id"].as_str().expect("claim");
        let resp = app
            .post(
                &format!("/api/v1/claims/{id}/review"),
                json!({ "action": "return", "reason": "矩阵测试" }),
                Some(&jg),
            )
            .await;
        assert_eq!(resp.status(), 200);
        let inbox = app.get_ok("/api/v1/notifications", &zhang).await;
        inbox["items"][0]["id"]
            .as_str()
            .expect("message")
            .to_owned()
    };
    let cert = |person: uuid::Uuid, n: &'static str| async move {
        use sea_orm::ActiveModelTrait;
        use xueshi::certificates::entity::certificate;
        let row = certificate::ActiveModel {
            id: sea_orm::Set(uuid::Uuid::now_v7()),
            number: sea_orm::Set(format!("ZJ2026-MTRX-0000-000{n}")),
            person_id: sea_orm::Set(person),
            year: sea_orm::Set(2026),
            version: sea_orm::Set(1),
            status: sea_orm::Set(certificate::VALID.into()),
            superseded_by: sea_orm::Set(None),
            fingerprint: sea_orm::Set("-".into()),
            content: sea_orm::Set("{}".into()),
            signature: sea_orm::Set("-".into()),
            key_id: sea_orm::Set("-".into()),
            token: sea_orm::Set("-".into()),
            total: sea_orm::Set(900),
            professional: sea_orm::Set(600),
            industry_public: sea_orm::Set(200),
            general_public: sea_orm::Set(100),
            person_name: sea_orm::Set("矩阵".into()),
            id_masked: sea_orm::Set("3301**********0000".into()),
            unit_name: sea_orm::Set(None),
            pdf_key: sea_orm::Set(format!("certificates/2026/matrix-{n}.pdf")),
            pdf_sha256: sea_orm::Set("-".into()),
            pdf_size: sea_orm::Set(0),
            issued_at: sea_orm::Set(chrono::Utc::now()),
            issued_by: sea_orm::Set(None),
            reissue_pending: sea_orm::Set(false),
            revoked_at: sea_orm::Set(None),
            revoked_reason: sea_orm::Set(None),
        }
        .insert(&app.state.db)
        .await
        .expect("certificate");
        (row.id.to_string(), row.number)
    };
    let (in_cert, in_number) = cert(zhang, "1").await;
    let (out_cert, out_number) = cert(wang, "2").await;
    let job = |login: &'static str| async move {
        use sea_orm::ActiveModelTrait;
        use xueshi::{auth::entities::user, certificates::entity::job};
        let requester = user::Entity::find()
            .filter(user::Column::Username.eq(login))
            .one(&app.state.db)
            .await
            .expect("query")
            .expect("user");
        let now = chrono::Utc::now();
        job::ActiveModel {
            id: sea_orm::Set(uuid::Uuid::now_v7()),
            kind: sea_orm::Set("certificate_batch".into()),
            requested_by: sea_orm::Set(requester.id),
            unit_id: sea_orm::Set(None),
            year: sea_orm::Set(Some(2026)),
            status: sea_orm::Set(job::DONE.into()),
            total: sea_orm::Set(0),
            done: sea_orm::Set(0),
            message: sea_orm::Set(None),
            result_key: sea_orm::Set(None),
            result_size: sea_orm::Set(None),
            created_at: sea_orm::Set(now),
            updated_at: sea_orm::Set(now),
            finished_at: sea_orm::Set(Some(now)),
        }
        .insert(&app.state.db)
        .await
        .expect("job")
        .id
        .to_string()
    };
    let (in_job, out_job) = (job("jt_admin").await, job("sjy_admin").await);
    let (in_class, in_roster, in_file, in_video) = class_fixture(app, units::SJY, "px_org").await;
    let (out_class, out_roster, out_file, out_video) =
        class_fixture(app, units::JG, "sxb_admin").await;
    Ids {
        in_class,
        out_class,
        in_roster,
        out_roster,
        in_file,
        out_file,
        in_video,
        out_video,
        in_cert,
        out_cert,
        in_number,
        out_number,
        in_job,
        out_job,
        zhang_notification,
        in_claim,
        out_claim,
        in_image,
        out_image,
        jt: app.unit_id(units::JT).await,
        jg: app.unit_id(units::JG).await,
        sjy: app.unit_id(units::SJY).await,
        ej,
        zhang_user: user_of(zhang).await,
        wang_user: user_of(wang).await,
        zhang: zhang.to_string(),
        wang: wang.to_string(),
        in_transfer,
        out_transfer,
        in_import,
        out_import,
        title: titles[0]["id"].as_str().expect("title").to_owned(),
        platform: p.id,
        platform_key,
        online_record,
    }
}

/// An approved class of `unit` that ended yesterday, with a roster previewed by `login`, a
/// 办班方案 file and an uploaded lecture video: (class, roster, file, video).
async fn class_fixture(app: &TestApp, unit: &str, login: &str) -> (String, String, String, String) {
    use sea_orm::{ActiveModelTrait, Set};
    use xueshi::classes::entity::{class, file, video};
    let u = xueshi::orgs::service::find(
        &app.state.db,
        app.unit_id(unit).await.parse().expect("uuid"),
    )
    .await
    .expect("unit");
    let end = xueshi::calendar::today() - chrono::Duration::days(1);
    let now = chrono::Utc::now();
    let c = class::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        organiser_unit_id: Set(u.id),
        unit_path: Set(u.path.clone()),
        created_by: Set(uuid::Uuid::nil()),
        unit_name: Set(u.name.clone()),
        org_code: Set(u.code.clone()),
        address: Set("杭州".into()),
        contact_person: Set("周敏".into()),
        contact_phone: Set("13800001111".into()),
        name: Set("矩阵培训班".into()),
        location: Set("杭州".into()),
        content: Set("内容".into()),
        start_date: Set(end - chrono::Duration::days(1)),
        end_date: Set(end),
        days: Set(2),
        hours_per_day: Set(80),
        total_hours: Set(160),
        planned_headcount: Set(10),
        plan_kind: Set("annual_plan".into()),
        plan_ref: Set(None),
        req_professional: Set(160),
        req_industry_public: Set(0),
        req_general_public: Set(0),
        state: Set(class::APPROVED.into()),
        opinion: Set(Some("同意".into())),
        reviewed_by: Set(None),
        reviewer_name: Set(Some("矩阵".into())),
        decided_at: Set(Some(now)),
        appr_professional: Set(Some(160)),
        appr_industry_public: Set(Some(0)),
        appr_general_public: Set(Some(0)),
        posted_count: Set(0),
        posted_at: Set(None),
        submitted_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .expect("class");
    let store = |key: String, body: &'static [u8], ct: &'static str| async move {
        let k = xueshi::storage::ObjectKey::parse(&key).expect("key");
        app.state
            .storage
            .put(&k, bytes::Bytes::from_static(body), ct)
            .await
            .expect("put");
        key
    };
    let fkey = store(
        format!("classes/{}/plan.pdf", c.id),
        b"%PDF-1.4\n",
        "application/pdf",
    )
    .await;
    let f = file::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        class_id: Set(c.id),
        kind: Set("notice".into()),
        file_name: Set("通知.pdf".into()),
        content_type: Set("application/pdf".into()),
        size: Set(10),
        sha256: Set("-".into()),
        object_key: Set(fkey),
        created_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .expect("file");
    let vkey = store(
        format!("classes/{}/video.mp4", c.id),
        b"\0\0\0\x18ftypisom",
        "video/mp4",
    )
    .await;
    let v = video::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        class_id: Set(c.id),
        topic: Set("矩阵讲座".into()),
        lecturer: Set("王教授".into()),
        link: Set(None),
        object_key: Set(Some(vkey)),
        file_name: Set(Some("v.mp4".into())),
        file_size: Set(Some(12)),
        content_type: Set(Some("video/mp4".into())),
        status: Set(video::SUBMITTED.into()),
        fee_cents: Set(None),
        note: Set(None),
        decided_by: Set(None),
        decider_name: Set(None),
        decided_at: Set(None),
        created_by: Set(uuid::Uuid::nil()),
        created_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .expect("video");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (col, text) in ["序号", "姓名", "性别", "身份证号", "认定学时"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *text).expect("header");
    }
    for (col, text) in ["1", "张伟", "男", "330106198503151238"].iter().enumerate() {
        ws.write_string(1, col as u16, *text).expect("row");
    }
    ws.write_number(1, 4, 16.0).expect("hours");
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/classes/{}/rosters", c.id)))
        .bearer_auth(app.token(login).await)
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(book.save_to_buffer().expect("xlsx"))
        .send()
        .await
        .expect("roster");
    let body: Value = resp.json().await.expect("json");
    let roster = body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("roster preview failed: {body}"))
        .to_owned();
    (c.id.to_string(), roster, f.id.to_string(), v.id.to_string())
}

/// A one-person import previewed by `login` into `unit`; returns the import id.
async fn preview_one(app: &TestApp, login: &str, unit: &str, id: &str) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, text) in ["序号", "姓名", "身份证号"].iter().enumerate() {
        ws.write_string(0, c as u16, *text).expect("header");
    }
    for (c, text) in ["1", "矩阵导入", id].iter().enumerate() {
        ws.write_string(1, c as u16, *text).expect("row");
    }
    let resp = app
        .client
        .post(app.url(&format!(
            "/api/v1/persons/import/preview?unit_id={unit}&mode=create"
        )))
        .bearer_auth(app.token(login).await)
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(book.save_to_buffer().expect("xlsx"))
        .send()
        .await
        .expect("preview");
    let body: Value = resp.json().await.expect("json");
    body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("preview failed: {body}"))
        .to_owned()
}

#[tokio::test]
async fn every_operation_of_the_api_has_a_row_in_the_matrix() {
    let spec: Value = serde_json::from_str(&xueshi::app::openapi_json()).expect("spec");
    let documented: BTreeSet<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    let covered: BTreeSet<String> = ops()
        .iter()
        .map(|o| format!("{} {}", o.method, o.path))
        .collect();
    let missing: Vec<&String> = documented.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "operations without an authorization row (deny by default): {missing:?}"
    );
    let stale: Vec<&String> = covered.difference(&documented).collect();
    assert!(
        stale.is_empty(),
        "rows for operations that no longer exist: {stale:?}"
    );
}

/// Runs the rows `range` of the matrix; one fresh system per row, so one role's change cannot
/// mask another's (IN and OUT targets never overlap).
async fn check_rows(range: std::ops::Range<usize>) {
    let mut failures = Vec::new();
    let mut n = range.start * 100;
    for op in ops().into_iter().skip(range.start).take(range.len()) {
        let app = TestApp::spawn().await;
        let ids = setup(&app).await;
        let mut tokens: HashMap<&str, String> = HashMap::new();
        for login in ROLES.iter().filter(|r| !r.is_empty()) {
            tokens.insert(login, app.token(login).await);
        }
        for target in [Target::In, Target::Out] {
            let expected = if target == Target::In {
                op.in_scope
            } else {
                op.out_of_scope
            };
            let mut got = String::new();
            for login in ROLES {
                n += 1;
                let (method, path, body) = (op.build)(&ids, target, n);
                let mut req = app.client.request(method, app.url(&path));
                if !body.is_null() {
                    req = req.json(&body);
                }
                if let Some(t) = tokens.get(login) {
                    req = req.bearer_auth(t);
                }
                let status = req.send().await.expect("send").status();
                assert!(
                    !status.is_server_error(),
                    "{} {} as {login}: {status}",
                    op.method,
                    path
                );
                got.push(code_of(status));
            }
            if got != expected {
                failures.push(format!(
                    "{} {} {target:?}: expected {expected}, got {got}",
                    op.method, op.path
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorization matrix ({} backend):\n{}",
        xueshi_tests::backend(),
        failures.join("\n")
    );
}

// In parts so they run in parallel.
#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_1() {
    check_rows(0..14).await;
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_2() {
    check_rows(14..28).await;
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_3() {
    check_rows(28..42).await;
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_4() {
    check_rows(42..56).await;
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_5() {
    check_rows(56..70).await;
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_6() {
    check_rows(70..84).await;
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_7() {
    check_rows(84..100).await;
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights_part_8() {
    let total = ops().len();
    check_rows(100..total).await;
}
