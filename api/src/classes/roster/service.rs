//! Roster use cases: the template, the preview (stores the file, classifies every row, writes
//! no record), the error report, the post (re-reads the stored file, re-checks it against the
//! database of the moment, and writes every row in one transaction, once), and 省学时办's
//! decision on a corrected roster.

use std::time::Instant;

use bytes::Bytes;
use chrono::{Datelike, SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{
    PENDING, RCol, REJECTED,
    check::{Action, Attendee, Evaluation, evaluate},
    kind,
    model::{
        ClassRecord, CorrectionDecision, RecordFilter, RecordPage, RosterCounts, RosterPreview,
        RosterResult, RosterRow, RosterRowStatus,
    },
    template,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal, Scope},
    claims::{State, claim},
    classes::{
        entity::{class, exception, record},
        service::{load, roster_window},
    },
    error::{AppError, AppResult},
    fields::{Checks, paging},
    hours::{Hours, fmt},
    notifications::service::{notify_person, notify_user},
    people::{
        import::{
            entity::{self as imports, COMMITTED, COMMITTING, PREVIEWED},
            model::XLSX,
            parse::{self, Sheet},
            report,
            service::upsert,
        },
        mask_id_str, person,
        service::{PersonFields, new_person},
        title::CheckedTitle,
    },
    standing::service::refresh_many,
    storage::{ObjectKey, Storage, sha256_hex},
};

/// Non-error rows returned by a preview (every error row is returned).
pub const PREVIEW_ROWS: usize = 500;
/// Rows per multi-row INSERT: records have 22 columns, so 22,000 parameters, below SQLite's
/// 32,766 and PostgreSQL's 65,535.
const INSERT_CHUNK: usize = 1000;
/// The affiliation of a person created from a roster, until they register.
pub const UNREGISTERED: &str = "unregistered";

/// What the `imports` row keeps beside the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    class_id: Uuid,
    file_sha256: String,
    file_size: u64,
    correction: bool,
    counts: RosterCounts,
    #[serde(default)]
    opinion: Option<String>,
}

pub async fn template(state: &AppState, p: &Principal, id: Uuid) -> AppResult<(Vec<u8>, String)> {
    let (c, _) = load(&state.db, p, Permission::ClassView, id).await?;
    let name = c.name.clone();
    let bytes = tokio::task::spawn_blocking(move || template::build(&c))
        .await
        .map_err(anyhow::Error::from)??;
    Ok((bytes, name))
}

/// The class a roster may be posted for: approved (or posted, for a correction).
fn postable(c: &class::Model) -> AppResult<()> {
    if matches!(c.state.as_str(), class::APPROVED | class::POSTED) {
        Ok(())
    } else {
        Err(AppError::conflict(
            "class_not_approved",
            "培训班学时认定申请尚未获省学时办同意，不能上传学员名单",
        ))
    }
}

/// D9: after the class ended, and within 7 days of its end date unless excepted.
async fn check_window(db: &DatabaseConnection, c: &class::Model) -> AppResult<()> {
    let excepted = exception::Entity::find()
        .filter(exception::Column::ClassId.eq(c.id))
        .filter(exception::Column::Kind.eq(exception::ROSTER))
        .count(db)
        .await?
        > 0;
    let (open, late) = roster_window(c, excepted);
    if late {
        return Err(AppError::unprocessable(
            "roster_late",
            format!(
                "学员名单须于培训结束后 7 日内（{} 前）报送，已逾期；请联系省学时办批准逾期例外",
                super::super::check::roster_due(c.end_date)
            ),
        ));
    }
    if !open {
        return Err(AppError::unprocessable(
            "roster_not_open",
            format!("培训班 {} 结束后方可上传学员名单", c.end_date),
        ));
    }
    Ok(())
}

/// Who may upload and post: the organiser (its own classes) or 省学时办.
fn roster_scope(p: &Principal) -> Permission {
    if p.scope(Permission::ClassApply).is_ok() {
        Permission::ClassApply
    } else {
        Permission::ClassDecide
    }
}

