//! The certificate page (A4, portrait): title, the person, the year's hours against each
//! minimum, the counted items, the statement, the QR code, the seal and how to verify.
//! Everything is vector: text in subset-embedded fonts, the seal and the QR code as paths.

use krilla::{
    Document,
    color::rgb,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    num::NormalizedF32,
    page::PageSettings,
    paint::{Fill, Stroke},
    surface::Surface,
};
use qrcode::{EcLevel, QrCode};

use super::{
    fonts::{Face, Fonts},
    seal::{Seal, mm},
};

const W: f32 = 595.28;
const H: f32 = 841.89;
const LEFT: f32 = 56.0;
const RIGHT: f32 = W - 56.0;
const BOTTOM: f32 = H - 60.0;

/// What one certificate prints; all text already formatted.
pub struct Sheet {
    pub title: String,
    pub number: String,
    pub version: i32,
    pub year: i32,
    pub name: String,
    pub id_masked: String,
    pub unit: String,
    pub title_name: String,
    pub thresholds: Vec<ThresholdLine>,
    pub total: String,
    pub items: Vec<ItemLine>,
    pub issue_date: String,
    pub issuer: String,
    pub seal_text: String,
    pub seal_subtext: String,
    /// Encoded into the QR code: the verification URL with its signed token.
    pub qr_url: String,
    /// Where to type the number by hand.
    pub verify_page: String,
}

pub struct ThresholdLine {
    pub label: String,
    pub registered: String,
    pub required: String,
    pub met: bool,
}

pub struct ItemLine {
    pub pathway: String,
    pub title: String,
    pub date: String,
    pub hours: String,
    pub bucket: String,
}

fn fill(r: u8, g: u8, b: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

pub(crate) fn line_stroke(width: f32, gray: u8) -> Stroke {
    Stroke {
        paint: rgb::Color::new(gray, gray, gray).into(),
        width,
        ..Stroke::default()
    }
}

/// A page being written, with the pen's fonts.
pub(crate) struct Pen<'a, 'b> {
    pub s: &'a mut Surface<'b>,
    pub fonts: &'a Fonts,
}

impl Pen<'_, '_> {
    pub(crate) fn text(&mut self, face: &Face, x: f32, y: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.s.set_fill(Some(fill(0x1F, 0x1F, 0x1F)));
        face.draw(self.s, Point::from_xy(x, y), size, text);
    }

    pub(crate) fn regular(&mut self, x: f32, y: f32, size: f32, text: &str) {
        let face = self.fonts.regular.clone();
        self.text(&face, x, y, size, text);
    }

    pub(crate) fn centered(&mut self, bold: bool, cx: f32, y: f32, size: f32, text: &str) {
        let face = if bold {
            self.fonts.bold.clone()
        } else {
            self.fonts.regular.clone()
        };
        let w = face.width(text, size);
        self.text(&face, cx - w / 2.0, y, size, text);
    }

    pub(crate) fn right(&mut self, x: f32, y: f32, size: f32, text: &str) {
        let w = self.fonts.regular.width(text, size);
        self.regular(x - w, y, size, text);
    }

    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.s.set_fill(None);
        self.s.set_stroke(Some(line_stroke(width, 0x55)));
        let mut pb = PathBuilder::new();
        pb.move_to(x1, y);
        pb.line_to(x2, y);
        if let Some(p) = pb.finish() {
            self.s.draw_path(&p);
        }
        self.s.set_stroke(None);
    }

    pub(crate) fn shade(&mut self, x: f32, y: f32, w: f32, h: f32) {
        if let Some(r) = Rect::from_xywh(x, y, w, h) {
            let mut pb = PathBuilder::new();
            pb.push_rect(r);
            if let Some(p) = pb.finish() {
                self.s.set_fill(Some(fill(0xF2, 0xF4, 0xF7)));
                self.s.draw_path(&p);
            }
        }
    }

    /// One table row: cells at column x positions; the last column right-aligned if `num`.
    pub(crate) fn row(&mut self, y: f32, size: f32, cols: &[(f32, f32)], cells: &[&str]) {
        for ((x, w), text) in cols.iter().zip(cells) {
            let fitted = self.fonts.regular.fit(text, size, *w - 6.0);
            self.regular(*x + 3.0, y, size, &fitted);
        }
    }
}

