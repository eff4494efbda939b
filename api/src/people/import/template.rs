//! The import template, written with umya-spreadsheet: a title row, a hint row, the header;
//! 身份证号, 手机号码 and 所在单位代码 formatted as text so Excel keeps every digit; drop-down
//! lists for 职称专业系列, 职称级别 and 是否省属单位人员.

use umya_spreadsheet::{
    DataValidation, DataValidationValues, DataValidations, HorizontalAlignmentValues,
    NumberingFormat, VerticalAlignmentValues, writer::xlsx::write_writer,
};

use super::parse::{Col, Column};
use crate::people::title::LEVELS;

pub const TITLE: &str = "专业技术人员信息导入表";
pub const HINT: &str = "填写说明：姓名、身份证号必填，每人一行；身份证号、手机号码、所在单位代码三列已设为文本格式，\
请勿改成数字（否则 18 位身份证号末位会丢失）；所在单位代码留空表示导入时选择的单位；职称专业系列、职称级别、\
职称三项同时填写或同时留空；是否省属单位人员填“是”或“否”，留空视为“是”。请勿修改表头。";

/// The header row (1-based) in the template.
pub const HEADER_ROW: u32 = 3;
/// Rows below the header that get the drop-down lists.
const DATA_ROWS: u32 = 10_000;

fn letter(i: usize) -> char {
    (b'A' + i as u8) as char
}

/// Column widths, in the order of [`Col::ALL`].
pub const WIDTHS: [f64; 10] = [6.0, 12.0, 6.0, 22.0, 15.0, 22.0, 16.0, 10.0, 16.0, 18.0];

/// Columns kept as text.
pub fn is_text_column(col: Col) -> bool {
    matches!(col, Col::IdNumber | Col::Phone | Col::UnitCode)
}

/// The template as xlsx bytes; `series` are the dictionary's 职称专业系列 for the list.
pub fn build(series: &[String]) -> anyhow::Result<Vec<u8>> {
    let mut book = umya_spreadsheet::new_file();
    let sheet = book
        .sheet_mut(0)
        .map_err(|e| anyhow::anyhow!("template sheet: {e}"))?;
    sheet.set_name("人员信息");
    let last = letter(Col::ALL.len() - 1);

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

    sheet.cell_mut("A2").set_value_string(HINT);
    sheet.add_merge_cells(format!("A2:{last}2"));
    let hint = sheet.style_mut("A2");
    hint.alignment_mut().set_wrap_text(true);
    hint.alignment_mut()
        .set_vertical(VerticalAlignmentValues::Center);
    hint.font_mut().set_size(10.0);
    sheet
        .row_dimension_mut(2)
        .set_height(54.0)
        .set_custom_height(true);

    for (i, col) in Col::ALL.iter().enumerate() {
        let l = letter(i);
        let coord = format!("{l}{HEADER_ROW}");
        sheet.cell_mut(coord.as_str()).set_value_string(col.label());
        let style = sheet.style_mut(coord.as_str());
        style.font_mut().set_bold(true);
        style.set_background_color("FFD9E1F2");
        style
            .alignment_mut()
            .set_horizontal(HorizontalAlignmentValues::Center);
        let column = sheet.column_dimension_mut(&l.to_string());
        column.set_width(WIDTHS[i]);
        if is_text_column(*col) {
            column
                .style_mut()
                .number_format_mut()
                .set_format_code(NumberingFormat::FORMAT_TEXT);
        }
    }

    let levels: Vec<&str> = LEVELS.iter().map(|(_, name)| *name).collect();
    let mut lists = DataValidations::default();
    let mut add = |col: Col, items: &[&str], what: &str| {
        let joined = items.join(",");
        // Excel refuses an inline list longer than 255 characters.
        if items.is_empty() || joined.chars().count() > 250 {
            return;
        }
        let l = letter(col.position());
        let mut v = DataValidation::default();
        v.set_type(DataValidationValues::List)
            .set_allow_blank(true)
            .set_show_error_message(true)
            .set_error_title("输入有误")
            .set_error_message(format!("请从下拉列表中选择{what}"))
            .set_formula1(format!("\"{joined}\""));
        v.sequence_of_references_mut().set_sqref(format!(
            "{l}{}:{l}{}",
            HEADER_ROW + 1,
            HEADER_ROW + DATA_ROWS
        ));
        lists.add_data_validation_list(v);
    };
    let series: Vec<&str> = series.iter().map(String::as_str).collect();
    add(Col::TitleSeries, &series, "职称专业系列");
    add(Col::TitleLevel, &levels, "职称级别");
    add(Col::Provincial, &["是", "否"], "“是”或“否”");
    sheet.set_data_validations(lists);

    let mut out = std::io::Cursor::new(Vec::new());
    write_writer(&book, &mut out).map_err(|e| anyhow::anyhow!("template: {e}"))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::import::parse::parse;

    #[test]
    fn the_template_reads_back_with_its_header_and_no_rows() {
        let bytes = build(&["工程技术人员".into()]).expect("template");
        let sheet = parse::<Col>(&bytes).expect("parses");
        assert_eq!(sheet.header_row, HEADER_ROW);
        assert_eq!(sheet.header[3], "身份证号");
        assert!(sheet.rows.is_empty());
    }
}
