//! Keeping and reading standings. [`refresh`] recounts one person's year from its items and
//! runs inside the transaction of every change that can move it, so the kept totals never
//! lag the claims; reads then cost one row, and the list one join.

use std::collections::HashMap;

use chrono::{Datelike, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{
        Alias, Expr, ExprTrait, Func, OnConflict, Order, Query, SelectStatement, SimpleExpr,
    },
};
use uuid::Uuid;

use super::{
    entity as standing,
    model::{
        BucketHours, Source, StandingFilter, StandingItem, StandingPage, StandingRow, StandingView,
    },
    tally::{self, Threshold, Totals},
};
use crate::{
    app::AppState,
    auth::{Permission, Principal},
    calendar,
    claims::{State, claim},
    classes::entity::record as class_record,
    error::{AppError, AppResult},
    fields::{clean, paging},
    hours::Hours,
    orgs::unit,
    people::{mask_id_str, model::PersonFilter, person, service as people},
    rules::{rule, service::year_settings},
    sync::entity::record as online_record,
};

/// The claim states that show in a standing: counted (D4), or apart while under review.
const SHOWN: [State; 4] = [
    State::ProvinceConfirmed,
    State::UnitRecognised,
    State::SubApproved,
    State::Submitted,
];

/// The hours a claim stands for now: what a reviewer recognised, else what was claimed.
fn hours_of(c: &claim::Model) -> i32 {
    c.recognised_hours.unwrap_or(c.claimed_hours)
}

/// Recounts `person`'s `year` and stores it. Call it in the transaction of the change.
pub async fn refresh(db: &impl ConnectionTrait, person: Uuid, year: i32) -> AppResult<()> {
    refresh_many(db, &[person], year).await
}

/// Persons per statement: IN lists and multi-row upserts stay below the parameter limits.
const REFRESH_CHUNK: usize = 1000;

#[derive(Default)]
struct Count {
    t: Totals,
    pending: i32,
    in_review: i32,
    counted: i32,
}

