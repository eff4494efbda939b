//! The platform's push: up to 5,000 completions, checked one by one (a bad record is refused
//! alone), then written as one transaction keyed by (platform, external record id). A replay
//! changes nothing, a changed record keeps its old version as history, an older revision
//! never replaces a newer one, and every person whose counted hours moved is recounted in
//! the same transaction.

use std::{
    collections::{HashMap, HashSet},
    time::Instant,
};

use chrono::{DateTime, Datelike, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, Set, TransactionTrait, sea_query::Expr,
};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    entity::{call, record, version},
    keys::Platform,
    model::{MAX_BATCH, Outcome, PushCounts, PushResult, RecordResult},
};
use crate::{
    app::AppState,
    audit::Audit,
    calendar,
    error::{AppError, AppResult},
    fields::{clean, id_error_code},
    people::{IdNumber, person},
    rules::rule::Category,
    standing::{self, tally::Totals},
};

/// The body as it arrives: records stay JSON values until each is checked on its own, so
/// one malformed record cannot sink the batch.
#[derive(Debug, Deserialize)]
pub struct RawBatch {
    pub records: Vec<Value>,
}

/// Rows per multi-row statement: 24 columns × 400 stays below both databases' limits.
const CHUNK: usize = 400;
/// A course longer than a day is not a course (the "absurd hours").
const MAX_HOURS_TENTHS: i32 = 240;

/// A record that passed its checks.
struct Incoming {
    index: usize,
    external_id: String,
    id_number: String,
    name: String,
    course_id: String,
    course_name: String,
    category: Category,
    hours: i32,
    completed_at: DateTime<Utc>,
    revision: i64,
}

struct Refusal {
    field: &'static str,
    code: &'static str,
    message: String,
}

fn refuse(field: &'static str, code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        field,
        code,
        message: message.into(),
    }
}

fn text(v: &Value, field: &'static str, label: &str, max: usize) -> Result<String, Refusal> {
    let s = match v.get(field) {
        Some(Value::String(s)) => clean(s),
        Some(Value::Number(n)) if field == "id_number" => {
            // An ID sent as a number has lost its leading digits or its X: never guess.
            return Err(refuse(
                field,
                "id_format",
                format!("身份证号应以字符串传送（收到的是数字 {n}）"),
            ));
        }
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err(refuse(field, "wrong_type", format!("{label}应为字符串"))),
    };
    if s.is_empty() {
        return Err(refuse(field, "required", format!("缺少{label}")));
    }
    if s.chars().count() > max {
        return Err(refuse(
            field,
            "too_long",
            format!("{label}最多 {max} 个字符"),
        ));
    }
    Ok(s)
}

/// Codes and Chinese names both name a category.
pub fn parse_category(s: &str) -> Option<Category> {
    match s {
        "professional" | "专业" | "专业科目" => Some(Category::Professional),
        "industry_public" | "行业公需" | "行业公需科目" => Some(Category::IndustryPublic),
        "general_public" | "一般公需" | "一般公需科目" => Some(Category::GeneralPublic),
        _ => None,
    }
}

