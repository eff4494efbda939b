//! The 附件2 template for one class: the title row, the 填报人 row, the 13-column header, the
//! approved hours in the hint, 身份证号 and 手机号码 as text so Excel
//! keeps every digit, drop-downs for 性别 and 是（否）省属单位人员.

use umya_spreadsheet::{
    DataValidation, DataValidationValues, DataValidations, HorizontalAlignmentValues,
    NumberingFormat, writer::xlsx::write_writer,
};

use super::{RCol, printed_label};
use crate::{classes::entity::class, hours::fmt, people::import::parse::Column};

pub const TITLE: &str = "培训班学员学时登记信息汇总表";
/// The header row (1-based).
pub const HEADER_ROW: u32 = 3;
const DATA_ROWS: u32 = 10_000;
const WIDTHS: [f64; 13] = [
    6.0, 22.0, 26.0, 10.0, 6.0, 26.0, 22.0, 14.0, 10.0, 14.0, 10.0, 15.0, 20.0,
];

fn letter(i: usize) -> char {
    (b'A' + i as u8) as char
}

pub fn build(c: &class::Model) -> crate::error::AppResult<Vec<u8>> {
    build_sheet(c).map_err(crate::error::AppError::Internal)
}

fn build_sheet(c: &class::Model) -> anyhow::Result<Vec<u8>> {
    let mut book = umya_spreadsheet::new_file();
    let sheet = book
        .sheet_mut(0)
        .map_err(|e| anyhow::anyhow!("template sheet: {e}"))?;
    sheet.set_name("学员名单");
    let last = letter(RCol::ALL.len() - 1);
    sheet.cell_mut("A1").set_value_string(TITLE);
    sheet.add_merge_cells(format!("A1:{last}1"));
    let title = sheet.style_mut("A1");
    title.font_mut().set_bold(true).set_size(16.0);
    title
        .alignment_mut()
        .set_horizontal(HorizontalAlignmentValues::Center);
    sheet
        .row_dimension_mut(1)
        .set_height(30.0)
        .set_custom_height(true);
    sheet.cell_mut("A2").set_value_string(format!(
        "填报人：                       联系电话：                      填报日期：            （本班批准认定 {} 学时；身份证号、手机号码两列为文本格式，请勿改为数字）",
        c.approved().map_or_else(|| fmt(c.total_hours), |a| fmt(a.total()))
    ));
    sheet.add_merge_cells(format!("A2:{last}2"));
    for (i, col) in RCol::ALL.iter().enumerate() {
        let l = letter(i);
        let coord = format!("{l}{HEADER_ROW}");
        sheet
            .cell_mut(coord.as_str())
            .set_value_string(printed_label(*col));
        let style = sheet.style_mut(coord.as_str());
        style.font_mut().set_bold(true);
        style.set_background_color("FFD9E1F2");
        style
            .alignment_mut()
            .set_horizontal(HorizontalAlignmentValues::Center);
        let column = sheet.column_dimension_mut(&l.to_string());
        column.set_width(WIDTHS[i]);
        if matches!(col, RCol::IdNumber | RCol::Phone) {
            column
                .style_mut()
                .number_format_mut()
                .set_format_code(NumberingFormat::FORMAT_TEXT);
        }
    }
    let mut lists = DataValidations::default();
    for (col, items) in [(RCol::Gender, "男,女"), (RCol::Provincial, "是,否")] {
        let l = letter(col.position());
        let mut v = DataValidation::default();
        v.set_type(DataValidationValues::List)
            .set_allow_blank(true)
            .set_show_error_message(true)
            .set_error_title("输入有误")
            .set_error_message("请从下拉列表中选择")
            .set_formula1(format!("\"{items}\""));
        v.sequence_of_references_mut().set_sqref(format!(
            "{l}{}:{l}{}",
            HEADER_ROW + 1,
            HEADER_ROW + DATA_ROWS
        ));
        lists.add_data_validation_list(v);
    }
    sheet.set_data_validations(lists);
    let mut out = std::io::Cursor::new(Vec::new());
    write_writer(&book, &mut out).map_err(|e| anyhow::anyhow!("template: {e}"))?;
    Ok(out.into_inner())
}
