//! Batch printing (issue 6 §7): every eligible person of a unit's subtree for a year, issued
//! (or the unchanged certificate reused) and packed into one ZIP, as a background job whose
//! progress lives in the `jobs` table, so any instance can report it.

use std::io::Write;

use actix_web::web;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, FromQueryResult, IntoActiveModel, Set};
use serde_json::json;
use uuid::Uuid;
use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use super::{
    entity::job,
    model::{BatchRequest, JobView},
    service::issue_for,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal},
    error::{AppError, AppResult},
    orgs::{service::find as find_unit, unit},
    people::person,
    rules::service::year_settings,
    standing::{
        model::StandingFilter,
        service::{ListRow, query, rows_of, year_or_now},
        tally,
    },
    storage::{ObjectKey, read_all},
};

pub const KIND: &str = "certificate_batch";
/// A running job that has not reported for this long was cut off (e.g. a restart).
const SILENT_SECONDS: i64 = 120;

async fn job_view(state: &AppState, j: job::Model) -> AppResult<JobView> {
    let unit_name = match j.unit_id {
        Some(u) => unit::Entity::find_by_id(u)
            .one(&state.db)
            .await?
            .map(|u| u.name),
        None => None,
    };
    let interrupted =
        j.status == job::RUNNING && Utc::now() - j.updated_at > Duration::seconds(SILENT_SECONDS);
    let download_url = match (&j.status[..], &j.result_key) {
        (job::DONE, Some(k)) => Some(state.signer.url(
            &ObjectKey::parse(k)?,
            "application/zip",
            600,
        )),
        _ => None,
    };
    Ok(JobView {
        id: j.id,
        kind: j.kind,
        status: if interrupted {
            job::FAILED.into()
        } else {
            j.status
        },
        message: if interrupted {
            Some("任务已中断（服务重启），请重新发起".into())
        } else {
            j.message
        },
        year: j.year,
        unit_id: j.unit_id,
        unit_name,
        total: j.total,
        done: j.done,
        created_at: j.created_at,
        finished_at: j.finished_at,
        download_url,
        result_size: j.result_size,
    })
}

/// Starts a batch for the caller's unit (or a unit in their scope).
pub async fn start(
    state: web::Data<AppState>,
    p: &Principal,
    req: BatchRequest,
) -> AppResult<JobView> {
    let db = &state.db;
    let year = year_or_now(Some(req.year))?;
    let scope = p.scope(Permission::CertificateIssue)?;
    let unit_id = req
        .unit_id
        .or(scope.unit_id)
        .ok_or_else(|| AppError::invalid("unit_id", "required", "请选择单位"))?;
    let u = find_unit(db, unit_id).await?;
    p.scope_over(Permission::CertificateIssue, &u)?;

    // Every confirmed person of the subtree whose kept standing makes them eligible (D5).
    let filter = StandingFilter {
        year: Some(year),
        unit_id: Some(u.id),
        status: None,
        short: None,
        q: None,
        page: None,
        page_size: None,
    };
    let (_, base, _) = query(db, p, Permission::CertificateIssue, &filter).await?;
    let backend = db.get_database_backend();
    let rows = ListRow::find_by_statement(backend.build(&rows_of(base)))
        .all(db)
        .await?;
    let settings = year_settings(db, year).await?;
    let persons: Vec<Uuid> = rows
        .iter()
        .filter(|r| tally::eligible(&r.totals(), &settings))
        .map(|r| r.id)
        .collect();
    if persons.is_empty() {
        return Err(AppError::unprocessable(
            "nobody_eligible",
            format!("{} {year} 年度没有达到出证条件的人员", u.name),
        ));
    }
    let max = state.certificates.batch_max as usize;
    if persons.len() > max {
        return Err(AppError::unprocessable(
            "batch_too_large",
            format!(
                "{} {year} 年度有 {} 人达到出证条件，超过单次批量打印上限 {max} 人，请选择下级单位分批打印",
                u.name,
                persons.len()
            ),
        ));
    }
    let now = Utc::now();
    let j = job::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(KIND.into()),
        requested_by: Set(p.user.id),
        unit_id: Set(Some(u.id)),
        year: Set(Some(year)),
        status: Set(job::RUNNING.into()),
        total: Set(i32::try_from(persons.len()).unwrap_or(i32::MAX)),
        done: Set(0),
        message: Set(None),
        result_key: Set(None),
        result_size: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
    }
    .insert(db)
    .await?;
    Audit::new("certificate.batch_started", "job")
        .entity(j.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({ "unit_id": u.id, "year": year, "persons": persons.len() }))
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(db)
        .await?;
    let view = job_view(&state, j.clone()).await?;
    let (state, p) = (state.clone(), p.clone());
    tokio::spawn(async move {
        let id = j.id;
        if let Err(e) = run(&state, &p, j, persons).await {
            tracing::error!(job = %id, error = %e, "certificate batch failed");
            let failed = job::Entity::find_by_id(id).one(&state.db).await;
            if let Ok(Some(row)) = failed {
                let mut a = row.into_active_model();
                a.status = Set(job::FAILED.into());
                a.message = Set(Some(format!("批量打印失败：{}", e.to_problem().detail)));
                a.finished_at = Set(Some(Utc::now()));
                a.updated_at = Set(Utc::now());
                let _ = a.update(&state.db).await;
            }
        }
    });
    Ok(view)
}

