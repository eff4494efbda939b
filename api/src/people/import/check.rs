//! Classifies every row of a roster against the database: `create`, `update`, `unchanged`,
//! `transfer` or `error`, with a Chinese reason. Only reads; the commit writes what the
//! verdicts say, so preview, error report and commit always agree.

use std::{
    collections::{HashMap, HashSet},
    hash::Hash,
};

use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{
    model::{ImportCounts, ImportMode, RowStatus},
    parse::{Cell, Col, Column, Row, Sheet},
};
use crate::{
    error::{AppError, AppResult},
    fields::{Checks, clean},
    orgs::unit,
    people::{
        mask_id_str,
        model::CreatePerson,
        person,
        service::{PersonFields, check_new},
        title::{CheckedTitle, TitleBook},
        transfer,
    },
};

/// IN (...) lists stay well below SQLite's and PostgreSQL's parameter limits.
const LOOKUP_CHUNK: usize = 1000;

pub const NUMERIC_ID: &str = "身份证号被 Excel 存成了数字，末位已丢失，请把该列设为文本后重新填写";

/// What the commit does with a row.
pub enum Action {
    None,
    Create { fields: PersonFields, unit_id: Uuid },
    Update { person_id: Uuid, change: Change },
    Transfer(Box<TransferPlan>),
}

/// A transfer the commit asks for: the person, their current unit and the unit imported into.
pub struct TransferPlan {
    pub person: person::Model,
    pub from: unit::Model,
    pub to: unit::Model,
}

/// The fields an update changes; `None` leaves a field alone.
#[derive(Default)]
pub struct Change {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub title: Option<CheckedTitle>,
    pub is_provincial: Option<bool>,
}

impl Change {
    fn labels(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.name.is_some() {
            v.push(Col::Name.label());
        }
        if self.phone.is_some() {
            v.push(Col::Phone.label());
        }
        if self.title.is_some() {
            v.push(Col::TitleName.label());
        }
        if self.is_provincial.is_some() {
            v.push(Col::Provincial.label());
        }
        v
    }
}

pub struct Verdict {
    /// Index into `Sheet::rows`.
    pub index: usize,
    /// Excel row number.
    pub row: u32,
    pub status: RowStatus,
    pub name: String,
    pub id_masked: String,
    pub message: String,
    /// Template headers of the cells at fault.
    pub columns: Vec<&'static str>,
    pub action: Action,
}

pub struct Evaluation {
    pub verdicts: Vec<Verdict>,
    pub counts: ImportCounts,
}

/// A row after the field checks, before it meets the database.
struct Checked {
    name: String,
    id_masked: String,
    /// Set when every check passed: the fields and the unit the row goes to.
    ok: Option<(PersonFields, Uuid)>,
    phone_given: bool,
    title_given: bool,
    provincial_given: Option<bool>,
    problems: Vec<(Col, String)>,
}

