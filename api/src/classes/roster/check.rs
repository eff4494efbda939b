//! Classifies every roster row against the class and the database: `ok`, `create`,
//! `unchanged`, `update`, `error`, plus `remove` for registered attendees a corrected roster
//! leaves out. Only reads; the post writes what the verdicts say, so preview, error report
//! and post always agree.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, Condition, DatabaseConnection};

use super::{
    RCol,
    model::{RosterCounts, RosterRowStatus},
};
use crate::{
    classes::{
        entity::{class, record},
        model::Tenths,
    },
    error::AppResult,
    fields::clean,
    hours::fmt,
    people::{
        IdNumber,
        import::check::{NUMERIC_ID, clean_name, find_in},
        import::parse::{Cell, Row, Sheet},
        mask_id_str, normalize_phone, person,
    },
};

/// A row the post writes.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub row: u32,
    pub id_number: IdNumber,
    pub name: String,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub title_series: Option<String>,
    pub title_level: Option<String>,
    pub title_name: Option<String>,
    pub hours: i32,
    pub split: Tenths,
    pub non_provincial: bool,
}

pub enum Action {
    None,
    /// A known person without a record of this class.
    Post {
        person_id: uuid::Uuid,
        a: Attendee,
    },
    /// A person unknown to the system.
    Create(Attendee),
    Update {
        record_id: uuid::Uuid,
        person_id: uuid::Uuid,
        a: Attendee,
    },
    Remove {
        record_id: uuid::Uuid,
        person_id: uuid::Uuid,
    },
}

pub struct Verdict {
    /// Index into `Sheet::rows`; `None` for a removal.
    pub index: Option<usize>,
    pub row: u32,
    pub status: RosterRowStatus,
    pub name: String,
    pub id_masked: String,
    pub hours: Option<i32>,
    pub non_provincial: bool,
    pub message: String,
    pub columns: Vec<&'static str>,
    pub action: Action,
}

pub struct Evaluation {
    pub verdicts: Vec<Verdict>,
    pub counts: RosterCounts,
}

