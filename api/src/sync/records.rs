//! Synced records after they arrive: matched automatically when their person registers or
//! is corrected ([`adopt`]), and, for 省学时办, listed, matched by hand, dismissed or revoked.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    entity::{client, record},
    model::{OnlineRecordPage, OnlineRecordView, ReasonInput, RecordFilter},
    push::{persons_by_id_number, same_name, snapshot},
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal},
    error::{AppError, AppResult},
    fields::{Checks, clean, paging},
    hours::Hours,
    notifications::service::notify_person,
    people::{IdNumber, mask_id_str},
    standing,
};

pub fn state_label(s: &str) -> &'static str {
    match s {
        record::SYNCED => "已计入",
        record::UNMATCHED => "未匹配",
        record::REVOKED => "已撤销",
        record::DISMISSED => "不予登记",
        _ => "",
    }
}

fn reason_label(s: &str) -> &'static str {
    match s {
        record::PERSON_UNKNOWN => "系统中无此人",
        record::NAME_MISMATCH => "姓名不一致",
        _ => "",
    }
}

/// Parked records of these 身份证号 whose names now agree are registered; call it in the
/// transaction that created or corrected the persons.
pub async fn adopt(db: &impl ConnectionTrait, id_numbers: &[String]) -> AppResult<u64> {
    let mut matched = 0;
    let mut touched: HashMap<i32, HashSet<Uuid>> = HashMap::new();
    for chunk in id_numbers.chunks(1000) {
        let parked = record::Entity::find()
            .filter(record::Column::State.eq(record::UNMATCHED))
            .filter(record::Column::IdNumber.is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        if parked.is_empty() {
            continue;
        }
        let ids: Vec<&str> = parked.iter().map(|r| r.id_number.as_str()).collect();
        let persons = persons_by_id_number(db, &ids).await?;
        let now = Utc::now();
        for r in parked {
            let Some((person, name)) = persons.get(&r.id_number) else {
                continue;
            };
            let mut a: record::ActiveModel = r.clone().into();
            if same_name(&r.name, name) {
                a.person_id = Set(Some(*person));
                a.state = Set(record::SYNCED.into());
                a.reason_code = Set(None);
                touched.entry(r.year).or_default().insert(*person);
                matched += 1;
            } else if r.reason_code.as_deref() == Some(record::NAME_MISMATCH) {
                continue;
            } else {
                a.reason_code = Set(Some(record::NAME_MISMATCH.into()));
            }
            a.updated_at = Set(now);
            a.update(db).await?;
        }
    }
    for (year, persons) in touched {
        let persons: Vec<Uuid> = persons.into_iter().collect();
        standing::service::refresh_many(db, &persons, year).await?;
    }
    if matched > 0 {
        Audit::new("sync.matched", "online_record")
            .after(json!({ "records": matched }))
            .save(db)
            .await?;
    }
    Ok(matched)
}

pub async fn list(state: &AppState, p: &Principal, f: RecordFilter) -> AppResult<OnlineRecordPage> {
    p.scope(Permission::SyncView)?;
    let (page, page_size) = paging(f.page, f.page_size);
    let mut cond = Condition::all();
    if let Some(c) = f.client_id {
        cond = cond.add(record::Column::ClientId.eq(c));
    }
    if let Some(y) = f.year {
        cond = cond.add(record::Column::Year.eq(y));
    }
    if let Some(s) = f.state.as_deref().filter(|s| !s.is_empty()) {
        if state_label(s).is_empty() {
            return Err(AppError::bad_request(
                "bad_state",
                "state 应为 synced、unmatched、revoked 或 dismissed",
            ));
        }
        cond = cond.add(record::Column::State.eq(s));
    }
    if let Some(q) = f.q.as_deref().map(clean).filter(|q| !q.is_empty()) {
        cond = cond.add(match IdNumber::parse(&q) {
            Ok(id) => Condition::all().add(record::Column::IdNumber.eq(id.as_str())),
            Err(_) => {
                let like = format!("%{}%", q.replace(['%', '_'], ""));
                Condition::any()
                    .add(record::Column::Name.like(like.clone()))
                    .add(record::Column::CourseName.like(like))
            }
        });
    }
    let query = record::Entity::find()
        .filter(cond)
        .order_by_desc(record::Column::UpdatedAt)
        .order_by_desc(record::Column::Id);
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .paginate(&state.db, page_size)
        .fetch_page(page - 1)
        .await?;
    Ok(OnlineRecordPage {
        items: views(&state.db, rows).await?,
        total,
        page,
        page_size,
    })
}

pub async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<record::Model>,
) -> AppResult<Vec<OnlineRecordView>> {
    let clients: HashMap<Uuid, String> = client::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mismatched: Vec<&str> = rows
        .iter()
        .filter(|r| r.reason_code.as_deref() == Some(record::NAME_MISMATCH))
        .map(|r| r.id_number.as_str())
        .collect();
    let ours = persons_by_id_number(db, &mismatched).await?;
    Ok(rows
        .into_iter()
        .map(|r| OnlineRecordView {
            client_name: clients.get(&r.client_id).cloned().unwrap_or_default(),
            id_number_masked: mask_id_str(&r.id_number),
            person_name: ours
                .get(&r.id_number)
                .filter(|(_, n)| *n != r.name)
                .map(|(_, n)| n.clone()),
            category_label: r.category.label().into(),
            hours: Hours(r.hours),
            state_label: state_label(&r.state).into(),
            reason_label: r.reason_code.as_deref().map(|c| reason_label(c).to_owned()),
            id: r.id,
            client_id: r.client_id,
            external_id: r.external_id,
            person_id: r.person_id,
            name: r.name,
            course_id: r.course_id,
            course_name: r.course_name,
            category: r.category,
            completed_at: r.completed_at,
            year: r.year,
            state: r.state,
            reason_code: r.reason_code,
            note: r.note,
            decider_name: r.decider_name,
            decided_at: r.decided_at,
            version: r.version,
            updated_at: r.updated_at,
        })
        .collect())
}

