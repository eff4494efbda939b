//! Certificates (issue 6) over HTTP on both databases: eligibility at 89.5 / 90, the PDF
//! rendered to PNG and read back (Chinese text, a round red seal, a QR code that decodes to
//! the verification URL), signatures online and offline, revocation and new versions when
//! the hours move, batch printing into a ZIP, the rate limit, and a missing font.

use std::{path::PathBuf, process::Command, time::Duration};

use serde_json::{Value, json};
use xueshi::certificates::signing;
use xueshi_tests::{TestApp, expect_problem};

use crate::review::{ZHANG_WEI, decide, id_of, ok, publish_test_rules, registered, submitted};

fn year() -> i32 {
    use chrono::Datelike;
    crate::claims::today().year()
}

async fn issue(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.post("/api/v1/certificates", body, Some(token)).await
}

async fn issued(app: &TestApp, token: &str, body: Value) -> Value {
    ok(issue(app, token, body).await).await
}

async fn verify(app: &TestApp, number: &str, token: Option<&str>) -> reqwest::Response {
    let q = token.map(|t| format!("?t={t}")).unwrap_or_default();
    app.get(&format!("/api/v1/public/certificates/{number}{q}"), None)
        .await
}

async fn verified(app: &TestApp, number: &str, token: Option<&str>) -> Value {
    ok(verify(app, number, token).await).await
}

/// The `t` of a verification URL.
fn token_of(url: &str) -> String {
    url.split_once("?t=").expect("token in url").1.to_owned()
}

async fn download(app: &TestApp, url: &str) -> Vec<u8> {
    let resp = app.get(url, None).await;
    assert_eq!(resp.status(), 200);
    resp.bytes().await.expect("body").to_vec()
}

/// Where rendered pages go for a person to look at (gitignored).
fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("e2e/artifacts/certificates");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

fn run(cmd: &mut Command) -> Vec<u8> {
    let out = cmd
        .output()
        .expect("poppler-utils installed (scripts/setup.sh)");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Page 1 at `dpi` as an RGB image.
fn render(pdf: &[u8], name: &str, dpi: u32) -> image::RgbImage {
    let dir = artifacts();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    let prefix = dir.join(name);
    run(Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&path)
        .arg(&prefix));
    image::open(prefix.with_extension("png"))
        .expect("png")
        .to_rgb8()
}