fn check(index: usize, v: &Value, now: DateTime<Utc>) -> Result<Incoming, Refusal> {
    if !v.is_object() {
        return Err(refuse("records", "not_an_object", "每条记录应为 JSON 对象"));
    }
    let external_id = text(v, "external_id", "记录编号 external_id", 64)?;
    let id_raw = text(v, "id_number", "身份证号", 32)?;
    let id_number = IdNumber::parse(&id_raw)
        .map_err(|e| refuse("id_number", id_error_code(e), e.message()))?
        .as_str()
        .to_owned();
    let name = text(v, "name", "姓名", 30)?;
    let course_id = text(v, "course_id", "课程编号", 64)?;
    let course_name = text(v, "course_name", "课程名称", 200)?;
    let category_raw = text(v, "category", "科目类别", 16)?;
    let category = parse_category(&category_raw).ok_or_else(|| {
        refuse(
            "category",
            "unknown_category",
            format!(
                "未知的科目类别「{category_raw}」：应为 professional、industry_public 或 general_public"
            ),
        )
    })?;
    let hours = match v.get("hours").and_then(Value::as_f64) {
        None => return Err(refuse("hours", "required", "缺少学时 hours（数字）")),
        Some(h) if !h.is_finite() || h <= 0.0 => {
            return Err(refuse("hours", "not_positive", "学时应大于 0"));
        }
        Some(h) if h * 10.0 > f64::from(MAX_HOURS_TENTHS) + 1e-6 => {
            return Err(refuse(
                "hours",
                "hours_too_large",
                format!("一门课程的学时不能超过 24（收到 {h}）"),
            ));
        }
        Some(h) => {
            let t = (h * 10.0).round();
            if (h * 10.0 - t).abs() > 1e-6 {
                return Err(refuse("hours", "too_precise", "学时最多保留一位小数"));
            }
            #[allow(clippy::cast_possible_truncation)]
            let t = t as i32;
            t
        }
    };
    let completed_raw = text(v, "completed_at", "完成时间", 40)?;
    let completed_at = DateTime::parse_from_rfc3339(&completed_raw)
        .map_err(|_| {
            refuse(
                "completed_at",
                "bad_time",
                "完成时间应为带时区的 RFC 3339 时间，如 2026-11-20T14:32:00+08:00",
            )
        })?
        .with_timezone(&Utc);
    // A few minutes of clock difference between the platform and us is not the future.
    if completed_at > now + Duration::minutes(5) {
        return Err(refuse(
            "completed_at",
            "future_completion",
            "完成时间晚于当前时间",
        ));
    }
    if completed_at.year() < 2000 {
        return Err(refuse("completed_at", "bad_time", "完成时间早于 2000 年"));
    }
    let revision = match v.get("revision") {
        None | Some(Value::Null) => 0,
        Some(r) => r
            .as_i64()
            .filter(|r| *r >= 0)
            .ok_or_else(|| refuse("revision", "bad_revision", "revision 应为不小于 0 的整数"))?,
    };
    Ok(Incoming {
        index,
        external_id,
        id_number,
        name,
        course_id,
        course_name,
        category,
        hours,
        completed_at,
        revision,
    })
}

/// Names compare without blanks, with one middle dot and Latin letters in any case.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .map(|c| match c {
                '•' | '・' | '．' | '.' => '·',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

/// Where a record belongs: (person, state, reason).
fn placement(
    id_number: &str,
    name: &str,
    persons: &HashMap<String, (Uuid, String)>,
) -> (Option<Uuid>, &'static str, Option<&'static str>) {
    match persons.get(id_number) {
        None => (None, record::UNMATCHED, Some(record::PERSON_UNKNOWN)),
        Some((_, ours)) if !same_name(name, ours) => {
            (None, record::UNMATCHED, Some(record::NAME_MISMATCH))
        }
        Some((id, _)) => (Some(*id), record::SYNCED, None),
    }
}

pub fn reason_message(code: &str) -> &'static str {
    match code {
        record::PERSON_UNKNOWN => {
            "系统中没有该身份证号的人员：记录已保留，待其注册或由单位录入后自动计入"
        }
        record::NAME_MISMATCH => {
            "姓名与系统中该身份证号的人员不一致：记录已保留，待更正后自动计入或由省学时办处理"
        }
        _ => "",
    }
}

/// The history row of a record as it was.
pub fn snapshot(r: &record::Model) -> Value {
    json!({
        "person_id": r.person_id, "id_number": crate::people::mask_id_str(&r.id_number),
        "name": r.name, "course_id": r.course_id, "course_name": r.course_name,
        "category": r.category, "hours": r.hours, "completed_at": r.completed_at,
        "year": r.year, "revision": r.revision, "state": r.state, "reason_code": r.reason_code,
    })
}

/// A record in the batch's working set.
struct Slot {
    cur: record::Model,
    /// As read from the database; `None` for a record new in this batch.
    orig: Option<record::Model>,
    /// Something to write.
    dirty: bool,
}

fn year_of(t: DateTime<Utc>) -> i32 {
    t.with_timezone(&calendar::zone()).year()
}

/// The counted (person, year) of a record, if it counts.
fn counted(r: &record::Model) -> Option<(Uuid, i32)> {
    (r.state == record::SYNCED)
        .then_some(r.person_id)
        .flatten()
        .map(|p| (p, r.year))
}

