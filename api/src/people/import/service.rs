//! Import use cases: the template, a preview that stores the file and classifies every row,
//! the error report, and the commit that re-checks the stored file against the database of
//! the moment and writes everything in one transaction, once.

use std::time::Instant;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use bytes::Bytes;
use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, TransactionTrait, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::{
    check::{Action, Change, Evaluation, TransferPlan, evaluate},
    entity::{self, COMMITTED, COMMITTING, PREVIEWED},
    model::{
        ImportCounts, ImportMode, ImportPreview, ImportResult, PreviewQuery, PreviewRow, RowStatus,
        XLSX,
    },
    parse::{self, Col, Sheet},
    report, template,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal, Scope},
    error::{AppError, AppResult},
    orgs::{Tier, service::find as find_unit, unit},
    people::{mask_id_str, person, service::PersonFields, title, transfer},
    storage::{ObjectKey, Storage, sha256_hex},
};

/// Non-error rows returned by a preview (every error row is returned).
pub const PREVIEW_ROWS: usize = 500;
/// Rows per multi-row INSERT: persons have 16 columns, so 16,000 parameters, below SQLite's
/// 32,766 and PostgreSQL's 65,535.
const INSERT_CHUNK: usize = 1000;

/// What the `imports` row keeps beside the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    unit_id: Uuid,
    mode: ImportMode,
    file_sha256: String,
    file_size: u64,
    /// At preview: what the preview found; once committed: what the commit did.
    counts: ImportCounts,
}

/// The `kind` of a person import: mode and unit, within the column's 32 characters
/// (`persons:c:` + the unit id in unpadded base64url).
fn kind(mode: ImportMode, unit_id: Uuid) -> String {
    let m = match mode {
        ImportMode::Create => 'c',
        ImportMode::Update => 'u',
    };
    format!("persons:{m}:{}", URL_SAFE_NO_PAD.encode(unit_id.as_bytes()))
}

/// The template; any administrator who may import persons somewhere.
pub async fn template(state: &AppState, p: &Principal) -> AppResult<Vec<u8>> {
    p.scope(Permission::PersonImport)?;
    let series: Vec<String> = title::Entity::find()
        .filter(title::Column::Active.eq(true))
        .select_only()
        .column(title::Column::Series)
        .distinct()
        .into_tuple::<String>()
        .all(&state.db)
        .await?;
    let mut series = series;
    series.sort_by_key(|s| {
        // The construction sector's usual series first.
        (s != "工程技术人员", s != "经济专业人员", s.clone())
    });
    Ok(template::build(&series)?)
}

pub async fn preview(
    state: &AppState,
    p: &Principal,
    q: PreviewQuery,
    body: Bytes,
) -> AppResult<ImportPreview> {
    let u = find_unit(&state.db, q.unit_id).await?;
    p.scope_over(Permission::PersonImport, &u)?;
    if !u.active || u.tier == Tier::Province {
        return Err(AppError::invalid(
            "unit_id",
            "invalid_unit",
            "请选择启用中的二级或三级单位",
        ));
    }
    let mode = q.mode.unwrap_or_default();
    if body.is_empty() {
        return Err(AppError::bad_request(
            "invalid_file",
            "请上传填写好的 Excel（.xlsx）文件",
        ));
    }
    let (sheet, sha) = read(body.clone(), true).await?;
    if sheet.rows.is_empty() {
        return Err(AppError::bad_request(
            "empty_file",
            "文件中表头以下没有人员数据",
        ));
    }
    let eval = evaluate(&state.db, &u, mode, &sheet).await?;

    let key = ObjectKey::parse(&format!("imports/persons/{sha}.xlsx"))?;
    let size = body.len() as u64;
    state.storage.put(&key, body, XLSX).await?;
    let stored = Stored {
        unit_id: u.id,
        mode,
        file_sha256: sha.clone(),
        file_size: size,
        counts: eval.counts.clone(),
    };
    let row = upsert(&state.db, p.user.id, &kind(mode, u.id), &sha, &key, &stored).await?;
    Ok(preview_of(row, &u, mode, eval))
}

