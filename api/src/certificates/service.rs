//! Issuing, listing, revoking and verifying certificates.
//!
//! A certificate is produced once (signed content, PDF stored with its hash) and never
//! regenerated. When the counted hours change, [`on_standing_change`] runs in the same
//! transaction: below eligibility the certificate is revoked at once; still eligible but
//! different, it is marked for a new version, which [`reissue_pending`] produces after the
//! commit (PDF rendering and storage do not belong inside a database transaction).

use std::{collections::HashMap, time::Duration};

use actix_web::web;
use chrono::{DateTime, Datelike, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, Query},
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    Certifier,
    entity::{certificate, verification},
    model::{
        CertificateFilter, CertificatePage, CertificateView, IssueResult, PublicKey, Verification,
    },
    pdf::{ItemLine, Sheet, ThresholdLine},
    signing::{self, TokenPayload, canonical_json, content_digest},
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal},
    calendar,
    error::{AppError, AppResult},
    fields::paging,
    hours::{self, Hours},
    notifications::service::notify_person,
    people::{mask_id_str, person, service as people},
    rules::service::year_settings,
    standing::{
        model::StandingView,
        service::{buckets, view, year_or_now},
        tally::{self, Totals},
    },
    storage::{ObjectKey, sha256_hex},
};

pub const TITLE: &str = "浙江省住房和城乡建设行业专业技术人员继续教育学时登记证明";

/// Crockford's base32: no I, L, O, U, so a number read aloud or typed is unambiguous.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `ZJ2026-7K3M-9QXD-R2TB`: 60 random bits, not a serial.
fn new_number(year: i32) -> String {
    let mut rng = rand::rng();
    let mut s = format!("ZJ{year}");
    for i in 0..12 {
        if i % 4 == 0 {
            s.push('-');
        }
        s.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
    }
    s
}

/// 张三 → 张*, 张三丰 → 张*丰, 欧阳小明 → 欧**明.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

pub fn status_label(status: &str) -> &'static str {
    match status {
        certificate::VALID => "有效",
        certificate::REVOKED => "已撤销",
        _ => "已被新版本替代",
    }
}

/// What a certificate would say now: the content to sign (without number, version and
/// issue time) and its fingerprint.
pub struct Draft {
    pub person: person::Model,
    pub view: StandingView,
    pub eligible: bool,
    pub totals: Totals,
    content: Value,
    pub fingerprint: String,
}

fn h(tenths: Hours) -> String {
    hours::fmt(tenths.0)
}

pub async fn draft(
    db: &impl ConnectionTrait,
    person: person::Model,
    year: i32,
) -> AppResult<Draft> {
    let view = view(db, person.clone(), year).await?;
    let totals = Totals {
        professional: view.registered.professional.0,
        industry_public: view.registered.industry_public.0,
        general_public: view.registered.general_public.0,
    };
    let settings = year_settings(db, year).await?;
    let content = json!({
        "schema": "xueshi.certificate/1",
        "year": year,
        "person": {
            "id": person.id,
            "name": person.name,
            "id_number": person.id_number,
            "unit": view.unit_name,
            "title": person.title_name,
        },
        "registered": {
            "total": h(view.registered.total),
            "professional": h(view.registered.professional),
            "public": h(view.registered.public),
            "industry_public": h(view.registered.industry_public),
            "general_public": h(view.registered.general_public),
        },
        "thresholds": view.thresholds.iter().map(|t| json!({
            "key": t.key.code(),
            "required": h(t.required),
            "registered": h(t.registered),
            "met": t.met,
        })).collect::<Vec<_>>(),
        "items": view.counted.iter().map(|i| json!({
            "source": i.source,
            "id": i.id,
            "pathway": i.pathway_name,
            "title": i.title,
            "date": i.date,
            "hours": h(i.hours),
            "bucket": i.bucket,
        })).collect::<Vec<_>>(),
    });
    let fingerprint = sha256_hex(canonical_json(&content).as_bytes());
    Ok(Draft {
        eligible: tally::eligible(&totals, &settings),
        person,
        view,
        totals,
        content,
        fingerprint,
    })
}