/// Recounts the `year` of many persons at once (a posted roster): a few set queries per
/// thousand persons, whatever the number of items. Call it in the transaction of the change.
pub async fn refresh_many(db: &impl ConnectionTrait, persons: &[Uuid], year: i32) -> AppResult<()> {
    for chunk in persons.chunks(REFRESH_CHUNK) {
        let mut counts: HashMap<Uuid, Count> =
            chunk.iter().map(|p| (*p, Count::default())).collect();
        let claims: Vec<(Uuid, State, rule::Category, i32, Option<i32>)> = claim::Entity::find()
            .select_only()
            .column(claim::Column::PersonId)
            .column(claim::Column::State)
            .column(claim::Column::Category)
            .column(claim::Column::ClaimedHours)
            .column(claim::Column::RecognisedHours)
            .filter(claim::Column::PersonId.is_in(chunk.iter().copied()))
            .filter(claim::Column::Year.eq(year))
            .filter(claim::Column::State.is_in(SHOWN))
            .into_tuple()
            .all(db)
            .await?;
        for (person, state, category, claimed, recognised) in claims {
            let c = counts.entry(person).or_default();
            let h = recognised.unwrap_or(claimed);
            match state {
                State::ProvinceConfirmed => {
                    c.t.add(category, h);
                    c.counted += 1;
                }
                State::UnitRecognised => c.pending += h,
                _ => c.in_review += h,
            }
        }
        let classes: Vec<(Uuid, i32, i32, i32)> = class_record::Entity::find()
            .select_only()
            .column(class_record::Column::PersonId)
            .column(class_record::Column::Professional)
            .column(class_record::Column::IndustryPublic)
            .column(class_record::Column::GeneralPublic)
            .filter(class_record::Column::PersonId.is_in(chunk.iter().copied()))
            .filter(class_record::Column::Year.eq(year))
            .filter(class_record::Column::State.eq(class_record::POSTED))
            .into_tuple()
            .all(db)
            .await?;
        for (person, professional, industry, general) in classes {
            let c = counts.entry(person).or_default();
            c.t.professional += professional;
            c.t.industry_public += industry;
            c.t.general_public += general;
            c.counted += 1;
        }
        let online: Vec<(Uuid, rule::Category, i32)> = online_record::Entity::find()
            .select_only()
            .column(online_record::Column::PersonId)
            .column(online_record::Column::Category)
            .column(online_record::Column::Hours)
            .filter(online_record::Column::PersonId.is_in(chunk.iter().copied()))
            .filter(online_record::Column::Year.eq(year))
            .filter(online_record::Column::State.eq(online_record::SYNCED))
            .into_tuple()
            .all(db)
            .await?;
        for (person, category, hours) in online {
            let c = counts.entry(person).or_default();
            c.t.add(category, hours);
            c.counted += 1;
        }
        let now = Utc::now();
        let rows = chunk.iter().map(|p| {
            let c = &counts[p];
            standing::ActiveModel {
                person_id: Set(*p),
                year: Set(year),
                professional: Set(c.t.professional),
                industry_public: Set(c.t.industry_public),
                general_public: Set(c.t.general_public),
                total: Set(c.t.total()),
                pending_review: Set(c.pending),
                in_review: Set(c.in_review),
                counted_items: Set(c.counted),
                updated_at: Set(now),
            }
        });
        use standing::Column as C;
        standing::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([C::PersonId, C::Year])
                    .update_columns([
                        C::Professional,
                        C::IndustryPublic,
                        C::GeneralPublic,
                        C::Total,
                        C::PendingReview,
                        C::InReview,
                        C::CountedItems,
                        C::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(db)
            .await?;
        // A certificate of this year may now be revoked or due a new version.
        for person in crate::certificates::service::holders(db, chunk, year).await? {
            crate::certificates::service::on_standing_change(db, person, year, &counts[&person].t)
                .await?;
        }
    }
    Ok(())
}

/// Adds newly counted hours to kept standings in one statement per thousand persons: the
/// fast path of a sync push, where most records are new. Persons without a kept row yet, and
/// holders of a certificate of the year (which may need a new version), are recounted in full
/// instead, so the totals equal a recount either way. Call it in the transaction of the change.
pub async fn add_many(
    db: &impl ConnectionTrait,
    year: i32,
    added: &HashMap<Uuid, (Totals, i32)>,
) -> AppResult<()> {
    // In key order, so concurrent writers lock the kept rows alike (no deadlock).
    let mut persons: Vec<Uuid> = added.keys().copied().collect();
    persons.sort_unstable();
    for chunk in persons.chunks(REFRESH_CHUNK) {
        let kept: std::collections::HashSet<Uuid> = standing::Entity::find()
            .select_only()
            .column(standing::Column::PersonId)
            .filter(standing::Column::PersonId.is_in(chunk.iter().copied()))
            .filter(standing::Column::Year.eq(year))
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let holders: std::collections::HashSet<Uuid> =
            crate::certificates::service::holders(db, chunk, year)
                .await?
                .into_iter()
                .collect();
        let (fast, slow): (Vec<Uuid>, Vec<Uuid>) = chunk
            .iter()
            .partition(|p| kept.contains(p) && !holders.contains(p));
        refresh_many(db, &slow, year).await?;
        if fast.is_empty() {
            continue;
        }
        let now = Utc::now();
        let rows = fast.iter().map(|p| {
            let (t, n) = &added[p];
            standing::ActiveModel {
                person_id: Set(*p),
                year: Set(year),
                professional: Set(t.professional),
                industry_public: Set(t.industry_public),
                general_public: Set(t.general_public),
                total: Set(t.total()),
                pending_review: Set(0),
                in_review: Set(0),
                counted_items: Set(*n),
                updated_at: Set(now),
            }
        });
        use standing::Column as C;
        let plus =
            |c: C| Expr::col((standing::Entity, c)).add(Expr::col((Alias::new("excluded"), c)));
        standing::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([C::PersonId, C::Year])
                    .value(C::Professional, plus(C::Professional))
                    .value(C::IndustryPublic, plus(C::IndustryPublic))
                    .value(C::GeneralPublic, plus(C::GeneralPublic))
                    .value(C::Total, plus(C::Total))
                    .value(C::CountedItems, plus(C::CountedItems))
                    .update_column(C::UpdatedAt)
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

pub fn buckets(t: &Totals) -> BucketHours {
    BucketHours {
        professional: Hours(t.professional),
        industry_public: Hours(t.industry_public),
        general_public: Hours(t.general_public),
        public: Hours(t.public()),
        total: Hours(t.total()),
    }
}

pub fn year_or_now(year: Option<i32>) -> AppResult<i32> {
    let y = year.unwrap_or_else(|| calendar::today().year());
    if (2000..=2100).contains(&y) {
        Ok(y)
    } else {
        Err(AppError::bad_request("bad_year", "年度应在 2000–2100 之间"))
    }
}

/// The caller's own year.
pub async fn mine(state: &AppState, p: &Principal, year: Option<i32>) -> AppResult<StandingView> {
    let id = p
        .user
        .person_id
        .ok_or_else(|| AppError::forbidden("not_a_person", "只有专业技术人员本人有学时档案"))?;
    let person = person::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    view(&state.db, person, year_or_now(year)?).await
}

/// A person's year, for themselves or an admin whose scope holds the person's unit.
pub async fn of_person(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    year: Option<i32>,
) -> AppResult<StandingView> {
    if p.user.person_id == Some(id) {
        return mine(state, p, year).await;
    }
    let (person, _) = people::find_in_scope(&state.db, p, Permission::PersonView, id).await?;
    view(&state.db, person, year_or_now(year)?).await
}

/// A person's year as shown and as certified; any connection, so a transaction sees its own
/// changes.
pub async fn view(
    db: &impl ConnectionTrait,
    person: person::Model,
    year: i32,
) -> AppResult<StandingView> {
    let kept = standing::Entity::find_by_id((person.id, year))
        .one(db)
        .await?;
    let t = kept.as_ref().map_or_else(Totals::default, |s| Totals {
        professional: s.professional,
        industry_public: s.industry_public,
        general_public: s.general_public,
    });
    let settings = year_settings(db, year).await?;
    let checks = tally::checks(&t, &settings);
    let claims = claim::Entity::find()
        .filter(claim::Column::PersonId.eq(person.id))
        .filter(claim::Column::Year.eq(year))
        .filter(claim::Column::State.is_in(SHOWN))
        .order_by_asc(claim::Column::EndDate)
        .order_by_asc(claim::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = rule::Entity::find()
        .filter(rule::Column::Id.is_in(claims.iter().map(|c| c.rule_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let (counted, pending): (Vec<_>, Vec<_>) = claims
        .into_iter()
        .map(|c| StandingItem {
            source: Source::Claim,
            id: c.id,
            pathway_name: names.get(&c.rule_id).cloned().unwrap_or_default(),
            pathway_code: c.pathway_code.clone(),
            title: c.title.clone(),
            date: c.end_date,
            hours: Hours(hours_of(&c)),
            bucket: c.category,
            bucket_label: c.category.label().into(),
            state: c.state,
            state_label: c.state.label().into(),
        })
        .partition(|i| i.state == State::ProvinceConfirmed);
    let mut counted = counted;
    counted.extend(class_items(db, person.id, year).await?);
    counted.extend(online_items(db, person.id, year).await?);
    counted.sort_by_key(|i| i.date);
    let unit_name = match person.unit_id {
        Some(u) => unit::Entity::find_by_id(u).one(db).await?.map(|u| u.name),
        None => None,
    };
    Ok(StandingView {
        person_id: person.id,
        person_name: person.name,
        unit_name,
        year,
        registered: buckets(&t),
        met: checks.iter().all(|c| c.met),
        certificate_eligible: tally::eligible(&t, &settings),
        thresholds: checks,
        pending_review: Hours(kept.as_ref().map_or(0, |s| s.pending_review)),
        in_review: Hours(kept.as_ref().map_or(0, |s| s.in_review)),
        counted,
        pending,
    })
}

/// P1 in the catalogue: hours of a class recognised as a whole and posted from its roster.
const CLASS_PATHWAY: (&str, &str) = ("P1", "统一认定的培训班");

/// The person's posted class records of the year, one item per bucket the class filled.
async fn class_items(
    db: &impl ConnectionTrait,
    person: Uuid,
    year: i32,
) -> AppResult<Vec<StandingItem>> {
    use crate::classes::entity::class;
    let records = class_record::Entity::find()
        .filter(class_record::Column::PersonId.eq(person))
        .filter(class_record::Column::Year.eq(year))
        .filter(class_record::Column::State.eq(class_record::POSTED))
        .all(db)
        .await?;
    let classes: HashMap<Uuid, class::Model> = class::Entity::find()
        .filter(class::Column::Id.is_in(records.iter().map(|r| r.class_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut items = Vec::new();
    for r in records {
        let Some(c) = classes.get(&r.class_id) else {
            continue;
        };
        for (bucket, hours) in [
            (rule::Category::Professional, r.professional),
            (rule::Category::IndustryPublic, r.industry_public),
            (rule::Category::GeneralPublic, r.general_public),
        ] {
            if hours > 0 {
                items.push(StandingItem {
                    source: Source::Class,
                    id: c.id,
                    pathway_code: CLASS_PATHWAY.0.into(),
                    pathway_name: CLASS_PATHWAY.1.into(),
                    title: c.name.clone(),
                    date: c.end_date,
                    hours: Hours(hours),
                    bucket,
                    bucket_label: bucket.label().into(),
                    state: State::Posted,
                    state_label: State::Posted.label().into(),
                });
            }
        }
    }
    Ok(items)
}

/// P3 in the catalogue: courses of the sector's 网络教育系统, synced without proof.
const ONLINE_PATHWAY: (&str, &str) = ("P3", "网络学习");

/// The person's synced online records of the year.
async fn online_items(
    db: &impl ConnectionTrait,
    person: Uuid,
    year: i32,
) -> AppResult<Vec<StandingItem>> {
    Ok(online_record::Entity::find()
        .filter(online_record::Column::PersonId.eq(person))
        .filter(online_record::Column::Year.eq(year))
        .filter(online_record::Column::State.eq(online_record::SYNCED))
        .order_by_asc(online_record::Column::CompletedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|r| StandingItem {
            source: Source::Online,
            id: r.id,
            pathway_code: ONLINE_PATHWAY.0.into(),
            pathway_name: ONLINE_PATHWAY.1.into(),
            title: r.course_name,
            date: r.completed_at.with_timezone(&calendar::zone()).date_naive(),
            hours: Hours(r.hours),
            bucket: r.category,
            bucket_label: r.category.label().into(),
            state: State::Synced,
            state_label: State::Synced.label().into(),
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
pub struct ListRow {
    pub id: Uuid,
    pub name: String,
    pub id_number: String,
    pub unit_id: Option<Uuid>,
    pub title_name: Option<String>,
    pub professional: i32,
    pub industry_public: i32,
    pub general_public: i32,
    pub pending_review: i32,
}

impl ListRow {
    pub fn totals(&self) -> Totals {
        Totals {
            professional: self.professional,
            industry_public: self.industry_public,
            general_public: self.general_public,
        }
    }
}

/// `COALESCE(standings.<col>, 0)`: a person without a row has no hours yet.
fn kept(col: standing::Column) -> SimpleExpr {
    Func::coalesce([Expr::col((standing::Entity, col)), Expr::val(0)]).into()
}

fn registered(t: Threshold) -> SimpleExpr {
    use standing::Column as C;
    match t {
        Threshold::Total => kept(C::Total),
        Threshold::Professional => kept(C::Professional),
        Threshold::Public => kept(C::IndustryPublic).add(kept(C::GeneralPublic)),
        Threshold::IndustryPublic => kept(C::IndustryPublic),
    }
}

/// Persons in scope joined with their year's standing, filtered; one statement for the
/// page, the count and the export alike.
pub async fn query(
    db: &DatabaseConnection,
    p: &Principal,
    permission: Permission,
    f: &StandingFilter,
) -> AppResult<(i32, SelectStatement, SimpleExpr)> {
    let year = year_or_now(f.year)?;
    let scope = p.scope(permission)?;
    let persons = PersonFilter {
        unit_id: f.unit_id,
        name: f.q.as_deref().map(clean),
        // Staff the unit has confirmed; a pending registration is not yet theirs to chase.
        affiliation: Some(person::CONFIRMED.into()),
        ..PersonFilter::default()
    };
    let cond = people::filter_condition(db, &scope, &persons).await?;
    let settings = year_settings(db, year).await?;
    let short = |t: Threshold| registered(t).lt(t.required(&settings));
    let unmet = Threshold::ALL
        .into_iter()
        .fold(Condition::any(), |c, t| c.add(short(t)));
    let met_expr: SimpleExpr = Condition::all().add(unmet.clone()).not().into();
    let mut filter = Condition::all().add(cond);
    match f.status.as_deref() {
        Some("unmet") => filter = filter.add(unmet),
        Some("met") => filter = filter.add(met_expr.clone()),
        None | Some("") => {}
        Some(_) => {
            return Err(AppError::bad_request(
                "bad_status",
                "status 应为 met 或 unmet",
            ));
        }
    }
    if let Some(s) = f.short.as_deref().filter(|s| !s.is_empty()) {
        let t = Threshold::parse(s).ok_or_else(|| {
            AppError::bad_request(
                "bad_short",
                "short 应为 total、professional、public 或 industry_public",
            )
        })?;
        filter = filter.add(short(t));
    }
    use standing::Column as C;
    let mut q = Query::select();
    q.from(person::Entity)
        .left_join(
            standing::Entity,
            Condition::all()
                .add(
                    Expr::col((standing::Entity, C::PersonId))
                        .equals((person::Entity, person::Column::Id)),
                )
                .add(Expr::col((standing::Entity, C::Year)).eq(year)),
        )
        .cond_where(filter);
    Ok((year, q, met_expr))
}

/// The list's rows in order: the furthest from 90 first, then by name.
pub fn rows_of(mut q: SelectStatement) -> SelectStatement {
    use standing::Column as C;
    q.columns([
        (person::Entity, person::Column::Id),
        (person::Entity, person::Column::Name),
        (person::Entity, person::Column::IdNumber),
        (person::Entity, person::Column::UnitId),
        (person::Entity, person::Column::TitleName),
    ])
    .expr_as(kept(C::Professional), Alias::new("professional"))
    .expr_as(kept(C::IndustryPublic), Alias::new("industry_public"))
    .expr_as(kept(C::GeneralPublic), Alias::new("general_public"))
    .expr_as(kept(C::PendingReview), Alias::new("pending_review"))
    .order_by_expr(kept(C::Total), Order::Asc)
    .order_by((person::Entity, person::Column::Name), Order::Asc)
    .order_by((person::Entity, person::Column::Id), Order::Asc);
    q
}

pub async fn unit_names(
    db: &DatabaseConnection,
    rows: &[ListRow],
) -> AppResult<HashMap<Uuid, String>> {
    Ok(unit::Entity::find()
        .filter(unit::Column::Id.is_in(rows.iter().filter_map(|r| r.unit_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

pub fn row_view(
    r: ListRow,
    settings: &crate::rules::year::Model,
    units: &HashMap<Uuid, String>,
) -> StandingRow {
    let t = r.totals();
    let checks = tally::checks(&t, settings);
    StandingRow {
        id_number_masked: mask_id_str(&r.id_number),
        unit_name: r.unit_id.and_then(|u| units.get(&u).cloned()),
        registered: buckets(&t),
        pending_review: Hours(r.pending_review),
        met: checks.iter().all(|c| c.met),
        short: checks
            .iter()
            .filter(|c| !c.met)
            .map(|c| c.label.clone())
            .collect(),
        person_id: r.id,
        name: r.name,
        unit_id: r.unit_id,
        title_name: r.title_name,
    }
}

#[derive(Debug, FromQueryResult)]
struct Counts {
    total: i64,
    met: Option<i64>,
}

/// The unit standing list (RP2) of the caller's scope.
pub async fn list(state: &AppState, p: &Principal, f: StandingFilter) -> AppResult<StandingPage> {
    let db = &state.db;
    let (page, page_size) = paging(f.page, f.page_size);
    let (year, base, met) = query(db, p, Permission::PersonView, &f).await?;
    let backend = db.get_database_backend();
    let mut count = base.clone();
    count
        .expr_as(
            Func::count(Expr::col((person::Entity, person::Column::Id))),
            Alias::new("total"),
        )
        .expr_as(Func::sum(Expr::case(met, 1).finally(0)), Alias::new("met"));
    let counts = Counts::find_by_statement(backend.build(&count))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut q = rows_of(base);
    q.offset((page - 1) * page_size).limit(page_size);
    let rows = ListRow::find_by_statement(backend.build(&q))
        .all(db)
        .await?;
    let units = unit_names(db, &rows).await?;
    let settings = year_settings(db, year).await?;
    Ok(StandingPage {
        year,
        items: rows
            .into_iter()
            .map(|r| row_view(r, &settings, &units))
            .collect(),
        total: u64::try_from(counts.total).unwrap_or(0),
        page,
        page_size,
        met_count: u64::try_from(counts.met.unwrap_or(0)).unwrap_or(0),
    })
}