/// The item table's columns: (x, width).
fn item_cols() -> [(f32, f32); 6] {
    let widths = [28.0, 110.0, 165.0, 62.0, 40.0, 78.0];
    let mut x = LEFT;
    widths.map(|w| {
        let c = (x, w);
        x += w;
        c
    })
}

const ITEM_HEAD: [&str; 6] = ["序号", "认定途径", "名称", "日期", "学时", "计入类别"];
const ROW_H: f32 = 17.0;
/// The last page needs this much room for the statement, QR code and seal.
const FOOTER_H: f32 = 210.0;

/// Renders the certificate to PDF bytes.
pub fn render(fonts: &Fonts, sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{}（{} 年度）", sheet.title, sheet.year))
            .creator("学时登记管理系统".into())
            .language("zh-CN".into()),
    );
    let settings = || PageSettings::from_wh(W, H).ok_or_else(|| anyhow::anyhow!("page size"));
    let mut items = sheet.items.iter().enumerate().peekable();
    let mut page_no = 1;
    loop {
        let mut page = doc.start_page_with(settings()?);
        let mut surface = page.surface();
        let mut pen = Pen {
            s: &mut surface,
            fonts,
        };
        let mut y = if page_no == 1 {
            header(&mut pen, sheet)
        } else {
            continued(&mut pen, sheet, page_no);
            80.0
        };
        // Counted items, as many as fit; the footer goes where there is room for it.
        let cols = item_cols();
        pen.shade(LEFT, y - 12.5, RIGHT - LEFT, ROW_H);
        pen.row(y, 9.0, &cols, &ITEM_HEAD);
        pen.hline(LEFT, RIGHT, y + 4.5, 0.8);
        y += ROW_H;
        while let Some((i, it)) = items.peek() {
            if y + ROW_H > BOTTOM {
                break;
            }
            let n = (i + 1).to_string();
            pen.row(
                y,
                9.0,
                &cols,
                &[&n, &it.pathway, &it.title, &it.date, &it.hours, &it.bucket],
            );
            pen.hline(LEFT, RIGHT, y + 4.5, 0.3);
            y += ROW_H;
            items.next();
        }
        if sheet.items.is_empty() {
            pen.regular(LEFT + 3.0, y, 9.0, "（无）");
            y += ROW_H;
        }
        let done = items.peek().is_none();
        if done && y + FOOTER_H <= BOTTOM + 30.0 {
            footer(&mut pen, sheet, y + 14.0);
            surface.finish();
            page.finish();
            break;
        }
        surface.finish();
        page.finish();
        page_no += 1;
        if done {
            // Only the footer is left: it gets a page of its own.
            let mut page = doc.start_page_with(settings()?);
            let mut surface = page.surface();
            let mut pen = Pen {
                s: &mut surface,
                fonts,
            };
            continued(&mut pen, sheet, page_no);
            footer(&mut pen, sheet, 80.0);
            surface.finish();
            page.finish();
            break;
        }
    }
    doc.finish()
        .map_err(|e| anyhow::anyhow!("PDF generation failed: {e:?}"))
}

/// The top line of every page after the first.
fn continued(pen: &mut Pen<'_, '_>, sheet: &Sheet, page_no: i32) {
    pen.right(
        RIGHT,
        50.0,
        8.5,
        &format!("证明编号：{}（续第 {page_no} 页）", sheet.number),
    );
}

