//! Hour claims with image evidence, end to end over HTTP: the claimant's flow, every
//! validation of issue 4 §5, upload attacks (nothing left in the database or in storage, on
//! local disk and on S3), and duplicate-evidence flags as reviewers in and out of scope see them.

use chrono::{Duration, NaiveDate};
use reqwest::{Response, multipart};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use xueshi::{
    claims::{claim, entities::attachment},
    config::StorageConfig,
};
use xueshi_tests::{TestApp, expect_problem, fresh_s3_bucket, local_keys, s3_keys};

const LI_NA: &str = "330102199007084522";
const ZHANG_WEI: &str = "330106198503151238";
const CHEN_JIE: &str = "330105199202140015";
const WANG_FANG: &str = "330382198811223624";

pub fn today() -> NaiveDate {
    (chrono::Utc::now() + Duration::hours(8)).date_naive()
}

/// A day safely inside the current, open claim year (and never in the future).
fn day(days_ago: i64) -> String {
    (today() - Duration::days(days_ago)).to_string()
}

/// Real images, distinct per seed in structure (so their perceptual hashes differ too).
pub mod images {
    use image::{ImageEncoder, Rgb, RgbImage, codecs::jpeg::JpegEncoder, codecs::png::PngEncoder};

    pub fn picture(seed: u32, w: u32, h: u32) -> RgbImage {
        // An 8×8 grid of grey levels from a tiny LCG, plus fine noise that JPEG will smear.
        let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(12345);
        let mut cells = [0u8; 64];
        for c in &mut cells {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            *c = (state >> 16) as u8;
        }
        RgbImage::from_fn(w, h, |x, y| {
            let cell = cells[((y * 8 / h) * 8 + x * 8 / w) as usize];
            let noise = ((x * 31 + y * 17 + seed) % 13) as u8;
            Rgb([cell.saturating_add(noise), cell, cell.saturating_sub(noise)])
        })
    }

    pub fn jpeg_of(img: &RgbImage, quality: u8) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(img)
            .expect("encode jpeg");
        out
    }

    pub fn jpeg(seed: u32) -> Vec<u8> {
        jpeg_of(&picture(seed, 640, 480), 90)
    }

    pub fn png(seed: u32) -> Vec<u8> {
        let img = picture(seed, 320, 240);
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(img.as_raw(), 320, 240, image::ExtendedColorType::Rgb8)
            .expect("encode png");
        out
    }

    /// The same picture re-saved: scaled to 70 % and recompressed at quality 60.
    pub fn resaved(seed: u32) -> Vec<u8> {
        let img = picture(seed, 640, 480);
        let small = image::imageops::resize(&img, 448, 336, image::imageops::FilterType::Triangle);
        jpeg_of(&small, 60)
    }

    /// A JPEG carrying an Exif segment with a GPS IFD (latitude ref "N").
    pub fn jpeg_with_gps(seed: u32) -> Vec<u8> {
        let plain = jpeg(seed);
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"II*\0");
        tiff.extend_from_slice(&8u32.to_le_bytes());
        // IFD0: one entry, GPSInfo (0x8825) → offset 26.
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&0x8825u16.to_le_bytes());
        tiff.extend_from_slice(&4u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&26u32.to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes());
        // GPS IFD: GPSLatitudeRef = "N".
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&2u32.to_le_bytes());
        tiff.extend_from_slice(b"N\0\0\0");
        tiff.extend_from_slice(&0u32.to_le_bytes());
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let len = u16::try_from(app1.len() + 2).expect("small segment");
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&plain[2..]);
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).expect("len").to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }

    /// A PNG whose header claims 30000×30000 pixels (a decompression bomb's header).
    pub fn png_bomb() -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&30_000u32.to_be_bytes());
        ihdr.extend_from_slice(&30_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }
}

pub fn p4(title: &str) -> Value {
    json!({
        "pathway_code": "P4",
        "title": title,
        "organiser": "中国建筑学会",
        "start_date": day(31),
        "end_date": day(30),
        "level": "国家级",
        "claimed_hours": 10,
        "description": "参加全国建筑学术年会并听取主题报告",
    })
}