pub async fn preview(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    body: Bytes,
) -> AppResult<RosterPreview> {
    let (c, _) = load(&state.db, p, roster_scope(p), id).await?;
    postable(&c)?;
    check_window(&state.db, &c).await?;
    if body.is_empty() {
        return Err(AppError::bad_request(
            "invalid_file",
            "请上传填写好的学员名单（.xlsx）",
        ));
    }
    let (sheet, sha) = read(body.clone(), true).await?;
    if sheet.rows.is_empty() {
        return Err(AppError::bad_request(
            "empty_file",
            "名单表头以下没有学员数据",
        ));
    }
    let eval = evaluate(&state.db, &c, &sheet).await?;
    let key = ObjectKey::parse(&format!("imports/rosters/{sha}.xlsx"))?;
    let size = body.len() as u64;
    state.storage.put(&key, body, XLSX).await?;
    let stored = Stored {
        class_id: c.id,
        file_sha256: sha.clone(),
        file_size: size,
        correction: c.state == class::POSTED,
        counts: eval.counts.clone(),
        opinion: None,
    };
    let row = upsert(&state.db, p.user.id, &kind(c.id), &sha, &key, &stored).await?;
    let warnings = warnings(&c, &eval.counts, state.roster_margin);
    Ok(preview_of(&row, &stored, eval, warnings))
}

/// D9 / CL5: more attendees than planned (beyond the configured margin) is worth a look.
fn warnings(c: &class::Model, counts: &RosterCounts, margin_percent: u32) -> Vec<String> {
    let attendees = counts.total;
    let limit =
        u64::try_from(c.planned_headcount).unwrap_or(0) * u64::from(100 + margin_percent) / 100;
    let mut w = Vec::new();
    if attendees > limit {
        w.push(format!(
            "名单共 {attendees} 人，超过计划培训人数 {} 人的 {}%（最多 {limit} 人），请核实",
            c.planned_headcount,
            100 + margin_percent
        ));
    }
    if counts.non_provincial > 0 {
        w.push(format!(
            "{} 人为非省属单位人员，将照常登记并标注“非省属”",
            counts.non_provincial
        ));
    }
    w
}

fn status_of(row: &imports::Model) -> String {
    match row.status.as_str() {
        COMMITTED => "posted".into(),
        other => other.into(),
    }
}

fn preview_of(
    row: &imports::Model,
    stored: &Stored,
    eval: Evaluation,
    warnings: Vec<String>,
) -> RosterPreview {
    let mut others = 0;
    let mut truncated = false;
    let rows = eval
        .verdicts
        .into_iter()
        .filter(|v| {
            if v.status == RosterRowStatus::Error {
                return true;
            }
            others += 1;
            truncated |= others > PREVIEW_ROWS;
            others <= PREVIEW_ROWS
        })
        .map(|v| RosterRow {
            row: v.row,
            name: v.name,
            id_number_masked: v.id_masked,
            hours: v.hours.map(Hours),
            status: v.status,
            non_provincial: v.non_provincial,
            message: v.message,
            columns: v.columns.into_iter().map(str::to_owned).collect(),
        })
        .collect();
    RosterPreview {
        id: row.id,
        class_id: stored.class_id,
        status: status_of(row),
        correction: stored.correction,
        summary: eval.counts,
        rows,
        truncated,
        warnings,
    }
}

/// The upload and its class, or 404 when either is unknown or outside the caller's scope.
async fn load_roster(
    state: &AppState,
    p: &Principal,
    permission: Permission,
    class_id: Uuid,
    id: Uuid,
) -> AppResult<(imports::Model, Stored, class::Model, Scope)> {
    let (c, scope) = load(&state.db, p, permission, class_id).await?;
    let row = imports::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|r| r.kind == kind(class_id))
        .ok_or(AppError::NotFound)?;
    let stored: Stored = row
        .summary
        .clone()
        .and_then(|s| serde_json::from_value(s).ok())
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("roster {id} has no summary")))?;
    Ok((row, stored, c, scope))
}