/// Title, number, the person and the hours table; returns where the item table starts.
fn header(pen: &mut Pen<'_, '_>, sheet: &Sheet) -> f32 {
    pen.right(RIGHT, 50.0, 8.5, &format!("证明编号：{}", sheet.number));
    if sheet.version > 1 {
        pen.right(RIGHT, 62.0, 8.5, &format!("第 {} 版", sheet.version));
    }
    pen.centered(true, W / 2.0, 96.0, 16.5, &sheet.title);
    pen.centered(
        false,
        W / 2.0,
        120.0,
        12.0,
        &format!("（{} 年度）", sheet.year),
    );

    // The person: two label/value pairs per line.
    let mut y = 156.0;
    let pairs = [
        (
            "姓　　名",
            sheet.name.as_str(),
            "身份证号",
            sheet.id_masked.as_str(),
        ),
        (
            "工作单位",
            sheet.unit.as_str(),
            "职　　称",
            sheet.title_name.as_str(),
        ),
    ];
    let mid = LEFT + (RIGHT - LEFT) * 0.56;
    for (l1, v1, l2, v2) in pairs {
        pen.regular(LEFT, y, 10.5, &format!("{l1}："));
        let v1 = pen.fonts.regular.fit(v1, 10.5, mid - LEFT - 70.0);
        pen.regular(LEFT + 60.0, y, 10.5, &v1);
        pen.regular(mid, y, 10.5, &format!("{l2}："));
        let v2 = pen.fonts.regular.fit(v2, 10.5, RIGHT - mid - 60.0);
        pen.regular(mid + 60.0, y, 10.5, &v2);
        y += 22.0;
    }

    // Hours against each minimum.
    y += 8.0;
    pen.regular(LEFT, y, 11.0, "一、年度学时登记情况");
    y += 20.0;
    let cols = [
        (LEFT, 150.0),
        (LEFT + 150.0, 110.0),
        (LEFT + 260.0, 110.0),
        (LEFT + 370.0, RIGHT - LEFT - 370.0),
    ];
    pen.shade(LEFT, y - 12.5, RIGHT - LEFT, ROW_H);
    pen.row(
        y,
        9.5,
        &cols,
        &["类别", "已登记学时", "年度要求（不少于）", "结论"],
    );
    pen.hline(LEFT, RIGHT, y + 4.5, 0.8);
    y += ROW_H;
    for t in &sheet.thresholds {
        let verdict = if t.met { "达标" } else { "未达标" };
        pen.row(
            y,
            9.5,
            &cols,
            &[&t.label, &t.registered, &t.required, verdict],
        );
        pen.hline(LEFT, RIGHT, y + 4.5, 0.3);
        y += ROW_H;
    }
    y += 16.0;
    pen.regular(LEFT, y, 11.0, "二、计入学时明细");
    y + 20.0
}

/// Statement, QR code with the verification line, issuer, date and seal.
fn footer(pen: &mut Pen<'_, '_>, sheet: &Sheet, top: f32) {
    let statement = format!(
        "兹证明 {} 同志 {} 年度已登记继续教育学时 {} 学时。",
        sheet.name, sheet.year, sheet.total
    );
    pen.regular(LEFT, top + 6.0, 11.0, &statement);

    // QR code, bottom left: dark modules as one path of rectangles, merged along each row.
    let qr_top = top + 30.0;
    let qr_size = 104.0;
    if let Ok(code) = QrCode::with_error_correction_level(sheet.qr_url.as_bytes(), EcLevel::M) {
        let n = code.width();
        let colors = code.to_colors();
        let quiet = 2.0;
        let module = qr_size / (n as f32 + 2.0 * quiet);
        let mut pb = PathBuilder::new();
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    let x = LEFT + (start as f32 + quiet) * module;
                    let y = qr_top + (row as f32 + quiet) * module;
                    if let Some(r) = Rect::from_xywh(x, y, (col - start) as f32 * module, module) {
                        pb.push_rect(r);
                    }
                } else {
                    col += 1;
                }
            }
        }
        if let Some(p) = pb.finish() {
            pen.s.set_fill(Some(fill(0, 0, 0)));
            pen.s.draw_path(&p);
        }
    }
    let tx = LEFT + qr_size + 10.0;
    pen.regular(tx, qr_top + 22.0, 9.0, "验证方式：");
    pen.regular(tx, qr_top + 38.0, 9.0, "1. 用手机扫描左侧二维码；");
    pen.regular(
        tx,
        qr_top + 54.0,
        9.0,
        &format!("2. 访问 {}", sheet.verify_page),
    );
    pen.regular(tx + 11.0, qr_top + 68.0, 9.0, "输入证明编号查询；");
    pen.regular(
        tx,
        qr_top + 84.0,
        9.0,
        "3. 二维码含 Ed25519 签名，可用公布的公钥离线核验。",
    );

    // Issuer and date, bottom right, under the seal.
    let cx = RIGHT - 78.0;
    let cy = qr_top + 52.0;
    pen.centered(false, cx, cy + 8.0, 11.0, &sheet.issuer);
    pen.centered(false, cx, cy + 28.0, 11.0, &sheet.issue_date);
    Seal {
        face: &pen.fonts.bold,
        text: &sheet.seal_text,
        subtext: &sheet.seal_subtext,
    }
    .draw(pen.s, cx, cy, mm(42.0));
}
