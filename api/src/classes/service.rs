//! Class applications: an organiser drafts 附件1 and attaches the 办班方案, submits within
//! the D9 window (or after 省学时办 grants an exception), and 省学时办 approves with the
//! recognised hours per attendee, or rejects. Every step is audited; the audit rows are the
//! class's timeline.

use std::collections::HashMap;

use bytes::Bytes;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    check::{self, Checked, application_deadline, roster_due, state_label},
    entity::{class, exception, file},
    model::{
        ClassActions, ClassDecision, ClassDetail, ClassException, ClassFile, ClassFilter,
        ClassInput, ClassPage, ClassSummary, DecisionInput, ExceptionInput, FileQuery, PlanKind,
        TimelineEntry,
    },
};
use crate::{
    app::AppState,
    audit::{Audit, entry},
    auth::{Permission, Principal, Role, Scope, entities::user},
    calendar,
    error::{AppError, AppResult},
    fields::{Checks, clean, paging},
    hours::{Hours, fmt},
    notifications::service::notify_user,
    orgs::unit,
    people::import::entity as imports,
    storage::{ByteStream, ObjectKey, sha256_hex},
};

/// 办班方案 files: PDF or images, each at most this many bytes.
pub const MAX_FILE: usize = 20 * 1024 * 1024;
/// At most this many 办班方案 files per class.
const MAX_FILES: u64 = 10;

/// The class, or 404 when it is unknown or outside the caller's scope of `permission`.
pub async fn load(
    db: &impl ConnectionTrait,
    p: &Principal,
    permission: Permission,
    id: Uuid,
) -> AppResult<(class::Model, Scope)> {
    let scope = p.scope(permission)?;
    let c = class::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| scope.contains(&c.unit_path))
        .ok_or(AppError::NotFound)?;
    Ok((c, scope))
}

fn illegal(c: &class::Model, what: &str) -> AppError {
    AppError::conflict(
        "illegal_state",
        format!("该培训班{}，不能{what}", state_label(&c.state)),
    )
}

/// The organiser's unit: where a new class belongs.
fn organiser_unit(p: &Principal) -> AppResult<&unit::Model> {
    p.scope(Permission::ClassApply)?;
    p.grants
        .iter()
        .find(|g| g.role == Role::Organiser)
        .and_then(|g| g.unit.as_ref())
        .ok_or_else(|| AppError::forbidden("forbidden", "只有培训单位可以申请培训班学时认定"))
}

