//! Reading back and reconciling: what we hold from a platform for one person and year (the
//! platform asks), and for a whole year, optionally one unit's subtree, every person whose
//! received and registered hours differ (省学时办 asks).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    entity::{call, client, record},
    keys::Platform,
    model::{HeldRecord, Holdings, ReconcileQuery, ReconcileRow, Reconciliation},
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal},
    error::{AppError, AppResult},
    fields::id_error_code,
    hours::Hours,
    orgs::unit,
    people::{IdNumber, mask_id_str, person},
};

/// Most difference rows listed at once; the counts cover all.
const MAX_ROWS: usize = 1000;

pub async fn holdings(
    state: &AppState,
    platform: &Platform,
    platform_id: Uuid,
    id_number: &str,
    year: i32,
) -> AppResult<Holdings> {
    platform.require(platform_id)?;
    let id = IdNumber::parse(id_number)
        .map_err(|e| AppError::invalid("id_number", id_error_code(e), e.message()))?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid(
            "year",
            "bad_year",
            "年度应在 2000–2100 之间",
        ));
    }
    platform.admit(&state.db, state.sync_per_minute).await?;
    let rows = record::Entity::find()
        .filter(record::Column::ClientId.eq(platform.client.id))
        .filter(record::Column::IdNumber.eq(id.as_str()))
        .filter(record::Column::Year.eq(year))
        .order_by_asc(record::Column::CompletedAt)
        .all(&state.db)
        .await?;
    let person_known = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::IdNumber.eq(id.as_str()))
        .into_tuple::<Uuid>()
        .one(&state.db)
        .await?
        .is_some();
    let received = rows.iter().map(|r| r.hours).sum();
    let registered = rows
        .iter()
        .filter(|r| r.state == record::SYNCED)
        .map(|r| r.hours)
        .sum();
    let txn = state.db.begin().await?;
    platform
        .log(&txn, Uuid::now_v7(), call::READ, rows.len(), None)
        .await?;
    Audit::new("sync.read", "sync_client")
        .entity(platform.client.id)
        .after(json!({ "client": platform.client.name, "id_number": id.masked(), "year": year, "records": rows.len() }))
        .ip(platform.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(Holdings {
        id_number_masked: id.masked(),
        year,
        person_known,
        received: Hours(received),
        registered: Hours(registered),
        records: rows
            .into_iter()
            .map(|r| HeldRecord {
                external_id: r.external_id,
                course_id: r.course_id,
                course_name: r.course_name,
                category: r.category,
                hours: Hours(r.hours),
                completed_at: r.completed_at,
                revision: r.revision,
                state: r.state,
                reason_code: r.reason_code,
                version: r.version,
            })
            .collect(),
    })
}

#[derive(Default)]
struct Acc {
    name: String,
    person_id: Option<Uuid>,
    records: u64,
    received: i64,
    registered: i64,
    unmatched: u64,
    revoked: u64,
    dismissed: u64,
}

/// Per person of the platform's year (or of one unit's subtree): received against
/// registered, with every difference listed.
pub async fn reconcile(
    state: &AppState,
    p: &Principal,
    q: ReconcileQuery,
) -> AppResult<Reconciliation> {
    let scope = p.scope(Permission::SyncView)?;
    let db = &state.db;
    let c = client::Entity::find_by_id(q.client_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = || {
        record::Entity::find()
            .select_only()
            .column(record::Column::IdNumber)
            .column(record::Column::Name)
            .column(record::Column::PersonId)
            .column(record::Column::State)
            .column(record::Column::Hours)
            .filter(record::Column::ClientId.eq(c.id))
            .filter(record::Column::Year.eq(q.year))
    };
    type Row = (String, String, Option<Uuid>, String, i32);
    let mut rows: Vec<Row> = Vec::new();
    if let Some(unit_id) = q.unit_id {
        let u = unit::Entity::find_by_id(unit_id)
            .one(db)
            .await?
            .filter(|u| scope.contains(&u.path))
            .ok_or(AppError::NotFound)?;
        // The unit's persons by 身份证号, so parked records of its staff are found too.
        let units: Vec<Uuid> = unit::Entity::find()
            .select_only()
            .column(unit::Column::Id)
            .filter(unit::Column::Path.gte(u.path.clone()))
            .filter(unit::Column::Path.lt(unit::subtree_upper(&u.path)))
            .into_tuple()
            .all(db)
            .await?;
        let mut numbers: Vec<String> = Vec::new();
        for chunk in units.chunks(1000) {
            numbers.extend(
                person::Entity::find()
                    .select_only()
                    .column(person::Column::IdNumber)
                    .filter(person::Column::UnitId.is_in(chunk.iter().copied()))
                    .into_tuple::<String>()
                    .all(db)
                    .await?,
            );
        }
        for chunk in numbers.chunks(1000) {
            rows.extend(
                base()
                    .filter(record::Column::IdNumber.is_in(chunk.iter().cloned()))
                    .into_tuple::<Row>()
                    .all(db)
                    .await?,
            );
        }
    } else {
        rows = base().into_tuple().all(db).await?;
    }
    let mut by_person: HashMap<String, Acc> = HashMap::new();
    let (mut received, mut registered, mut records) = (0i64, 0i64, 0u64);
    for (number, name, person_id, st, hours) in rows {
        let a = by_person.entry(number).or_default();
        a.name = name;
        a.person_id = a.person_id.or(person_id);
        a.records += 1;
        a.received += i64::from(hours);
        received += i64::from(hours);
        records += 1;
        match st.as_str() {
            record::SYNCED => {
                a.registered += i64::from(hours);
                registered += i64::from(hours);
            }
            record::UNMATCHED => a.unmatched += 1,
            record::REVOKED => a.revoked += 1,
            _ => a.dismissed += 1,
        }
    }
    let persons = by_person.len() as u64;
    let mut differing: Vec<(String, Acc)> = by_person
        .into_iter()
        .filter(|(_, a)| a.received != a.registered)
        .collect();
    let differing_persons = differing.len() as u64;
    differing.sort_by(|(na, a), (nb, b)| {
        (b.received - b.registered)
            .cmp(&(a.received - a.registered))
            .then_with(|| na.cmp(nb))
    });
    differing.truncate(MAX_ROWS);
    let person_units: HashMap<Uuid, Option<Uuid>> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::UnitId)
        .filter(person::Column::Id.is_in(differing.iter().filter_map(|(_, a)| a.person_id)))
        .into_tuple::<(Uuid, Option<Uuid>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let unit_names: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(person_units.values().flatten().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let tenths = |v: i64| Hours(i32::try_from(v).unwrap_or(i32::MAX));
    Ok(Reconciliation {
        client_id: c.id,
        client_name: c.name,
        year: q.year,
        unit_id: q.unit_id,
        persons,
        records,
        received: tenths(received),
        registered: tenths(registered),
        differing_persons,
        differences: differing
            .into_iter()
            .map(|(number, a)| ReconcileRow {
                id_number_masked: mask_id_str(&number),
                unit_name: a
                    .person_id
                    .and_then(|p| person_units.get(&p).copied().flatten())
                    .and_then(|u| unit_names.get(&u).cloned()),
                name: a.name,
                person_id: a.person_id,
                records: a.records,
                received: tenths(a.received),
                registered: tenths(a.registered),
                difference: tenths(a.received - a.registered),
                unmatched: a.unmatched,
                revoked: a.revoked,
                dismissed: a.dismissed,
            })
            .collect(),
    })
}