/// Classifies every row for an import into `unit`.
pub async fn evaluate(
    db: &DatabaseConnection,
    unit: &unit::Model,
    mode: ImportMode,
    sheet: &Sheet,
) -> AppResult<Evaluation> {
    let titles = TitleBook::load(db).await?;
    let codes: HashSet<String> = sheet
        .rows
        .iter()
        .map(|r| unit_code(sheet.cell(r, Col::UnitCode)))
        .filter(|c| !c.is_empty())
        .collect();
    let units_by_code =
        find_in::<unit::Entity, _, _>(db, unit::Column::Code, codes, Condition::all(), |u| {
            u.code.clone()
        })
        .await?;
    // Every unit a row may name or a person may belong to, by id.
    let mut units: HashMap<Uuid, unit::Model> =
        units_by_code.values().map(|u| (u.id, u.clone())).collect();
    units.insert(unit.id, unit.clone());

    let mut checked: Vec<Checked> = sheet
        .rows
        .iter()
        .map(|r| check_row(sheet, r, &titles, unit, &units_by_code))
        .collect();

    // A 身份证号 seen before: every later occurrence is an error naming the first row.
    let mut first_row: HashMap<String, u32> = HashMap::new();
    for (c, r) in checked.iter_mut().zip(&sheet.rows) {
        let Some(id) = valid_id(sheet, r) else {
            continue;
        };
        match first_row.get(&id) {
            Some(first) => {
                c.problems
                    .push((Col::IdNumber, format!("身份证号与第 {first} 行重复")));
                c.problems.sort_by_key(|(col, _)| col.position());
                c.ok = None;
            }
            None => {
                first_row.insert(id, r.number);
            }
        }
    }

    let ids: Vec<String> = checked
        .iter()
        .filter_map(|c| c.ok.as_ref())
        .map(|(f, _)| f.id_number.as_str().to_owned())
        .collect();
    let existing =
        find_in::<person::Entity, _, _>(db, person::Column::IdNumber, ids, Condition::all(), |p| {
            p.id_number.clone()
        })
        .await?;
    let pending = find_in::<transfer::Entity, _, _>(
        db,
        transfer::Column::PersonId,
        existing.values().map(|p| p.id),
        Condition::all().add(transfer::Column::Status.eq("pending")),
        |t| t.person_id,
    )
    .await?;
    let unit_ids: HashSet<Uuid> = existing
        .values()
        .filter_map(|p| p.unit_id)
        .filter(|id| !units.contains_key(id))
        .collect();
    units.extend(
        find_in::<unit::Entity, _, _>(db, unit::Column::Id, unit_ids, Condition::all(), |u| u.id)
            .await?,
    );

    let mut counts = ImportCounts::default();
    let mut verdicts = Vec::with_capacity(checked.len());
    for (index, (c, r)) in checked.into_iter().zip(&sheet.rows).enumerate() {
        let v = classify(index, r.number, c, mode, &existing, &pending, &units);
        counts.total += 1;
        match v.status {
            RowStatus::Create => counts.create += 1,
            RowStatus::Update => counts.update += 1,
            RowStatus::Unchanged => counts.unchanged += 1,
            RowStatus::Transfer => counts.transfer += 1,
            RowStatus::Error => counts.error += 1,
        }
        verdicts.push(v);
    }
    Ok(Evaluation { verdicts, counts })
}

/// The row's 身份证号 when it is a valid one typed as text.
fn valid_id(sheet: &Sheet, r: &Row) -> Option<String> {
    match sheet.cell(r, Col::IdNumber) {
        Cell::Text(t) => crate::people::IdNumber::parse(t)
            .ok()
            .map(|id| id.as_str().to_owned()),
        _ => None,
    }
}