fn not_eligible(d: &Draft) -> AppError {
    let short: Vec<String> = d
        .view
        .thresholds
        .iter()
        .filter(|t| !t.met)
        .map(|t| format!("{}还差 {} 学时", t.label, h(t.short_by)))
        .collect();
    AppError::unprocessable(
        "not_eligible",
        format!(
            "{} 年度已登记 {} 学时，未达到出具学时登记证明的条件（{}）",
            d.view.year,
            h(d.view.registered.total),
            short.join("，")
        ),
    )
}

impl Certifier {
    fn verify_url(&self, number: &str, token: &str) -> String {
        format!("{}/verify/{number}?t={token}", self.public_url())
    }
}

/// The numbers of the certificates that replaced these, in one query.
async fn successors(
    db: &impl ConnectionTrait,
    rows: &[certificate::Model],
) -> AppResult<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = rows.iter().filter_map(|c| c.superseded_by).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.number))
        .collect())
}

/// One stored certificate as the API shows it.
pub async fn view_of(state: &AppState, c: certificate::Model) -> AppResult<CertificateView> {
    let next = successors(&state.db, std::slice::from_ref(&c)).await?;
    view_with(state, c, &next)
}

fn view_with(
    state: &AppState,
    c: certificate::Model,
    successors: &HashMap<Uuid, String>,
) -> AppResult<CertificateView> {
    let key = ObjectKey::parse(&c.pdf_key)?;
    Ok(CertificateView {
        pdf_url: state.signer.url(&key, "application/pdf", 600),
        verify_url: state.certificates.verify_url(&c.number, &c.token),
        status_label: status_label(&c.status).into(),
        registered: buckets(&c.totals()),
        superseded_by_number: c.superseded_by.and_then(|id| successors.get(&id).cloned()),
        id: c.id,
        number: c.number,
        version: c.version,
        status: c.status,
        year: c.year,
        person_id: c.person_id,
        person_name: c.person_name,
        id_number_masked: c.id_masked,
        unit_name: c.unit_name,
        issued_at: c.issued_at,
        superseded_by: c.superseded_by,
        revoked_at: c.revoked_at,
        revoked_reason: c.revoked_reason,
        reissue_pending: c.reissue_pending,
        pdf_size: c.pdf_size,
        pdf_sha256: c.pdf_sha256,
    })
}

async fn valid_of(
    db: &impl ConnectionTrait,
    person: Uuid,
    year: i32,
) -> AppResult<Option<certificate::Model>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::PersonId.eq(person))
        .filter(certificate::Column::Year.eq(year))
        .filter(certificate::Column::Status.eq(certificate::VALID))
        .one(db)
        .await?)
}

/// The person a caller may issue for: themselves, or a person in their scope.
async fn issuable_person(
    state: &AppState,
    p: &Principal,
    person_id: Option<Uuid>,
) -> AppResult<person::Model> {
    match person_id {
        Some(id) if p.user.person_id != Some(id) => {
            Ok(
                people::find_in_scope(&state.db, p, Permission::CertificateIssue, id)
                    .await?
                    .0,
            )
        }
        _ => {
            let id = p.user.person_id.ok_or_else(|| {
                AppError::bad_request("person_required", "请指定要出具证明的人员")
            })?;
            person::Entity::find_by_id(id)
                .one(&state.db)
                .await?
                .ok_or(AppError::NotFound)
        }
    }
}

/// 出具学时登记证明: the same certificate back when nothing changed, else a new version.
pub async fn issue(
    state: &AppState,
    p: &Principal,
    person_id: Option<Uuid>,
    year: i32,
) -> AppResult<IssueResult> {
    let year = year_or_now(Some(year))?;
    let person = issuable_person(state, p, person_id).await?;
    let (c, created) = issue_for(state, person, year, Some(p)).await?;
    Ok(IssueResult {
        created,
        certificate: view_of(state, c).await?,
    })
}