async fn reread(storage: &dyn Storage, row: &imports::Model) -> AppResult<Sheet<RCol>> {
    let key = ObjectKey::parse(&row.object_key)?;
    let body = crate::storage::read_all(storage, &key).await?;
    Ok(read(body, false).await?.0)
}

/// Parses off the async workers (and hashes, when asked).
async fn read(body: Bytes, hash: bool) -> AppResult<(Sheet<RCol>, String)> {
    tokio::task::spawn_blocking(move || {
        let sheet = parse::parse::<RCol>(&body)?;
        let sha = if hash {
            sha256_hex(&body)
        } else {
            String::new()
        };
        Ok::<_, AppError>((sheet, sha))
    })
    .await
    .map_err(anyhow::Error::from)?
}

/// 错误报告: the error rows of the stored file with the reason, checked now.
pub async fn error_report(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    id: Uuid,
) -> AppResult<Vec<u8>> {
    let (row, _, c, _) = load_roster(state, p, Permission::ClassView, class_id, id).await?;
    let sheet = reread(state.storage.as_ref(), &row).await?;
    let eval = evaluate(&state.db, &c, &sheet).await?;
    let errors: Vec<(usize, String)> = eval
        .verdicts
        .into_iter()
        .filter(|v| v.status == RosterRowStatus::Error)
        .filter_map(|v| v.index.map(|i| (i, v.message)))
        .collect();
    tokio::task::spawn_blocking(move || {
        report::build(&sheet, &[RCol::IdNumber, RCol::Phone], &errors)
    })
    .await
    .map_err(anyhow::Error::from)?
    .map_err(|e| AppError::Internal(e.into()))
}

fn result_of(row: &imports::Model, stored: &Stored) -> RosterResult {
    RosterResult {
        id: row.id,
        class_id: stored.class_id,
        status: status_of(row),
        summary: stored.counts.clone(),
        posted_at: row.committed_at,
    }
}

/// 确认登记: a first roster is registered at once; a correction of a posted class by its
/// organiser waits for 省学时办 (which posts its own corrections directly).
pub async fn post(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    id: Uuid,
) -> AppResult<RosterResult> {
    let (row, stored, c, scope) = load_roster(state, p, roster_scope(p), class_id, id).await?;
    if row.status != PREVIEWED {
        return Ok(result_of(&row, &stored));
    }
    postable(&c)?;
    check_window(&state.db, &c).await?;
    let started = Instant::now();
    let sheet = reread(state.storage.as_ref(), &row).await?;
    let read_ms = started.elapsed().as_millis();
    let eval = evaluate(&state.db, &c, &sheet).await?;
    let check_ms = started.elapsed().as_millis() - read_ms;
    drop(sheet);
    if eval.counts.error > 0 {
        return Err(AppError::conflict(
            "roster_has_errors",
            format!(
                "名单中有 {} 行有误，未登记任何学时；请下载错误报告，改正后重新上传",
                eval.counts.error
            ),
        ));
    }
    let changes = eval.counts.ok + eval.counts.create + eval.counts.update + eval.counts.remove;
    let correction = c.state == class::POSTED;
    if correction && changes > 0 && p.scope(Permission::ClassDecide).is_err() {
        return submit_correction(state, p, &scope, &c, &row, stored, eval.counts).await;
    }
    let result = apply(state, p, &scope, &c, &row, stored, eval, None).await?;
    tracing::info!(
        class = %class_id, roster = %id, rows = result.summary.total,
        read_ms, check_ms, write_ms = started.elapsed().as_millis() - read_ms - check_ms,
        "roster posted"
    );
    Ok(result)
}