pub async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let resp = app.post("/api/v1/claims", body, Some(token)).await;
    let status = resp.status();
    let body: Value = resp.json().await.expect("json");
    assert_eq!(status, 201, "{body}");
    body
}

pub async fn upload(
    app: &TestApp,
    token: &str,
    claim: &str,
    bytes: Vec<u8>,
    name: &str,
    kind: Option<&str>,
) -> Response {
    let part = multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str("image/jpeg")
        .expect("mime");
    let mut form = multipart::Form::new().part("file", part);
    if let Some(k) = kind {
        form = form.text("kind", k.to_owned());
    }
    app.client
        .post(app.url(&format!("/api/v1/claims/{claim}/attachments")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("request")
}

pub async fn upload_ok(
    app: &TestApp,
    token: &str,
    claim: &str,
    bytes: Vec<u8>,
    kind: Option<&str>,
) -> Value {
    let resp = upload(app, token, claim, bytes, "photo.jpg", kind).await;
    let status = resp.status();
    let body: Value = resp.json().await.expect("json");
    assert_eq!(status, 201, "{body}");
    body
}

/// A P4 claim with both required images, the note and the declaration: submitted.
pub async fn submitted_p4(app: &TestApp, token: &str, title: &str, seeds: (u32, u32)) -> Value {
    let c = create(app, token, p4(title)).await;
    let id = c["id"].as_str().expect("id").to_owned();
    upload_ok(
        app,
        token,
        &id,
        images::jpeg(seeds.0),
        Some("会议通知或邀请函"),
    )
    .await;
    upload_ok(app, token, &id, images::jpeg(seeds.1), Some("参会证明")).await;
    let mut body = p4(title);
    body["evidence_note"] = json!("会议通知与参会证明各一张");
    let resp = app
        .patch(&format!("/api/v1/claims/{id}"), body, Some(token))
        .await;
    assert_eq!(resp.status(), 200);
    let resp = app
        .post(
            &format!("/api/v1/claims/{id}/submit"),
            json!({ "declared": true }),
            Some(token),
        )
        .await;
    let status = resp.status();
    let body: Value = resp.json().await.expect("json");
    assert_eq!(status, 200, "{body}");
    body
}

async fn rows(app: &TestApp) -> (u64, u64) {
    (
        claim::Entity::find()
            .count(&app.state.db)
            .await
            .expect("count"),
        attachment::Entity::find()
            .count(&app.state.db)
            .await
            .expect("count"),
    )
}

async fn fetch(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
    let resp = app.get(path, token).await;
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, ct, resp.bytes().await.expect("body").to_vec())
}

/// This test's claims among the demo claims.
const MINE: &str = "/api/v1/claims?q=全国建筑学术年会";

async fn claim_flow(app: &TestApp) {
    let li = app.token(LI_NA).await;
    let c = create(app, &li, p4("全国建筑学术年会")).await;
    let id = c["id"].as_str().expect("id");
    assert_eq!(c["state"], "draft");
    assert_eq!(c["max_hours"], 10);
    assert_eq!(c["rule"]["code"], "P4");
    assert_eq!(
        c["missing_evidence"],
        json!(["会议通知或邀请函", "参会证明"])
    );

    // Submitting needs the declaration, the required evidence and the note.
    let submit_path = format!("/api/v1/claims/{id}/submit");
    let submit =
        |declared: bool| app.post(&submit_path, json!({ "declared": declared }), Some(&li));
    let body = expect_problem(submit(false).await, 422, "validation_failed").await;
    let codes: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes, ["declaration_required", "evidence_required"]);

    let a = upload_ok(
        app,
        &li,
        id,
        images::jpeg_with_gps(1),
        Some("会议通知或邀请函"),
    )
    .await;
    assert_eq!(a["content_type"], "image/jpeg");
    assert_eq!(
        (a["width"].as_i64(), a["height"].as_i64()),
        (Some(640), Some(480))
    );
    // The label can be changed (and must be an item of the checklist).
    let relabel_path = format!(
        "/api/v1/claims/{id}/attachments/{}",
        a["id"].as_str().unwrap_or_default()
    );
    let relabel = |kind: Value| app.patch(&relabel_path, json!({ "kind": kind }), Some(&li));
    let resp = relabel(json!("会议日程")).await;
    assert_eq!(
        resp.json::<Value>().await.expect("json")["kind"],
        "会议日程"
    );
    let body = expect_problem(relabel(json!("获奖证书")).await, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "unknown_kind");
    let resp = relabel(json!("会议通知或邀请函")).await;
    assert_eq!(resp.status(), 200);
    let body = expect_problem(submit(true).await, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "missing_evidence", "{body}");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("参会证明")
    );
    upload_ok(app, &li, id, images::png(2), Some("参会证明")).await;
    let body = expect_problem(submit(true).await, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["field"], "evidence_note", "{body}");

    let mut edit = p4("全国建筑学术年会");
    edit["evidence_note"] = json!("会议通知一张、参会证明一张");
    let resp = app
        .patch(&format!("/api/v1/claims/{id}"), edit, Some(&li))
        .await;
    assert_eq!(resp.status(), 200);
    let resp = submit(true).await;
    let detail: Value = resp.json().await.expect("json");
    assert_eq!(detail["state"], "submitted", "{detail}");
    assert_eq!(detail["state_label"], "已提交");
    assert_eq!(
        detail["actions"],
        json!(["edit", "attach", "recall", "withdraw"])
    );
    assert_eq!(detail["attachments"].as_array().map(Vec::len), Some(2));
    // The review chain (D6) is fixed and shown: 二建 recognises, 建设投资集团 confirms, 省学时办 复审.
    let chain: Vec<(&str, &str)> = detail["chain"]
        .as_array()
        .expect("chain")
        .iter()
        .map(|s| {
            (
                s["unit_name"].as_str().unwrap_or(""),
                s["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        chain,
        [
            ("浙江省二建建设集团有限公司", "recognise"),
            ("浙江省建设投资集团有限公司", "confirm"),
            (
                "浙江省住房和城乡建设行业专业技术人员继续教育学时登记管理办公室",
                "province_review"
            ),
        ]
    );
    let actions: Vec<&str> = detail["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["created", "edited", "submitted"]);

    // The stored image lost its GPS Exif; thumbnails are JPEG; the signed link works unauthenticated.
    let img = &detail["attachments"][0];
    let (status, ct, bytes) = fetch(
        app,
        &format!(
            "/api/v1/claims/{id}/attachments/{}/content",
            img["id"].as_str().unwrap_or_default()
        ),
        Some(&li),
    )
    .await;
    assert_eq!((status, ct.as_str()), (200, "image/jpeg"));
    assert!(
        !bytes.windows(4).any(|w| w == b"Exif"),
        "Exif must be stripped"
    );
    assert!(image::load_from_memory(&bytes).is_ok());
    let (status, ct, thumb) = fetch(app, img["thumb_url"].as_str().unwrap_or_default(), None).await;
    assert_eq!((status, ct.as_str()), (200, "image/jpeg"));
    let t = image::load_from_memory(&thumb).expect("thumbnail decodes");
    assert!(t.width() <= 320 && t.height() <= 320);

    // Scope: the claimant, their 二级 parent and the province see it; a sibling 三级 unit and
    // another 二级 unit do not, not even the image.
    let list = app.get_ok("/api/v1/claims", &li).await;
    assert_eq!(list["total"], 1);
    for admin in ["jt_admin", "ej_admin", "sxb_admin"] {
        let t = app.token(admin).await;
        let d = app.get_ok(&format!("/api/v1/claims/{id}"), &t).await;
        assert_eq!(d["actions"], json!([]), "{admin} only reads");
        let list = app.get_ok(MINE, &t).await;
        assert_eq!(list["total"], 1, "{admin}");
    }
    for admin in ["jg_admin", "sjy_admin"] {
        let t = app.token(admin).await;
        let resp = app.get(&format!("/api/v1/claims/{id}"), Some(&t)).await;
        assert_eq!(resp.status(), 404, "{admin}");
        let (status, _, _) = fetch(
            app,
            &format!(
                "/api/v1/claims/{id}/attachments/{}/content",
                img["id"].as_str().unwrap_or_default()
            ),
            Some(&t),
        )
        .await;
        assert_eq!(status, 404, "{admin}");
        assert_eq!(app.get_ok(MINE, &t).await["total"], 0);
    }
    // A submission keeps its required evidence: its last 参会证明 cannot be deleted.
    let proof = detail["attachments"]
        .as_array()
        .expect("images")
        .iter()
        .find(|a| a["kind"] == "参会证明")
        .expect("参会证明");
    let resp = app
        .client
        .delete(app.url(&format!(
            "/api/v1/claims/{id}/attachments/{}",
            proof["id"].as_str().unwrap_or_default()
        )))
        .bearer_auth(&li)
        .send()
        .await
        .expect("delete");
    let body = expect_problem(resp, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "missing_evidence");
    assert_eq!(
        app.get_ok(&format!("/api/v1/claims/{id}"), &li).await["attachments"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // Nor can a label be taken off it.
    let resp = app
        .patch(
            &format!(
                "/api/v1/claims/{id}/attachments/{}",
                proof["id"].as_str().unwrap_or_default()
            ),
            json!({ "kind": null }),
            Some(&li),
        )
        .await;
    let body = expect_problem(resp, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "missing_evidence");

    // A reviewer may read but not change it.
    let jt = app.token("jt_admin").await;
    let resp = app
        .post(&format!("/api/v1/claims/{id}/recall"), json!({}), Some(&jt))
        .await;
    expect_problem(resp, 403, "not_claimant").await;

    // Recall, then withdraw: the activity is free again.
    let resp = app
        .post(&format!("/api/v1/claims/{id}/recall"), json!({}), Some(&li))
        .await;
    let back: Value = resp.json().await.expect("json");
    assert_eq!(
        (
            back["state"].as_str(),
            back["chain"].as_array().map(Vec::len)
        ),
        (Some("draft"), Some(0))
    );
    let resp = app
        .post(&format!("/api/v1/claims/{id}/recall"), json!({}), Some(&li))
        .await;
    expect_problem(resp, 409, "illegal_transition").await;
    let resp = app
        .post(
            &format!("/api/v1/claims/{id}/withdraw"),
            json!({}),
            Some(&li),
        )
        .await;
    assert_eq!(
        resp.json::<Value>().await.expect("json")["state"],
        "withdrawn"
    );
    let resp = upload(app, &li, id, images::jpeg(3), "a.jpg", None).await;
    expect_problem(resp, 409, "illegal_transition").await;
    create(app, &li, p4("全国建筑学术年会")).await;
    assert!(app.audit_count("claim.submitted").await >= 1);
    assert_eq!(app.audit_count("claim.attachment_added").await, 2);
}

#[tokio::test]
async fn claim_flow_on_local_disk() {
    claim_flow(&TestApp::spawn().await).await;
}

#[tokio::test]
async fn claim_flow_on_s3() {
    let Some(cfg) = fresh_s3_bucket().await else {
        return;
    };
    let app = TestApp::spawn_demo_with_storage(StorageConfig::S3(cfg.clone())).await;
    claim_flow(&app).await;
    // Every stored object belongs to a row (image and thumbnail); nothing else reached the bucket.
    let mut expected: Vec<String> = attachment::Entity::find()
        .all(&app.state.db)
        .await
        .expect("rows")
        .into_iter()
        .flat_map(|a| [a.object_key, a.thumb_key])
        .collect();
    expected.sort();
    let mut keys = s3_keys(&cfg).await;
    keys.sort();
    assert_eq!(keys, expected);
}

/// Refused uploads leave nothing behind: no row, no object.
async fn upload_attacks(app: &TestApp, objects: impl AsyncFn() -> Vec<String>) {
    let li = app.token(LI_NA).await;
    let c = create(app, &li, p4("攻击测试会议")).await;
    let id = c["id"].as_str().expect("id");
    let attacks: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
        (
            "text named .jpg",
            b"hello, I am not a picture".to_vec(),
            "photo.jpg",
            422,
            "not_an_image",
        ),
        (
            "11 MB",
            {
                let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
                v.resize(11 * 1024 * 1024, 0);
                v
            },
            "big.jpg",
            422,
            "file_too_large",
        ),
        (
            "PNG bomb 30000×30000",
            images::png_bomb(),
            "bomb.png",
            422,
            "too_many_pixels",
        ),
        (
            "path in the name",
            images::jpeg(9),
            "../../etc/passwd.jpg",
            422,
            "invalid_file_name",
        ),
        (
            "truncated JPEG",
            {
                let j = images::jpeg(10);
                j[..j.len() * 6 / 10].to_vec()
            },
            "cut.jpg",
            422,
            "corrupt_image",
        ),
        (
            "SVG with script",
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec(),
            "x.svg",
            422,
            "unsupported_image_type",
        ),
    ];
    let before = (rows(app).await, objects().await);
    for (what, bytes, name, status, code) in attacks {
        let resp = upload(app, &li, id, bytes, name, None).await;
        let body = expect_problem(resp, status, "validation_failed").await;
        assert_eq!(body["fields"][0]["code"], code, "{what}: {body}");
        assert_eq!(
            (rows(app).await, objects().await),
            before,
            "{what} left something"
        );
    }
    // Five images fit; the sixth is refused before it is read, and leaves nothing.
    for seed in 0..5 {
        upload_ok(app, &li, id, images::jpeg(100 + seed), None).await;
    }
    let before = (rows(app).await, objects().await);
    let resp = upload(app, &li, id, images::jpeg(200), "six.jpg", None).await;
    let body = expect_problem(resp, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "too_many_images");
    assert_eq!((rows(app).await, objects().await), before);
    // Deleting an image removes its objects too.
    let d = app.get_ok(&format!("/api/v1/claims/{id}"), &li).await;
    assert_eq!(d["actions"], json!(["edit", "submit", "withdraw"]));
    let aid = d["attachments"][0]["id"].as_str().expect("aid");
    let resp = app
        .client
        .delete(app.url(&format!("/api/v1/claims/{id}/attachments/{aid}")))
        .bearer_auth(&li)
        .send()
        .await
        .expect("delete");
    assert_eq!(resp.status(), 204);
    assert_eq!(objects().await.len(), before.1.len() - 2);
}

#[tokio::test]
async fn upload_attacks_leave_nothing_on_local_disk() {
    let app = TestApp::spawn().await;
    let root = app.data_dir().join("files");
    upload_attacks(&app, async || local_keys(&root)).await;
}

#[tokio::test]
async fn upload_attacks_leave_nothing_on_s3() {
    let Some(cfg) = fresh_s3_bucket().await else {
        return;
    };
    let app = TestApp::spawn_demo_with_storage(StorageConfig::S3(cfg.clone())).await;
    upload_attacks(&app, async || s3_keys(&cfg).await).await;
}

async fn field_codes(resp: Response) -> Vec<(String, String)> {
    let body = expect_problem(resp, 422, "validation_failed").await;
    body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or_default().to_owned(),
                f["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_claim_rule_is_checked_and_refusals_change_nothing() {
    let app = TestApp::spawn().await;
    let li = app.token(LI_NA).await;
    let post = |body: Value| app.post("/api/v1/claims", body, Some(&li));
    let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
    let before = rows(&app).await;

    let mut b = p4("会议");
    b["claimed_hours"] = json!(12);
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("claimed_hours", "over_item_cap")]
    );
    let mut b = p4("会议");
    b["claimed_hours"] = json!(2.3);
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("claimed_hours", "not_half_step")]
    );
    let mut b = p4("会议");
    b["claimed_hours"] = json!(0);
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("claimed_hours", "not_positive")]
    );
    let mut b = p4("会议");
    b["end_date"] = json!((today() + Duration::days(3)).to_string());
    assert!(
        field_codes(post(b).await)
            .await
            .contains(&pair("end_date", "future_date"))
    );
    let mut b = p4("会议");
    b["start_date"] = json!("2024-05-01");
    b["end_date"] = json!("2024-05-02");
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("end_date", "year_closed")]
    );
    let mut b = p4("会议");
    b["level"] = json!("市级");
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("level", "unknown_level")]
    );
    let mut b = p4("会议");
    b["pathway_code"] = json!("P1");
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("pathway_code", "not_claimable")]
    );
    let mut b = p4("会议");
    b["pathway_code"] = json!("P99");
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("pathway_code", "unknown_pathway")]
    );
    let b = json!({
        "pathway_code": "P2", "title": "BIM 培训", "start_date": day(12), "end_date": day(10),
        "claimed_hours": 25, "description": "三天培训",
    });
    assert_eq!(
        field_codes(post(b).await).await,
        [pair("claimed_hours", "over_daily_cap")]
    );
    let b = json!({
        "pathway_code": "P2", "title": "  ", "start_date": day(10), "end_date": day(12),
        "claimed_hours": 8, "description": "",
    });
    assert_eq!(
        field_codes(post(b).await).await,
        [
            pair("title", "required"),
            pair("description", "required"),
            pair("end_date", "before_start")
        ]
    );
    assert_eq!(rows(&app).await, before, "refusals must not write");

    // The same activity (pathway + normalised title + date) twice.
    create(&app, &li, p4("2026 全国建筑学术年会（杭州）")).await;
    let resp = post(p4("２０２６全国建筑学术年会(杭州)")).await;
    assert_eq!(
        field_codes(resp).await,
        [pair("title", "duplicate_activity")]
    );

    // Per-year cap across the person's other claims: P5 is 15 h a course, 72 h a year.
    for n in 0..4 {
        let c = create(
            &app,
            &li,
            json!({
                "pathway_code": "P5", "title": format!("课程 {n}"), "end_date": day(20 + n),
                "claimed_hours": 15, "description": "课程考试合格", "evidence_note": "成绩单",
            }),
        )
        .await;
        let id = c["id"].as_str().expect("id");
        upload_ok(
            &app,
            &li,
            id,
            images::png(300 + u32::try_from(n).unwrap_or(0)),
            Some("成绩单"),
        )
        .await;
        let resp = app
            .post(
                &format!("/api/v1/claims/{id}/submit"),
                json!({ "declared": true }),
                Some(&li),
            )
            .await;
        assert_eq!(resp.status(), 200);
    }
    let fifth = json!({
        "pathway_code": "P5", "title": "课程 5", "end_date": day(5),
        "claimed_hours": 15, "description": "课程考试合格",
    });
    let resp = post(fifth.clone()).await;
    let body = expect_problem(resp, 422, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "over_year_cap");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("最多还可申报 12 学时"),
        "{body}"
    );
    let mut twelve = fifth;
    twelve["claimed_hours"] = json!(12);
    create(&app, &li, twelve).await;
    let est = app
        .post(
            "/api/v1/claims/estimate",
            json!({ "pathway_code": "P5", "end_date": day(5) }),
            Some(&li),
        )
        .await
        .json::<Value>()
        .await
        .expect("json");
    assert_eq!(
        (
            est["suggested_hours"].as_i64(),
            est["year_remaining_hours"].as_i64()
        ),
        (Some(15), Some(12)),
        "{est}"
    );

    // Only a person confirmed by their unit may claim; administrators never claim.
    for who in ["jt_admin", "sysadmin"] {
        let t = app.token(who).await;
        let resp = app.post("/api/v1/claims", p4("会议"), Some(&t)).await;
        expect_problem(resp, 403, "not_a_person").await;
    }
}

