//! Reading an uploaded roster with calamine's streaming cell reader: the header row is found
//! by its cells among the first rows (title, hint and 填报人 rows above it are skipped), values
//! are kept as typed (a number stays a number, so a 身份证号 Excel turned into a number can be
//! refused), and blank rows are dropped. Only the first worksheet is read.

use std::{io::Cursor, marker::PhantomData};

use calamine::{DataRef, Reader, Xlsx};

use crate::{error::AppError, fields::clean};

/// The columns of a sheet kind (the person import, the class roster), in the template's order.
pub trait Column: Copy + Eq + std::fmt::Debug + 'static {
    const ALL: &'static [Self];
    /// A row naming both is the header.
    const KEY: [Self; 2];
    /// The numbering column: a row blank apart from it is a blank row.
    const SEQ: Self;

    /// The column's place in the template (0-based).
    fn position(self) -> usize;

    /// Header texts accepted for the column (after blanks, `*` and a bracketed note are
    /// removed); the first is the template's.
    fn names(self) -> &'static [&'static str];

    /// The template's header text.
    fn label(self) -> &'static str {
        self.names()[0]
    }

    fn from_header(text: &str) -> Option<Self> {
        let t = normalize_header(text);
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.names().contains(&t.as_str()))
    }
}

/// The columns of the person import template, in the template's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Seq,
    Name,
    Gender,
    IdNumber,
    Phone,
    UnitCode,
    TitleSeries,
    TitleLevel,
    TitleName,
    Provincial,
}

impl Column for Col {
    const ALL: &'static [Col] = &[
        Col::Seq,
        Col::Name,
        Col::Gender,
        Col::IdNumber,
        Col::Phone,
        Col::UnitCode,
        Col::TitleSeries,
        Col::TitleLevel,
        Col::TitleName,
        Col::Provincial,
    ];
    const KEY: [Col; 2] = [Col::Name, Col::IdNumber];
    const SEQ: Col = Col::Seq;

    fn position(self) -> usize {
        self as usize
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Col::Seq => &["序号", "编号"],
            Col::Name => &["姓名"],
            Col::Gender => &["性别"],
            Col::IdNumber => ID_NAMES,
            Col::Phone => PHONE_NAMES,
            Col::UnitCode => &[
                "所在单位代码",
                "单位代码",
                "统一社会信用代码",
                "所在单位统一社会信用代码",
            ],
            Col::TitleSeries => TITLE_SERIES_NAMES,
            Col::TitleLevel => TITLE_LEVEL_NAMES,
            Col::TitleName => TITLE_NAMES,
            Col::Provincial => PROVINCIAL_NAMES,
        }
    }
}

/// Header spellings both sheet kinds share.
pub const ID_NAMES: &[&str] = &["身份证号", "身份证号码", "公民身份号码", "身份证"];
pub const PHONE_NAMES: &[&str] = &["手机号码", "手机号", "手机", "联系电话"];
pub const TITLE_SERIES_NAMES: &[&str] = &["职称专业系列", "职称系列", "专业系列"];
pub const TITLE_LEVEL_NAMES: &[&str] = &["职称级别", "职称等级"];
pub const TITLE_NAMES: &[&str] = &["职称", "职称名称"];
pub const PROVINCIAL_NAMES: &[&str] = &["是否省属单位人员", "是否省属", "是否省属单位"];

/// `身份证号（必填）`, `* 姓 名`, `身份证号　` → `身份证号`, `姓名`, `身份证号`.
fn normalize_header(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '\u{3000}' | '*' | '＊')))
        .collect();
    // 附件2 heads the column 是（否）省属单位人员: not a note to cut.
    let s = s.replace("是（否）", "是否").replace("是(否)", "是否");
    let cut = s.find(['（', '(']).unwrap_or(s.len());
    s[..cut].to_owned()
}

/// How many non-blank rows from the top may precede the header.
pub const HEADER_SEARCH_ROWS: usize = 10;
/// The most data rows one file may hold.
pub const MAX_ROWS: usize = 200_000;

/// A cell as typed in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

static EMPTY: Cell = Cell::Empty;