/// The field checks of one row, the same as the 新增人员 form's, plus the unit.
fn check_row(
    sheet: &Sheet,
    r: &Row,
    titles: &TitleBook,
    chosen: &unit::Model,
    units_by_code: &HashMap<String, unit::Model>,
) -> Checked {
    let cell = |c: Col| sheet.cell(r, c);
    let mut problems: Vec<(Col, String)> = Vec::new();
    let name = clean_name(&cell(Col::Name).text());
    let id_cell = cell(Col::IdNumber);
    let id_text = id_cell.text().to_uppercase();
    let numeric_id = matches!(id_cell, Cell::Number(_));

    let provincial_text = cell(Col::Provincial).text();
    let provincial_given = match provincial_text.as_str() {
        "" => None,
        "是" => Some(true),
        "否" => Some(false),
        other => {
            problems.push((
                Col::Provincial,
                format!("是否省属单位人员应填“是”或“否”，不能填“{other}”"),
            ));
            None
        }
    };

    let input = CreatePerson {
        id_number: if numeric_id {
            String::new()
        } else {
            id_text.clone()
        },
        name: name.clone(),
        gender: cell(Col::Gender).opt_text(),
        phone: cell(Col::Phone).opt_text(),
        unit_id: chosen.id,
        title_series: cell(Col::TitleSeries).opt_text(),
        title_level: cell(Col::TitleLevel).opt_text(),
        title_name: cell(Col::TitleName).opt_text(),
        is_provincial: provincial_given,
    };
    let mut checks = Checks::new();
    let fields = check_new(&mut checks, &input, titles);
    if let Err(AppError::Invalid(errors)) = checks.finish() {
        for e in errors {
            let col = column_of_field(&e.field);
            let message = match col {
                Col::IdNumber if numeric_id => continue,
                Col::IdNumber if id_text.is_empty() => "请填写身份证号".to_owned(),
                _ => e.message,
            };
            problems.push((col, message));
        }
    }
    if numeric_id {
        problems.push((Col::IdNumber, NUMERIC_ID.to_owned()));
    }

    let code = unit_code(cell(Col::UnitCode));
    let target = if code.is_empty() {
        Some(chosen.id)
    } else {
        match units_by_code.get(&code) {
            Some(u) if !u.path.starts_with(&chosen.path) => None,
            Some(u) if !u.active => {
                problems.push((Col::UnitCode, format!("所在单位“{}”已停用", u.name)));
                None
            }
            Some(u) => Some(u.id),
            None => None,
        }
    };
    if target.is_none() && !problems.iter().any(|(c, _)| *c == Col::UnitCode) {
        problems.push((
            Col::UnitCode,
            format!(
                "所在单位代码“{code}”不存在，或不是“{}”及其下属单位",
                chosen.name
            ),
        ));
    }
    problems.sort_by_key(|(c, _)| c.position());

    let title_given = [Col::TitleSeries, Col::TitleLevel, Col::TitleName]
        .iter()
        .any(|c| !cell(*c).is_blank());
    Checked {
        name,
        id_masked: mask_id_str(&id_text),
        ok: match (fields, target) {
            (Some(f), Some(t)) if problems.is_empty() => Some((f, t)),
            _ => None,
        },
        phone_given: !cell(Col::Phone).is_blank(),
        title_given,
        provincial_given,
        problems,
    }
}

fn classify(
    index: usize,
    row: u32,
    c: Checked,
    mode: ImportMode,
    existing: &HashMap<String, person::Model>,
    pending: &HashMap<Uuid, transfer::Model>,
    units: &HashMap<Uuid, unit::Model>,
) -> Verdict {
    let mut v = Verdict {
        index,
        row,
        status: RowStatus::Error,
        name: c.name.clone(),
        id_masked: c.id_masked.clone(),
        message: String::new(),
        columns: Vec::new(),
        action: Action::None,
    };
    let fail = |mut v: Verdict, problems: Vec<(Col, String)>| {
        v.status = RowStatus::Error;
        v.message = problems
            .iter()
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("；");
        v.columns = problems.iter().map(|(col, _)| col.label()).collect();
        v.columns.dedup();
        v
    };
    let Some((fields, target)) = c.ok else {
        return fail(v, c.problems);
    };
    let Some(target) = units.get(&target) else {
        return fail(v, vec![(Col::UnitCode, "所在单位不存在".into())]);
    };
    let Some(p) = existing.get(fields.id_number.as_str()) else {
        v.status = RowStatus::Create;
        v.message = format!("新增人员，所在单位“{}”", target.name);
        v.action = Action::Create {
            fields,
            unit_id: target.id,
        };
        return v;
    };
    let locked = p.affiliation == person::CONFIRMED;

    if p.unit_id == Some(target.id) {
        if fields.name != p.name && locked {
            return fail(
                v,
                vec![(
                    Col::Name,
                    format!(
                        "姓名与系统中登记的“{}”不一致；单位已确认该人员，姓名不能修改",
                        p.name
                    ),
                )],
            );
        }
        let change = Change {
            name: (fields.name != p.name).then(|| fields.name.clone()),
            phone: fields
                .phone
                .clone()
                .filter(|ph| c.phone_given && p.phone.as_deref() != Some(ph.as_str())),
            title: (c.title_given
                && (fields.title.series != p.title_series
                    || fields.title.level != p.title_level
                    || fields.title.name != p.title_name))
                .then(|| fields.title.clone()),
            is_provincial: c.provincial_given.filter(|f| *f != p.is_provincial),
        };
        let labels = change.labels();
        match mode {
            ImportMode::Create => {
                v.status = RowStatus::Unchanged;
                v.message = if labels.is_empty() {
                    "已在本单位登记，本次不作修改".into()
                } else {
                    format!(
                        "已在本单位登记，本次不作修改（{}有变化，如需更新请选择“更新已有人员”方式导入）",
                        labels.join("、")
                    )
                };
            }
            ImportMode::Update if labels.is_empty() => {
                v.status = RowStatus::Unchanged;
                v.message = "已在本单位登记，信息无变化".into();
            }
            ImportMode::Update => {
                v.status = RowStatus::Update;
                v.message = format!("将更新{}", labels.join("、"));
                v.action = Action::Update {
                    person_id: p.id,
                    change,
                };
            }
        }
        return v;
    }

    // The person is registered with another unit.
    let from = p.unit_id.and_then(|id| units.get(&id));
    let Some(from) = from else {
        return fail(
            v,
            vec![(
                Col::IdNumber,
                "该人员在系统中没有所属单位，请联系省学时办处理".into(),
            )],
        );
    };
    if fields.name != p.name {
        return fail(
            v,
            vec![(
                Col::Name,
                "姓名与该身份证号在系统中登记的姓名不一致，请核对".into(),
            )],
        );
    }
    if let Some(t) = pending.get(&p.id) {
        if t.to_unit_id == target.id {
            v.status = RowStatus::Unchanged;
            v.message = if t.released_at.is_some() {
                format!(
                    "“{}”已放行该人员调入“{}”，请在调动待办中办理接收",
                    from.name, target.name
                )
            } else {
                format!(
                    "已有从“{}”调入“{}”的申请，等待原单位放行",
                    from.name, target.name
                )
            };
            return v;
        }
        return fail(
            v,
            vec![(
                Col::IdNumber,
                "该人员已有进行中的调动，请待其办结或撤销后再导入".into(),
            )],
        );
    }
    v.status = RowStatus::Transfer;
    v.message = format!(
        "该人员现属“{}”，提交后将发起调入“{}”的申请，原单位放行后生效",
        from.name, target.name
    );
    v.action = Action::Transfer(Box::new(TransferPlan {
        person: p.clone(),
        from: from.clone(),
        to: target.clone(),
    }));
    v
}