pub async fn push(
    state: &AppState,
    platform: &Platform,
    platform_id: Uuid,
    body: RawBatch,
) -> AppResult<PushResult> {
    platform.require(platform_id)?;
    if body.records.is_empty() {
        return Err(AppError::unprocessable("empty_batch", "批次中没有记录"));
    }
    if body.records.len() > MAX_BATCH {
        return Err(AppError::unprocessable(
            "batch_too_large",
            format!(
                "每批最多 {MAX_BATCH} 条记录（收到 {} 条），请分批发送",
                body.records.len()
            ),
        ));
    }
    platform.admit(&state.db, state.sync_per_minute).await?;
    let started = Instant::now();
    let now = Utc::now();
    let total = body.records.len();
    let mut results: Vec<Option<RecordResult>> = (0..total).map(|_| None).collect();
    let mut valid = Vec::with_capacity(total);
    for (i, v) in body.records.iter().enumerate() {
        match check(i, v, now) {
            Ok(inc) => valid.push(inc),
            Err(r) => {
                results[i] = Some(RecordResult {
                    index: i,
                    external_id: v
                        .get("external_id")
                        .and_then(Value::as_str)
                        .map(|s| s.chars().take(64).collect()),
                    result: Outcome::Invalid,
                    code: Some(r.code.into()),
                    message: Some(r.message),
                    field: Some(r.field.into()),
                });
            }
        }
    }
    drop(body);

    let checked = started.elapsed();
    let call_id = Uuid::now_v7();
    let txn = state.db.begin().await?;
    // The call's row first: on SQLite this takes the write lock before anything is read, so
    // concurrent batches queue behind each other instead of failing on a stale snapshot.
    platform.log(&txn, call_id, call::PUSH, total, None).await?;
    let existing = load_existing(&txn, platform.client.id, &valid).await?;
    let persons = load_persons(&txn, &valid).await?;
    let mut work: HashMap<String, Slot> = HashMap::with_capacity(valid.len());
    let mut touched: HashSet<(Uuid, i32)> = HashSet::new();
    let mut changed_records: Vec<record::Model> = Vec::new();
    for inc in valid {
        let (outcome, code) = apply(
            &mut work,
            &existing,
            &persons,
            &inc,
            platform.client.id,
            call_id,
            now,
            &mut touched,
            &mut changed_records,
        );
        results[inc.index] = Some(RecordResult {
            index: inc.index,
            external_id: Some(inc.external_id),
            result: outcome,
            message: code.map(|c| match c {
                "older_revision" => "已有更新的版本（revision 更大），本条未替换".to_owned(),
                "revoked" => "该记录已被省学时办撤销，内容已更新但不计入".to_owned(),
                "dismissed" => "该记录已被省学时办处理为不予登记".to_owned(),
                c => reason_message(c).to_owned(),
            }),
            code: code.map(str::to_owned),
            field: None,
        });
    }
    let looked_up = started.elapsed();
    tracing::info!(%call_id, records = work.len(), "sync push: writing");
    let inserted = write(&txn, work, changed_records, call_id, now).await?;
    let written = started.elapsed();
    recount(&txn, &inserted, touched).await?;
    let recounted = started.elapsed();
    let results: Vec<RecordResult> = results.into_iter().flatten().collect();
    let mut counts = PushCounts::default();
    for r in &results {
        match r.result {
            Outcome::Created => counts.created += 1,
            Outcome::Updated => counts.updated += 1,
            Outcome::Unchanged => counts.unchanged += 1,
            Outcome::Unmatched => counts.unmatched += 1,
            Outcome::Invalid => counts.invalid += 1,
        }
    }
    let counts_json = serde_json::to_value(&counts).map_err(anyhow::Error::from)?;
    call::Entity::update_many()
        .col_expr(call::Column::Counts, Expr::value(counts_json.clone()))
        .filter(call::Column::Id.eq(call_id))
        .exec(&txn)
        .await?;
    Audit::new("sync.push", "sync_client")
        .entity(platform.client.id)
        .after(json!({ "client": platform.client.name, "call_id": call_id, "records": total, "counts": counts_json }))
        .ip(platform.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(
        client = %platform.client.name,
        %call_id,
        records = total,
        created = counts.created,
        updated = counts.updated,
        unchanged = counts.unchanged,
        unmatched = counts.unmatched,
        invalid = counts.invalid,
        check_ms = checked.as_millis(),
        lookup_ms = (looked_up - checked).as_millis(),
        write_ms = (written - looked_up).as_millis(),
        recount_ms = (recounted - written).as_millis(),
        total_ms = started.elapsed().as_millis(),
        "sync push"
    );
    Ok(PushResult {
        call_id,
        counts,
        results,
    })
}

async fn load_existing(
    db: &impl ConnectionTrait,
    client: Uuid,
    valid: &[Incoming],
) -> AppResult<HashMap<String, record::Model>> {
    let ids: Vec<&str> = valid
        .iter()
        .map(|i| i.external_id.as_str())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        for r in record::Entity::find()
            .filter(record::Column::ClientId.eq(client))
            .filter(record::Column::ExternalId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.insert(r.external_id.clone(), r);
        }
    }
    Ok(out)
}

