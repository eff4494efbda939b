//! Writes a roster of valid, distinct persons in the import template's layout, for
//! `bench/import.sh`: `cargo run --release -p xueshi --example import_gen -- 100000 out.xlsx`.

use chrono::{Duration, NaiveDate};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use xueshi::people::{
    IdNumber,
    import::parse::{Col, Column},
};

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
const GIVEN: [&str; 30] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "志强", "海燕", "丹", "建国", "文",
    "斌",
];
const TITLES: [(&str, &str, &str); 3] = [
    ("工程技术人员", "中级", "工程师"),
    ("工程技术人员", "副高级", "高级工程师"),
    ("经济专业人员", "中级", "经济师"),
];

/// The `n`-th 身份证号: 杭州市西湖区, a birth date from 1970 on, 1000 numbers per day; the
/// check character is the one the validator accepts.
fn id_number(n: u64) -> String {
    let base = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let birth = base + Duration::days((n / 1000) as i64);
    let body = format!("330106{}{:03}", birth.format("%Y%m%d"), n % 1000);
    "0123456789X"
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|id| IdNumber::parse(id).is_ok())
        .unwrap_or(body)
}

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let out = args.next().unwrap_or_else(|| "persons.xlsx".into());
    let mut book = Workbook::new();
    let ws = book.add_worksheet_with_constant_memory()?;
    let text = Format::new().set_num_format("@");
    ws.write_string(0, 0, "专业技术人员信息导入表")?;
    for (c, col) in Col::ALL.iter().enumerate() {
        ws.write_string(1, c as u16, col.label())?;
    }
    for n in 0..rows {
        let r = n as u32 + 2;
        let id = id_number(n);
        let male = (id.as_bytes()[16] - b'0') % 2 == 1;
        let name = format!(
            "{}{}",
            SURNAMES[(n % 20) as usize],
            GIVEN[((n / 20) % 30) as usize]
        );
        ws.write_number(r, 0, (n + 1) as f64)?;
        ws.write_string(r, 1, &name)?;
        ws.write_string(r, 2, if male { "男" } else { "女" })?;
        ws.write_string_with_format(r, 3, &id, &text)?;
        ws.write_string_with_format(r, 4, format!("139{:08}", n), &text)?;
        if n % 4 != 3 {
            let (s, l, t) = TITLES[(n % 3) as usize];
            ws.write_string(r, 6, s)?;
            ws.write_string(r, 7, l)?;
            ws.write_string(r, 8, t)?;
        }
        ws.write_string(r, 9, "是")?;
    }
    book.save(&out)?;
    println!("{rows} rows written to {out}");
    Ok(())
}