/// Inserts the import, or finds the one with the same kind and file; a preview of a file not
/// yet committed refreshes its summary (also for class rosters).
pub async fn upsert(
    db: &DatabaseConnection,
    actor: Uuid,
    kind: &str,
    sha: &str,
    key: &ObjectKey,
    stored: &impl Serialize,
) -> AppResult<entity::Model> {
    let summary = serde_json::to_value(stored).map_err(anyhow::Error::from)?;
    entity::Entity::insert(entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(kind.to_owned()),
        content_hash: Set(sha.to_owned()),
        actor_user_id: Set(actor),
        object_key: Set(key.as_str().to_owned()),
        status: Set(PREVIEWED.into()),
        summary: Set(Some(summary.clone())),
        created_at: Set(Utc::now()),
        committed_at: Set(None),
    })
    .on_conflict_do_nothing_on([entity::Column::Kind, entity::Column::ContentHash])
    .exec_without_returning(db)
    .await?;
    let find = || {
        entity::Entity::find()
            .filter(entity::Column::Kind.eq(kind))
            .filter(entity::Column::ContentHash.eq(sha))
    };
    let row = find().one(db).await?.ok_or(AppError::NotFound)?;
    if row.status == PREVIEWED {
        entity::Entity::update_many()
            .col_expr(entity::Column::Summary, Expr::value(summary))
            .col_expr(entity::Column::ActorUserId, Expr::value(actor))
            .filter(entity::Column::Id.eq(row.id))
            .filter(entity::Column::Status.eq(PREVIEWED))
            .exec(db)
            .await?;
    }
    Ok(row)
}

fn preview_of(
    row: entity::Model,
    u: &unit::Model,
    mode: ImportMode,
    eval: Evaluation,
) -> ImportPreview {
    let mut others = 0;
    let mut truncated = false;
    let rows = eval
        .verdicts
        .into_iter()
        .filter(|v| {
            if v.status == RowStatus::Error {
                return true;
            }
            others += 1;
            truncated |= others > PREVIEW_ROWS;
            others <= PREVIEW_ROWS
        })
        .map(|v| PreviewRow {
            row: v.row,
            name: v.name,
            id_number_masked: v.id_masked,
            status: v.status,
            message: v.message,
            columns: v.columns.into_iter().map(str::to_owned).collect(),
        })
        .collect();
    ImportPreview {
        id: row.id,
        status: row.status,
        mode,
        unit_id: u.id,
        unit_name: u.name.clone(),
        summary: eval.counts,
        rows,
        truncated,
    }
}

/// The import and its unit, or 404 when either is unknown or outside the caller's scope.
async fn load(
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> AppResult<(entity::Model, Stored, unit::Model, Scope)> {
    let scope = p.scope(Permission::PersonImport)?;
    let row = entity::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|r| r.kind.starts_with("persons:"))
        .ok_or(AppError::NotFound)?;
    let stored: Stored = row
        .summary
        .clone()
        .and_then(|s| serde_json::from_value(s).ok())
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("import {id} has no summary")))?;
    let u = find_unit(&state.db, stored.unit_id).await?;
    if !scope.contains(&u.path) {
        return Err(AppError::NotFound);
    }
    Ok((row, stored, u, scope))
}

/// The stored file, parsed again.
async fn reread(storage: &dyn Storage, row: &entity::Model) -> AppResult<Sheet> {
    let key = ObjectKey::parse(&row.object_key)?;
    let body = crate::storage::read_all(storage, &key).await?;
    Ok(read(body, false).await?.0)
}