/// The persons the batch names, by 身份证号: (id, name).
async fn load_persons(
    db: &impl ConnectionTrait,
    valid: &[Incoming],
) -> AppResult<HashMap<String, (Uuid, String)>> {
    let ids: Vec<&str> = valid
        .iter()
        .map(|i| i.id_number.as_str())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    persons_by_id_number(db, &ids).await
}

pub async fn persons_by_id_number(
    db: &impl ConnectionTrait,
    ids: &[&str],
) -> AppResult<HashMap<String, (Uuid, String)>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let rows: Vec<(Uuid, String, String)> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .column(person::Column::IdNumber)
            .column(person::Column::Name)
            .filter(person::Column::IdNumber.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, number, name) in rows {
            out.insert(number, (id, name));
        }
    }
    Ok(out)
}

/// Applies one record to the working set; what became of it, with a code.
#[allow(clippy::too_many_arguments)]
fn apply(
    work: &mut HashMap<String, Slot>,
    existing: &HashMap<String, record::Model>,
    persons: &HashMap<String, (Uuid, String)>,
    inc: &Incoming,
    client: Uuid,
    call_id: Uuid,
    now: DateTime<Utc>,
    touched: &mut HashSet<(Uuid, i32)>,
    changed: &mut Vec<record::Model>,
) -> (Outcome, Option<&'static str>) {
    let slot = match work.get_mut(&inc.external_id) {
        Some(s) => Some(s),
        None => match existing.get(&inc.external_id) {
            Some(r) => {
                work.insert(
                    inc.external_id.clone(),
                    Slot {
                        cur: r.clone(),
                        orig: Some(r.clone()),
                        dirty: false,
                    },
                );
                work.get_mut(&inc.external_id)
            }
            None => None,
        },
    };
    let Some(slot) = slot else {
        let (person_id, st, reason) = placement(&inc.id_number, &inc.name, persons);
        let r = record::Model {
            id: Uuid::now_v7(),
            client_id: client,
            external_id: inc.external_id.clone(),
            person_id,
            id_number: inc.id_number.clone(),
            name: inc.name.clone(),
            course_id: inc.course_id.clone(),
            course_name: inc.course_name.clone(),
            category: inc.category,
            hours: inc.hours,
            completed_at: inc.completed_at,
            year: year_of(inc.completed_at),
            revision: inc.revision,
            state: st.into(),
            reason_code: reason.map(str::to_owned),
            note: None,
            decided_by: None,
            decider_name: None,
            decided_at: None,
            version: 1,
            call_id,
            created_at: now,
            updated_at: now,
        };
        work.insert(
            inc.external_id.clone(),
            Slot {
                cur: r,
                orig: None,
                dirty: true,
            },
        );
        return match reason {
            Some(code) => (Outcome::Unmatched, Some(code)),
            None => (Outcome::Created, None),
        };
    };
    if inc.revision < slot.cur.revision {
        return (Outcome::Unchanged, Some("older_revision"));
    }
    let mut next = slot.cur.clone();
    next.id_number = inc.id_number.clone();
    next.name = inc.name.clone();
    next.course_id = inc.course_id.clone();
    next.course_name = inc.course_name.clone();
    next.category = inc.category;
    next.hours = inc.hours;
    next.completed_at = inc.completed_at;
    next.year = year_of(inc.completed_at);
    next.revision = inc.revision;
    let settled_code = |r: &record::Model| match r.state.as_str() {
        record::REVOKED => Some("revoked"),
        record::DISMISSED => Some("dismissed"),
        _ => r.reason_code.as_deref().and_then(|c| match c {
            record::PERSON_UNKNOWN => Some(record::PERSON_UNKNOWN),
            record::NAME_MISMATCH => Some(record::NAME_MISMATCH),
            _ => None,
        }),
    };
    if next.same_content(&slot.cur) {
        if next.revision != slot.cur.revision {
            slot.cur.revision = next.revision;
            slot.dirty = true;
        }
        return match slot.cur.state.as_str() {
            record::UNMATCHED => (Outcome::Unmatched, settled_code(&slot.cur)),
            _ => (Outcome::Unchanged, settled_code(&slot.cur)),
        };
    }
    // Changed content: the hours move with it, wherever they counted before.
    touched.extend(counted(&slot.cur));
    let by_hand = next.decided_by.is_some()
        && next.state == record::SYNCED
        && next.id_number == slot.cur.id_number;
    if !next.settled() && !by_hand {
        let (person_id, st, reason) = placement(&next.id_number, &next.name, persons);
        next.person_id = person_id;
        next.state = st.into();
        next.reason_code = reason.map(str::to_owned);
    }
    next.version += 1;
    next.call_id = call_id;
    next.updated_at = now;
    if let Some(orig) = &slot.orig
        && slot.cur.version == orig.version
    {
        // The first change in this batch of a stored record: keep the stored version.
        changed.push(orig.clone());
    }
    touched.extend(counted(&next));
    slot.cur = next;
    slot.dirty = true;
    match slot.cur.state.as_str() {
        record::UNMATCHED => (Outcome::Unmatched, settled_code(&slot.cur)),
        _ => (Outcome::Updated, settled_code(&slot.cur)),
    }
}

