//! 导出达标情况: the unit standing list as xlsx, every page, 身份证号 masked as in the list.
//! Audited with the filter and the row count.

use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use sea_orm::FromQueryResult;
use serde_json::json;

use super::{
    model::StandingFilter,
    service::{ListRow, query, row_view, rows_of, unit_names},
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal},
    error::{AppError, AppResult},
    rules::service::year_settings,
};

const HEADERS: [(&str, f64); 11] = [
    ("序号", 6.0),
    ("姓名", 10.0),
    ("身份证号", 22.0),
    ("单位", 36.0),
    ("职称", 14.0),
    ("专业科目", 10.0),
    ("行业公需", 10.0),
    ("一般公需", 10.0),
    ("总学时", 10.0),
    ("待复审", 10.0),
    ("达标情况", 30.0),
];

pub async fn export(
    state: &AppState,
    p: &Principal,
    f: StandingFilter,
) -> AppResult<(i32, Vec<u8>)> {
    let db = &state.db;
    let scope = p.scope(Permission::PersonExport)?;
    let (year, base, _) = query(db, p, Permission::PersonExport, &f).await?;
    let rows = ListRow::find_by_statement(db.get_database_backend().build(&rows_of(base)))
        .all(db)
        .await?;
    let units = unit_names(db, &rows).await?;
    let settings = year_settings(db, year).await?;
    let count = rows.len();

    let xlsx = |e: XlsxError| AppError::Internal(e.into());
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(format!("{year}年度")).map_err(xlsx)?;
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2));
    let hours = Format::new().set_num_format("0.0");
    let short = Format::new().set_font_color(Color::RGB(0xC0392B));
    for (c, (label, width)) in HEADERS.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, *width).map_err(xlsx)?;
        ws.write_string_with_format(0, c, *label, &bold)
            .map_err(xlsx)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    for (i, r) in rows.into_iter().enumerate() {
        let v = row_view(r, &settings, &units);
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_number(row, 0, f64::from(row)).map_err(xlsx)?;
        ws.write_string(row, 1, &v.name).map_err(xlsx)?;
        ws.write_string(row, 2, &v.id_number_masked).map_err(xlsx)?;
        ws.write_string(row, 3, v.unit_name.as_deref().unwrap_or_default())
            .map_err(xlsx)?;
        ws.write_string(row, 4, v.title_name.as_deref().unwrap_or_default())
            .map_err(xlsx)?;
        let b = &v.registered;
        for (c, h) in [
            b.professional,
            b.industry_public,
            b.general_public,
            b.total,
            v.pending_review,
        ]
        .iter()
        .enumerate()
        {
            ws.write_number_with_format(row, 5 + c as u16, f64::from(h.0) / 10.0, &hours)
                .map_err(xlsx)?;
        }
        if v.met {
            ws.write_string(row, 10, "达标").map_err(xlsx)?;
        } else {
            let text = format!("未达标：{}不足", v.short.join("、"));
            ws.write_string_with_format(row, 10, text, &short)
                .map_err(xlsx)?;
        }
    }
    let bytes = tokio::task::spawn_blocking(move || book.save_to_buffer())
        .await
        .map_err(anyhow::Error::from)?
        .map_err(xlsx)?;
    Audit::new("standing.exported", "standing")
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({
            "filter": {"year": year, "unit_id": f.unit_id, "status": f.status, "short": f.short, "q": f.q},
            "rows": count,
        }))
        .ip(p.ip.clone())
        .save(db)
        .await?;
    Ok((year, bytes))
}