impl Cell {
    /// The value as text, blanks (including U+3000) trimmed; an integral number without `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => clean(s),
            Cell::Number(f) => number_text(*f),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        }
    }

    /// Empty, or only spaces and full-width spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.chars().all(|c| c.is_whitespace() || c == '\u{3000}'),
            _ => false,
        }
    }

    /// The text, or `None` when blank.
    pub fn opt_text(&self) -> Option<String> {
        let t = self.text();
        (!t.is_empty()).then_some(t)
    }
}

pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// One data row: its row number as Excel shows it (1-based) and its cells, as wide as the
/// header.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

/// The sheet: the header as written and the data rows.
#[derive(Debug)]
pub struct Sheet<C: Column = Col> {
    /// The header cells' texts, from column A to the last header cell.
    pub header: Vec<String>,
    /// Excel row number (1-based) of the header.
    pub header_row: u32,
    /// Per column (by position), its place in the file.
    columns: Vec<Option<usize>>,
    pub rows: Vec<Row>,
    kind: PhantomData<C>,
}

impl<C: Column> Sheet<C> {
    pub fn cell<'a>(&self, row: &'a Row, col: C) -> &'a Cell {
        self.column(col)
            .and_then(|i| row.cells.get(i))
            .unwrap_or(&EMPTY)
    }

    /// The position of a column in the header, when the file has it.
    pub fn column(&self, col: C) -> Option<usize> {
        self.columns.get(col.position()).copied().flatten()
    }
}

#[derive(Debug)]
pub enum ParseError {
    NotXlsx,
    Unreadable(String),
    NoHeader,
    TooManyRows,
}

impl From<ParseError> for AppError {
    fn from(e: ParseError) -> Self {
        match e {
            ParseError::NotXlsx => AppError::bad_request(
                "invalid_file",
                "上传的文件不是 Excel（.xlsx）文件；请用导入模板填写，或在 Excel 中另存为 .xlsx 后上传",
            ),
            ParseError::Unreadable(cause) => {
                tracing::info!(%cause, "unreadable xlsx upload");
                AppError::bad_request(
                    "invalid_file",
                    "无法读取该 Excel 文件，文件可能已损坏；请在 Excel 中另存为 .xlsx 后重新上传",
                )
            }
            ParseError::NoHeader => AppError::bad_request(
                "missing_header",
                "文件前 10 行中没有找到表头（须有“姓名”和“身份证号”两列），请使用导入模板",
            ),
            ParseError::TooManyRows => AppError::bad_request(
                "too_many_rows",
                format!("一个文件最多导入 {MAX_ROWS} 行，请分成几个文件上传"),
            ),
        }
    }
}

/// Reads the first worksheet of an xlsx file.
pub fn parse<C: Column>(bytes: &[u8]) -> Result<Sheet<C>, ParseError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(ParseError::NotXlsx);
    }
    let unreadable = |e: calamine::XlsxError| ParseError::Unreadable(e.to_string());
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = book
        .sheets_metadata()
        .iter()
        .find(|s| {
            s.typ == calamine::SheetType::WorkSheet && s.visible == calamine::SheetVisible::Visible
        })
        .or_else(|| book.sheets_metadata().first())
        .map(|s| s.name.clone())
        .ok_or_else(|| ParseError::Unreadable("no worksheet".into()))?;
    let mut reader = book.worksheet_cells_reader(&name).map_err(unreadable)?;
    let mut b = Builder::<C>::default();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let value = convert(cell.get_value());
        if value != Cell::Empty {
            b.push(row, col, value)?;
        }
        if b.gave_up {
            break;
        }
    }
    b.finish()
}

fn convert(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cell::Text(s.clone())
        }
        DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::DateTime(d) => Cell::Number(d.as_f64()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::Error(e) => Cell::Text(e.to_string()),
    }
}

/// Gathers cells row by row: looks for the header first, then collects data rows.
struct Builder<C> {
    current: Option<u32>,
    cells: Vec<(u32, Cell)>,
    rows_before_header: usize,
    header: Option<(u32, Vec<String>, Vec<Option<usize>>)>,
    rows: Vec<Row>,
    gave_up: bool,
    kind: PhantomData<C>,
}