/// A corrected roster of a posted class, from its organiser: parked for 省学时办.
async fn submit_correction(
    state: &AppState,
    p: &Principal,
    scope: &Scope,
    c: &class::Model,
    row: &imports::Model,
    stored: Stored,
    counts: RosterCounts,
) -> AppResult<RosterResult> {
    let stored = Stored { counts, ..stored };
    let summary = serde_json::to_value(&stored).map_err(anyhow::Error::from)?;
    let txn = state.db.begin().await?;
    // One pending correction per class: an earlier one is replaced by this.
    imports::Entity::update_many()
        .col_expr(imports::Column::Status, Expr::value(PREVIEWED))
        .filter(imports::Column::Kind.eq(kind(c.id)))
        .filter(imports::Column::Status.eq(PENDING))
        .exec(&txn)
        .await?;
    let done = imports::Entity::update_many()
        .col_expr(imports::Column::Status, Expr::value(PENDING))
        .col_expr(imports::Column::Summary, Expr::value(summary))
        .filter(imports::Column::Id.eq(row.id))
        .filter(imports::Column::Status.eq(PREVIEWED))
        .exec(&txn)
        .await?
        .rows_affected;
    if done == 0 {
        return Err(AppError::conflict(
            "roster_in_progress",
            "该名单正在处理，请稍后刷新查看结果",
        ));
    }
    Audit::new("class.roster_correction_submitted", "class")
        .entity(c.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(
            json!({ "roster": row.id, "file_sha256": stored.file_sha256, "counts": stored.counts }),
        )
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    let now = imports::Entity::find_by_id(row.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(result_of(&now, &stored))
}

/// 省学时办 on a corrected roster: apply it (re-checked now) or refuse it, with an opinion.
pub async fn decide_correction(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    id: Uuid,
    input: CorrectionDecision,
) -> AppResult<RosterResult> {
    let (row, stored, c, scope) =
        load_roster(state, p, Permission::ClassDecide, class_id, id).await?;
    let mut checks = Checks::new();
    let opinion = checks.text("opinion", "审核意见", &input.opinion, 1000);
    checks.finish()?;
    if row.status != PENDING {
        return Err(AppError::conflict(
            "not_pending",
            "该名单不是待审核的更正名单",
        ));
    }
    if !input.approve {
        let stored = Stored {
            opinion: Some(opinion.clone()),
            ..stored
        };
        let summary = serde_json::to_value(&stored).map_err(anyhow::Error::from)?;
        let txn = state.db.begin().await?;
        imports::Entity::update_many()
            .col_expr(imports::Column::Status, Expr::value(REJECTED))
            .col_expr(imports::Column::Summary, Expr::value(summary))
            .filter(imports::Column::Id.eq(id))
            .filter(imports::Column::Status.eq(PENDING))
            .exec(&txn)
            .await?;
        Audit::new("class.roster_correction_rejected", "class")
            .entity(c.id)
            .actor(p.user.id)
            .role(scope.role, scope.unit_id)
            .after(json!({ "roster": id, "opinion": opinion }))
            .scope(&c.unit_path)
            .ip(p.ip.clone())
            .save(&txn)
            .await?;
        notify_user(
            &txn,
            row.actor_user_id,
            None,
            "class_roster",
            format!("培训班《{}》的更正名单未获同意", c.name),
            format!("省学时办意见：{opinion}"),
        )
        .await?;
        txn.commit().await?;
        let now = imports::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok(result_of(&now, &stored));
    }
    let sheet = reread(state.storage.as_ref(), &row).await?;
    let eval = evaluate(&state.db, &c, &sheet).await?;
    if eval.counts.error > 0 {
        return Err(AppError::conflict(
            "roster_has_errors",
            format!("名单中有 {} 行现已有误，未登记任何学时", eval.counts.error),
        ));
    }
    apply(state, p, &scope, &c, &row, stored, eval, Some(opinion)).await
}

/// Writes what the verdicts say, in one transaction: new persons, records, corrections,
/// standings, conflicts, notifications, the class's count.
#[allow(clippy::too_many_arguments)]
async fn apply(
    state: &AppState,
    p: &Principal,
    scope: &Scope,
    c: &class::Model,
    row: &imports::Model,
    stored: Stored,
    eval: Evaluation,
    opinion: Option<String>,
) -> AppResult<RosterResult> {
    let from = row.status.clone();
    let txn = state.db.begin().await?;
    // The guard: of two posts at once, one claims the roster; the other finds it taken.
    let claimed = imports::Entity::update_many()
        .col_expr(imports::Column::Status, Expr::value(COMMITTING))
        .filter(imports::Column::Id.eq(row.id))
        .filter(imports::Column::Status.eq(from))
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed == 0 {
        txn.rollback().await?;
        return Err(AppError::conflict(
            "roster_in_progress",
            "该名单正在处理，请稍后刷新查看结果",
        ));
    }
    tracing::info!(class = %c.id, roster = %row.id, "roster post: writing");
    let writing = std::time::Instant::now();
    // Microseconds, as PostgreSQL keeps them, so a second post answers the same time.
    let now = Utc::now().trunc_subsecs(6);
    let year = c.end_date.year();
    let correction = c.state == class::POSTED;
    let mut creates: Vec<Attendee> = Vec::new();
    let mut posts: Vec<(Uuid, Attendee)> = Vec::new();
    let mut updates: Vec<(Uuid, Uuid, Attendee)> = Vec::new();
    let mut removes: Vec<(Uuid, Uuid)> = Vec::new();
    for v in eval.verdicts {
        match v.action {
            Action::None => {}
            Action::Create(a) => creates.push(a),
            Action::Post { person_id, a } => posts.push((person_id, a)),
            Action::Update {
                record_id,
                person_id,
                a,
            } => updates.push((record_id, person_id, a)),
            Action::Remove {
                record_id,
                person_id,
            } => removes.push((record_id, person_id)),
        }
    }
    let created: Vec<String> = creates
        .iter()
        .map(|a| a.id_number.as_str().to_owned())
        .collect();
    for chunk in creates.chunks(INSERT_CHUNK) {
        let mut rows = Vec::with_capacity(chunk.len());
        for a in chunk {
            let id = Uuid::now_v7();
            rows.push(roster_person(id, a, now));
            posts.push((id, a.clone()));
        }
        person::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    // Online hours parked for attendees new to the system now have their person.
    crate::sync::records::adopt(&txn, &created).await?;
    for chunk in posts.chunks(INSERT_CHUNK) {
        record::Entity::insert_many(
            chunk
                .iter()
                .map(|(person_id, a)| new_record(c, row.id, *person_id, a, year, now)),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    for (record_id, _, a) in &updates {
        record::Entity::update_many()
            .col_expr(record::Column::Hours, Expr::value(a.hours))
            .col_expr(
                record::Column::Professional,
                Expr::value(a.split.professional),
            )
            .col_expr(
                record::Column::IndustryPublic,
                Expr::value(a.split.industry_public),
            )
            .col_expr(
                record::Column::GeneralPublic,
                Expr::value(a.split.general_public),
            )
            .col_expr(record::Column::NonProvincial, Expr::value(a.non_provincial))
            .col_expr(record::Column::RosterId, Expr::value(row.id))
            .col_expr(
                record::Column::RowNumber,
                Expr::value(i32::try_from(a.row).unwrap_or(0)),
            )
            .col_expr(record::Column::UpdatedAt, Expr::value(now))
            .filter(record::Column::Id.eq(*record_id))
            .exec(&txn)
            .await?;
    }
    for chunk in removes.chunks(INSERT_CHUNK) {
        record::Entity::update_many()
            .col_expr(record::Column::State, Expr::value(record::REMOVED))
            .col_expr(record::Column::RosterId, Expr::value(row.id))
            .col_expr(record::Column::UpdatedAt, Expr::value(now))
            .filter(record::Column::Id.is_in(chunk.iter().map(|(r, _)| *r)))
            .exec(&txn)
            .await?;
    }
    let written = std::time::Instant::now();
    let mut touched: Vec<Uuid> = posts.iter().map(|(p, _)| *p).collect();
    touched.extend(updates.iter().map(|(_, p, _)| *p));
    touched.extend(removes.iter().map(|(_, p)| *p));
    refresh_many(&txn, &touched, year).await?;
    let refreshed = written.elapsed().as_millis();
    flag_conflicts(&txn, c, &touched).await?;
    tracing::info!(
        inserts_ms = written.duration_since(writing).as_millis(),
        refresh_ms = refreshed,
        conflicts_ms = written.elapsed().as_millis() - refreshed,
        "roster post: standings"
    );
    if correction {
        let (title, changed) = (
            format!("培训班《{}》的登记学时已更正", c.name),
            updates
                .iter()
                .map(|(_, p, a)| (*p, format!("更正后登记 {} 学时", fmt(a.hours))))
                .chain(
                    posts
                        .iter()
                        .map(|(p, a)| (*p, format!("补登 {} 学时", fmt(a.hours)))),
                )
                .chain(
                    removes
                        .iter()
                        .map(|(_, p)| (*p, "已撤销本班学时登记".to_owned())),
                ),
        );
        for (person_id, body) in changed {
            notify_person(&txn, person_id, None, "class_roster", title.clone(), body).await?;
        }
    }
    let posted: u64 = record::Entity::find()
        .filter(record::Column::ClassId.eq(c.id))
        .filter(record::Column::State.eq(record::POSTED))
        .count(&txn)
        .await?;
    class::Entity::update_many()
        .col_expr(class::Column::State, Expr::value(class::POSTED))
        .col_expr(
            class::Column::PostedCount,
            Expr::value(i32::try_from(posted).unwrap_or(i32::MAX)),
        )
        .col_expr(class::Column::PostedAt, Expr::value(now))
        .col_expr(class::Column::UpdatedAt, Expr::value(now))
        .filter(class::Column::Id.eq(c.id))
        .exec(&txn)
        .await?;
    let stored = Stored {
        counts: eval.counts,
        opinion: opinion.clone(),
        ..stored
    };
    let summary = serde_json::to_value(&stored).map_err(anyhow::Error::from)?;
    imports::Entity::update_many()
        .col_expr(imports::Column::Status, Expr::value(COMMITTED))
        .col_expr(imports::Column::CommittedAt, Expr::value(now))
        .col_expr(imports::Column::Summary, Expr::value(summary))
        .filter(imports::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let action = match (&opinion, correction) {
        (Some(_), _) => "class.roster_correction_approved",
        _ => "class.roster_posted",
    };
    Audit::new(action, "class")
        .entity(c.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({
            "roster": row.id, "file_sha256": stored.file_sha256, "file_size": stored.file_size,
            "counts": stored.counts, "posted": posted, "opinion": opinion,
        }))
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    if opinion.is_some() {
        notify_user(
            &txn,
            row.actor_user_id,
            None,
            "class_roster",
            format!("培训班《{}》的更正名单已登记", c.name),
            format!("省学时办意见：{}", opinion.clone().unwrap_or_default()),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(RosterResult {
        id: row.id,
        class_id: c.id,
        status: "posted".into(),
        summary: stored.counts,
        posted_at: Some(now),
    })
}

/// A person known only from a roster: no unit, no account, no phone (it may belong to
/// someone else); registration adopts the row and its hours.
fn roster_person(id: Uuid, a: &Attendee, now: chrono::DateTime<Utc>) -> person::ActiveModel {
    let f = PersonFields {
        id_number: a.id_number.clone(),
        name: a.name.clone(),
        phone: None,
        title: CheckedTitle::default(),
        is_provincial: !a.non_provincial,
    };
    let mut row = new_person(&f, Uuid::nil(), UNREGISTERED, None, now);
    row.id = Set(id);
    row.unit_id = Set(None);
    row
}

fn new_record(
    c: &class::Model,
    roster_id: Uuid,
    person_id: Uuid,
    a: &Attendee,
    year: i32,
    now: chrono::DateTime<Utc>,
) -> record::ActiveModel {
    record::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(c.id),
        person_id: Set(person_id),
        year: Set(year),
        roster_id: Set(roster_id),
        row_number: Set(i32::try_from(a.row).unwrap_or(0)),
        name: Set(a.name.clone()),
        gender: Set(a.id_number.gender().code().into()),
        company: Set(a.company.clone()),
        phone: Set(a.phone.clone()),
        title_series: Set(a.title_series.clone()),
        title_level: Set(a.title_level.clone()),
        title_name: Set(a.title_name.clone()),
        hours: Set(a.hours),
        professional: Set(a.split.professional),
        industry_public: Set(a.split.industry_public),
        general_public: Set(a.split.general_public),
        non_provincial: Set(a.non_provincial),
        state: Set(record::POSTED.into()),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// R5: a live claim of an attendee whose dates overlap the class may be the same activity;
/// its reviewers see the class beside it.
pub async fn flag_conflicts(
    db: &impl ConnectionTrait,
    c: &class::Model,
    persons: &[Uuid],
) -> AppResult<()> {
    for chunk in persons.chunks(INSERT_CHUNK) {
        claim::Entity::update_many()
            .col_expr(claim::Column::ConflictClassId, Expr::value(c.id))
            .filter(claim::Column::PersonId.is_in(chunk.iter().copied()))
            .filter(claim::Column::State.is_not_in([
                State::Rejected,
                State::Withdrawn,
                State::Revoked,
            ]))
            .filter(claim::Column::EndDate.gte(c.start_date))
            .filter(
                Expr::expr(Func::coalesce([
                    Expr::col(claim::Column::StartDate),
                    Expr::col(claim::Column::EndDate),
                ]))
                .lte(c.end_date),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A posted class of `person` overlapping `[start, end]`: the claim may repeat it (R5).
pub async fn overlapping_class(
    db: &impl ConnectionTrait,
    person: Uuid,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
) -> AppResult<Option<Uuid>> {
    let ids: Vec<Uuid> = record::Entity::find()
        .select_only()
        .column(record::Column::ClassId)
        .filter(record::Column::PersonId.eq(person))
        .filter(record::Column::State.eq(record::POSTED))
        .into_tuple()
        .all(db)
        .await?;
    Ok(class::Entity::find()
        .filter(class::Column::Id.is_in(ids))
        .filter(class::Column::StartDate.lte(end))
        .filter(class::Column::EndDate.gte(start))
        .one(db)
        .await?
        .map(|c| c.id))
}

/// What reviewers read beside a claim that may repeat a class, by class id.
pub async fn conflict_notes(
    db: &DatabaseConnection,
    ids: impl Iterator<Item = Uuid>,
) -> AppResult<std::collections::HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids.collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(class::Entity::find()
        .filter(class::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let note = format!(
                "该人员已由培训班《{}》（{} 至 {}，{}）统一登记学时，请核实本项是否重复申报",
                c.name, c.start_date, c.end_date, c.unit_name
            );
            (c.id, note)
        })
        .collect())
}

/// The registered attendees of a class, masked.
pub async fn records(
    state: &AppState,
    p: &Principal,
    class_id: Uuid,
    f: RecordFilter,
) -> AppResult<RecordPage> {
    load(&state.db, p, Permission::ClassView, class_id).await?;
    let (page, page_size) = paging(f.page, f.page_size);
    let q = record::Entity::find().filter(record::Column::ClassId.eq(class_id));
    let total = q.clone().count(&state.db).await?;
    let rows = q
        .order_by_asc(record::Column::RowNumber)
        .order_by_asc(record::Column::Id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&state.db)
        .await?;
    let ids: std::collections::HashMap<Uuid, String> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::IdNumber)
        .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id)))
        .into_tuple::<(Uuid, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    Ok(RecordPage {
        items: rows
            .into_iter()
            .map(|r| ClassRecord {
                id_number_masked: ids
                    .get(&r.person_id)
                    .map(|i| mask_id_str(i))
                    .unwrap_or_default(),
                person_id: r.person_id,
                name: r.name,
                company: r.company,
                hours: Hours(r.hours),
                non_provincial: r.non_provincial,
                state: r.state,
            })
            .collect(),
        total,
        page,
        page_size,
    })
}