/// The field checks of one row.
fn check_row(
    sheet: &Sheet<RCol>,
    r: &Row,
    approved: &Tenths,
) -> (Option<Attendee>, Vec<(RCol, String)>, String, String) {
    let cell = |c: RCol| sheet.cell(r, c);
    let mut problems: Vec<(RCol, String)> = Vec::new();
    let name = clean_name(&cell(RCol::Name).text());
    if name.is_empty() {
        problems.push((RCol::Name, "请填写姓名".into()));
    } else if !(2..=30).contains(&name.chars().count())
        || !name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '·' | '•' | ' '))
    {
        problems.push((RCol::Name, "姓名应为 2–30 个汉字或字母".into()));
    }

    let id_cell = cell(RCol::IdNumber);
    let id_text: String = id_cell
        .text()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect::<String>()
        .to_uppercase();
    let id = match id_cell {
        // Excel kept 15 significant digits: the last ones are gone; never guess them.
        Cell::Number(_) => {
            problems.push((RCol::IdNumber, NUMERIC_ID.into()));
            None
        }
        _ if id_text.is_empty() => {
            problems.push((RCol::IdNumber, "请填写身份证号".into()));
            None
        }
        _ => match IdNumber::parse(&id_text) {
            Ok(id) => Some(id),
            Err(e) => {
                problems.push((RCol::IdNumber, e.message().into()));
                None
            }
        },
    };

    if let Some(id) = &id {
        let g = cell(RCol::Gender).text();
        let code = match g.as_str() {
            "男" | "M" | "m" => Some("M"),
            "女" | "F" | "f" => Some("F"),
            "" => None,
            other => {
                problems.push((RCol::Gender, format!("性别应为“男”或“女”，不能填“{other}”")));
                None
            }
        };
        if code.is_some_and(|c| c != id.gender().code()) {
            problems.push((RCol::Gender, "性别与身份证号第 17 位不符".into()));
        }
    }

    let hours = match cell(RCol::Hours) {
        Cell::Number(v) => Some(*v),
        Cell::Empty => None,
        c => {
            let t = c.text();
            let t = t.trim_end_matches("学时").trim();
            if t.is_empty() {
                None
            } else {
                match t.parse::<f64>() {
                    Ok(v) => Some(v),
                    Err(_) => {
                        problems.push((RCol::Hours, format!("认定学时“{t}”不是数字")));
                        Some(f64::NAN)
                    }
                }
            }
        }
    };
    let hours = match hours {
        None => {
            problems.push((RCol::Hours, "请填写认定学时".into()));
            None
        }
        Some(v) if v.is_nan() => None,
        Some(v) => {
            let tenths = (v * 10.0).round();
            if v <= 0.0 {
                problems.push((RCol::Hours, "认定学时应大于 0".into()));
                None
            } else if (v * 10.0 - tenths).abs() > 1e-6 || tenths % 5.0 != 0.0 {
                problems.push((RCol::Hours, "认定学时应为 0.5 的整数倍".into()));
                None
            } else if tenths > f64::from(approved.total()) {
                problems.push((
                    RCol::Hours,
                    format!(
                        "认定学时 {} 超过本班批准的 {} 学时",
                        fmt(tenths as i32),
                        fmt(approved.total())
                    ),
                ));
                None
            } else {
                #[allow(clippy::cast_possible_truncation)]
                Some(tenths as i32)
            }
        }
    };

    let phone_text = cell(RCol::Phone).text();
    let phone = if phone_text.is_empty() {
        None
    } else {
        let p = normalize_phone(&phone_text);
        if p.is_none() {
            problems.push((RCol::Phone, "手机号码应为 11 位大陆手机号".into()));
        }
        p
    };

    let non_provincial = match cell(RCol::Provincial).text().as_str() {
        "" | "是" => false,
        "否" => true,
        other => {
            problems.push((
                RCol::Provincial,
                format!("是（否）省属单位人员应填“是”或“否”，不能填“{other}”"),
            ));
            false
        }
    };
    let short = |c: RCol, max: usize| {
        let t = clean(&cell(c).text());
        (!t.is_empty()).then(|| t.chars().take(max).collect::<String>())
    };
    problems.sort_by_key(|(c, _)| *c as usize);
    let masked = mask_id_str(&id_text);
    let attendee = match (id, hours) {
        (Some(id_number), Some(hours)) if problems.is_empty() => Some(Attendee {
            row: r.number,
            id_number,
            name: name.clone(),
            company: short(RCol::Company, 200),
            phone,
            title_series: short(RCol::TitleSeries, 64),
            title_level: short(RCol::TitleLevel, 64),
            title_name: short(RCol::TitleName, 64),
            hours,
            split: approved.scaled_to(hours),
            non_provincial,
        }),
        _ => None,
    };
    (attendee, problems, name, masked)
}