/// Maps a field of [`CreatePerson`] to its column.
fn column_of_field(field: &str) -> Col {
    match field {
        "name" => Col::Name,
        "gender" => Col::Gender,
        "phone" => Col::Phone,
        "title_series" => Col::TitleSeries,
        "title_level" => Col::TitleLevel,
        "title_name" => Col::TitleName,
        "is_provincial" => Col::Provincial,
        _ => Col::IdNumber,
    }
}

/// A unit code as stored: blanks and hyphens removed, upper case.
fn unit_code(cell: &Cell) -> String {
    clean(&cell.text())
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// Chinese names lose the blanks used to pad them (`张　伟` → `张伟`); other names keep
/// single spaces.
pub fn clean_name(raw: &str) -> String {
    let t = clean(raw);
    let cjk =
        |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c);
    if t.chars().any(cjk) {
        t.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The rows of `E` whose `col` is one of `values`, keyed by `key`; IN lists in chunks.
pub async fn find_in<E, V, K>(
    db: &DatabaseConnection,
    col: E::Column,
    values: impl IntoIterator<Item = V>,
    extra: Condition,
    key: impl Fn(&E::Model) -> K,
) -> AppResult<HashMap<K, E::Model>>
where
    E: EntityTrait,
    V: Into<sea_orm::Value> + Clone,
    K: Eq + Hash,
{
    let values: Vec<V> = values.into_iter().collect();
    let mut out = HashMap::new();
    for chunk in values.chunks(LOOKUP_CHUNK) {
        for m in E::find()
            .filter(col.is_in(chunk.iter().cloned()))
            .filter(extra.clone())
            .all(db)
            .await?
        {
            out.insert(key(&m), m);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_padding() {
        assert_eq!(clean_name(" 张\u{3000}伟\u{3000}"), "张伟");
        assert_eq!(clean_name("John   Smith "), "John Smith");
    }
}
