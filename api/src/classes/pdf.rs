//! 附件1 《专业技术人员继续教育培训班学时认定申请表》 filled in, laid out like the annex: a
//! bordered form, 省学时办's opinion with reviewer, date and seal once decided, and the
//! annex's five notes.

use chrono::Datelike;
use krilla::{Document, geom::PathBuilder, metadata::Metadata, page::PageSettings};

use super::{entity::class, model::PlanKind};
use crate::{
    certificates::{
        fonts::{Face, Fonts},
        pdf::{Pen, line_stroke},
        seal::{Seal, mm},
    },
    hours::fmt,
};

const W: f32 = 595.28;
const H: f32 = 841.89;
const LEFT: f32 = 50.0;
const RIGHT: f32 = W - 50.0;
const LABEL_W: f32 = 92.0;
const SIZE: f32 = 10.5;
const LINE: f32 = 16.0;

pub const TITLE: &str = "专业技术人员继续教育培训班学时认定申请表";

const NOTES: [&str; 5] = [
    "1、凡列入《省建设厅年度建设教育培训指导性计划》的专业技术人员继续教育培训班次，可于办班一周前提出申请；",
    "2、厅直属单位举办的专业技术人员继续教育培训班次，应于办班两周前提出申请；厅管社团可参照执行；",
    "3、各类继续教育培训班学时认定标准，按照《浙江省住房和城乡建设行业专业技术人员继续教育学时登记细则（试行）》第八条规定执行；",
    "4、随申请表需一并提交培训办班方案（培训通知、课程安排等）；",
    "5、培训结束后，须于一周内通过学时登记管理系统上传《培训班学员学时登记信息汇总表》（附件2）。",
];

/// Breaks `text` into lines no wider than `max`.
fn wrap(face: &Face, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for c in para.chars() {
            let next = format!("{line}{c}");
            if face.width(&next, size) > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
        lines.push(line);
    }
    lines
}

fn rect(pen: &mut Pen<'_, '_>, x: f32, y: f32, w: f32, h: f32) {
    pen.s.set_fill(None);
    pen.s.set_stroke(Some(line_stroke(0.8, 0x22)));
    let mut pb = PathBuilder::new();
    if let Some(r) = krilla::geom::Rect::from_xywh(x, y, w, h) {
        pb.push_rect(r);
    }
    if let Some(p) = pb.finish() {
        pen.s.draw_path(&p);
    }
    pen.s.set_stroke(None);
}

/// One form row: (label, value) pairs sharing the width; returns the row's height.
fn row(pen: &mut Pen<'_, '_>, y: f32, cells: &[(&str, &str)], min_h: f32) -> f32 {
    let n = cells.len() as f32;
    let cell_w = (RIGHT - LEFT) / n;
    let value_w = cell_w - LABEL_W;
    let face = pen.fonts.regular.clone();
    let wrapped: Vec<(Vec<String>, Vec<String>)> = cells
        .iter()
        .map(|(l, v)| {
            (
                wrap(&face, l, SIZE, LABEL_W - 10.0),
                wrap(&face, v, SIZE, value_w - 12.0),
            )
        })
        .collect();
    let lines = wrapped
        .iter()
        .map(|(l, v)| l.len().max(v.len()))
        .max()
        .unwrap_or(1) as f32;
    let h = (lines * LINE + 12.0).max(min_h);
    for (i, (label, value)) in wrapped.iter().enumerate() {
        let x = LEFT + cell_w * i as f32;
        pen.shade(x, y, LABEL_W, h);
        rect(pen, x, y, LABEL_W, h);
        rect(pen, x + LABEL_W, y, value_w, h);
        let top = y + (h - label.len() as f32 * LINE) / 2.0 + LINE - 4.0;
        for (k, l) in label.iter().enumerate() {
            pen.centered(false, x + LABEL_W / 2.0, top + k as f32 * LINE, SIZE, l);
        }
        let vtop = if value.len() > 2 {
            y + LINE + 2.0
        } else {
            y + (h - value.len() as f32 * LINE) / 2.0 + LINE - 4.0
        };
        for (k, v) in value.iter().enumerate() {
            pen.regular(x + LABEL_W + 6.0, vtop + k as f32 * LINE, SIZE, v);
        }
    }
    h
}

fn date_cn(d: chrono::NaiveDate) -> String {
    format!("{} 年 {} 月 {} 日", d.year(), d.month(), d.day())
}