impl<C> Default for Builder<C> {
    fn default() -> Self {
        Builder {
            current: None,
            cells: Vec::new(),
            rows_before_header: 0,
            header: None,
            rows: Vec::new(),
            gave_up: false,
            kind: PhantomData,
        }
    }
}

impl<C: Column> Builder<C> {
    fn push(&mut self, row: u32, col: u32, value: Cell) -> Result<(), ParseError> {
        if self.current != Some(row) {
            self.flush()?;
            self.current = Some(row);
        }
        self.cells.push((col, value));
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ParseError> {
        let Some(row) = self.current.take() else {
            return Ok(());
        };
        let cells = std::mem::take(&mut self.cells);
        if cells.iter().all(|(_, c)| c.is_blank()) {
            return Ok(());
        }
        match &self.header {
            None => {
                if let Some(columns) = header_columns::<C>(&cells) {
                    let width = cells
                        .iter()
                        .filter(|(_, c)| !c.is_blank())
                        .map(|(i, _)| *i as usize + 1)
                        .max()
                        .unwrap_or(0);
                    let mut header = vec![String::new(); width];
                    for (i, c) in cells {
                        if let Some(h) = header.get_mut(i as usize) {
                            *h = c.text();
                        }
                    }
                    self.header = Some((row + 1, header, columns));
                } else {
                    self.rows_before_header += 1;
                    if self.rows_before_header >= HEADER_SEARCH_ROWS {
                        self.gave_up = true;
                    }
                }
            }
            Some((_, header, columns)) => {
                let mut out = vec![Cell::Empty; header.len()];
                for (i, c) in cells {
                    if let Some(slot) = out.get_mut(i as usize) {
                        *slot = c;
                    }
                }
                // Blank apart from 序号 (pre-numbered empty rows, a 填报人 footer in column A).
                let seq = columns[C::SEQ.position()];
                let blank = out
                    .iter()
                    .enumerate()
                    .all(|(i, c)| Some(i) == seq || c.is_blank());
                if !blank {
                    if self.rows.len() >= MAX_ROWS {
                        return Err(ParseError::TooManyRows);
                    }
                    self.rows.push(Row {
                        number: row + 1,
                        cells: out,
                    });
                }
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Sheet<C>, ParseError> {
        if !self.gave_up {
            self.flush()?;
        }
        let (header_row, header, columns) = self.header.ok_or(ParseError::NoHeader)?;
        Ok(Sheet {
            header,
            header_row,
            columns,
            rows: self.rows,
            kind: PhantomData,
        })
    }
}

/// The columns, when this row is the header: it must name both key columns.
fn header_columns<C: Column>(cells: &[(u32, Cell)]) -> Option<Vec<Option<usize>>> {
    let mut columns = vec![None; C::ALL.len()];
    for (i, cell) in cells {
        if let Cell::Text(t) = cell
            && let Some(col) = C::from_header(t)
            && columns[col.position()].is_none()
        {
            columns[col.position()] = Some(*i as usize);
        }
    }
    C::KEY
        .iter()
        .all(|k| columns[k.position()].is_some())
        .then_some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_tolerate_blanks_marks_and_notes() {
        assert_eq!(Col::from_header(" 身份证号\u{3000}"), Some(Col::IdNumber));
        assert_eq!(Col::from_header("*姓　名"), Some(Col::Name));
        assert_eq!(Col::from_header("身份证号码（必填）"), Some(Col::IdNumber));
        assert_eq!(Col::from_header("职称"), Some(Col::TitleName));
        assert_eq!(Col::from_header("专业技术人员信息导入表"), None);
    }

    #[test]
    fn numbers_read_as_text_without_a_fraction() {
        assert_eq!(number_text(13800001234.0), "13800001234");
        assert_eq!(number_text(1.5), "1.5");
        assert!(Cell::Text(" \u{3000}".into()).is_blank());
    }

    #[test]
    fn not_a_zip_is_refused() {
        assert!(matches!(parse::<Col>(b"hello"), Err(ParseError::NotXlsx)));
        assert!(matches!(
            parse::<Col>(b"PK\x03\x04garbage"),
            Err(ParseError::Unreadable(_))
        ));
    }
}