async fn run(state: &AppState, p: &Principal, j: job::Model, persons: Vec<Uuid>) -> AppResult<()> {
    let year = j.year.unwrap_or_default();
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // PDFs are compressed already; storing them keeps the job fast.
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut row = j.into_active_model();
    let (mut done, mut skipped, mut last_report) = (0, Vec::new(), std::time::Instant::now());
    for id in persons {
        let Some(person) = person::Entity::find_by_id(id).one(&state.db).await? else {
            continue;
        };
        let name = person.name.clone();
        match issue_for(state, person, year, Some(p)).await {
            Ok((c, _)) => {
                let key = ObjectKey::parse(&c.pdf_key)?;
                let pdf = read_all(state.storage.as_ref(), &key).await?;
                zip.start_file(format!("{year}_{name}_{}.pdf", c.number), options)
                    .map_err(|e| AppError::Internal(e.into()))?;
                zip.write_all(&pdf)
                    .map_err(|e| AppError::Internal(e.into()))?;
            }
            // Hours changed since the job began: that person is no longer eligible.
            Err(AppError::Unprocessable { .. }) => skipped.push(name),
            Err(e) => return Err(e),
        }
        done += 1;
        if last_report.elapsed().as_millis() > 300 {
            row.done = Set(done);
            row.updated_at = Set(Utc::now());
            row = row.update(&state.db).await?.into_active_model();
            last_report = std::time::Instant::now();
        }
    }
    let bytes = zip
        .finish()
        .map_err(|e| AppError::Internal(e.into()))?
        .into_inner();
    let key = ObjectKey::parse(&format!("jobs/{}.zip", row.id.as_ref()))?;
    let stored = state
        .storage
        .put(&key, bytes.into(), "application/zip")
        .await?;
    row.done = Set(done);
    row.status = Set(job::DONE.into());
    row.result_key = Set(Some(key.as_str().to_owned()));
    row.result_size = Set(Some(i64::try_from(stored.size).unwrap_or(i64::MAX)));
    row.message = Set((!skipped.is_empty()).then(|| {
        format!(
            "{} 人因学时变动已不满足出证条件，未打印：{}",
            skipped.len(),
            skipped.join("、")
        )
    }));
    row.finished_at = Set(Some(Utc::now()));
    row.updated_at = Set(Utc::now());
    row.update(&state.db).await?;
    Ok(())
}

/// A job of the caller's.
pub async fn get(state: &AppState, p: &Principal, id: Uuid) -> AppResult<JobView> {
    let j = job::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|j| j.requested_by == p.user.id)
        .ok_or(AppError::NotFound)?;
    job_view(state, j).await
}