pub(crate) fn text_of(pdf: &[u8], name: &str) -> String {
    let path = artifacts().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    String::from_utf8(run(Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")))
    .expect("utf-8 text")
}

fn is_red(p: &image::Rgb<u8>) -> bool {
    p[0] > 170 && p[1] < 110 && p[2] < 110
}

/// The seal: red pixels form a round blot of ~42 mm, and a ring of red runs all around.
fn assert_round_red_seal(img: &image::RgbImage, dpi: u32) {
    let (mut x0, mut y0, mut x1, mut y1, mut n) = (u32::MAX, u32::MAX, 0, 0, 0u32);
    for (x, y, p) in img.enumerate_pixels() {
        if is_red(p) {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            n += 1;
        }
    }
    assert!(n > 500, "red pixels: {n}");
    let (w, h) = (f64::from(x1 - x0), f64::from(y1 - y0));
    let expected = 42.0 / 25.4 * f64::from(dpi);
    assert!((w / h - 1.0).abs() < 0.04, "round: {w} × {h}");
    assert!(
        (w / expected - 1.0).abs() < 0.05,
        "42 mm: {w} px vs {expected}"
    );
    // The ring: at 24 angles, a red pixel within the outer 4 % of the radius.
    let (cx, cy, r) = (f64::from(x0 + x1) / 2.0, f64::from(y0 + y1) / 2.0, w / 2.0);
    for k in 0..24 {
        let a = f64::from(k) * std::f64::consts::TAU / 24.0;
        let hit = (0..=(r * 0.04) as i32).any(|d| {
            let rr = r - f64::from(d);
            let (x, y) = (cx + rr * a.cos(), cy + rr * a.sin());
            img.get_pixel_checked(x as u32, y as u32)
                .is_some_and(is_red)
        });
        assert!(hit, "ring at {k}/24");
    }
    // The star: the centre is red.
    assert!(
        is_red(img.get_pixel(cx as u32, cy as u32)),
        "star at the centre"
    );
}

fn decode_qr(img: &image::RgbImage) -> String {
    let gray = image::DynamicImage::ImageRgb8(img.clone()).to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(gray);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    grids[0].decode().expect("QR decodes").1
}

/// 张伟 with the given registered claims (建工集团's chain, all the way through 复审).
async fn zhang_with(app: &TestApp, claims: &[(&str, &str, f64)]) -> String {
    publish_test_rules(app).await;
    let zhang = app.token(ZHANG_WEI).await;
    registered(app, &zhang, claims).await;
    zhang
}

#[tokio::test]
async fn eligible_at_90_not_at_89_5_and_the_pdf_reads_right() {
    let app = TestApp::spawn().await;
    let zhang = zhang_with(
        &app,
        &[
            ("TP", "钢结构新规范专题培训", 40.0),
            ("TP", "BIM 技术应用研修", 20.0),
            ("TI", "建筑施工安全生产专题", 19.5),
            ("TG", "专业技术人员职业道德", 10.0),
        ],
    )
    .await;
    let y = year();
    let p = expect_problem(
        issue(&app, &zhang, json!({ "year": y })).await,
        422,
        "not_eligible",
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap_or_default().contains("89.5"),
        "{p}"
    );
    registered(&app, &zhang, &[("TG", "公需补充", 0.5)]).await;

    let first = issued(&app, &zhang, json!({ "year": y })).await;
    assert_eq!(first["created"], true);
    let c = &first["certificate"];
    assert_eq!(c["status"], "valid");
    assert_eq!(c["status_label"], "有效");
    assert_eq!(c["version"], 1);
    assert_eq!(c["registered"]["total"], 90.0);
    assert_eq!(c["id_number_masked"], "3301**********1238");
    let number = c["number"].as_str().expect("number").to_owned();
    assert!(number.starts_with(&format!("ZJ{y}-")), "{number}");
    // Issuing again with nothing changed gives the same certificate back.
    let again = issued(&app, &zhang, json!({ "year": y })).await;
    assert_eq!(again["created"], false);
    assert_eq!(again["certificate"]["number"], number.as_str());
    assert_eq!(app.audit_count("certificate.issued").await, 1);

    // The stored PDF: small, its hash as recorded, Chinese text, seal and QR code.
    let pdf = download(&app, c["pdf_url"].as_str().expect("pdf_url")).await;
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() <= 150 * 1024, "{} bytes", pdf.len());
    assert_eq!(
        xueshi::storage::sha256_hex(&pdf),
        c["pdf_sha256"].as_str().unwrap_or_default()
    );
    let text = text_of(&pdf, "certificate");
    for needle in [
        "浙江省住房和城乡建设行业专业技术人员继续教育学时登记证明",
        "张伟",
        "3301**********1238",
        "浙江省建工集团有限责任公司",
        "高级工程师",
        number.as_str(),
        "钢结构新规范专题培训",
        "行业公需科目",
        "达标",
        "兹证明 张伟 同志",
        "/verify",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle}:\n{text}");
    }
    let fonts = String::from_utf8(run(
        Command::new("pdffonts").arg(artifacts().join("certificate.pdf"))
    ))
    .expect("utf-8");
    assert!(fonts.contains("NotoSansCJK"), "{fonts}");
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every font embedded as a subset:\n{fonts}"
    );
    let img = render(&pdf, "certificate", 150);
    assert_round_red_seal(&img, 150);
    let url = c["verify_url"].as_str().expect("verify_url");
    assert_eq!(decode_qr(&render(&pdf, "certificate-300dpi", 300)), url);
    assert!(url.starts_with(&format!("{}/verify/{number}?t=", app.base)));

    // Online: the number alone, then with the QR token; a changed byte fails.
    let v = verified(&app, &number, None).await;
    assert_eq!(v["status_label"], "有效");
    assert_eq!(v["person_name_masked"], "张*");
    assert_eq!(v["id_number_masked"], "3301**********1238");
    assert_eq!(v["registered"]["total"], 90.0);
    assert_eq!(v["token_valid"], Value::Null);
    assert!(v.get("id_number").is_none() && !v.to_string().contains("330106198503151238"));
    let token = token_of(url);
    assert_eq!(
        verified(&app, &number, Some(&token)).await["token_valid"],
        true
    );
    let mut bytes = token.clone().into_bytes();
    bytes[10] = if bytes[10] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(bytes).expect("ascii");
    let v = verified(&app, &number, Some(&tampered)).await;
    assert_eq!(v["token_valid"], false);
    assert!(
        v["token_message"]
            .as_str()
            .unwrap_or_default()
            .contains("无效")
    );
    // Lower case and spaces typed by hand still find it; an unknown number is a 404.
    verified(&app, &format!(" {} ", number.to_lowercase()), None).await;
    expect_problem(
        verify(&app, "ZJ2026-0000-0000-0000", None).await,
        404,
        "not_found",
    )
    .await;

    // Offline: the published key checks the token; the signed content checks too.
    let key: Value = ok(app.get("/api/v1/public/certificate-key", None).await).await;
    assert_eq!(key["algorithm"], "Ed25519");
    let public = signing::public_key_from_base64(key["public_key"].as_str().unwrap_or_default())
        .expect("public key");
    let payload = signing::verify_token(&public, &token).expect("genuine token");
    assert_eq!(payload.n, number);
    assert_eq!(payload.h, [900, 600, 300, 195]);
    assert_eq!(payload.nm, "张*");
    assert!(signing::verify_token(&public, &tampered).is_err());
    let row = stored(&app, &number).await;
    assert!(signing::verify_signature(
        &public,
        row.content.as_bytes(),
        &row.signature
    ));
    assert!(row.content.contains("\"id_number\":\"330106198503151238\""));
    assert_eq!(payload.c, signing::content_digest(&row.content));
    assert_eq!(app.verifications().await, 5, "every check is logged");
}

