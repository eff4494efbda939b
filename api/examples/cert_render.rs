//! Certificate rendering throughput on one thread, for `bench/certificates.sh`: renders `n`
//! certificates of `items` counted items each and, as the floor in the same run, `n` minimal
//! PDFs (one A4 page, one line of the same font) with the same library. Prints one line:
//! `<pdfs/s> <avg bytes> <floor pdfs/s> <floor avg bytes>`.
//! `cargo run --release -p xueshi --example cert_render -- 300 24`
//! (`CERT_RENDER_OUT=/tmp/c.pdf` also writes the first one, to look at.)

use std::time::Instant;

use krilla::{Document, geom::Point, page::PageSettings, text::TextDirection};
use xueshi::{
    certificates::{
        fonts::Fonts,
        pdf::{ItemLine, Sheet, ThresholdLine, render},
        service::TITLE,
    },
    config::CertificateConfig,
};

fn sheet(i: usize, items: usize) -> Sheet {
    Sheet {
        title: TITLE.into(),
        number: format!("ZJ2026-7K3M-9QXD-{i:04}"),
        version: 1,
        year: 2026,
        name: "张伟".into(),
        id_masked: "3301**********1238".into(),
        unit: "浙江省建工集团有限责任公司".into(),
        title_name: "高级工程师".into(),
        thresholds: ["总学时", "专业科目", "公需科目", "  其中：行业公需科目"]
            .iter()
            .map(|l| ThresholdLine {
                label: (*l).into(),
                registered: "96".into(),
                required: "90".into(),
                met: true,
            })
            .collect(),
        total: "96".into(),
        items: (0..items)
            .map(|k| ItemLine {
                pathway: "参加继续教育培训".into(),
                title: format!("建筑施工安全生产专题培训第 {k} 期"),
                date: "2026-10-15".into(),
                hours: "4".into(),
                bucket: "专业科目".into(),
            })
            .collect(),
        issue_date: "2026 年 11 月 25 日".into(),
        issuer: "浙江省住房和城乡建设厅".into(),
        seal_text: "浙江省住房和城乡建设厅".into(),
        seal_subtext: "教育专用章".into(),
        qr_url: format!(
            "https://xueshi.zjjs.gov.cn/verify/ZJ2026-7K3M-9QXD-{i:04}?t={}",
            "A".repeat(260)
        ),
        verify_page: "https://xueshi.zjjs.gov.cn/verify".into(),
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(Ok(300), |s| s.parse())?;
    let items: usize = args.get(2).map_or(Ok(24), |s| s.parse())?;
    let c = CertificateConfig::defaults();
    let fonts = Fonts::load(&c.font, &c.font_bold)?;

    let t = Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        let pdf = render(&fonts, &sheet(i, items))?;
        bytes += pdf.len();
        // CERT_RENDER_OUT=file.pdf keeps one to look at.
        if i == 0
            && let Ok(out) = std::env::var("CERT_RENDER_OUT")
        {
            std::fs::write(out, &pdf)?;
        }
    }
    let rate = n as f64 / t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut floor_bytes = 0;
    for i in 0..n {
        let mut doc = Document::new();
        let mut page = doc.start_page_with(
            PageSettings::from_wh(595.28, 841.89).ok_or_else(|| anyhow::anyhow!("size"))?,
        );
        let mut s = page.surface();
        s.draw_text(
            Point::from_xy(56.0, 96.0),
            fonts.regular.font.clone(),
            12.0,
            &format!("{TITLE} {i}"),
            false,
            TextDirection::Auto,
        );
        s.finish();
        page.finish();
        floor_bytes += doc.finish().map_err(|e| anyhow::anyhow!("{e:?}"))?.len();
    }
    let floor = n as f64 / t.elapsed().as_secs_f64();
    println!("{rate:.1} {} {floor:.1} {}", bytes / n, floor_bytes / n);
    Ok(())
}
