//! The error report: the rows that failed, with their original columns, the reason and the
//! original row number, so the administrator fixes them and uploads the report itself.

use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use super::parse::{Cell, Column, Sheet};

pub const REASON: &str = "错误原因";
pub const ROW_NUMBER: &str = "原行号";

/// `errors`: (index into `sheet.rows`, reason); `text` are the columns kept as text (IDs,
/// phones, codes).
pub fn build<C: Column>(
    sheet: &Sheet<C>,
    text_columns: &[C],
    errors: &[(usize, String)],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("错误行")?;
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2));
    let text = Format::new().set_num_format("@");
    let red = Format::new().set_font_color(Color::RGB(0xC00000));
    let width = sheet.header.len();
    let text_cols: Vec<usize> = text_columns
        .iter()
        .filter_map(|c| sheet.column(*c))
        .collect();
    for (i, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, col(i), h, &bold)?;
        let w = if text_cols.contains(&i) { 22.0 } else { 14.0 };
        ws.set_column_width(col(i), w)?;
    }
    for i in &text_cols {
        ws.set_column_format(col(*i), &text)?;
    }
    ws.write_string_with_format(0, col(width), REASON, &bold)?;
    ws.set_column_width(col(width), 60.0)?;
    ws.write_string_with_format(0, col(width + 1), ROW_NUMBER, &bold)?;
    for (n, (index, reason)) in errors.iter().enumerate() {
        let Some(row) = sheet.rows.get(*index) else {
            continue;
        };
        let r = (n + 1) as u32;
        for (i, cell) in row.cells.iter().enumerate() {
            let fmt = text_cols.contains(&i).then_some(&text);
            write_cell(ws, r, col(i), cell, fmt)?;
        }
        ws.write_string_with_format(r, col(width), reason, &red)?;
        ws.write_number(r, col(width + 1), f64::from(row.number))?;
    }
    ws.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Writes a cell as it was typed: a number stays a number (a 身份证号 typed as one is the very
/// error to fix), text stays text.
pub fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    cell: &Cell,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match (cell, format) {
        (Cell::Empty, _) => {}
        (Cell::Text(s), Some(f)) => {
            ws.write_string_with_format(row, c, s, f)?;
        }
        (Cell::Text(s), None) => {
            ws.write_string(row, c, s)?;
        }
        (Cell::Number(v), Some(f)) => {
            ws.write_number_with_format(row, c, *v, f)?;
        }
        (Cell::Number(v), None) => {
            ws.write_number(row, c, *v)?;
        }
        (Cell::Bool(b), _) => {
            ws.write_boolean(row, c, *b)?;
        }
    }
    Ok(())
}