/// Parses off the async workers (and hashes, when asked).
async fn read(body: Bytes, hash: bool) -> AppResult<(Sheet, String)> {
    tokio::task::spawn_blocking(move || {
        let sheet = parse::parse(&body)?;
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

/// 错误报告: the error rows of the stored file, checked against the database now.
pub async fn error_report(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Vec<u8>> {
    let (row, stored, u, _) = load(state, p, id).await?;
    let sheet = reread(state.storage.as_ref(), &row).await?;
    let eval = evaluate(&state.db, &u, stored.mode, &sheet).await?;
    let errors: Vec<(usize, String)> = eval
        .verdicts
        .into_iter()
        .filter(|v| v.status == RowStatus::Error)
        .map(|v| (v.index, v.message))
        .collect();
    tokio::task::spawn_blocking(move || {
        report::build(&sheet, &[Col::IdNumber, Col::Phone, Col::UnitCode], &errors)
    })
    .await
    .map_err(anyhow::Error::from)?
    .map_err(|e| AppError::Internal(e.into()))
}

/// Commits a previewed import: all rows or none, once.
pub async fn commit(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ImportResult> {
    let (row, stored, u, scope) = load(state, p, id).await?;
    if row.status == COMMITTED {
        return Ok(result_of(&row, &stored));
    }
    let started = Instant::now();
    let sheet = reread(state.storage.as_ref(), &row).await?;
    let read_ms = started.elapsed().as_millis();
    let eval = evaluate(&state.db, &u, stored.mode, &sheet).await?;
    let check_ms = started.elapsed().as_millis() - read_ms;
    drop(sheet);
    if eval.counts.error > 0 {
        return Err(AppError::conflict(
            "import_has_errors",
            format!(
                "文件中有 {} 行有误，未导入任何数据；请下载错误报告，改正后重新上传",
                eval.counts.error
            ),
        ));
    }

    let txn = state.db.begin().await?;
    // The guard: of two commits at once, one claims the import; the other finds it taken.
    let claimed = entity::Entity::update_many()
        .col_expr(entity::Column::Status, Expr::value(COMMITTING))
        .filter(entity::Column::Id.eq(id))
        .filter(entity::Column::Status.eq(PREVIEWED))
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed == 0 {
        txn.rollback().await?;
        let (now, stored, ..) = load(state, p, id).await?;
        return if now.status == COMMITTED {
            Ok(result_of(&now, &stored))
        } else {
            Err(AppError::conflict(
                "import_in_progress",
                "该导入正在提交，请稍后刷新查看结果",
            ))
        };
    }
    // Microseconds, as PostgreSQL keeps them, so a second commit answers the same time.
    let now = Utc::now().trunc_subsecs(6);
    let counts = write(&txn, p, &scope, row.id, eval, now).await?;
    let stored = Stored { counts, ..stored };
    let summary = serde_json::to_value(&stored).map_err(anyhow::Error::from)?;
    entity::Entity::update_many()
        .col_expr(entity::Column::Status, Expr::value(COMMITTED))
        .col_expr(entity::Column::CommittedAt, Expr::value(now))
        .col_expr(entity::Column::Summary, Expr::value(summary))
        .filter(entity::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    Audit::new("person.imported", "import")
        .entity(id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({
            "unit_id": u.id, "unit_name": u.name, "mode": stored.mode,
            "file_sha256": stored.file_sha256, "file_size": stored.file_size,
            "counts": stored.counts,
        }))
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(
        import = %id, rows = stored.counts.total, read_ms, check_ms,
        write_ms = started.elapsed().as_millis() - read_ms - check_ms,
        "person import committed"
    );
    Ok(ImportResult {
        id,
        status: COMMITTED.into(),
        mode: stored.mode,
        unit_id: stored.unit_id,
        summary: stored.counts,
        committed_at: Some(now),
    })
}

fn result_of(row: &entity::Model, stored: &Stored) -> ImportResult {
    ImportResult {
        id: row.id,
        status: row.status.clone(),
        mode: stored.mode,
        unit_id: stored.unit_id,
        summary: stored.counts.clone(),
        committed_at: row.committed_at,
    }
}

/// Writes what the verdicts say: new persons in batches, updates, transfer requests.
async fn write(
    txn: &impl ConnectionTrait,
    p: &Principal,
    scope: &Scope,
    import_id: Uuid,
    eval: Evaluation,
    now: chrono::DateTime<Utc>,
) -> AppResult<ImportCounts> {
    let mut creates: Vec<(PersonFields, Uuid)> = Vec::new();
    let mut updates: Vec<(Uuid, Change)> = Vec::new();
    let mut transfers = Vec::new();
    for v in eval.verdicts {
        match v.action {
            Action::None => {}
            Action::Create { fields, unit_id } => creates.push((fields, unit_id)),
            Action::Update { person_id, change } => updates.push((person_id, change)),
            Action::Transfer(plan) => transfers.push(*plan),
        }
    }
    for chunk in creates.chunks(INSERT_CHUNK) {
        person::Entity::insert_many(
            chunk
                .iter()
                .map(|(f, unit_id)| new_person(f, *unit_id, p.user.id, now)),
        )
        .exec_without_returning(txn)
        .await?;
    }
    // Online hours parked for these persons may now match (new, or a corrected name).
    let mut named: Vec<String> = creates
        .iter()
        .map(|(f, _)| f.id_number.as_str().to_owned())
        .collect();
    let renamed: Vec<Uuid> = updates
        .iter()
        .filter(|(_, c)| c.name.is_some())
        .map(|(id, _)| *id)
        .collect();
    for chunk in renamed.chunks(INSERT_CHUNK) {
        named.extend(
            person::Entity::find()
                .select_only()
                .column(person::Column::IdNumber)
                .filter(person::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<String>()
                .all(txn)
                .await?,
        );
    }
    for (person_id, change) in &updates {
        let mut q = person::Entity::update_many()
            .col_expr(person::Column::UpdatedAt, Expr::value(now))
            .filter(person::Column::Id.eq(*person_id));
        if let Some(name) = &change.name {
            q = q.col_expr(person::Column::Name, Expr::value(name.clone()));
        }
        if let Some(phone) = &change.phone {
            q = q.col_expr(person::Column::Phone, Expr::value(phone.clone()));
        }
        if let Some(t) = &change.title {
            q = q
                .col_expr(person::Column::TitleSeries, Expr::value(t.series.clone()))
                .col_expr(person::Column::TitleLevel, Expr::value(t.level.clone()))
                .col_expr(person::Column::TitleName, Expr::value(t.name.clone()));
        }
        if let Some(flag) = change.is_provincial {
            q = q.col_expr(person::Column::IsProvincial, Expr::value(flag));
        }
        q.exec(txn).await?;
    }
    crate::sync::records::adopt(txn, &named).await?;
    for chunk in transfers.chunks(INSERT_CHUNK) {
        let ids: Vec<Uuid> = chunk.iter().map(|_| Uuid::now_v7()).collect();
        transfer::Entity::insert_many(ids.iter().zip(chunk).map(
            |(id, TransferPlan { person, from, to })| {
                transfer::ActiveModel {
                    id: Set(*id),
                    person_id: Set(person.id),
                    from_unit_id: Set(from.id),
                    to_unit_id: Set(to.id),
                    status: Set("pending".into()),
                    released_by: Set(None),
                    released_at: Set(None),
                    // The importing unit asks, so its side is done; the old unit releases.
                    accepted_by: Set(Some(p.user.id)),
                    accepted_at: Set(Some(now)),
                    reason: Set(Some("人员信息批量导入".into())),
                    created_at: Set(now),
                }
            },
        ))
        .exec_without_returning(txn)
        .await?;
        for (id, TransferPlan { person, from, to }) in ids.iter().zip(chunk) {
            // One row per side, as for a transfer started by hand.
            for u in [from, to] {
                Audit::new("transfer.started", "transfer")
                    .entity(id)
                    .actor(p.user.id)
                    .role(scope.role, scope.unit_id)
                    .after(json!({
                        "person": mask_id_str(&person.id_number), "from": from.name,
                        "to": to.name, "import": import_id,
                    }))
                    .scope(&u.path)
                    .ip(p.ip.clone())
                    .save(txn)
                    .await?;
            }
        }
    }
    Ok(ImportCounts {
        total: eval.counts.total,
        create: creates.len() as u64,
        update: updates.len() as u64,
        unchanged: eval.counts.unchanged,
        transfer: transfers.len() as u64,
        error: 0,
    })
}

/// A person the unit vouches for: confirmed at once, like one added by hand.
fn new_person(
    f: &PersonFields,
    unit_id: Uuid,
    actor: Uuid,
    now: chrono::DateTime<Utc>,
) -> person::ActiveModel {
    crate::people::service::new_person(f, unit_id, person::CONFIRMED, Some(actor), now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_fits_its_column() {
        assert_eq!(kind(ImportMode::Update, Uuid::now_v7()).len(), 32);
    }
}