fn fields(c: Checked, now: chrono::DateTime<Utc>) -> class::ActiveModel {
    class::ActiveModel {
        unit_name: Set(c.unit_name),
        org_code: Set(c.org_code),
        address: Set(c.address),
        contact_person: Set(c.contact_person),
        contact_phone: Set(c.contact_phone),
        name: Set(c.name),
        location: Set(c.location),
        content: Set(c.content),
        start_date: Set(c.start_date),
        end_date: Set(c.end_date),
        days: Set(c.days),
        hours_per_day: Set(c.hours_per_day),
        total_hours: Set(c.total_hours),
        planned_headcount: Set(c.planned_headcount),
        plan_kind: Set(c.plan_kind.code().into()),
        plan_ref: Set(c.plan_ref),
        req_professional: Set(c.hours.professional),
        req_industry_public: Set(c.hours.industry_public),
        req_general_public: Set(c.hours.general_public),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn audit(action: &str, c: &class::Model, p: &Principal, scope: &Scope) -> Audit {
    Audit::new(action, "class")
        .entity(c.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .scope(&c.unit_path)
        .ip(p.ip.clone())
}

/// 新建申请 (a draft).
pub async fn create(state: &AppState, p: &Principal, input: ClassInput) -> AppResult<ClassDetail> {
    let u = organiser_unit(p)?.clone();
    let scope = p.scope(Permission::ClassApply)?;
    let checked = check::check(&input)?;
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let c = class::ActiveModel {
        id: Set(Uuid::now_v7()),
        organiser_unit_id: Set(u.id),
        unit_path: Set(u.path.clone()),
        created_by: Set(p.user.id),
        state: Set(class::DRAFT.into()),
        opinion: Set(None),
        reviewed_by: Set(None),
        reviewer_name: Set(None),
        decided_at: Set(None),
        appr_professional: Set(None),
        appr_industry_public: Set(None),
        appr_general_public: Set(None),
        posted_count: Set(0),
        posted_at: Set(None),
        submitted_at: Set(None),
        created_at: Set(now),
        ..fields(checked, now)
    }
    .insert(&txn)
    .await?;
    audit("class.created", &c, p, &scope)
        .after(json!({ "name": c.name, "start_date": c.start_date, "end_date": c.end_date }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    detail_of(state, p, c).await
}

/// 修改申请: drafts only.
pub async fn update(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: ClassInput,
) -> AppResult<ClassDetail> {
    let (before, scope) = load(&state.db, p, Permission::ClassApply, id).await?;
    if before.state != class::DRAFT {
        return Err(illegal(&before, "修改"));
    }
    let checked = check::check(&input)?;
    let txn = state.db.begin().await?;
    let mut row = fields(checked, Utc::now());
    row.id = Set(id);
    let c = row.update(&txn).await?;
    audit("class.updated", &c, p, &scope)
        .before(json!({ "name": before.name, "start_date": before.start_date }))
        .after(json!({ "name": c.name, "start_date": c.start_date }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    detail_of(state, p, c).await
}

async fn exceptions_of(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> AppResult<Vec<exception::Model>> {
    Ok(exception::Entity::find()
        .filter(exception::Column::ClassId.eq(class_id))
        .order_by_asc(exception::Column::GrantedAt)
        .all(db)
        .await?)
}

async fn excepted(db: &impl ConnectionTrait, class_id: Uuid, kind: &str) -> AppResult<bool> {
    Ok(exception::Entity::find()
        .filter(exception::Column::ClassId.eq(class_id))
        .filter(exception::Column::Kind.eq(kind))
        .count(db)
        .await?
        > 0)
}

/// 提交申请: at least 7 (年度计划内) or 14 (厅直属单位、厅管社团) calendar days before the start,
/// unless 省学时办 granted an exception (D9).
pub async fn submit(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ClassDetail> {
    let (c, scope) = load(&state.db, p, Permission::ClassApply, id).await?;
    if c.state != class::DRAFT {
        return Err(illegal(&c, "提交"));
    }
    let kind = PlanKind::parse(&c.plan_kind);
    let deadline = application_deadline(c.start_date, kind);
    if calendar::today() > deadline && !excepted(&state.db, id, exception::APPLICATION).await? {
        let what = match kind {
            PlanKind::AnnualPlan => "列入年度培训计划的培训班须于办班 7 天前申请",
            PlanKind::Affiliated => "厅直属单位、厅管社团举办的培训班须于办班 14 天前申请",
        };
        return Err(AppError::unprocessable(
            "application_late",
            format!(
                "{what}，本班开班日期 {}，申请截止日为 {deadline}，已逾期；如确需认定，请联系省学时办批准逾期例外",
                c.start_date
            ),
        ));
    }
    let files = file::Entity::find()
        .filter(file::Column::ClassId.eq(id))
        .count(&state.db)
        .await?;
    if files == 0 {
        return Err(AppError::invalid(
            "files",
            "plan_missing",
            "请先上传办班方案（培训通知、课程安排等）",
        ));
    }
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let done = class::Entity::update_many()
        .col_expr(class::Column::State, Expr::value(class::SUBMITTED))
        .col_expr(class::Column::SubmittedAt, Expr::value(now))
        .col_expr(class::Column::UpdatedAt, Expr::value(now))
        .filter(class::Column::Id.eq(id))
        .filter(class::Column::State.eq(class::DRAFT))
        .exec(&txn)
        .await?
        .rows_affected;
    if done == 0 {
        return Err(illegal(&c, "提交"));
    }
    audit("class.submitted", &c, p, &scope)
        .after(json!({ "deadline": deadline }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    detail(state, p, id).await
}

/// 批准逾期例外 (省学时办): a late application or roster may then go ahead.
pub async fn grant_exception(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: ExceptionInput,
) -> AppResult<ClassDetail> {
    let (c, scope) = load(&state.db, p, Permission::ClassDecide, id).await?;
    let mut checks = Checks::new();
    let kind = match input.kind.as_str() {
        exception::APPLICATION | exception::ROSTER => input.kind.clone(),
        _ => {
            checks.fail("kind", "invalid_kind", "例外类型应为 application 或 roster");
            String::new()
        }
    };
    let reason = checks.text("reason", "例外理由", &input.reason, 500);
    checks.finish()?;
    let txn = state.db.begin().await?;
    exception::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(id),
        kind: Set(kind.clone()),
        reason: Set(reason.clone()),
        granted_by: Set(p.user.id),
        granter_name: Set(p.user.display_name.clone()),
        granted_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit("class.exception_granted", &c, p, &scope)
        .after(json!({ "kind": kind, "reason": reason }))
        .save(&txn)
        .await?;
    let what = if kind == exception::APPLICATION {
        "逾期申请"
    } else {
        "逾期报送学员名单"
    };
    notify_user(
        &txn,
        c.created_by,
        None,
        "class_exception",
        format!("培训班《{}》已获准{what}", c.name),
        format!("省学时办意见：{reason}"),
    )
    .await?;
    txn.commit().await?;
    detail(state, p, id).await
}

/// 审核 (省学时办): approve with the recognised hours per attendee, or reject; the opinion is
/// required either way.
pub async fn decide(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: DecisionInput,
) -> AppResult<ClassDetail> {
    let (c, scope) = load(&state.db, p, Permission::ClassDecide, id).await?;
    if c.state != class::SUBMITTED {
        return Err(illegal(&c, "审核"));
    }
    let mut checks = Checks::new();
    let opinion = checks.text("opinion", "审核意见", &input.opinion, 1000);
    let hours = if input.approve {
        match &input.hours {
            None => {
                checks.fail("hours", "required", "请填写认定学时");
                None
            }
            Some(s) => check::split_tenths(&mut checks, "hours", s),
        }
    } else {
        None
    };
    if let Some(h) = hours
        && h.total() > c.total_hours
    {
        checks.fail(
            "hours",
            "over_requested",
            format!(
                "认定学时（{}）不能超过申请的 {} 学时",
                fmt(h.total()),
                fmt(c.total_hours)
            ),
        );
    }
    checks.finish()?;
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let next = if input.approve {
        class::APPROVED
    } else {
        class::REJECTED
    };
    let mut q = class::Entity::update_many()
        .col_expr(class::Column::State, Expr::value(next))
        .col_expr(class::Column::Opinion, Expr::value(opinion.clone()))
        .col_expr(class::Column::ReviewedBy, Expr::value(p.user.id))
        .col_expr(
            class::Column::ReviewerName,
            Expr::value(p.user.display_name.clone()),
        )
        .col_expr(class::Column::DecidedAt, Expr::value(now))
        .col_expr(class::Column::UpdatedAt, Expr::value(now))
        .filter(class::Column::Id.eq(id))
        .filter(class::Column::State.eq(class::SUBMITTED));
    if let Some(h) = hours {
        q = q
            .col_expr(class::Column::ApprProfessional, Expr::value(h.professional))
            .col_expr(
                class::Column::ApprIndustryPublic,
                Expr::value(h.industry_public),
            )
            .col_expr(
                class::Column::ApprGeneralPublic,
                Expr::value(h.general_public),
            );
    }
    if q.exec(&txn).await?.rows_affected == 0 {
        return Err(illegal(&c, "审核"));
    }
    audit(
        if input.approve {
            "class.approved"
        } else {
            "class.rejected"
        },
        &c,
        p,
        &scope,
    )
    .after(json!({ "opinion": opinion, "hours": hours.map(|h| fmt(h.total())) }))
    .save(&txn)
    .await?;
    let (title, body) = match hours {
        Some(h) => (
            format!("培训班《{}》学时认定申请已同意", c.name),
            format!(
                "同意该培训班按 {} 学时认定。省学时办意见：{opinion}。培训结束后 7 日内请上传学员名单。",
                fmt(h.total())
            ),
        ),
        None => (
            format!("培训班《{}》学时认定申请未获同意", c.name),
            format!("省学时办意见：{opinion}"),
        ),
    };
    notify_user(&txn, c.created_by, None, "class_decided", title, body).await?;
    txn.commit().await?;
    detail(state, p, id).await
}

/// Classes in the caller's scope: an organiser's own, or every class for 省学时办.
pub async fn list(state: &AppState, p: &Principal, f: ClassFilter) -> AppResult<ClassPage> {
    let scope = p.scope(Permission::ClassView)?;
    let (page, page_size) = paging(f.page, f.page_size);
    let mut cond = scope.path_condition(class::Column::UnitPath);
    if let Some(s) = f.state.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(class::Column::State.eq(s));
    }
    if let Some(q) = f.q.as_deref().map(clean).filter(|q| !q.is_empty()) {
        cond = cond.add(
            Condition::any()
                .add(class::Column::Name.contains(&q))
                .add(class::Column::UnitName.contains(&q)),
        );
    }
    let query = class::Entity::find().filter(cond);
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .order_by_desc(class::Column::StartDate)
        .order_by_desc(class::Column::Id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&state.db)
        .await?;
    let pending = pending_corrections(&state.db, rows.iter().map(|c| c.id)).await?;
    Ok(ClassPage {
        items: rows
            .iter()
            .map(|c| summary_of(c, pending.get(&c.id).copied()))
            .collect(),
        total,
        page,
        page_size,
    })
}

/// Classes with a corrected roster awaiting 省学时办.
async fn pending_corrections(
    db: &DatabaseConnection,
    ids: impl Iterator<Item = Uuid>,
) -> AppResult<HashMap<Uuid, Uuid>> {
    let kinds: Vec<String> = ids.map(super::roster::kind).collect();
    if kinds.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = imports::Entity::find()
        .filter(imports::Column::Kind.is_in(kinds))
        .filter(imports::Column::Status.eq(super::roster::PENDING))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| super::roster::class_of_kind(&r.kind).map(|c| (c, r.id)))
        .collect())
}

pub fn summary_of(c: &class::Model, pending_roster: Option<Uuid>) -> ClassSummary {
    let kind = PlanKind::parse(&c.plan_kind);
    ClassSummary {
        id: c.id,
        name: c.name.clone(),
        unit_name: c.unit_name.clone(),
        organiser_unit_id: c.organiser_unit_id,
        start_date: c.start_date,
        end_date: c.end_date,
        total_hours: Hours(c.total_hours),
        approved_hours: c.approved().map(|t| Hours(t.total())),
        planned_headcount: c.planned_headcount,
        plan_kind: kind,
        state: c.state.clone(),
        state_label: state_label(&c.state).into(),
        application_deadline: application_deadline(c.start_date, kind),
        roster_due: roster_due(c.end_date),
        posted_count: c.posted_count,
        pending_correction: pending_roster.is_some(),
        pending_roster_id: pending_roster,
        submitted_at: c.submitted_at,
    }
}

pub async fn detail(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ClassDetail> {
    let (c, _) = load(&state.db, p, Permission::ClassView, id).await?;
    detail_of(state, p, c).await
}

/// The roster window (D9): open from the end date; late after 7 days unless excepted.
pub fn roster_window(c: &class::Model, roster_excepted: bool) -> (bool, bool) {
    let today = calendar::today();
    let late = today > roster_due(c.end_date) && !roster_excepted;
    let open =
        matches!(c.state.as_str(), class::APPROVED | class::POSTED) && today >= c.end_date && !late;
    (open, late)
}

async fn detail_of(state: &AppState, p: &Principal, c: class::Model) -> AppResult<ClassDetail> {
    let db = &state.db;
    let files = file::Entity::find()
        .filter(file::Column::ClassId.eq(c.id))
        .order_by_asc(file::Column::CreatedAt)
        .all(db)
        .await?;
    let exceptions = exceptions_of(db, c.id).await?;
    let roster_excepted = exceptions.iter().any(|e| e.kind == exception::ROSTER);
    let (roster_open, roster_late) = roster_window(&c, roster_excepted);
    let pending = pending_corrections(db, std::iter::once(c.id)).await?;
    let applies = p.scope(Permission::ClassApply).is_ok();
    let decides = p.scope(Permission::ClassDecide).is_ok();
    let approved_or_posted = matches!(c.state.as_str(), class::APPROVED | class::POSTED);
    let can = ClassActions {
        edit: applies && c.state == class::DRAFT,
        submit: applies && c.state == class::DRAFT,
        decide: decides && c.state == class::SUBMITTED,
        grant_exception: decides,
        upload_roster: (applies || decides) && roster_open,
        decide_correction: decides && !pending.is_empty(),
        submit_video: applies && approved_or_posted,
        decide_video: decides,
    };
    let decision = c.decided_at.map(|at| ClassDecision {
        approved: matches!(c.state.as_str(), class::APPROVED | class::POSTED),
        opinion: c.opinion.clone().unwrap_or_default(),
        reviewer_name: c.reviewer_name.clone().unwrap_or_default(),
        decided_at: at,
        hours: c.approved().map(|t| t.split()),
        approved_hours: c.approved().map(|t| Hours(t.total())),
    });
    Ok(ClassDetail {
        summary: summary_of(&c, pending.get(&c.id).copied()),
        org_code: c.org_code.clone(),
        address: c.address.clone(),
        contact_person: c.contact_person.clone(),
        contact_phone: c.contact_phone.clone(),
        location: c.location.clone(),
        content: c.content.clone(),
        days: c.days,
        hours_per_day: Hours(c.hours_per_day),
        plan_ref: c.plan_ref.clone(),
        hours: c.requested().split(),
        files: files.into_iter().map(file_view).collect(),
        exceptions: exceptions
            .into_iter()
            .map(|e| ClassException {
                kind: e.kind,
                reason: e.reason,
                granted_by_name: e.granter_name,
                granted_at: e.granted_at,
            })
            .collect(),
        decision,
        timeline: timeline(db, &c).await?,
        roster_open,
        roster_late,
        can,
    })
}

fn file_view(f: file::Model) -> ClassFile {
    ClassFile {
        id: f.id,
        kind: f.kind,
        file_name: f.file_name,
        content_type: f.content_type,
        size: f.size,
        created_at: f.created_at,
    }
}

/// The class's audit rows, oldest first, with the actors' names.
async fn timeline(db: &DatabaseConnection, c: &class::Model) -> AppResult<Vec<TimelineEntry>> {
    let rows = entry::Entity::find()
        .filter(entry::Column::EntityType.eq("class"))
        .filter(entry::Column::EntityId.eq(c.id.to_string()))
        .order_by_asc(entry::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let after = r.after.clone().unwrap_or_default();
            let note = ["opinion", "reason", "note"]
                .iter()
                .find_map(|k| after.get(*k).and_then(|v| v.as_str()).map(str::to_owned));
            TimelineEntry {
                at: r.at,
                label: timeline_label(&r.action).into(),
                actor_name: r.actor_user_id.and_then(|u| names.get(&u).cloned()),
                note,
                action: r.action,
            }
        })
        .collect())
}

fn timeline_label(action: &str) -> &'static str {
    match action {
        "class.created" => "创建申请",
        "class.updated" => "修改申请",
        "class.file_added" => "上传办班方案",
        "class.file_removed" => "删除办班方案",
        "class.submitted" => "提交申请",
        "class.exception_granted" => "批准逾期例外",
        "class.approved" => "同意认定",
        "class.rejected" => "不同意认定",
        "class.roster_posted" => "学员学时已登记",
        "class.roster_correction_submitted" => "提交更正名单",
        "class.roster_correction_approved" => "更正名单已登记",
        "class.roster_correction_rejected" => "更正名单未获同意",
        "class.video_submitted" => "提交讲座视频",
        "class.video_decided" => "讲座视频审定",
        _ => "其他",
    }
}

/// What a stored file's first bytes say it is: PDF, JPEG or PNG.
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else {
        None
    }
}

/// 上传办班方案 (drafts): a PDF or an image, checked by content.
pub async fn add_file(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    q: FileQuery,
    body: Bytes,
) -> AppResult<ClassFile> {
    let (c, scope) = load(&state.db, p, Permission::ClassApply, id).await?;
    if c.state != class::DRAFT {
        return Err(illegal(&c, "修改办班方案"));
    }
    let mut checks = Checks::new();
    if !matches!(q.kind.as_str(), "notice" | "schedule" | "other") {
        checks.fail(
            "kind",
            "invalid_kind",
            "文件类型应为培训通知、课程安排或其他",
        );
    }
    let name = checks.text("name", "文件名", &q.name, 200);
    if name.contains(['/', '\\']) {
        checks.fail("name", "invalid_name", "文件名不能包含路径");
    }
    let sniffed = sniff(&body);
    if body.is_empty() {
        checks.fail("file", "empty_file", "请选择要上传的文件");
    } else if sniffed.is_none() {
        checks.fail(
            "file",
            "unsupported_type",
            "办班方案只接受 PDF、JPEG 或 PNG 文件",
        );
    }
    checks.finish()?;
    let (content_type, ext) = sniffed.unwrap_or(("application/pdf", "pdf"));
    let count = file::Entity::find()
        .filter(file::Column::ClassId.eq(id))
        .count(&state.db)
        .await?;
    if count >= MAX_FILES {
        return Err(AppError::invalid(
            "file",
            "too_many_files",
            format!("每个培训班最多上传 {MAX_FILES} 个办班方案文件"),
        ));
    }
    let sha = sha256_hex(&body);
    let key = ObjectKey::parse(&format!("classes/{id}/plan-{}.{ext}", Uuid::now_v7()))?;
    let size = body.len() as i64;
    state.storage.put(&key, body, content_type).await?;
    let txn = state.db.begin().await?;
    let f = file::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(id),
        kind: Set(q.kind.clone()),
        file_name: Set(name.clone()),
        content_type: Set(content_type.into()),
        size: Set(size),
        sha256: Set(sha.clone()),
        object_key: Set(key.as_str().to_owned()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit("class.file_added", &c, p, &scope)
        .after(json!({ "file": name, "kind": q.kind, "sha256": sha, "size": size }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(file_view(f))
}

/// A 办班方案 file, for anyone who sees the class.
pub async fn file_content(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    file_id: Uuid,
) -> AppResult<(ByteStream, String, String)> {
    load(&state.db, p, Permission::ClassView, id).await?;
    let f = file::Entity::find_by_id(file_id)
        .one(&state.db)
        .await?
        .filter(|f| f.class_id == id)
        .ok_or(AppError::NotFound)?;
    let stream = state.storage.get(&ObjectKey::parse(&f.object_key)?).await?;
    Ok((stream, f.content_type, f.file_name))
}

/// 删除办班方案 (drafts). The stored object stays (the audit names its hash).
pub async fn remove_file(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    file_id: Uuid,
) -> AppResult<()> {
    let (c, scope) = load(&state.db, p, Permission::ClassApply, id).await?;
    if c.state != class::DRAFT {
        return Err(illegal(&c, "修改办班方案"));
    }
    let f = file::Entity::find_by_id(file_id)
        .one(&state.db)
        .await?
        .filter(|f| f.class_id == id)
        .ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    file::Entity::delete_by_id(f.id).exec(&txn).await?;
    audit("class.file_removed", &c, p, &scope)
        .before(json!({ "file": f.file_name, "sha256": f.sha256 }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
