//! Evidence images: checked by content, cleaned, stored under server-chosen keys, matched
//! against every other claim's images (exact bytes, and perceptual hash for re-saved copies),
//! and served only to the claimant and reviewers in scope.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    claim,
    entities::{attachment, evidence_match},
    image::{self, CheckedImage},
    model::{Attachment, EvidenceMatch, MatchedClaim},
    service::{illegal, own, visible},
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Principal, Role, principal::Scope},
    error::{AppError, AppResult},
    fields::clean,
    orgs::unit,
    people::person,
    rules::rule,
    storage::{ByteStream, ObjectKey, Storage, signed_url::UrlSigner},
};

/// D16 / AT1: at most five images per claim.
pub const MAX_IMAGES: usize = 5;
/// Perceptual hashes this close are the same picture re-saved, scaled or recompressed.
const SIMILAR_MAX_DISTANCE: u32 = 6;
/// Signed image links live ten minutes.
const URL_TTL_SECS: i64 = 600;

/// One uploaded file as the HTTP layer read it.
pub struct Upload {
    pub file_name: Option<String>,
    pub kind: Option<String>,
    pub bytes: Bytes,
}

fn file_error(code: &str, message: impl Into<String>) -> AppError {
    AppError::invalid("file", code, message)
}

pub fn too_many() -> AppError {
    file_error(
        "too_many_images",
        format!("每项申报最多上传 {MAX_IMAGES} 张图片"),
    )
}

/// A client file name is never used for storage, but one that tries a path is refused
/// outright rather than silently renamed.
fn check_file_name(name: Option<&str>) -> AppResult<()> {
    let Some(name) = name else { return Ok(()) };
    let bad = name.contains(['/', '\\'])
        || name.contains("..")
        || name.chars().any(char::is_control)
        || name.chars().count() > 200;
    if bad {
        return Err(file_error(
            "invalid_file_name",
            "文件名不合法：不能包含路径（如 ../）或控制字符",
        ));
    }
    Ok(())
}

/// The caller may add an image to the claim now: their own, editable, fewer than five.
/// Checked before the body is read, so a refused upload is never received whole.
pub async fn may_upload(
    state: &AppState,
    p: &Principal,
    claim_id: Uuid,
) -> AppResult<claim::Model> {
    let c = own(&state.db, p, claim_id).await?;
    if !c.state.editable() {
        return Err(illegal(c.state));
    }
    if count(&state.db, c.id).await? >= MAX_IMAGES as u64 {
        return Err(too_many());
    }
    Ok(c)
}

pub async fn upload(
    state: &AppState,
    p: &Principal,
    claim_id: Uuid,
    up: Upload,
) -> AppResult<Attachment> {
    let c = may_upload(state, p, claim_id).await?;
    check_file_name(up.file_name.as_deref())?;
    let rule = rule::Entity::find_by_id(c.rule_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = checked_kind(&rule, up.kind.as_deref())?;
    let limits = image::Limits {
        max_bytes: state.evidence_max_bytes,
        ..image::Limits::default()
    };
    let bytes = up.bytes;
    let img = tokio::task::spawn_blocking(move || image::inspect(&bytes, &limits))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| file_error(e.code(), e.message()))?;

    let stored = store(state.storage.as_ref(), &img).await?;
    match record_upload(state, p, &c, kind, &img, &stored).await {
        Ok(row) => Ok(view(&state.signer, row)),
        Err(e) => {
            // Nothing of a refused upload stays behind, in the database or in storage.
            discard(state.storage.as_ref(), &[&stored.key, &stored.thumb]).await;
            Err(e)
        }
    }
}

/// The server keys of a stored image and its thumbnail.
pub struct StoredImage {
    pub key: ObjectKey,
    pub thumb: ObjectKey,
}

/// Puts the cleaned image and its thumbnail under fresh server keys
/// (`evidence/YYYY/MM/<uuid>.<ext>` and `….thumb.jpg`); on failure nothing stays behind.
pub async fn store(storage: &dyn Storage, img: &CheckedImage) -> AppResult<StoredImage> {
    let base = ObjectKey::generate("evidence")?;
    let key = ObjectKey::parse(&format!("{}.{}", base.as_str(), img.kind.extension()))?;
    let thumb = ObjectKey::parse(&format!("{}.thumb.jpg", base.as_str()))?;
    storage
        .put(&key, Bytes::from(img.data.clone()), img.kind.content_type())
        .await?;
    if let Err(e) = storage
        .put(&thumb, Bytes::from(img.thumbnail.clone()), "image/jpeg")
        .await
    {
        discard(storage, &[&key]).await;
        return Err(e.into());
    }
    Ok(StoredImage { key, thumb })
}