/// The three decisions 省学时办 takes on a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A name mismatch judged to be the same person (e.g. a typo on the platform).
    Match,
    /// An unmatched record not to be registered.
    Dismiss,
    /// A counted record taken off (e.g. fraud, a duplicate course).
    Revoke,
}

impl Decision {
    fn action(self) -> &'static str {
        match self {
            Self::Match => "sync.record_matched",
            Self::Dismiss => "sync.record_dismissed",
            Self::Revoke => "sync.record_revoked",
        }
    }
}

pub async fn decide(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    decision: Decision,
    input: ReasonInput,
) -> AppResult<OnlineRecordView> {
    let scope = p.scope(Permission::SyncDecide)?;
    let mut checks = Checks::new();
    let reason = checks.text("reason", "理由", &input.reason, 500);
    checks.finish()?;
    let txn = state.db.begin().await?;
    let before = record::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut a: record::ActiveModel = before.clone().into();
    let now = Utc::now();
    match decision {
        Decision::Match => {
            if before.state != record::UNMATCHED {
                return Err(AppError::conflict(
                    "not_unmatched",
                    "该记录不在未匹配队列中",
                ));
            }
            let persons = persons_by_id_number(&txn, &[before.id_number.as_str()]).await?;
            let Some((person, _)) = persons.get(&before.id_number) else {
                return Err(AppError::conflict(
                    "person_unknown",
                    "系统中没有该身份证号的人员：待其注册或由单位录入后会自动匹配",
                ));
            };
            a.person_id = Set(Some(*person));
            a.state = Set(record::SYNCED.into());
            a.reason_code = Set(None);
        }
        Decision::Dismiss => {
            if before.state != record::UNMATCHED {
                return Err(AppError::conflict(
                    "not_unmatched",
                    "该记录不在未匹配队列中",
                ));
            }
            a.state = Set(record::DISMISSED.into());
        }
        Decision::Revoke => {
            if before.state != record::SYNCED {
                return Err(AppError::conflict("not_synced", "只有已计入的记录可以撤销"));
            }
            a.state = Set(record::REVOKED.into());
        }
    }
    a.note = Set(Some(reason.clone()));
    a.decided_by = Set(Some(p.user.id));
    a.decider_name = Set(Some(p.user.display_name.clone()));
    a.decided_at = Set(Some(now));
    a.updated_at = Set(now);
    let after = a.update(&txn).await?;
    if let Some(person) = after.person_id.or(before.person_id) {
        standing::service::refresh(&txn, person, after.year).await?;
        let (title, body) = match decision {
            Decision::Match => (
                format!("网络学习《{}》已计入学时", after.course_name),
                format!(
                    "省学时办核对后计入 {} 学时：{reason}",
                    crate::hours::fmt(after.hours)
                ),
            ),
            Decision::Revoke => (
                format!("网络学习《{}》的学时已被撤销", after.course_name),
                format!("省学时办撤销理由：{reason}"),
            ),
            Decision::Dismiss => (String::new(), String::new()),
        };
        if !title.is_empty() {
            notify_person(&txn, person, None, "online_record", title, body).await?;
        }
    }
    Audit::new(decision.action(), "online_record")
        .entity(id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(snapshot(&before))
        .after(json!({ "state": after.state, "person_id": after.person_id, "reason": reason }))
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    super::only(views(&state.db, vec![after]).await?)
}
