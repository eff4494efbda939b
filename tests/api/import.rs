//! Person import and export: the template, a messy real-world file classified row by row, the
//! error report, commits that write all or nothing and only once, update mode, transfers,
//! an export that imports back unchanged, and scope.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::Response;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use xueshi_tests::{TestApp, expect_problem, units};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADER: [&str; 10] = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "手机号码",
    "所在单位代码",
    "职称专业系列",
    "职称级别",
    "职称",
    "是否省属单位人员",
];
const JG_NAME: &str = "浙江省建工集团有限责任公司";

/// A cell to write: text, a number, or nothing.
#[derive(Clone)]
enum V {
    S(String),
    N(f64),
    E,
}

fn texts(cells: &[&str]) -> Vec<V> {
    cells
        .iter()
        .map(|c| {
            if c.is_empty() {
                V::E
            } else {
                V::S((*c).to_owned())
            }
        })
        .collect()
}

/// An xlsx file with these rows from A1 down.
fn xlsx(rows: &[Vec<V>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                V::S(s) => {
                    ws.write_string(r, c, s).expect("write");
                }
                V::N(n) => {
                    ws.write_number(r, c, *n).expect("write");
                }
                V::E => {}
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

/// The header row, then these person rows (name, gender, id, phone, unit code).
fn simple(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut all = vec![texts(&HEADER)];
    for (i, r) in rows.iter().enumerate() {
        let n = (i + 1).to_string();
        all.push(texts(&[&n, r[0], r[1], r[2], r[3], r[4]]));
    }
    xlsx(&all)
}

/// A valid 身份证号: born 1985-01-01 in 杭州, sequence `n`, male or female.
fn id_number(n: u32, female: bool) -> String {
    let seq = (n * 2 + u32::from(!female)) % 1000;
    with_check_char(&format!("33010219850101{seq:03}"))
}

/// The 17 characters and the one check character that makes them valid.
fn with_check_char(body: &str) -> String {
    "0123456789X"
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|id| xueshi::people::IdNumber::parse(id).is_ok())
        .expect("a check character")
}

/// Every cell of the first sheet as text, by absolute position (row 0 is Excel's row 1).
fn read_xlsx(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an xlsx file");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r1, c1) = range.end().unwrap_or((0, 0));
    let mut grid = vec![vec![Data::Empty; c1 as usize + 1]; r1 as usize + 1];
    for r in r0..=r1 {
        for c in c0..=c1 {
            if let Some(v) = range.get_value((r, c)) {
                grid[r as usize][c as usize] = v.clone();
            }
        }
    }
    grid
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn texts_of(row: &[Data]) -> Vec<String> {
    row.iter().map(text).collect()
}

async fn upload(app: &TestApp, token: &str, unit: &str, mode: &str, file: Vec<u8>) -> Response {
    app.client
        .post(app.url(&format!(
            "/api/v1/persons/import/preview?unit_id={unit}&mode={mode}"
        )))
        .bearer_auth(token)
        .header("content-type", XLSX)
        .body(file)
        .send()
        .await
        .expect("request")
}

/// A preview that must succeed.
async fn preview(app: &TestApp, token: &str, unit: &str, mode: &str, file: Vec<u8>) -> Value {
    let resp = upload(app, token, unit, mode, file).await;
    let status = resp.status();
    let body: Value = resp.json().await.expect("json");
    assert_eq!(status, 200, "{body}");
    body
}

async fn commit(app: &TestApp, token: &str, id: &str) -> Response {
    app.post(
        &format!("/api/v1/persons/import/{id}/commit"),
        json!({}),
        Some(token),
    )
    .await
}

async fn download(app: &TestApp, path: &str, token: &str) -> Vec<u8> {
    let resp = app.get(path, Some(token)).await;
    assert_eq!(resp.status(), 200, "GET {path}");
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(ct, XLSX);
    resp.bytes().await.expect("body").to_vec()
}

async fn persons(app: &TestApp) -> u64 {
    xueshi::people::person::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count")
}

async fn transfers(app: &TestApp) -> u64 {
    xueshi::people::transfer::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count")
}

/// (row, status, message) of a preview's rows.
fn verdicts(p: &Value) -> Vec<(u64, String, String)> {
    p["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap_or_default(),
                r["status"].as_str().unwrap_or_default().to_owned(),
                r["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_template_downloads_with_its_header_and_reads_back() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let bytes = download(&app, "/api/v1/persons/import/template", &jg_admin).await;
    let grid = read_xlsx(&bytes);
    assert_eq!(text(&grid[0][0]), "专业技术人员信息导入表");
    assert!(text(&grid[1][0]).contains("所在单位代码留空"));
    assert_eq!(texts_of(&grid[2]), HEADER);
    // Uploaded as it is, the template has a header and no person.
    let jg = app.unit_id(units::JG).await;
    expect_problem(
        upload(&app, &jg_admin, &jg, "create", bytes).await,
        400,
        "empty_file",
    )
    .await;
    // Only administrators who may import get it.
    for login in ["px_org", "sxb_admin", "330102199007084522"] {
        expect_problem(
            app.get(
                "/api/v1/persons/import/template",
                Some(&app.token(login).await),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
}

/// Title, 填报人 row and a blank row above a header typed with stray blanks; then rows
/// with full-width spaces, a lower-case x, trailing blanks, +86 phones, an ID typed as a
/// number, a bad checksum, a sex mismatch, a duplicate, an unknown title, a person of another
/// unit, bad phone and 是否省属, a unit outside the import, a pre-numbered empty row.
fn messy_file() -> Vec<u8> {
    let qian = id_number(1, false);
    let wu = id_number(2, true);
    let wang = id_number(3, false);
    let feng = id_number(4, false);
    let chen = id_number(5, false);
    let mut rows = vec![
        texts(&["专业技术人员信息导入表"]),
        texts(&["填报人：王五　　联系电话：0571-88888888　　填报日期：2026年11月24日"]),
        vec![],
        texts(&[
            "序号",
            "姓　名",
            " 性别",
            "身份证号 ",
            "手机号码",
            "所在单位代码",
            "职称专业系列",
            "职称级别",
            "职称",
            "是否省属单位人员\u{3000}",
        ]),
        texts(&[
            "1",
            "赵　敏",
            "女",
            "11010519491231002x",
            "+86 139-0000-2222",
            "",
            "工程技术人员",
            "正高级",
            "教授级高级工程师",
            "是",
        ]),
        texts(&[
            "2",
            "钱多多 ",
            "男",
            &format!("{qian}\u{3000}"),
            "13900003333 ",
            "",
            "",
            "",
            "",
            "否",
        ]),
        texts(&["3", "孙小明", "男", "", "13900004444"]),
        texts(&["4", "周杰", "男", "330106198503151239"]),
        texts(&["5", "吴芳", "男", &wu]),
        texts(&["6", "郑强", "男", &qian]),
        texts(&[
            "7",
            "王磊",
            "男",
            &wang,
            "",
            "",
            "工程技术人员",
            "中级",
            "建筑大师",
        ]),
        texts(&["8", "李娜", "女", "330102199007084522", "13800001002"]),
        texts(&["\u{3000}", " ", "", "\u{3000}"]),
        texts(&["9", "张伟", "男", "330106198503151238", "13800001001"]),
        texts(&["10", "冯七", "男", &feng, "1380000", "", "", "", "", "也许"]),
        texts(&["11", "陈八", "男", &chen, "", units::JT]),
        texts(&["12"]),
    ];
    // 孙小明's 身份证号 typed as a number: Excel kept 15 digits.
    rows[6][3] = V::N(330106198503151238.0);
    xlsx(&rows)
}

#[tokio::test]
async fn a_messy_file_previews_row_by_row_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let jg = app.unit_id(units::JG).await;
    let before = persons(&app).await;
    let p = preview(&app, &jg_admin, &jg, "create", messy_file()).await;
    let new_here = format!("新增人员，所在单位“{JG_NAME}”");
    let expected: Vec<(u64, &str, String)> = vec![
        (5, "create", new_here.clone()),
        (6, "create", new_here),
        (
            7,
            "error",
            "身份证号被 Excel 存成了数字，末位已丢失，请把该列设为文本后重新填写".into(),
        ),
        (8, "error", "身份证号校验位不正确，请核对".into()),
        (9, "error", "性别与身份证号第 17 位不符".into()),
        (10, "error", "身份证号与第 6 行重复".into()),
        (11, "error", "职称“建筑大师”不属于工程技术人员的中级".into()),
        (
            12,
            "transfer",
            format!(
                "该人员现属“浙江省二建建设集团有限公司”，提交后将发起调入“{JG_NAME}”的申请，原单位放行后生效"
            ),
        ),
        (14, "unchanged", "已在本单位登记，本次不作修改".into()),
        (
            15,
            "error",
            "手机号码应为 11 位大陆手机号；是否省属单位人员应填“是”或“否”，不能填“也许”".into(),
        ),
        (
            16,
            "error",
            format!(
                "所在单位代码“{}”不存在，或不是“{JG_NAME}”及其下属单位",
                units::JT
            ),
        ),
    ];
    let expected: Vec<(u64, String, String)> = expected
        .into_iter()
        .map(|(r, s, m)| (r, s.to_owned(), m))
        .collect();
    assert_eq!(verdicts(&p), expected);
    assert_eq!(
        p["summary"],
        json!({ "total": 11, "create": 2, "update": 0, "unchanged": 1, "transfer": 1, "error": 7 })
    );
    assert_eq!(p["truncated"], false);
    assert_eq!(p["status"], "previewed");
    assert_eq!(p["rows"][0]["name"], "赵敏");
    assert_eq!(p["rows"][0]["id_number_masked"], "1101**********002X");
    assert_eq!(p["rows"][3]["columns"], json!(["身份证号"]));
    assert_eq!(
        p["rows"][9]["columns"],
        json!(["手机号码", "是否省属单位人员"])
    );
    // The preview wrote no person and no transfer; no full 身份证号 left the server.
    assert_eq!(persons(&app).await, before);
    assert_eq!(transfers(&app).await, 0);
    assert!(!p.to_string().contains("330102199007084522"));

    // The error report: exactly the error rows, original columns, the reason, the row.
    let id = p["id"].as_str().expect("id").to_owned();
    let report = read_xlsx(
        &download(
            &app,
            &format!("/api/v1/persons/import/{id}/errors"),
            &jg_admin,
        )
        .await,
    );
    let mut header: Vec<&str> = HEADER.to_vec();
    header[1] = "姓　名";
    header[2] = "性别";
    header[3] = "身份证号";
    let mut want = header.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    want.extend(["错误原因".to_owned(), "原行号".to_owned()]);
    assert_eq!(texts_of(&report[0]), want);
    let rows: Vec<(String, String, String)> = report[1..]
        .iter()
        .map(|r| (text(&r[1]), text(&r[10]), text(&r[11])))
        .collect();
    let error_rows: Vec<(String, String, String)> = expected
        .iter()
        .filter(|(_, s, _)| s == "error")
        .map(|(r, _, m)| {
            let name = match r {
                7 => "孙小明",
                8 => "周杰",
                9 => "吴芳",
                10 => "郑强",
                11 => "王磊",
                15 => "冯七",
                _ => "陈八",
            };
            (name.to_owned(), m.clone(), r.to_string())
        })
        .collect();
    assert_eq!(rows, error_rows);
    // The ID typed as a number stays one, so the admin sees what went wrong.
    assert!(matches!(report[1][3], Data::Float(_) | Data::Int(_)));
    assert_eq!(text(&report[2][3]), "330106198503151239");

    // No commit while errors remain.
    let problem =
        expect_problem(commit(&app, &jg_admin, &id).await, 409, "import_has_errors").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("7 行有误")
    );
    assert_eq!(persons(&app).await, before);
    assert_eq!(app.audit_count("person.imported").await, 0);
}

#[tokio::test]
async fn bad_bodies_are_refused_in_the_problem_shape() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let jg = app.unit_id(units::JG).await;
    expect_problem(
        upload(&app, &jg_admin, &jg, "create", b"name,id\n".to_vec()).await,
        400,
        "invalid_file",
    )
    .await;
    let mut broken = simple(&[["张三", "男", &id_number(7, false), "", ""]]);
    broken.truncate(broken.len() / 2);
    expect_problem(
        upload(&app, &jg_admin, &jg, "create", broken).await,
        400,
        "invalid_file",
    )
    .await;
    let no_header = xlsx(&[texts(&["名单"]), texts(&["张三", "330106198503151238"])]);
    expect_problem(
        upload(&app, &jg_admin, &jg, "create", no_header).await,
        400,
        "missing_header",
    )
    .await;
    expect_problem(
        upload(&app, &jg_admin, &jg, "create", vec![b'P'; 31 * 1024 * 1024]).await,
        413,
        "payload_too_large",
    )
    .await;
    // Nothing was stored for them.
    assert_eq!(
        xueshi::people::import::entity::Entity::find()
            .count(&app.state.db)
            .await
            .expect("count"),
        0
    );
}

#[tokio::test]
async fn a_clean_file_commits_once_and_the_same_file_is_the_same_import() {
    let app = TestApp::spawn().await;
    let jt_admin = app.token("jt_admin").await;
    let jt = app.unit_id(units::JT).await;
    let ids: Vec<String> = (10..13).map(|n| id_number(n, n % 2 == 0)).collect();
    let file = simple(&[
        ["甲一", "女", &ids[0], "13900000010", ""],
        ["乙二", "", &ids[1], "", units::JG],
        ["丙三", "女", &ids[2], "+86 139 0000 0012", ""],
    ]);
    let p = preview(&app, &jt_admin, &jt, "create", file.clone()).await;
    assert_eq!(p["summary"]["create"], 3);
    assert_eq!(
        p["rows"][1]["message"],
        format!("新增人员，所在单位“{JG_NAME}”")
    );
    let id = p["id"].as_str().expect("id").to_owned();
    // The same bytes again: the same import.
    let again = preview(&app, &jt_admin, &jt, "create", file.clone()).await;
    assert_eq!(again["id"], p["id"]);
    // Another mode is another import.
    let update = preview(&app, &jt_admin, &jt, "update", file.clone()).await;
    assert_ne!(update["id"], p["id"]);

    let before = persons(&app).await;
    let resp = commit(&app, &jt_admin, &id).await;
    assert_eq!(resp.status(), 200);
    let done: Value = resp.json().await.expect("json");
    assert_eq!(done["status"], "committed");
    assert_eq!(
        done["summary"],
        json!({ "total": 3, "create": 3, "update": 0, "unchanged": 0, "transfer": 0, "error": 0 })
    );
    assert_eq!(persons(&app).await, before + 3);
    // A second click answers the same and posts nothing.
    let resp = commit(&app, &jt_admin, &id).await;
    assert_eq!(resp.status(), 200);
    let twice: Value = resp.json().await.expect("json");
    assert_eq!(twice["summary"], done["summary"]);
    assert_eq!(twice["committed_at"], done["committed_at"]);
    assert_eq!(persons(&app).await, before + 3);
    assert_eq!(app.audit_count("person.imported").await, 1);
    // Previewing the committed file again finds the committed import.
    let after = preview(&app, &jt_admin, &jt, "create", file).await;
    assert_eq!(after["id"], p["id"]);
    assert_eq!(after["status"], "committed");
    assert_eq!(after["summary"]["unchanged"], 3);

    // The persons are confirmed by the unit, in the right units, phones normalised.
    let list = app
        .get_ok(&format!("/api/v1/persons?id_number={}", ids[1]), &jt_admin)
        .await;
    assert_eq!(list["items"][0]["unit_name"], JG_NAME);
    assert_eq!(list["items"][0]["affiliation"], "confirmed");
    assert_eq!(list["items"][0]["gender"], "M");
    let list = app
        .get_ok(&format!("/api/v1/persons?id_number={}", ids[2]), &jt_admin)
        .await;
    assert_eq!(list["items"][0]["phone_masked"], "139****0012");
    // The audit row has counts and the file hash, never an ID.
    let log = app
        .get_ok("/api/v1/audit?action=person.imported", &jt_admin)
        .await;
    let text = log.to_string();
    assert!(text.contains("file_sha256"), "{text}");
    assert!(ids.iter().all(|i| !text.contains(i.as_str())), "{text}");
}

#[tokio::test]
async fn a_commit_checks_again_and_writes_all_or_nothing() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let jg = app.unit_id(units::JG).await;
    let ids: Vec<String> = (20..23).map(|n| id_number(n, false)).collect();
    let file = simple(&[
        ["丁一", "男", &ids[0], "", ""],
        ["丁二", "男", &ids[1], "", ""],
        ["丁三", "男", &ids[2], "", ""],
    ]);
    let p = preview(&app, &jg_admin, &jg, "create", file).await;
    assert_eq!(p["summary"]["error"], 0);
    // Meanwhile the second ID is registered under another name (and confirmed).
    let resp = app
        .post(
            "/api/v1/persons",
            json!({ "id_number": ids[1], "name": "丁贰", "unit_id": jg }),
            Some(&jg_admin),
        )
        .await;
    assert_eq!(resp.status(), 201);
    let before = persons(&app).await;
    let id = p["id"].as_str().expect("id");
    expect_problem(commit(&app, &jg_admin, id).await, 409, "import_has_errors").await;
    assert_eq!(
        persons(&app).await,
        before,
        "nothing of the file was written"
    );
    // The error report names the conflict.
    let report = read_xlsx(
        &download(
            &app,
            &format!("/api/v1/persons/import/{id}/errors"),
            &jg_admin,
        )
        .await,
    );
    assert_eq!(report.len(), 2);
    assert_eq!(
        text(&report[1][10]),
        "姓名与系统中登记的“丁贰”不一致；单位已确认该人员，姓名不能修改"
    );
}

#[tokio::test]
async fn two_commits_at_once_post_once() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let jg = app.unit_id(units::JG).await;
    let rows: Vec<String> = (30..40).map(|n| id_number(n, false)).collect();
    let file = simple(
        &rows
            .iter()
            .map(|i| ["并发", "男", i.as_str(), "", ""])
            .collect::<Vec<_>>(),
    );
    let p = preview(&app, &jg_admin, &jg, "create", file).await;
    let id = p["id"].as_str().expect("id");
    let before = persons(&app).await;
    let (a, b) = tokio::join!(commit(&app, &jg_admin, id), commit(&app, &jg_admin, id));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    let (a, b): (Value, Value) = (a.json().await.expect("json"), b.json().await.expect("json"));
    assert_eq!(a["summary"], b["summary"]);
    assert_eq!(a["summary"]["create"], 10);
    assert_eq!(persons(&app).await, before + 10);
    assert_eq!(app.audit_count("person.imported").await, 1);
}

#[tokio::test]
async fn update_mode_changes_phone_titles_and_provincial_but_not_a_locked_name() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let jg = app.unit_id(units::JG).await;
    let header = texts(&HEADER);
    let file = xlsx(&[
        header.clone(),
        texts(&[
            "1",
            "张伟",
            "男",
            "330106198503151238",
            "139 1111 2222",
            "",
            "工程技术人员",
            "正高级",
            "正高级工程师",
            "否",
        ]),
    ]);
    // In create mode the person is left alone, with a hint.
    let p = preview(&app, &jg_admin, &jg, "create", file.clone()).await;
    assert_eq!(
        verdicts(&p),
        [(
            2,
            "unchanged".to_owned(),
            "已在本单位登记，本次不作修改（手机号码、职称、是否省属单位人员有变化，如需更新请选择“更新已有人员”方式导入）".to_owned()
        )]
    );
    let p = preview(&app, &jg_admin, &jg, "update", file).await;
    assert_eq!(
        verdicts(&p),
        [(
            2,
            "update".to_owned(),
            "将更新手机号码、职称、是否省属单位人员".to_owned()
        )]
    );
    let resp = commit(&app, &jg_admin, p["id"].as_str().expect("id")).await;
    assert_eq!(resp.status(), 200);
    let page = app
        .get_ok("/api/v1/persons?id_number=330106198503151238", &jg_admin)
        .await;
    let zhang = page["items"][0]["id"].as_str().expect("id").to_owned();
    let d = app
        .get_ok(&format!("/api/v1/persons/{zhang}"), &jg_admin)
        .await;
    assert_eq!(d["phone"], "13911112222");
    assert_eq!(
        (&d["title_series"], &d["title_level"], &d["title_name"]),
        (&json!("工程技术人员"), &json!("ZG"), &json!("正高级工程师"))
    );
    assert_eq!(d["is_provincial"], false);
    // The name of a confirmed person is locked.
    let renamed = xlsx(&[
        header,
        texts(&["1", "张卫", "男", "330106198503151238", "13911112222"]),
    ]);
    let p = preview(&app, &jg_admin, &jg, "update", renamed).await;
    assert_eq!(
        verdicts(&p),
        [(
            2,
            "error".to_owned(),
            "姓名与系统中登记的“张伟”不一致；单位已确认该人员，姓名不能修改".to_owned()
        )]
    );
}

#[tokio::test]
async fn a_person_of_another_unit_becomes_a_pending_transfer() {
    let app = TestApp::spawn().await;
    let jg_admin = app.token("jg_admin").await;
    let jg = app.unit_id(units::JG).await;
    let file = simple(&[["李娜", "女", "330102199007084522", "", ""]]);
    let p = preview(&app, &jg_admin, &jg, "create", file.clone()).await;
    assert_eq!(p["summary"]["transfer"], 1);
    let resp = commit(&app, &jg_admin, p["id"].as_str().expect("id")).await;
    let done: Value = resp.json().await.expect("json");
    assert_eq!(done["summary"]["transfer"], 1, "{done}");
    // Both units see it; the old unit releases.
    let list = app.get_ok("/api/v1/transfers", &jg_admin).await;
    let t = &list[0];
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(t["person_name"], "李娜");
    assert_eq!(t["from_unit_name"], "浙江省二建建设集团有限公司");
    assert_eq!(t["to_unit_name"], JG_NAME);
    assert_eq!(
        (t["accepted"].as_bool(), t["released"].as_bool()),
        (Some(true), Some(false))
    );
    let ej_admin = app.token("ej_admin").await;
    let theirs = app.get_ok("/api/v1/transfers", &ej_admin).await;
    assert_eq!(theirs[0]["id"], t["id"]);
    assert_eq!(app.audit_count("transfer.started").await, 2);
    // The same row again waits for that transfer instead of asking twice.
    let again = preview(
        &app,
        &jg_admin,
        &jg,
        "update",
        simple(&[["李娜", "女", "330102199007084522", "13800001002", ""]]),
    )
    .await;
    assert_eq!(again["rows"][0]["status"], "unchanged");
    // Released, the person moves.
    let tid = t["id"].as_str().expect("id");
    let resp = app
        .post(
            &format!("/api/v1/transfers/{tid}/release"),
            json!({}),
            Some(&ej_admin),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let mine = app
        .get_ok("/api/v1/persons?id_number=330102199007084522", &jg_admin)
        .await;
    assert_eq!(mine["items"][0]["unit_name"], JG_NAME);
}

#[tokio::test]
async fn an_export_matches_the_list_and_imports_back_unchanged() {
    let app = TestApp::spawn().await;
    let jt_admin = app.token("jt_admin").await;
    let jt = app.unit_id(units::JT).await;
    let all = read_xlsx(&download(&app, "/api/v1/persons/export", &jt_admin).await);
    assert_eq!(texts_of(&all[0]), HEADER);
    let list = app.get_ok("/api/v1/persons", &jt_admin).await;
    let names = |rows: &[Vec<Data>]| rows.iter().map(|r| text(&r[1])).collect::<Vec<_>>();
    let listed: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names(&all[1..]), listed, "same rows, same order");
    let zhang = all
        .iter()
        .find(|r| text(&r[1]) == "张伟")
        .expect("张伟 exported");
    assert_eq!(
        texts_of(zhang)[1..],
        [
            "张伟",
            "男",
            "330106198503151238",
            "13800001001",
            units::JG,
            "工程技术人员",
            "副高级",
            "高级工程师",
            "是"
        ]
    );
    // 身份证号 are text cells, all digits kept.
    assert!(matches!(zhang[3], Data::String(_)));

    // Filters as the list's.
    let filtered =
        read_xlsx(&download(&app, "/api/v1/persons/export?title_level=中级", &jt_admin).await);
    let mut got = names(&filtered[1..]);
    got.sort();
    assert_eq!(got, ["李娜", "陈杰"]);
    assert_eq!(app.audit_count("person.exported").await, 2);
    let log = app
        .get_ok("/api/v1/audit?action=person.exported", &jt_admin)
        .await
        .to_string();
    assert!(
        log.contains("\"rows\":2") && !log.contains("330106198503151238"),
        "{log}"
    );

    // The export, uploaded in update mode, changes nothing.
    let bytes = download(&app, "/api/v1/persons/export", &jt_admin).await;
    let p = preview(&app, &jt_admin, &jt, "update", bytes).await;
    assert_eq!(
        p["summary"],
        json!({ "total": 3, "create": 0, "update": 0, "unchanged": 3, "transfer": 0, "error": 0 })
    );
}

#[tokio::test]
async fn imports_and_exports_stay_in_scope() {
    let app = TestApp::spawn().await;
    let jg = app.unit_id(units::JG).await;
    let file = simple(&[["甲乙", "男", &id_number(50, false), "", ""]]);
    // A 三级 admin cannot import into a sibling unit; existence does not leak.
    let ej_admin = app.token("ej_admin").await;
    expect_problem(
        upload(&app, &ej_admin, &jg, "create", file.clone()).await,
        404,
        "not_found",
    )
    .await;
    // An organiser may not import or export at all.
    let px = app.token("px_org").await;
    expect_problem(
        upload(&app, &px, &jg, "create", file.clone()).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.get("/api/v1/persons/export", Some(&px)).await,
        403,
        "forbidden",
    )
    .await;
    // The import of one unit is not another's to read or commit.
    let jg_admin = app.token("jg_admin").await;
    let p = preview(&app, &jg_admin, &jg, "create", file).await;
    let id = p["id"].as_str().expect("id");
    expect_problem(commit(&app, &ej_admin, id).await, 404, "not_found").await;
    expect_problem(
        app.get(
            &format!("/api/v1/persons/import/{id}/errors"),
            Some(&ej_admin),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(commit(&app, &px, id).await, 403, "forbidden").await;
    // The 二级 admin above may.
    let resp = commit(&app, &app.token("jt_admin").await, id).await;
    assert_eq!(
        resp.status(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    // A province-wide export for 省学时办.
    let all = read_xlsx(
        &download(
            &app,
            "/api/v1/persons/export",
            &app.token("sxb_admin").await,
        )
        .await,
    );
    assert_eq!(all.len(), 1 + 6);
}