/// The attachment row of a stored image of claim `c`.
pub fn new_row(
    c: &claim::Model,
    kind: Option<String>,
    img: &CheckedImage,
    stored: &StoredImage,
    uploaded_by: Uuid,
) -> attachment::ActiveModel {
    let bands = image::bands(img.phash);
    #[allow(clippy::cast_possible_wrap)]
    attachment::ActiveModel {
        id: Set(Uuid::now_v7()),
        claim_id: Set(c.id),
        person_id: Set(c.person_id),
        kind: Set(kind),
        object_key: Set(stored.key.as_str().into()),
        thumb_key: Set(stored.thumb.as_str().into()),
        content_type: Set(img.kind.content_type().into()),
        size: Set(img.data.len() as i64),
        width: Set(i32::try_from(img.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(img.height).unwrap_or(i32::MAX)),
        sha256: Set(img.sha256.clone()),
        clean_sha256: Set(img.clean_sha256.clone()),
        phash: Set(img.phash as i64),
        band0: Set(bands[0]),
        band1: Set(bands[1]),
        band2: Set(bands[2]),
        band3: Set(bands[3]),
        uploaded_by: Set(uploaded_by),
        created_at: Set(Utc::now()),
    }
}

async fn record_upload(
    state: &AppState,
    p: &Principal,
    c: &claim::Model,
    kind: Option<String>,
    img: &CheckedImage,
    stored: &StoredImage,
) -> AppResult<attachment::Model> {
    let txn = state.db.begin().await?;
    let row = new_row(c, kind, img, stored, p.user.id)
        .insert(&txn)
        .await?;
    // Two concurrent uploads may both have seen four images; the count after insert decides.
    if count(&txn, c.id).await? > MAX_IMAGES as u64 {
        return Err(too_many());
    }
    let others = find_matches(&txn, c, &row).await?;
    if !others.is_empty() {
        let mut ids: Vec<Uuid> = others.iter().map(|m| m.other_claim_id).collect();
        ids.push(c.id);
        claim::Entity::update_many()
            .col_expr(claim::Column::Flagged, true.into())
            .filter(claim::Column::Id.is_in(ids))
            .exec(&txn)
            .await?;
    }
    Audit::new("claim.attachment_added", "claim")
        .entity(c.id)
        .actor(p.user.id)
        .role(Role::Person, Some(c.unit_id))
        .after(json!({
            "attachment_id": row.id, "kind": row.kind, "sha256": row.sha256,
            "size": row.size, "matches": others.len(),
        }))
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(row)
}

/// Records every earlier image of another claim that is the same picture as `new`.
async fn find_matches(
    txn: &impl ConnectionTrait,
    c: &claim::Model,
    new: &attachment::Model,
) -> AppResult<Vec<evidence_match::Model>> {
    let candidates = attachment::Entity::find()
        .filter(
            Condition::any()
                .add(attachment::Column::Sha256.eq(&new.sha256))
                .add(attachment::Column::CleanSha256.eq(&new.clean_sha256))
                .add(attachment::Column::Band0.eq(new.band0))
                .add(attachment::Column::Band1.eq(new.band1))
                .add(attachment::Column::Band2.eq(new.band2))
                .add(attachment::Column::Band3.eq(new.band3)),
        )
        .filter(attachment::Column::ClaimId.ne(c.id))
        .limit(500)
        .all(txn)
        .await?;
    let claims: HashMap<Uuid, claim::Model> = claim::Entity::find()
        .filter(claim::Column::Id.is_in(candidates.iter().map(|a| a.claim_id).collect::<Vec<_>>()))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out = Vec::new();
    for other in candidates {
        // The claimant's own withdrawn claim is not a second use of the picture.
        let Some(oc) = claims.get(&other.claim_id) else {
            continue;
        };
        if oc.person_id == c.person_id && !oc.state.live() {
            continue;
        }
        #[allow(clippy::cast_sign_loss)]
        let distance = image::hamming(other.phash as u64, new.phash as u64);
        let method = if other.sha256 == new.sha256 || other.clean_sha256 == new.clean_sha256 {
            "exact"
        } else if distance <= SIMILAR_MAX_DISTANCE {
            "similar"
        } else {
            continue;
        };
        let m = evidence_match::ActiveModel {
            id: Set(Uuid::now_v7()),
            attachment_id: Set(new.id),
            claim_id: Set(c.id),
            other_attachment_id: Set(other.id),
            other_claim_id: Set(other.claim_id),
            method: Set(method.into()),
            distance: Set(if method == "exact" {
                0
            } else {
                i32::try_from(distance).unwrap_or(64)
            }),
            created_at: Set(Utc::now()),
        }
        .insert(txn)
        .await?;
        out.push(m);
    }
    Ok(out)
}

/// Changes which checklist item an image proves (or clears it).
/// The caller's claim, still editable, and one of its images.
async fn editable_attachment(
    state: &AppState,
    p: &Principal,
    claim_id: Uuid,
    attachment_id: Uuid,
) -> AppResult<(claim::Model, attachment::Model)> {
    let c = own(&state.db, p, claim_id).await?;
    if !c.state.editable() {
        return Err(illegal(c.state));
    }
    let a = attachment::Entity::find_by_id(attachment_id)
        .filter(attachment::Column::ClaimId.eq(c.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((c, a))
}

pub async fn relabel(
    state: &AppState,
    p: &Principal,
    claim_id: Uuid,
    attachment_id: Uuid,
    kind: Option<String>,
) -> AppResult<Attachment> {
    let (c, a) = editable_attachment(state, p, claim_id, attachment_id).await?;
    let rule = rule::Entity::find_by_id(c.rule_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = checked_kind(&rule, kind.as_deref())?;
    let txn = state.db.begin().await?;
    let before = a.kind.clone();
    let mut am: attachment::ActiveModel = a.into();
    am.kind = Set(kind);
    let row = am.update(&txn).await?;
    if c.state == claim::State::Submitted {
        super::service::submission_ready(&txn, &c, true).await?;
    }
    Audit::new("claim.attachment_relabelled", "claim")
        .entity(c.id)
        .actor(p.user.id)
        .role(Role::Person, Some(c.unit_id))
        .before(json!({ "attachment_id": row.id, "kind": before }))
        .after(json!({ "attachment_id": row.id, "kind": row.kind }))
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(view(&state.signer, row))
}

/// A checklist item of the rule, cleaned; blank means none.
fn checked_kind(rule: &rule::Model, kind: Option<&str>) -> AppResult<Option<String>> {
    let kind = kind.map(clean).filter(|k| !k.is_empty());
    if let Some(k) = &kind
        && !rule.evidence.0.iter().any(|e| &e.name == k)
    {
        return Err(AppError::invalid(
            "kind",
            "unknown_kind",
            format!("「{k}」不在「{}」的材料清单中", rule.name),
        ));
    }
    Ok(kind)
}

pub async fn remove(
    state: &AppState,
    p: &Principal,
    claim_id: Uuid,
    attachment_id: Uuid,
) -> AppResult<()> {
    let (c, a) = editable_attachment(state, p, claim_id, attachment_id).await?;
    let txn = state.db.begin().await?;
    let touching = Condition::any()
        .add(evidence_match::Column::AttachmentId.eq(a.id))
        .add(evidence_match::Column::OtherAttachmentId.eq(a.id));
    let gone = evidence_match::Entity::find()
        .filter(touching.clone())
        .all(&txn)
        .await?;
    evidence_match::Entity::delete_many()
        .filter(touching)
        .exec(&txn)
        .await?;
    attachment::Entity::delete_by_id(a.id).exec(&txn).await?;
    let affected: HashSet<Uuid> = gone
        .iter()
        .flat_map(|m| [m.claim_id, m.other_claim_id])
        .collect();
    for id in affected {
        let still = evidence_match::Entity::find()
            .filter(
                Condition::any()
                    .add(evidence_match::Column::ClaimId.eq(id))
                    .add(evidence_match::Column::OtherClaimId.eq(id)),
            )
            .count(&txn)
            .await?;
        claim::Entity::update_many()
            .col_expr(claim::Column::Flagged, (still > 0).into())
            .filter(claim::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    if c.state == claim::State::Submitted {
        // A submission keeps what a submission needs: its required images and the note.
        super::service::submission_ready(&txn, &c, true).await?;
    }
    Audit::new("claim.attachment_removed", "claim")
        .entity(c.id)
        .actor(p.user.id)
        .role(Role::Person, Some(c.unit_id))
        .before(json!({ "attachment_id": a.id, "kind": a.kind, "sha256": a.sha256 }))
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    let keys: Vec<ObjectKey> = [&a.object_key, &a.thumb_key]
        .into_iter()
        .filter_map(|k| ObjectKey::parse(k).ok())
        .collect();
    discard(state.storage.as_ref(), &keys.iter().collect::<Vec<_>>()).await;
    Ok(())
}

/// The bytes of an image (or its thumbnail), for the claimant or a reviewer in scope.
pub async fn content(
    state: &AppState,
    p: &Principal,
    claim_id: Uuid,
    attachment_id: Uuid,
    thumb: bool,
) -> AppResult<(ByteStream, String)> {
    let (c, _) = visible(&state.db, p, claim_id).await?;
    let a = attachment::Entity::find_by_id(attachment_id)
        .filter(attachment::Column::ClaimId.eq(c.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (key, ct) = if thumb {
        (a.thumb_key, "image/jpeg".to_owned())
    } else {
        (a.object_key, a.content_type)
    };
    let key = ObjectKey::parse(&key)?;
    Ok((state.storage.get(&key).await?, ct))
}

/// Matches of a claim's images, both directions, named when the other claim is in scope.
pub async fn matches_of(
    db: &DatabaseConnection,
    c: &claim::Model,
    scope: &Scope,
) -> AppResult<Vec<EvidenceMatch>> {
    let rows = evidence_match::Entity::find()
        .filter(
            Condition::any()
                .add(evidence_match::Column::ClaimId.eq(c.id))
                .add(evidence_match::Column::OtherClaimId.eq(c.id)),
        )
        .all(db)
        .await?;
    // Seen from this claim: (my image, their image, their claim).
    let pairs: Vec<_> = rows
        .into_iter()
        .map(|m| {
            if m.claim_id == c.id {
                (
                    m.attachment_id,
                    m.other_attachment_id,
                    m.other_claim_id,
                    m.method,
                    m.distance,
                )
            } else {
                (
                    m.other_attachment_id,
                    m.attachment_id,
                    m.claim_id,
                    m.method,
                    m.distance,
                )
            }
        })
        .collect();
    let others: HashMap<Uuid, claim::Model> = claim::Entity::find()
        .filter(claim::Column::Id.is_in(pairs.iter().map(|p| p.2).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let persons: HashMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(others.values().map(|c| c.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(others.values().map(|c| c.unit_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(pairs
        .into_iter()
        .filter_map(|(mine, theirs, other_id, method, distance)| {
            let o = others.get(&other_id)?;
            let visible = scope.contains(&o.unit_path) && o.state != claim::State::Draft;
            let person_name = persons.get(&o.person_id).cloned().unwrap_or_default();
            let note = match (o.person_id == c.person_id, visible) {
                (true, _) => "同一人的另一项申报".to_owned(),
                (false, true) => format!("{person_name}的申报"),
                (false, false) => "管辖范围外（或尚未提交）的另一项申报".to_owned(),
            };
            Some(EvidenceMatch {
                attachment_id: mine,
                other_attachment_id: theirs,
                method,
                distance,
                other_claim: visible.then(|| MatchedClaim {
                    id: o.id,
                    person_name,
                    unit_name: units.get(&o.unit_id).cloned().unwrap_or_default(),
                    title: o.title.clone(),
                    year: o.year,
                    state: o.state,
                }),
                note,
            })
        })
        .collect())
}

pub fn view(signer: &UrlSigner, a: attachment::Model) -> Attachment {
    let url = |key: &str, ct: &str| {
        ObjectKey::parse(key)
            .map(|k| signer.url(&k, ct, URL_TTL_SECS))
            .unwrap_or_default()
    };
    Attachment {
        url: url(&a.object_key, &a.content_type),
        thumb_url: url(&a.thumb_key, "image/jpeg"),
        id: a.id,
        kind: a.kind,
        content_type: a.content_type,
        size: a.size,
        width: a.width,
        height: a.height,
        sha256: a.sha256,
        created_at: a.created_at,
    }
}

async fn count(db: &impl ConnectionTrait, claim_id: Uuid) -> AppResult<u64> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::ClaimId.eq(claim_id))
        .count(db)
        .await?)
}

/// Deletes stored objects no row refers to; a failure is logged, not shown.
async fn discard(storage: &dyn Storage, keys: &[&ObjectKey]) {
    for k in keys {
        if let Err(e) = storage.delete(k).await {
            tracing::warn!(key = k.as_str(), error = %e, "orphan evidence object left behind");
        }
    }
}
