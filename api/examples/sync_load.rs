//! The sync benchmark's driver (`bench/sync.sh`): loads `persons` confirmed persons into
//! 建工集团, then, in one run against one database,
//!   (a) the floor: a raw bulk insert of the same rows into `online_records` (sea-orm
//!       `insert_many`, one transaction per 1,000 rows, another client id so keys differ);
//!   (b) ours, new: the records POSTed to the running server in batches of 1,000 (parse, check,
//!       look up, insert, recount every touched person's standing, log, audit, commit);
//!   (c) ours, replayed: the same batches again (every record `unchanged`).
//! Batches mix persons as a platform's stream of completions would: each holds one record of
//! each of up to 1,000 persons. The request bodies are built before the clock starts.
//! `cargo run --release -p xueshi --example sync_load -- <database_url> <base_url> <platform_id>
//!  <api_key> <persons> <records_per_person>`

use std::time::Instant;

use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::{Value, json};
use uuid::Uuid;
use xueshi::{orgs::unit, people::person, rules::rule::Category, sync::entity::record};

mod support;

const CATEGORIES: [(&str, Category); 3] = [
    ("professional", Category::Professional),
    ("industry_public", Category::IndustryPublic),
    ("general_public", Category::GeneralPublic),
];

struct Rec {
    external_id: String,
    id_number: String,
    name: String,
    k: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage =
        || anyhow::anyhow!("usage: sync_load <db> <base_url> <platform_id> <key> <persons> <per>");
    let url = args.get(1).ok_or_else(usage)?;
    let base = args.get(2).ok_or_else(usage)?;
    let platform: Uuid = args.get(3).ok_or_else(usage)?.parse()?;
    let key = args.get(4).ok_or_else(usage)?;
    let persons: u64 = args.get(5).map_or(Ok(1000), |s| s.parse())?;
    let per: usize = args.get(6).map_or(Ok(10), |s| s.parse())?;
    let rounds: usize = args.get(7).map_or(Ok(3), |s| s.parse())?;
    let db = xueshi::db::connect(url).await?;
    let u = unit::Entity::find()
        .filter(unit::Column::Code.eq("91330000142937230K"))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("start the server once with demo data first"))?;
    let now = Utc::now();
    let born = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let ids: Vec<(Uuid, String)> = (0..persons)
        .map(|n| (Uuid::now_v7(), support::id_number("330102", born, n)))
        .collect();
    let mut people = Vec::new();
    for (n, (id, number)) in ids.iter().enumerate() {
        people.push(support::person(*id, number, format!("同步{n}"), u.id, now)?);
    }
    for chunk in people.chunks(500) {
        person::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&db)
            .await?;
    }

    // Rounds, each with new record ids, since one round on a shared machine is noisy.
    let mut ratios = Vec::new();
    for round in 0..rounds {
        // Record k of every person, then record k+1 …: a stream of completions.
        let mut recs = Vec::new();
        for k in 0..per {
            for (n, (_, number)) in ids.iter().enumerate() {
                recs.push(Rec {
                    external_id: format!("LRN-{round}-{n}-{k}"),
                    id_number: number.clone(),
                    name: format!("同步{n}"),
                    k,
                });
            }
        }
        let total = recs.len();
        let completed = "2026-03-01T09:00:00+08:00";
        let completed_at = chrono::DateTime::parse_from_rfc3339(completed)?.with_timezone(&Utc);
        let hours = |k: usize| 10 + (k % 4) as i32 * 5;

        // (a) The floor: the same rows straight into the table.
        let raw_client = Uuid::now_v7();
        let person_of: std::collections::HashMap<&str, Uuid> =
            ids.iter().map(|(id, n)| (n.as_str(), *id)).collect();
        let rows: Vec<record::ActiveModel> = recs
            .iter()
            .map(|r| record::ActiveModel {
                id: Set(Uuid::now_v7()),
                client_id: Set(raw_client),
                external_id: Set(r.external_id.clone()),
                person_id: Set(person_of.get(r.id_number.as_str()).copied()),
                id_number: Set(r.id_number.clone()),
                name: Set(r.name.clone()),
                course_id: Set(format!("C-{}", r.k)),
                course_name: Set(format!("网络课程 {}", r.k)),
                category: Set(CATEGORIES[r.k % 3].1),
                hours: Set(hours(r.k)),
                completed_at: Set(completed_at),
                year: Set(2026),
                revision: Set(1),
                state: Set(record::SYNCED.into()),
                reason_code: Set(None),
                note: Set(None),
                decided_by: Set(None),
                decider_name: Set(None),
                decided_at: Set(None),
                version: Set(1),
                call_id: Set(Uuid::nil()),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .collect();
        let t = Instant::now();
        for batch in rows.chunks(1000) {
            let txn = db.begin().await?;
            for chunk in batch.chunks(400) {
                record::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
        }
        let raw_s = t.elapsed().as_secs_f64();
        drop(rows);

        // (b), (c) Through the API.
        let bodies: Vec<String> = recs
            .chunks(1000)
            .map(|batch| {
                let records: Vec<Value> = batch
                    .iter()
                    .map(|r| {
                        json!({
                            "external_id": r.external_id, "id_number": r.id_number, "name": r.name,
                            "course_id": format!("C-{}", r.k), "course_name": format!("网络课程 {}", r.k),
                            "category": CATEGORIES[r.k % 3].0, "hours": f64::from(hours(r.k)) / 10.0,
                            "completed_at": completed, "revision": 1,
                        })
                    })
                    .collect();
                json!({ "records": records }).to_string()
            })
            .collect();
        let client = reqwest::Client::new();
        let endpoint = format!("{base}/api/v1/sync/platforms/{platform}/records");
        let run = |want: &'static str| {
            let client = client.clone();
            let endpoint = endpoint.clone();
            let bodies = bodies.clone();
            async move {
                let t = Instant::now();
                let mut seen = 0u64;
                for body in bodies {
                    let resp = client
                        .post(&endpoint)
                        .bearer_auth(key)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await?;
                    let status = resp.status();
                    let v: Value = resp.json().await?;
                    anyhow::ensure!(status.is_success(), "HTTP {status}: {v}");
                    seen += v["counts"][want].as_u64().unwrap_or(0);
                }
                anyhow::ensure!(seen == total as u64, "{want}: {seen} of {total}");
                Ok::<f64, anyhow::Error>(t.elapsed().as_secs_f64())
            }
        };
        let new_s = run("created").await?;
        let replay_s = run("unchanged").await?;
        let rate = |s: f64| total as f64 / s;
        println!(
            "  round {round}: {total} records ({persons} persons × {per}) in batches of 1000: raw insert {:.0} rows/s ({raw_s:.2} s) · API new {:.0} records/s ({new_s:.2} s, {:.2} of raw) · API replayed {:.0} records/s ({replay_s:.2} s, {:.2} of raw)",
            rate(raw_s),
            rate(new_s),
            raw_s / new_s,
            rate(replay_s),
            raw_s / replay_s,
        );
        ratios.push((raw_s / new_s, raw_s / replay_s));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "  median of {rounds} rounds: API new {:.2} of the raw insert, replayed {:.2} (goal ≥ 0.5)",
        median(ratios.iter().map(|r| r.0).collect()),
        median(ratios.iter().map(|r| r.1).collect()),
    );
    Ok(())
}