/// Classifies every row of a roster for `c` (approved): the posted records of the class
/// decide between `ok`, `unchanged`, `update` and `remove`.
pub async fn evaluate(
    db: &DatabaseConnection,
    c: &class::Model,
    sheet: &Sheet<RCol>,
) -> AppResult<Evaluation> {
    let approved = c.approved().unwrap_or_default();
    let mut checked: Vec<_> = sheet
        .rows
        .iter()
        .map(|r| check_row(sheet, r, &approved))
        .collect();

    // A 身份证号 seen before: every later occurrence is an error naming the first row.
    let mut first: HashMap<String, u32> = HashMap::new();
    for (a, problems, ..) in &mut checked {
        let Some(att) = a.as_ref() else { continue };
        let id = att.id_number.as_str().to_owned();
        match first.get(&id) {
            Some(row) => {
                problems.push((RCol::IdNumber, format!("身份证号与第 {row} 行重复")));
                *a = None;
            }
            None => {
                first.insert(id, att.row);
            }
        }
    }

    let ids: Vec<String> = checked
        .iter()
        .filter_map(|(a, ..)| a.as_ref().map(|a| a.id_number.as_str().to_owned()))
        .collect();
    let persons =
        find_in::<person::Entity, _, _>(db, person::Column::IdNumber, ids, Condition::all(), |p| {
            p.id_number.clone()
        })
        .await?;
    let records = find_in::<record::Entity, _, _>(
        db,
        record::Column::ClassId,
        [c.id],
        Condition::all().add(record::Column::State.eq(record::POSTED)),
        |r| r.person_id,
    )
    .await?;

    let mut counts = RosterCounts::default();
    let mut verdicts = Vec::with_capacity(checked.len());
    let mut seen: HashSet<uuid::Uuid> = HashSet::new();
    for (index, ((a, problems, name, masked), r)) in
        checked.into_iter().zip(&sheet.rows).enumerate()
    {
        let mut v = Verdict {
            index: Some(index),
            row: r.number,
            status: RosterRowStatus::Error,
            name,
            id_masked: masked,
            hours: a.as_ref().map(|a| a.hours),
            non_provincial: a.as_ref().is_some_and(|a| a.non_provincial),
            message: String::new(),
            columns: Vec::new(),
            action: Action::None,
        };
        let fail = |mut v: Verdict, problems: Vec<(RCol, String)>| {
            v.status = RosterRowStatus::Error;
            v.message = problems
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("；");
            v.columns = problems
                .iter()
                .map(|(c, _)| super::printed_label(*c))
                .collect();
            v.columns.dedup();
            v
        };
        let v = match a {
            None => fail(v, problems),
            Some(a) => match persons.get(a.id_number.as_str()) {
                Some(p) if p.name != a.name => fail(
                    v,
                    vec![(
                        RCol::Name,
                        "姓名与该身份证号在系统中登记的姓名不一致，请核对".into(),
                    )],
                ),
                Some(p) => {
                    seen.insert(p.id);
                    match records.get(&p.id) {
                        None => {
                            v.status = RosterRowStatus::Ok;
                            v.message = format!("登记 {} 学时", fmt(a.hours));
                            v.action = Action::Post { person_id: p.id, a };
                        }
                        Some(rec)
                            if rec.hours == a.hours && rec.non_provincial == a.non_provincial =>
                        {
                            v.status = RosterRowStatus::Unchanged;
                            v.message = "已登记，无变化".into();
                        }
                        Some(rec) => {
                            v.status = RosterRowStatus::Update;
                            v.message = format!(
                                "已登记 {} 学时，将改为 {} 学时",
                                fmt(rec.hours),
                                fmt(a.hours)
                            );
                            v.action = Action::Update {
                                record_id: rec.id,
                                person_id: p.id,
                                a,
                            };
                        }
                    }
                    v
                }
                None => {
                    v.status = RosterRowStatus::Create;
                    v.message = format!(
                        "系统中尚无此人，将按名单建立人员信息并登记 {} 学时（本人注册后可见）",
                        fmt(a.hours)
                    );
                    v.action = Action::Create(a);
                    v
                }
            },
        };
        tally(&mut counts, &v);
        verdicts.push(v);
    }
    // Registered attendees this roster leaves out.
    let mut missing: Vec<&record::Model> = records
        .values()
        .filter(|r| !seen.contains(&r.person_id))
        .collect();
    missing.sort_by_key(|r| r.row_number);
    for rec in missing {
        let v = Verdict {
            index: None,
            row: 0,
            status: RosterRowStatus::Remove,
            name: rec.name.clone(),
            id_masked: String::new(),
            hours: Some(rec.hours),
            non_provincial: rec.non_provincial,
            message: format!(
                "已登记 {} 学时，本名单中没有此人，将撤销其登记",
                fmt(rec.hours)
            ),
            columns: Vec::new(),
            action: Action::Remove {
                record_id: rec.id,
                person_id: rec.person_id,
            },
        };
        tally(&mut counts, &v);
        verdicts.push(v);
    }
    Ok(Evaluation { verdicts, counts })
}

fn tally(counts: &mut RosterCounts, v: &Verdict) {
    if v.status != RosterRowStatus::Remove {
        counts.total += 1;
    }
    if v.non_provincial && !matches!(v.status, RosterRowStatus::Error | RosterRowStatus::Remove) {
        counts.non_provincial += 1;
    }
    match v.status {
        RosterRowStatus::Ok => counts.ok += 1,
        RosterRowStatus::Create => counts.create += 1,
        RosterRowStatus::Unchanged => counts.unchanged += 1,
        RosterRowStatus::Update => counts.update += 1,
        RosterRowStatus::Remove => counts.remove += 1,
        RosterRowStatus::Error => counts.error += 1,
    }
}
