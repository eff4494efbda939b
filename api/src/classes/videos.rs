//! Lecture videos (D15, 第六条): organisers of approved classes submit a video (file or
//! link) with topic and lecturer; 省学时办 marks it adopted or not and records the agreed fee.

use bytes::Bytes;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    entity::{class, video},
    service::load,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal, Scope},
    error::{AppError, AppResult},
    fields::Checks,
    notifications::service::notify_user,
    storage::{ByteStream, ObjectKey},
};

/// The largest video accepted by upload (bytes); longer lectures go by link.
pub const MAX_VIDEO: usize = 512 * 1024 * 1024;

#[derive(Debug, Serialize, ToSchema)]
pub struct Video {
    pub id: Uuid,
    pub topic: String,
    pub lecturer: String,
    pub link: Option<String>,
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
    /// `submitted`, `adopted` or `not_adopted`.
    pub status: String,
    pub status_label: String,
    /// The agreed fee in 元.
    pub fee: Option<f64>,
    pub note: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<chrono::DateTime<Utc>>,
    pub created_at: chrono::DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VideoLink {
    pub topic: String,
    pub lecturer: String,
    /// An http(s) address of the recording.
    pub link: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct VideoUpload {
    pub topic: String,
    pub lecturer: String,
    /// The file's name as the user chose it.
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VideoDecision {
    pub adopted: bool,
    /// The agreed fee in 元 (adopted videos).
    pub fee: Option<f64>,
    pub note: Option<String>,
}

fn label(status: &str) -> &'static str {
    match status {
        video::ADOPTED => "已采纳",
        video::NOT_ADOPTED => "未采纳",
        _ => "待审定",
    }
}

fn view(v: video::Model) -> Video {
    Video {
        status_label: label(&v.status).into(),
        fee: v.fee_cents.map(|c| c as f64 / 100.0),
        id: v.id,
        topic: v.topic,
        lecturer: v.lecturer,
        link: v.link,
        file_name: v.file_name,
        file_size: v.file_size,
        status: v.status,
        note: v.note,
        decided_by_name: v.decider_name,
        decided_at: v.decided_at,
        created_at: v.created_at,
    }
}

pub async fn list(state: &AppState, p: &Principal, class_id: Uuid) -> AppResult<Vec<Video>> {
    load(&state.db, p, Permission::ClassView, class_id).await?;
    Ok(video::Entity::find()
        .filter(video::Column::ClassId.eq(class_id))
        .order_by_asc(video::Column::CreatedAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// The class a video may be submitted for: approved, by its organiser.
async fn open_class(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
) -> AppResult<(class::Model, Scope)> {
    let (c, scope) = load(&state.db, p, Permission::ClassApply, class_id).await?;
    if !matches!(c.state.as_str(), class::APPROVED | class::POSTED) {
        return Err(AppError::conflict(
            "class_not_approved",
            "培训班获省学时办同意后方可提交讲座视频",
        ));
    }
    Ok((c, scope))
}

fn described(c: &mut Checks, topic: &str, lecturer: &str) -> (String, String) {
    (
        c.text("topic", "讲座主题", topic, 200),
        c.text("lecturer", "主讲人", lecturer, 64),
    )
}

pub async fn submit_link(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    input: VideoLink,
) -> AppResult<Video> {
    let (c, scope) = open_class(state, p, class_id).await?;
    let mut checks = Checks::new();
    let (topic, lecturer) = described(&mut checks, &input.topic, &input.lecturer);
    let link = checks.text("link", "视频链接", &input.link, 500);
    if !(link.starts_with("https://") || link.starts_with("http://"))
        || link.contains(char::is_whitespace)
    {
        checks.fail(
            "link",
            "invalid_link",
            "视频链接应为 http:// 或 https:// 开头的网址",
        );
    }
    checks.finish()?;
    save(state, p, &scope, &c, topic, lecturer, Some(link), None).await
}

/// A video file by content: MP4 / MOV (`ftyp`) or WebM (EBML).
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        if &bytes[8..10] == b"qt" {
            Some(("video/quicktime", "mov"))
        } else {
            Some(("video/mp4", "mp4"))
        }
    } else if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some(("video/webm", "webm"))
    } else {
        None
    }
}

pub async fn upload(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    q: VideoUpload,
    body: Bytes,
) -> AppResult<Video> {
    let (c, scope) = open_class(state, p, class_id).await?;
    let mut checks = Checks::new();
    let (topic, lecturer) = described(&mut checks, &q.topic, &q.lecturer);
    let name = checks.text("name", "文件名", &q.name, 200);
    let kind = sniff(&body);
    if kind.is_none() {
        checks.fail(
            "file",
            "unsupported_type",
            "讲座视频只接受 MP4、MOV 或 WebM 文件",
        );
    }
    checks.finish()?;
    let (content_type, ext) = kind.unwrap_or(("video/mp4", "mp4"));
    let key = ObjectKey::parse(&format!(
        "classes/{class_id}/video-{}.{ext}",
        Uuid::now_v7()
    ))?;
    let size = body.len() as i64;
    state.storage.put(&key, body, content_type).await?;
    save(
        state,
        p,
        &scope,
        &c,
        topic,
        lecturer,
        None,
        Some((key, name, size, content_type)),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn save(
    state: &AppState,
    p: &Principal,
    scope: &Scope,
    c: &class::Model,
    topic: String,
    lecturer: String,
    link: Option<String>,
    file: Option<(ObjectKey, String, i64, &str)>,
) -> AppResult<Video> {
    let txn = state.db.begin().await?;
    let v = video::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(c.id),
        topic: Set(topic.clone()),
        lecturer: Set(lecturer.clone()),
        link: Set(link.clone()),
        object_key: Set(file.as_ref().map(|f| f.0.as_str().to_owned())),
        file_name: Set(file.as_ref().map(|f| f.1.clone())),
        file_size: Set(file.as_ref().map(|f| f.2)),
        content_type: Set(file.as_ref().map(|f| f.3.to_owned())),
        status: Set(video::SUBMITTED.into()),
        fee_cents: Set(None),
        note: Set(None),
        decided_by: Set(None),
        decider_name: Set(None),
        decided_at: Set(None),
        created_by: Set(p.user.id),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    Audit::new("class.video_submitted", "class")
        .entity(c.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({ "video": v.id, "topic": topic, "lecturer": lecturer, "link": link }))
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(view(v))
}

pub async fn content(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    id: Uuid,
) -> AppResult<(ByteStream, String)> {
    load(&state.db, p, Permission::ClassView, class_id).await?;
    let v = video::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|v| v.class_id == class_id)
        .ok_or(AppError::NotFound)?;
    let key = v.object_key.ok_or(AppError::NotFound)?;
    let stream = state.storage.get(&ObjectKey::parse(&key)?).await?;
    Ok((stream, v.content_type.unwrap_or_else(|| "video/mp4".into())))
}

/// 审定 (省学时办): adopted with the agreed fee, or not adopted.
pub async fn decide(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    id: Uuid,
    input: VideoDecision,
) -> AppResult<Video> {
    let (c, scope) = load(&state.db, p, Permission::ClassDecide, class_id).await?;
    let v = video::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|v| v.class_id == class_id)
        .ok_or(AppError::NotFound)?;
    let mut checks = Checks::new();
    let fee = match (input.adopted, input.fee) {
        (true, Some(f)) if f.is_finite() && (0.0..=10_000_000.0).contains(&f) => {
            let cents = (f * 100.0).round();
            if (f * 100.0 - cents).abs() > 1e-6 {
                checks.fail("fee", "too_precise", "费用最多保留两位小数（分）");
            }
            #[allow(clippy::cast_possible_truncation)]
            Some(cents as i64)
        }
        (true, Some(_)) => {
            checks.fail("fee", "invalid_fee", "费用应为 0 至 1000 万元之间的金额");
            None
        }
        (true, None) => {
            checks.fail("fee", "required", "采纳讲座视频须填写商定的费用（元）");
            None
        }
        (false, _) => None,
    };
    let note = checks.optional_text("note", "说明", input.note.as_deref(), 500);
    checks.finish()?;
    let status = if input.adopted {
        video::ADOPTED
    } else {
        video::NOT_ADOPTED
    };
    let txn = state.db.begin().await?;
    let mut a: video::ActiveModel = v.clone().into();
    a.status = Set(status.into());
    a.fee_cents = Set(fee);
    a.note = Set(note.clone());
    a.decided_by = Set(Some(p.user.id));
    a.decider_name = Set(Some(p.user.display_name.clone()));
    a.decided_at = Set(Some(Utc::now()));
    let v = a.update(&txn).await?;
    Audit::new("class.video_decided", "class")
        .entity(c.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({ "video": v.id, "status": status, "fee_cents": fee, "note": note }))
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    notify_user(
        &txn,
        v.created_by,
        None,
        "class_video",
        format!("讲座视频《{}》{}", v.topic, label(status)),
        note.clone().unwrap_or_default(),
    )
    .await?;
    txn.commit().await?;
    Ok(view(v))
}
