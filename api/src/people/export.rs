//! 导出人员: the person list, with the list's filters, as xlsx in the import template's
//! columns, so an export can be edited and imported again in update mode. The full 身份证号
//! and phone are written (the caller is in scope) as text cells; every export is audited with
//! its filter and row count, never the IDs. Rows are streamed from one query into a
//! constant-memory worksheet.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use futures_util::TryStreamExt;
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use sea_orm::{EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{
    import::{
        model::XlsxFile,
        parse::{Col, Column},
        routes::xlsx_response,
        template::{WIDTHS, is_text_column},
    },
    mask_id_str,
    model::PersonFilter,
    person,
    service::filter_condition,
    title::level_name,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal},
    error::{AppError, AppResult},
    orgs::{service::find as find_unit, unit},
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_persons);
}

/// 导出人员 (xlsx): the persons of `GET /persons` with the same filters, all pages, in the
/// import template's columns.
#[utoipa::path(tag = "persons", params(PersonFilter), responses(
    (status = 200, description = "人员名单", body = XlsxFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[get("/persons/export")]
async fn export_persons(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<PersonFilter>,
) -> AppResult<HttpResponse> {
    let bytes = export(&state, &p, f.into_inner()).await?;
    Ok(xlsx_response(
        bytes,
        "persons.xlsx",
        "专业技术人员名单.xlsx",
    ))
}

pub async fn export(state: &AppState, p: &Principal, f: PersonFilter) -> AppResult<Vec<u8>> {
    let scope = p.scope(Permission::PersonExport)?;
    let cond = filter_condition(&state.db, &scope, &f).await?;
    let xlsx = |e: XlsxError| AppError::Internal(e.into());

    let mut book = Workbook::new();
    let ws = book.add_worksheet_with_constant_memory().map_err(xlsx)?;
    ws.set_name("人员信息").map_err(xlsx)?;
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2));
    let text = Format::new().set_num_format("@");
    for (i, col) in Col::ALL.iter().enumerate() {
        let c = i as u16;
        ws.set_column_width(c, WIDTHS[i]).map_err(xlsx)?;
        if is_text_column(*col) {
            ws.set_column_format(c, &text).map_err(xlsx)?;
        }
        ws.write_string_with_format(0, c, col.label(), &bold)
            .map_err(xlsx)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;

    // The codes of the units in scope (a few thousand at most, even province-wide).
    let codes: HashMap<Uuid, String> = unit::Entity::find()
        .filter(scope.path_condition(unit::Column::Path))
        .select_only()
        .column(unit::Column::Id)
        .column(unit::Column::Code)
        .into_tuple::<(Uuid, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    // One query in the list's order, streamed row by row into the worksheet.
    let mut rows = person::Entity::find()
        .filter(cond)
        .order_by_desc(person::Column::CreatedAt)
        .order_by_asc(person::Column::Id)
        .stream(&state.db)
        .await?;
    let mut row: u32 = 0;
    while let Some(person) = rows.try_next().await? {
        row += 1;
        let code = person.unit_id.and_then(|id| codes.get(&id));
        let level = person
            .title_level
            .as_deref()
            .map(|l| level_name(l).unwrap_or(l));
        let cells: [(Col, Option<&str>); 9] = [
            (Col::Name, Some(&person.name)),
            (
                Col::Gender,
                Some(if person.gender == "F" { "女" } else { "男" }),
            ),
            (Col::IdNumber, Some(&person.id_number)),
            (Col::Phone, person.phone.as_deref()),
            (Col::UnitCode, code.map(String::as_str)),
            (Col::TitleSeries, person.title_series.as_deref()),
            (Col::TitleLevel, level),
            (Col::TitleName, person.title_name.as_deref()),
            (
                Col::Provincial,
                Some(if person.is_provincial { "是" } else { "否" }),
            ),
        ];
        ws.write_number(row, 0, f64::from(row)).map_err(xlsx)?;
        for (col, value) in cells {
            let Some(value) = value else { continue };
            let c = col.position() as u16;
            if is_text_column(col) {
                ws.write_string_with_format(row, c, value, &text)
                    .map_err(xlsx)?;
            } else {
                ws.write_string(row, c, value).map_err(xlsx)?;
            }
        }
    }
    drop(rows);
    let bytes = tokio::task::spawn_blocking(move || book.save_to_buffer())
        .await
        .map_err(anyhow::Error::from)?
        .map_err(xlsx)?;

    let scope_path = match f.unit_id.or(scope.unit_id) {
        Some(id) => Some(find_unit(&state.db, id).await?.path),
        None => None,
    };
    let mut audit = Audit::new("person.exported", "person")
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({
            "filter": {
                "name": f.name, "id_number": f.id_number.as_deref().map(mask_id_str),
                "unit_id": f.unit_id, "title_level": f.title_level,
                "is_provincial": f.is_provincial, "affiliation": f.affiliation,
            },
            "rows": row,
        }))
        .ip(p.ip.clone());
    if let Some(path) = &scope_path {
        audit = audit.scope(path);
    }
    audit.save(&state.db).await?;
    Ok(bytes)
}