/// Renders the filled form.
pub fn render(
    fonts: &Fonts,
    c: &class::Model,
    seal_text: &str,
    seal_subtext: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{TITLE}（{}）", c.name))
            .creator("学时登记管理系统".into())
            .language("zh-CN".into()),
    );
    let mut page = doc
        .start_page_with(PageSettings::from_wh(W, H).ok_or_else(|| anyhow::anyhow!("page size"))?);
    let mut surface = page.surface();
    let mut pen = Pen {
        s: &mut surface,
        fonts,
    };
    pen.regular(LEFT, 50.0, 10.0, "附件1");
    pen.centered(true, W / 2.0, 84.0, 16.0, TITLE);
    let mut y = 104.0;
    let requested = c.requested();
    let split: Vec<String> = [
        ("专业科目", requested.professional),
        ("行业公需科目", requested.industry_public),
        ("一般公需科目", requested.general_public),
    ]
    .iter()
    .filter(|(_, h)| *h > 0)
    .map(|(l, h)| format!("{l} {} 学时", fmt(*h)))
    .collect();
    let kind = match PlanKind::parse(&c.plan_kind) {
        PlanKind::AnnualPlan => "列入年度培训项目计划的培训班（办班 7 天前申请）",
        PlanKind::Affiliated => "厅直属单位、厅管社团举办的培训班（办班 14 天前申请）",
    };
    let kind = match &c.plan_ref {
        Some(r) => format!("{kind}；{r}"),
        None => kind.to_owned(),
    };
    let contact = format!("{} {}", c.contact_person, c.contact_phone);
    let time = format!(
        "{}至{}，共 {} 天",
        date_cn(c.start_date),
        date_cn(c.end_date),
        c.days
    );
    let hours = format!(
        "按每天 {} 学时认定，共计 {} 学时",
        fmt(c.hours_per_day),
        fmt(c.total_hours)
    );
    let headcount = format!("{} 人", c.planned_headcount);
    y += row(
        &mut pen,
        y,
        &[("单位名称", &c.unit_name), ("组织机构代码", &c.org_code)],
        34.0,
    );
    y += row(
        &mut pen,
        y,
        &[("单位地址", &c.address), ("联系方式", &contact)],
        34.0,
    );
    y += row(
        &mut pen,
        y,
        &[("培训班名称", &c.name), ("培训地点", &c.location)],
        34.0,
    );
    y += row(&mut pen, y, &[("培训主要内容", &c.content)], 90.0);
    y += row(&mut pen, y, &[("培训时间", &time)], 30.0);
    y += row(
        &mut pen,
        y,
        &[("培训学时", &hours), ("计划培训人数", &headcount)],
        30.0,
    );
    y += row(&mut pen, y, &[("学时类别", &split.join("、"))], 30.0);
    y += row(&mut pen, y, &[("办班类型", &kind)], 30.0);

    // 省学时办意见: the annex's sentence, the opinion, reviewer, date and seal once decided.
    let approved = c
        .approved()
        .filter(|_| matches!(c.state.as_str(), class::APPROVED | class::POSTED));
    let decided = c
        .decided_at
        .map(|d| d.with_timezone(&crate::calendar::zone()).date_naive());
    let mut text = match (&approved, c.state.as_str()) {
        (Some(a), _) => format!(
            "同意该培训班按 {} 学时认定，并办理相关登记手续。",
            fmt(a.total())
        ),
        (None, class::REJECTED) => "不同意该培训班学时认定申请。".to_owned(),
        _ => "同意该培训班按        学时认定，并办理相关登记手续。".to_owned(),
    };
    if let Some(o) = &c.opinion {
        text.push_str(&format!("\n意见：{o}"));
    }
    let h = row(
        &mut pen,
        y,
        &[(
            "省住房和城乡建设行业专业技术人员继续教育学时登记管理办公室意见",
            &text,
        )],
        150.0,
    );
    let base = y + h - 14.0;
    pen.regular(
        LEFT + LABEL_W + 10.0,
        base - 22.0,
        SIZE,
        &format!("审核人：{}", c.reviewer_name.clone().unwrap_or_default()),
    );
    pen.regular(LEFT + LABEL_W + 230.0, base - 22.0, SIZE, "盖 章：");
    pen.right(
        RIGHT - 12.0,
        base,
        SIZE,
        &decided.map_or_else(|| "      年     月     日".to_owned(), date_cn),
    );
    if decided.is_some() {
        Seal {
            face: &pen.fonts.bold,
            text: seal_text,
            subtext: seal_subtext,
        }
        .draw(pen.s, RIGHT - 80.0, base - 40.0, mm(38.0));
    }
    y += h + 26.0;
    pen.regular(LEFT, y, SIZE, "培训单位盖章：");
    let submitted = c
        .submitted_at
        .map(|d| d.with_timezone(&crate::calendar::zone()).date_naive());
    pen.regular(
        LEFT + 300.0,
        y,
        SIZE,
        &format!(
            "时间：{}",
            submitted.map_or_else(|| "      年     月     日".to_owned(), date_cn)
        ),
    );
    y += 28.0;
    let face = pen.fonts.regular.clone();
    pen.regular(LEFT, y, 9.0, "备注：");
    for note in NOTES {
        for line in wrap(&face, note, 9.0, RIGHT - LEFT - 30.0) {
            pen.regular(LEFT + 28.0, y, 9.0, &line);
            y += 13.0;
        }
    }
    surface.finish();
    page.finish();
    doc.finish()
        .map_err(|e| anyhow::anyhow!("PDF generation failed: {e:?}"))
}