#[tokio::test]
async fn an_unconfirmed_person_cannot_claim() {
    use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, Set};
    use xueshi::people::person;
    let app = TestApp::spawn().await;
    let li = app.token(LI_NA).await;
    let p = person::Entity::find()
        .filter(person::Column::IdNumber.eq(LI_NA))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("李娜");
    let mut am: person::ActiveModel = p.into();
    am.affiliation = Set(person::PENDING.into());
    am.update(&app.state.db).await.expect("update");
    let resp = app.post("/api/v1/claims", p4("会议"), Some(&li)).await;
    expect_problem(resp, 403, "person_not_confirmed").await;
}

#[tokio::test]
async fn duplicate_evidence_is_flagged_for_reviewers_in_scope() {
    let app = TestApp::spawn().await;
    let zhang = app.token(ZHANG_WEI).await; // 建工集团 (三级 under 建设投资集团)
    let li = app.token(LI_NA).await; // 二建集团 (三级 under 建设投资集团)
    let chen = app.token(CHEN_JIE).await; // 建设投资集团 itself
    let wang = app.token(WANG_FANG).await; // 设计研究院 (another 二级)

    let first = submitted_p4(&app, &zhang, "学术会议甲", (1, 2)).await;
    assert_eq!(first["flagged"], false, "the claimant never sees the flag");
    // The same file again (exact), a re-saved copy (similar), and one out of jt's scope.
    let copy = submitted_p4(&app, &li, "学术会议乙", (1, 50)).await;
    let c = create(&app, &chen, p4("学术会议丙")).await;
    let cid = c["id"].as_str().expect("id");
    upload_ok(&app, &chen, cid, images::resaved(2), Some("参会证明")).await;
    let w = submitted_p4(&app, &wang, "学术会议丁", (60, 1)).await;

    let copy_id = copy["id"].as_str().expect("id");
    // The claimant sees no flags.
    let own = app.get_ok(&format!("/api/v1/claims/{copy_id}"), &li).await;
    assert_eq!(
        (
            own["flagged"].as_bool(),
            own["matches"].as_array().map(Vec::len)
        ),
        (Some(false), Some(0))
    );

    // The 二级 admin sees both: 张伟's claim named, 王芳's (another 二级 unit) unnamed.
    let jt = app.token("jt_admin").await;
    let d = app.get_ok(&format!("/api/v1/claims/{copy_id}"), &jt).await;
    assert_eq!(d["flagged"], true);
    let m = d["matches"].as_array().expect("matches");
    assert_eq!(m.len(), 2, "{d}");
    let named: Vec<&Value> = m.iter().filter(|x| !x["other_claim"].is_null()).collect();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0]["method"], "exact");
    assert_eq!(named[0]["other_claim"]["person_name"], "张伟");
    assert_eq!(named[0]["other_claim"]["id"], first["id"]);
    let unnamed = m
        .iter()
        .find(|x| x["other_claim"].is_null())
        .expect("out of scope match");
    assert!(
        unnamed["note"]
            .as_str()
            .unwrap_or_default()
            .contains("管辖范围外")
    );

    // The re-saved copy is caught by the perceptual hash (陈杰's draft is not yet visible).
    let z = app
        .get_ok(
            &format!("/api/v1/claims/{}", first["id"].as_str().expect("id")),
            &jt,
        )
        .await;
    let similar = z["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .find(|x| x["method"] == "similar")
        .unwrap_or_else(|| panic!("re-saved copy not caught: {z}"));
    assert!(similar["distance"].as_i64().unwrap_or(99) <= 6);

    // The province sees every match named; the flagged filter finds them.
    let sxb = app.token("sxb_admin").await;
    let d = app.get_ok(&format!("/api/v1/claims/{copy_id}"), &sxb).await;
    assert!(
        d["matches"]
            .as_array()
            .expect("m")
            .iter()
            .all(|x| !x["other_claim"].is_null())
    );
    let flagged = app.get_ok("/api/v1/claims?flagged=true", &sxb).await;
    assert_eq!(flagged["total"], 3, "{flagged}");
    let wang_detail = app
        .get_ok(
            &format!("/api/v1/claims/{}", w["id"].as_str().expect("id")),
            &sxb,
        )
        .await;
    assert_eq!(wang_detail["flagged"], true);
}