async fn stored(app: &TestApp, number: &str) -> xueshi::certificates::entity::certificate::Model {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use xueshi::certificates::entity::certificate;
    certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("stored")
}

/// Polls the public page until `number` is superseded; returns the new number.
async fn superseded(app: &TestApp, number: &str) -> String {
    for _ in 0..100 {
        let v = verified(app, number, None).await;
        if v["status"] == "superseded" {
            assert_eq!(v["status_label"], "已被新版本替代");
            return v["superseded_by_number"]
                .as_str()
                .expect("link to the new one")
                .to_owned();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{number} was not superseded");
}

#[tokio::test]
async fn hours_that_move_revoke_or_supersede_and_the_office_revokes_by_hand() {
    let app = TestApp::spawn_tuned(|_| {}).await;
    publish_test_rules(&app).await;
    let zhang = app.token(ZHANG_WEI).await;
    let mut ids = Vec::new();
    for (code, title, h) in [
        ("TP", "专业 A", 60.0),
        ("TI", "行业公需", 20.0),
        ("TG", "一般公需", 10.0),
    ] {
        ids.push(id_of(&submitted(&app, &zhang, code, title, h).await));
    }
    for (who, action) in [
        ("jg_admin", "recognise"),
        ("jt_admin", "forward"),
        ("sxb_admin", "confirm"),
    ] {
        let t = app.token(who).await;
        ok(app
            .post(
                "/api/v1/review/bulk",
                json!({ "ids": ids, "action": action }),
                Some(&t),
            )
            .await)
        .await;
    }
    let y = year();
    let v1 = issued(&app, &zhang, json!({ "year": y })).await["certificate"].clone();
    let n1 = v1["number"].as_str().expect("number").to_owned();

    // 复审调减 to 89.5: revoked at once, in the decision's transaction.
    let sxb = app.token("sxb_admin").await;
    decide(
        &app,
        &sxb,
        &ids[2],
        json!({ "action": "adjust", "hours": 9.5, "reason": "证明材料只支持 9.5 学时" }),
    )
    .await;
    let v = verified(&app, &n1, None).await;
    assert_eq!(v["status_label"], "已撤销");
    assert!(
        v["revoked_reason"]
            .as_str()
            .unwrap_or_default()
            .contains("89.5")
    );
    expect_problem(
        issue(&app, &zhang, json!({ "year": y })).await,
        422,
        "not_eligible",
    )
    .await;

    // Eligible again: a new certificate, version 2.
    registered(&app, &zhang, &[("TG", "公需补充", 5.0)]).await;
    let v2 = issued(&app, &zhang, json!({ "year": y })).await["certificate"].clone();
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["registered"]["total"], 94.5);
    let n2 = v2["number"].as_str().expect("number").to_owned();

    // Lowered but still eligible: a new version replaces it, the old links to it.
    decide(
        &app,
        &sxb,
        &ids[0],
        json!({ "action": "adjust", "hours": 58.0, "reason": "按实际课时调减" }),
    )
    .await;
    let n3 = superseded(&app, &n2).await;
    let v3 = verified(&app, &n3, None).await;
    assert_eq!(v3["status_label"], "有效");
    assert_eq!(v3["version"], 3);
    assert_eq!(v3["registered"]["total"], 92.5);
    // The person's list shows all three; the stored first PDF was never rewritten.
    let mine = app
        .get_ok(&format!("/api/v1/certificates?year={y}"), &zhang)
        .await;
    let states: Vec<&str> = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["status"].as_str())
        .collect();
    assert_eq!(states, ["valid", "superseded", "revoked"]);
    let pdf1 = download(&app, v1["pdf_url"].as_str().unwrap_or_default()).await;
    assert_eq!(
        xueshi::storage::sha256_hex(&pdf1),
        v1["pdf_sha256"].as_str().unwrap_or_default()
    );
    let inbox = app.get_ok("/api/v1/notifications", &zhang).await;
    let kinds: Vec<&str> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"certificate.revoked") && kinds.contains(&"certificate.superseded"));

    // 省学时办 revokes by hand with a reason; a unit admin may not; twice is a conflict.
    let id3 = stored(&app, &n3).await.id;
    let jt = app.token("jt_admin").await;
    let path = format!("/api/v1/certificates/{id3}/revoke");
    expect_problem(
        app.post(&path, json!({ "reason": "弄虚作假" }), Some(&jt))
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.post(&path, json!({ "reason": "" }), Some(&sxb)).await,
        422,
        "validation_failed",
    )
    .await;
    let r = ok(app
        .post(
            &path,
            json!({ "reason": "经查弄虚作假（第七条）" }),
            Some(&sxb),
        )
        .await)
    .await;
    assert_eq!(r["status"], "revoked");
    expect_problem(
        app.post(&path, json!({ "reason": "再次撤销" }), Some(&sxb))
            .await,
        409,
        "not_valid",
    )
    .await;
    assert_eq!(
        verified(&app, &n3, None).await["revoked_reason"],
        "经查弄虚作假（第七条）"
    );
}