/// Writes the batch's working set; returns the records it inserted.
async fn write(
    txn: &impl ConnectionTrait,
    work: HashMap<String, Slot>,
    replaced: Vec<record::Model>,
    call_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<Vec<record::Model>> {
    let mut inserts = Vec::new();
    let mut updates = Vec::new();
    for slot in work.into_values().filter(|s| s.dirty) {
        if slot.orig.is_some() {
            updates.push(slot.cur);
        } else {
            inserts.push(slot.cur);
        }
    }
    // In key order, so two writers touching the same rows take their locks alike.
    inserts.sort_by_key(|r| r.id);
    updates.sort_by_key(|r| r.id);
    for chunk in inserts.chunks(CHUNK) {
        record::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(txn)
        .await?;
    }
    for r in updates {
        // Every column may have changed: write them all.
        r.into_active_model().reset_all().update(txn).await?;
    }
    for chunk in replaced.chunks(CHUNK) {
        version::Entity::insert_many(chunk.iter().map(|r| version::ActiveModel {
            id: Set(Uuid::now_v7()),
            record_id: Set(r.id),
            version: Set(r.version),
            snapshot: Set(snapshot(r)),
            replaced_by_call: Set(call_id),
            replaced_at: Set(now),
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(inserts)
}

/// Brings the standings up to date: new records add to the kept totals; persons whose
/// records changed otherwise are recounted in full.
async fn recount(
    txn: &impl ConnectionTrait,
    inserted: &[record::Model],
    touched: HashSet<(Uuid, i32)>,
) -> AppResult<()> {
    let mut added: HashMap<i32, HashMap<Uuid, (Totals, i32)>> = HashMap::new();
    for r in inserted {
        if let Some((p, y)) = counted(r)
            && !touched.contains(&(p, y))
        {
            let (t, n) = added.entry(y).or_default().entry(p).or_default();
            t.add(r.category, r.hours);
            *n += 1;
        }
    }
    for (year, persons) in added {
        standing::service::add_many(txn, year, &persons).await?;
    }
    let mut by_year: HashMap<i32, Vec<Uuid>> = HashMap::new();
    for (p, y) in touched {
        by_year.entry(y).or_default().push(p);
    }
    for (year, mut persons) in by_year {
        persons.sort_unstable();
        standing::service::refresh_many(txn, &persons, year).await?;
    }
    Ok(())
}
