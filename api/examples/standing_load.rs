//! Loads `persons` confirmed persons into 建工集团 (demo unit) with `claims` claims each in
//! mixed states for the current year, then recounts every standing, for `bench/standing.sh`:
//! `cargo run --release -p xueshi --example standing_load -- <database_url> 1000 30`.
//! Prints the id of the first loaded person (the one the benchmark reads).

use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;
use xueshi::{
    calendar::today,
    claims::{State, claim},
    orgs::unit,
    people::person,
    rules::service::in_force,
    standing,
};

mod support;

fn id_number(n: u64) -> String {
    support::id_number(
        "330106",
        NaiveDate::from_ymd_opt(1975, 1, 1).unwrap_or_default(),
        n,
    )
}

const STATES: [State; 10] = [
    State::ProvinceConfirmed,
    State::ProvinceConfirmed,
    State::ProvinceConfirmed,
    State::ProvinceConfirmed,
    State::ProvinceConfirmed,
    State::ProvinceConfirmed,
    State::UnitRecognised,
    State::Submitted,
    State::Returned,
    State::Draft,
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("usage: standing_load <db> <persons> <claims>"))?;
    let persons: u64 = args.get(2).map_or(Ok(1000), |s| s.parse())?;
    let per: u64 = args.get(3).map_or(Ok(30), |s| s.parse())?;
    let db = xueshi::db::connect(url).await?;
    let u = unit::Entity::find()
        .filter(unit::Column::Code.eq("91330000142937230K"))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("start the server once with demo data first"))?;
    let day = today() - Duration::days(20);
    let mut rules = Vec::new();
    for code in ["P2", "P4", "P7", "P13"] {
        rules.push(
            in_force(&db, code, day)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{code}"))?,
        );
    }
    let now = Utc::now();
    let mut first = None;
    for chunk in (0..persons).collect::<Vec<_>>().chunks(100) {
        let mut people = Vec::new();
        let mut claims = Vec::new();
        for &n in chunk {
            let pid = Uuid::now_v7();
            first.get_or_insert(pid);
            let id = id_number(n);
            people.push(support::person(pid, &id, format!("压测{n}"), u.id, now)?);
            for k in 0..per {
                let rule = &rules[(k % 4) as usize];
                let state = STATES[(k % 10) as usize];
                let hours = 20 + (k as i32 % 5) * 10;
                let recognised = matches!(state, State::ProvinceConfirmed | State::UnitRecognised)
                    .then_some(hours);
                claims.push(claim::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    person_id: Set(pid),
                    unit_id: Set(u.id),
                    unit_path: Set(u.path.clone()),
                    year: Set(day.year()),
                    pathway_code: Set(rule.code.clone()),
                    rule_id: Set(rule.id),
                    category: Set(rule.category),
                    title: Set(format!("压测活动 {k}")),
                    activity_key: Set(Some(format!("{}|{day}|压测活动{k}", rule.code))),
                    organiser: Set(None),
                    start_date: Set(None),
                    end_date: Set(day),
                    actual_hours: Set(None),
                    characters: Set(None),
                    level: Set(None),
                    rank: Set(None),
                    claimed_hours: Set(hours),
                    recognised_hours: Set(recognised),
                    description: Set("压测".into()),
                    evidence_note: Set(None),
                    declared: Set(true),
                    state: Set(state),
                    flagged: Set(false),
                    conflict_class_id: Set(None),
                    chain: Set(None),
                    step_index: Set(None),
                    awaiting_unit_id: Set(None),
                    awaiting_since: Set(None),
                    lock_version: Set(1),
                    submitted_at: Set(Some(now)),
                    created_at: Set(now),
                    updated_at: Set(now),
                });
            }
        }
        person::Entity::insert_many(people).exec(&db).await?;
        for batch in claims.chunks(500) {
            claim::Entity::insert_many(batch.to_vec()).exec(&db).await?;
        }
    }
    // Recount every loaded person's year, as the server does after each change.
    let loaded: Vec<Uuid> = person::Entity::find()
        .filter(person::Column::Name.starts_with("压测"))
        .all(&db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    for pid in &loaded {
        standing::refresh(&db, *pid, day.year()).await?;
    }
    println!("{}", first.unwrap_or_default());
    Ok(())
}