#[tokio::test]
async fn admins_issue_in_scope_and_batch_print_a_unit_into_one_zip() {
    let app = TestApp::spawn().await;
    let zhang = zhang_with(
        &app,
        &[
            ("TP", "专业", 60.0),
            ("TI", "行业公需", 20.0),
            ("TG", "一般公需", 10.0),
        ],
    )
    .await;
    let y = year();
    let zhang_id = app.get_ok("/api/v1/standing/me", &zhang).await["person_id"]
        .as_str()
        .expect("person id")
        .to_owned();
    // The 设计研究院 admin cannot see 张伟; the 建工集团 admin issues for him.
    let sjy = app.token("sjy_admin").await;
    expect_problem(
        issue(&app, &sjy, json!({ "year": y, "person_id": zhang_id })).await,
        404,
        "not_found",
    )
    .await;
    let jg = app.token("jg_admin").await;
    let by_admin = issued(&app, &jg, json!({ "year": y, "person_id": zhang_id })).await;
    assert_eq!(by_admin["created"], true);
    let listed = app
        .get_ok(&format!("/api/v1/certificates?year={y}&status=valid"), &jg)
        .await;
    assert_eq!(listed["total"], 1);
    let none = app.get_ok("/api/v1/certificates", &sjy).await;
    assert_eq!(none["total"], 0);

    // Batch for the whole group: one eligible person, one PDF in the ZIP.
    let jt = app.token("jt_admin").await;
    let resp = app
        .post(
            "/api/v1/certificate-batches",
            json!({ "year": y }),
            Some(&jt),
        )
        .await;
    assert_eq!(resp.status(), 202);
    let job: Value = resp.json().await.expect("job");
    assert_eq!(job["total"], 1);
    let path = format!(
        "/api/v1/certificate-batches/{}",
        job["id"].as_str().unwrap_or_default()
    );
    let mut done = Value::Null;
    for _ in 0..100 {
        done = app.get_ok(&path, &jt).await;
        if done["status"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["done"], 1);
    let zip = download(&app, done["download_url"].as_str().expect("download")).await;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    assert_eq!(archive.len(), 1);
    let name = archive.by_index(0).expect("entry").name().to_owned();
    assert!(name.contains("张伟") && name.ends_with(".pdf"), "{name}");
    // Another admin cannot follow someone else's job.
    expect_problem(app.get(&path, Some(&jg)).await, 404, "not_found").await;
    // Nobody eligible at 二建集团 (李娜 has no registered hours).
    let ej = app.token("ej_admin").await;
    expect_problem(
        app.post(
            "/api/v1/certificate-batches",
            json!({ "year": y }),
            Some(&ej),
        )
        .await,
        422,
        "nobody_eligible",
    )
    .await;
    assert_eq!(
        app.audit_count("certificate.issued").await,
        1,
        "the batch reused the unchanged certificate"
    );
}

#[tokio::test]
async fn a_batch_over_the_limit_asks_for_a_lower_unit() {
    // 王芳 (demo) has 90 registered hours: one eligible person is over a limit of 0.
    let app = TestApp::spawn_tuned(|c| c.certificates.batch_max = 0).await;
    let sjy = app.token("sjy_admin").await;
    let p = expect_problem(
        app.post(
            "/api/v1/certificate-batches",
            json!({ "year": year() }),
            Some(&sjy),
        )
        .await,
        422,
        "batch_too_large",
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("下级单位"),
        "{p}"
    );
}

#[tokio::test]
async fn verification_is_rate_limited_per_client() {
    let app = TestApp::spawn_tuned(|c| c.certificates.verify_per_minute = 3).await;
    for _ in 0..3 {
        expect_problem(
            verify(&app, "ZJ2026-AAAA-BBBB-CCCC", None).await,
            404,
            "not_found",
        )
        .await;
    }
    let resp = verify(&app, "ZJ2026-AAAA-BBBB-CCCC", None).await;
    assert_eq!(resp.headers()["retry-after"], "60");
    expect_problem(resp, 429, "too_many_verifications").await;
    assert_eq!(
        app.verifications().await,
        3,
        "refusals are not verifications"
    );
}

#[tokio::test]
async fn a_missing_font_is_a_clear_error_not_a_pdf_of_boxes() {
    let app = TestApp::spawn_tuned(|c| {
        c.certificates.font = xueshi::config::FontSource {
            path: "/nonexistent/font.ttc".into(),
            index: 2,
        };
    })
    .await;
    let zhang = app.token(ZHANG_WEI).await;
    let p = expect_problem(
        issue(&app, &zhang, json!({ "year": year() })).await,
        503,
        "certificate_font_missing",
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("/nonexistent/font.ttc"),
        "{p}"
    );
    // Everything else still works.
    app.get_ok("/api/v1/standing/me", &zhang).await;
}