/// Issues (or finds unchanged) one person's certificate; shared by the API, the batch job
/// and the re-issuer. `by` is `None` for the system.
pub async fn issue_for(
    state: &AppState,
    person: person::Model,
    year: i32,
    by: Option<&Principal>,
) -> AppResult<(certificate::Model, bool)> {
    state.certificates.fonts()?;
    let d = draft(&state.db, person, year).await?;
    if !d.eligible {
        return Err(not_eligible(&d));
    }
    let existing = valid_of(&state.db, d.person.id, year).await?;
    if let Some(c) = existing.as_ref().filter(|c| c.fingerprint == d.fingerprint) {
        return Ok((c.clone(), false));
    }
    match produce(state, &d, existing.as_ref(), by).await {
        Ok(c) => Ok((c, true)),
        // Someone issued the same year at the same moment: theirs is as good as ours.
        Err(AppError::Conflict { .. }) => match valid_of(&state.db, d.person.id, year).await? {
            Some(c) if c.fingerprint == d.fingerprint => Ok((c, false)),
            _ => Err(AppError::conflict(
                "certificate_changed",
                "证明正在由他人同时出具，请稍后重试",
            )),
        },
        Err(e) => Err(e),
    }
}

/// Signs, renders and stores a new certificate; `prev` (the valid one it replaces) becomes
/// 已被新版本替代 in the same transaction as the insert.
async fn produce(
    state: &AppState,
    d: &Draft,
    prev: Option<&certificate::Model>,
    by: Option<&Principal>,
) -> AppResult<certificate::Model> {
    let cert = &state.certificates;
    let year = d.view.year;
    let number = new_number(year);
    // Versions count on across revocations: every number of a person's year is distinct.
    let version = certificate::Entity::find()
        .select_only()
        .column_as(certificate::Column::Version.max(), "v")
        .filter(certificate::Column::PersonId.eq(d.person.id))
        .filter(certificate::Column::Year.eq(year))
        .into_tuple::<Option<i32>>()
        .one(&state.db)
        .await?
        .flatten()
        .unwrap_or(0)
        + 1;
    // Whole seconds: the signed text and the stored column must agree on both databases.
    let issued_at = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap_or_default();
    let mut signed = d.content.clone();
    signed["number"] = json!(number);
    signed["version"] = json!(version);
    signed["issued_at"] = json!(issued_at.to_rfc3339());
    signed["key_id"] = json!(cert.key.key_id());
    let canonical = canonical_json(&signed);
    let signature = cert.key.sign(canonical.as_bytes());
    let t = &d.totals;
    let issue_date = issued_at.with_timezone(&calendar::zone()).date_naive();
    let token = cert.key.token(&TokenPayload {
        n: number.clone(),
        v: version,
        y: year,
        nm: mask_name(&d.person.name),
        h: [t.total(), t.professional, t.public(), t.industry_public],
        d: issue_date.to_string(),
        c: content_digest(&canonical),
        k: cert.key.key_id(),
    });
    let sheet = sheet(cert, d, &number, version, issue_date, &token);
    let fonts = cert.fonts()?.clone();
    let pdf = web::block(move || super::pdf::render(&fonts, &sheet))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("render task: {e}")))??;
    let key = ObjectKey::parse(&format!(
        "certificates/{year}/{}.pdf",
        number.to_lowercase()
    ))?;
    let stored = state
        .storage
        .put(&key, pdf.into(), "application/pdf")
        .await?;
    let id = Uuid::now_v7();
    let row = certificate::ActiveModel {
        id: Set(id),
        number: Set(number.clone()),
        person_id: Set(d.person.id),
        year: Set(year),
        version: Set(version),
        status: Set(certificate::VALID.into()),
        superseded_by: Set(None),
        fingerprint: Set(d.fingerprint.clone()),
        content: Set(canonical),
        signature: Set(signature),
        key_id: Set(cert.key.key_id()),
        token: Set(token),
        total: Set(t.total()),
        professional: Set(t.professional),
        industry_public: Set(t.industry_public),
        general_public: Set(t.general_public),
        person_name: Set(d.person.name.clone()),
        id_masked: Set(mask_id_str(&d.person.id_number)),
        unit_name: Set(d.view.unit_name.clone()),
        pdf_key: Set(key.as_str().to_owned()),
        pdf_sha256: Set(stored.sha256.clone()),
        pdf_size: Set(i64::try_from(stored.size).unwrap_or(i64::MAX)),
        issued_at: Set(issued_at),
        issued_by: Set(by.map(|p| p.user.id)),
        reissue_pending: Set(false),
        revoked_at: Set(None),
        revoked_reason: Set(None),
    };
    let result = async {
        let txn = state.db.begin().await?;
        if let Some(prev) = prev {
            let moved = certificate::Entity::update_many()
                .col_expr(certificate::Column::Status, Expr::value(certificate::SUPERSEDED))
                .col_expr(certificate::Column::SupersededBy, Expr::value(id))
                .col_expr(certificate::Column::ReissuePending, Expr::value(false))
                .filter(certificate::Column::Id.eq(prev.id))
                .filter(certificate::Column::Status.eq(certificate::VALID))
                .exec(&txn)
                .await?;
            if moved.rows_affected != 1 {
                return Err(AppError::conflict("duplicate", "证明已被他人更新"));
            }
        }
        let saved = row.insert(&txn).await?;
        let mut audit = Audit::new("certificate.issued", "certificate")
            .entity(id)
            .after(json!({
                "number": number,
                "version": version,
                "person_id": d.person.id,
                "year": year,
                "total": hours::fmt(t.total()),
                "pdf_sha256": stored.sha256,
                "replaces": prev.map(|p| p.number.clone()),
            }));
        if let Some(p) = by {
            audit = audit.actor(p.user.id).ip(p.ip.clone());
        }
        audit.save(&txn).await?;
        if let Some(prev) = prev {
            notify_person(
                &txn,
                d.person.id,
                None,
                "certificate.superseded",
                format!("{year} 年度学时登记证明已更新为第 {version} 版"),
                format!(
                    "因登记学时变动，原证明 {} 已被新版本 {number} 替代（现登记 {} 学时），请重新下载打印。",
                    prev.number,
                    hours::fmt(t.total())
                ),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(saved)
    }
    .await;
    if result.is_err() {
        // The row never landed: do not leave its file behind.
        let _ = state.storage.delete(&key).await;
    }
    result
}

fn sheet(
    cert: &Certifier,
    d: &Draft,
    number: &str,
    version: i32,
    issue_date: chrono::NaiveDate,
    token: &str,
) -> Sheet {
    Sheet {
        title: TITLE.into(),
        number: number.into(),
        version,
        year: d.view.year,
        name: d.person.name.clone(),
        id_masked: mask_id_str(&d.person.id_number),
        unit: d.view.unit_name.clone().unwrap_or_default(),
        title_name: d.person.title_name.clone().unwrap_or_else(|| "—".into()),
        thresholds: d
            .view
            .thresholds
            .iter()
            .map(|t| ThresholdLine {
                label: if t.key == tally::Threshold::IndustryPublic {
                    format!("  其中：{}", t.label)
                } else {
                    t.label.clone()
                },
                registered: h(t.registered),
                required: h(t.required),
                met: t.met,
            })
            .collect(),
        total: h(d.view.registered.total),
        items: d
            .view
            .counted
            .iter()
            .map(|i| ItemLine {
                pathway: i.pathway_name.clone(),
                title: i.title.clone(),
                date: i.date.to_string(),
                hours: h(i.hours),
                bucket: i.bucket_label.clone(),
            })
            .collect(),
        issue_date: format!(
            "{} 年 {} 月 {} 日",
            issue_date.year(),
            issue_date.month(),
            issue_date.day()
        ),
        issuer: cert.seal_text.clone(),
        seal_text: cert.seal_text.clone(),
        seal_subtext: cert.seal_subtext.clone(),
        qr_url: cert.verify_url(number, token),
        verify_page: format!("{}/verify", cert.public_url()),
    }
}

/// Runs in the transaction of every change to a person's counted hours (from
/// `standing::refresh`): below eligibility the year's certificate is revoked now; still
/// eligible but different, a new version is marked as due.
/// Of `persons`, those holding a valid certificate of `year`.
pub async fn holders(
    db: &impl ConnectionTrait,
    persons: &[Uuid],
    year: i32,
) -> AppResult<Vec<Uuid>> {
    Ok(certificate::Entity::find()
        .select_only()
        .column(certificate::Column::PersonId)
        .filter(certificate::Column::PersonId.is_in(persons.iter().copied()))
        .filter(certificate::Column::Year.eq(year))
        .filter(certificate::Column::Status.eq(certificate::VALID))
        .into_tuple()
        .all(db)
        .await?)
}

pub async fn on_standing_change(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    year: i32,
    totals: &Totals,
) -> AppResult<()> {
    let Some(c) = valid_of(db, person_id, year).await? else {
        return Ok(());
    };
    let settings = year_settings(db, year).await?;
    if !tally::eligible(totals, &settings) {
        let reason = format!(
            "登记学时调整后，{year} 年度已登记 {} 学时，不再满足出证条件",
            hours::fmt(totals.total())
        );
        revoke_row(db, c, &reason, None).await?;
        return Ok(());
    }
    let Some(person) = person::Entity::find_by_id(person_id).one(db).await? else {
        return Ok(());
    };
    let d = draft(db, person, year).await?;
    if d.fingerprint != c.fingerprint && !c.reissue_pending {
        let mut a = c.into_active_model();
        a.reissue_pending = Set(true);
        a.update(db).await?;
    }
    Ok(())
}

async fn revoke_row(
    db: &impl ConnectionTrait,
    c: certificate::Model,
    reason: &str,
    by: Option<&Principal>,
) -> AppResult<certificate::Model> {
    let (number, year, person_id) = (c.number.clone(), c.year, c.person_id);
    let mut a = c.into_active_model();
    a.status = Set(certificate::REVOKED.into());
    a.revoked_at = Set(Some(Utc::now()));
    a.revoked_reason = Set(Some(reason.to_owned()));
    a.reissue_pending = Set(false);
    let saved = a.update(db).await?;
    let mut audit = Audit::new("certificate.revoked", "certificate")
        .entity(saved.id)
        .after(json!({ "number": number, "reason": reason }));
    if let Some(p) = by {
        audit = audit.actor(p.user.id).ip(p.ip.clone());
    }
    audit.save(db).await?;
    notify_person(
        db,
        person_id,
        None,
        "certificate.revoked",
        format!("{year} 年度学时登记证明已撤销"),
        format!("证明 {number} 已撤销：{reason}"),
    )
    .await?;
    Ok(saved)
}

/// 省学时办 revokes a certificate by hand (e.g. a fraud finding, D12), with a reason.
pub async fn revoke(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    reason: &str,
) -> AppResult<CertificateView> {
    let c = find_visible(state, p, id).await?;
    p.scope(Permission::CertificateRevoke)?;
    if c.status != certificate::VALID {
        return Err(AppError::conflict(
            "not_valid",
            format!("该证明当前为「{}」，不能撤销", status_label(&c.status)),
        ));
    }
    let txn = state.db.begin().await?;
    let saved = revoke_row(&txn, c, reason.trim(), Some(p)).await?;
    txn.commit().await?;
    view_of(state, saved).await
}

/// Produces the versions marked as due; returns how many. Called after decisions commit
/// and every few seconds by [`spawn_reissuer`] (which also covers other instances' changes).
pub async fn reissue_pending(state: &AppState) -> AppResult<usize> {
    if state.certificates.fonts().is_err() {
        return Ok(0);
    }
    let due = certificate::Entity::find()
        .filter(certificate::Column::ReissuePending.eq(true))
        .filter(certificate::Column::Status.eq(certificate::VALID))
        .order_by_asc(certificate::Column::IssuedAt)
        .limit(50)
        .all(&state.db)
        .await?;
    let mut n = 0;
    for c in due {
        let Some(person) = person::Entity::find_by_id(c.person_id)
            .one(&state.db)
            .await?
        else {
            continue;
        };
        let d = draft(&state.db, person, c.year).await?;
        if !d.eligible || d.fingerprint == c.fingerprint {
            // Revocation happens in the change's own transaction; an unchanged year needs
            // nothing new.
            certificate::Entity::update_many()
                .col_expr(certificate::Column::ReissuePending, Expr::value(false))
                .filter(certificate::Column::Id.eq(c.id))
                .exec(&state.db)
                .await?;
            continue;
        }
        match produce(state, &d, Some(&c), None).await {
            Ok(_) => n += 1,
            // Another instance got there first.
            Err(AppError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The background re-issuer of this instance.
pub fn spawn_reissuer(state: web::Data<AppState>) {
    tokio::spawn(async move {
        loop {
            let wake = state.certificates.wake.notified();
            if let Err(e) = reissue_pending(&state).await {
                tracing::warn!(error = %e, "certificate re-issue failed; will retry");
            }
            let _ = tokio::time::timeout(Duration::from_secs(3), wake).await;
        }
    });
}

/// A certificate the caller may see: their own, or a person in their scope's.
async fn find_visible(state: &AppState, p: &Principal, id: Uuid) -> AppResult<certificate::Model> {
    let c = certificate::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.user.person_id != Some(c.person_id) {
        // Someone else's certificate does not exist for a caller who sees no persons.
        p.scope(Permission::PersonView)
            .map_err(|_| AppError::NotFound)?;
        people::find_in_scope(&state.db, p, Permission::PersonView, c.person_id).await?;
    }
    Ok(c)
}

pub async fn get(state: &AppState, p: &Principal, id: Uuid) -> AppResult<CertificateView> {
    let c = find_visible(state, p, id).await?;
    view_of(state, c).await
}

/// Certificates the caller may see: their own, or those of persons in their scope.
pub async fn list(
    state: &AppState,
    p: &Principal,
    f: CertificateFilter,
) -> AppResult<CertificatePage> {
    let db = &state.db;
    let (page, page_size) = paging(f.page, f.page_size);
    let mut cond = Condition::all();
    match p.scope(Permission::PersonView) {
        Ok(scope) => {
            let persons = people::filter_condition(
                db,
                &scope,
                &crate::people::model::PersonFilter {
                    unit_id: f.unit_id,
                    ..Default::default()
                },
            )
            .await?;
            cond = cond.add(
                certificate::Column::PersonId.in_subquery(
                    Query::select()
                        .column(person::Column::Id)
                        .from(person::Entity)
                        .cond_where(persons)
                        .to_owned(),
                ),
            );
        }
        Err(_) => {
            let own = p
                .user
                .person_id
                .ok_or_else(|| AppError::forbidden("forbidden", "无权查看学时登记证明"))?;
            cond = cond.add(certificate::Column::PersonId.eq(own));
        }
    }
    if let Some(y) = f.year {
        cond = cond.add(certificate::Column::Year.eq(y));
    }
    if let Some(id) = f.person_id {
        cond = cond.add(certificate::Column::PersonId.eq(id));
    }
    match f.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s @ (certificate::VALID | certificate::REVOKED | certificate::SUPERSEDED)) => {
            cond = cond.add(certificate::Column::Status.eq(s));
        }
        Some(_) => {
            return Err(AppError::bad_request(
                "bad_status",
                "status 应为 valid、revoked 或 superseded",
            ));
        }
        None => {}
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        cond = cond.add(
            Condition::any()
                .add(certificate::Column::PersonName.contains(q))
                .add(certificate::Column::Number.eq(q.to_uppercase())),
        );
    }
    let query = certificate::Entity::find()
        .filter(cond)
        .order_by_desc(certificate::Column::IssuedAt)
        .order_by_desc(certificate::Column::Id);
    let total = query.clone().count(db).await?;
    let rows = query
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(db)
        .await?;
    let next = successors(db, &rows).await?;
    let items = rows
        .into_iter()
        .map(|c| view_with(state, c, &next))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(CertificatePage {
        items,
        total,
        page,
        page_size,
    })
}

pub fn public_key(state: &AppState) -> PublicKey {
    let key = &state.certificates.key;
    PublicKey {
        algorithm: "Ed25519".into(),
        key_id: key.key_id(),
        public_key: key.public_base64(),
        token_format:
            "base64url(payload JSON) + \".\" + base64url(Ed25519 signature of the payload bytes); \
                       payload keys: n number, v version, y year, nm masked name, \
                       h [total, 专业, 公需, 行业公需] in tenths of an hour, d issue date, \
                       c base64url(first 12 bytes of SHA-256 of the signed content), k key id"
                .into(),
    }
}

/// The public check of a number (and, when scanned, its QR token). Rate limited per client
/// address with the verification log itself, so the limit holds across instances.
pub async fn verify(
    state: &AppState,
    number: &str,
    token: Option<&str>,
    ip: Option<String>,
    user_agent: Option<String>,
) -> AppResult<Verification> {
    let db = &state.db;
    let limit = u64::from(state.certificates.verify_per_minute);
    let recent = verification::Entity::find()
        .filter(match &ip {
            Some(ip) => verification::Column::Ip.eq(ip.clone()),
            None => verification::Column::Ip.is_null(),
        })
        .filter(verification::Column::At.gt(Utc::now() - chrono::Duration::seconds(60)))
        .count(db)
        .await?;
    if recent >= limit {
        return Err(AppError::TooManyRequests {
            code: "too_many_verifications",
            detail: "查询过于频繁，请一分钟后再试".into(),
            retry_after_seconds: 60,
        });
    }
    let number: String = number.trim().to_uppercase().chars().take(64).collect();
    let found = certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number.clone()))
        .one(db)
        .await?;
    let (token_valid, token_message) = match (token.filter(|t| !t.is_empty()), &found) {
        (None, _) | (_, None) => (None, None),
        (Some(t), Some(c)) => {
            let ok = signing::verify_token(&state.certificates.key.public(), t)
                .ok()
                .filter(|p| {
                    p.n == c.number && p.v == c.version && p.c == content_digest(&c.content)
                });
            match ok {
                Some(_) => (Some(true), Some("二维码签名有效，与本证明一致".to_owned())),
                None => (
                    Some(false),
                    Some("二维码签名无效或与本证明不符：该证明可能被篡改".to_owned()),
                ),
            }
        }
    };
    verification::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(Utc::now()),
        ip: Set(ip),
        number: Set(number.clone()),
        certificate_id: Set(found.as_ref().map(|c| c.id)),
        outcome: Set(found
            .as_ref()
            .map_or("not_found", |c| c.status.as_str())
            .to_owned()),
        token_valid: Set(token_valid),
        user_agent: Set(user_agent.map(|u| u.chars().take(200).collect())),
    }
    .insert(db)
    .await?;
    let c = found.ok_or(AppError::NotFound)?;
    let superseded_by_number = successors(db, std::slice::from_ref(&c))
        .await?
        .into_values()
        .next();
    Ok(Verification {
        status_label: status_label(&c.status).into(),
        person_name_masked: mask_name(&c.person_name),
        registered: buckets(&c.totals()),
        number: c.number,
        status: c.status,
        version: c.version,
        id_number_masked: c.id_masked,
        unit_name: c.unit_name,
        year: c.year,
        issued_at: c.issued_at,
        superseded_by_number,
        revoked_at: c.revoked_at,
        revoked_reason: c.revoked_reason,
        token_valid,
        token_message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_random_and_well_formed() {
        let a = new_number(2026);
        let b = new_number(2026);
        assert_ne!(a, b);
        assert_eq!(a.len(), "ZJ2026-XXXX-XXXX-XXXX".len());
        assert!(a.starts_with("ZJ2026-"));
        assert!(a[7..].bytes().all(|c| c == b'-' || ALPHABET.contains(&c)));
    }

    #[test]
    fn names_keep_first_and_last() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张三丰"), "张*丰");
        assert_eq!(mask_name("欧阳小明"), "欧**明");
    }
}
