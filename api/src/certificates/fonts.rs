//! The certificate's two faces, loaded once at start. A missing or non-Chinese font makes
//! the feature unavailable with a message naming the file, never a PDF of empty boxes.

use std::sync::Arc;

use anyhow::{Context, bail};
use krilla::{
    geom::Point,
    surface::Surface,
    text::{Font, GlyphId, KrillaGlyph},
};
use skrifa::{FontRef, MetadataProvider, instance::LocationRef, instance::Size};

use crate::config::FontSource;

#[derive(Clone)]
pub struct Face {
    pub font: Font,
    data: Arc<Vec<u8>>,
    index: u32,
}

impl Face {
    pub fn load(src: &FontSource) -> anyhow::Result<Self> {
        let data = std::fs::read(&src.path).with_context(|| {
            format!(
                "证明字体文件不存在或不可读：{}（设置 XUESHI_CERT_FONT / XUESHI_CERT_FONT_BOLD，或安装 fonts-noto-cjk）",
                src.path.display()
            )
        })?;
        let data = Arc::new(data);
        let face = FontRef::from_index(&data, src.index)
            .with_context(|| format!("{} 中没有第 {} 个字形集", src.path.display(), src.index))?;
        // The certificate's own words must all be in the face.
        let charmap = face.charmap();
        if let Some(c) = "浙江省学时登记证明0123456789"
            .chars()
            .find(|c| charmap.map(*c).is_none())
        {
            bail!(
                "字体 {}#{} 缺少汉字「{c}」：请选用简体中文字体（Noto CJK 的第 2 个字形集）",
                src.path.display(),
                src.index
            );
        }
        let font = Font::new(data.clone().into(), src.index)
            .with_context(|| format!("无法解析字体 {}", src.path.display()))?;
        Ok(Self {
            font,
            data,
            index: src.index,
        })
    }

    /// Each character's glyph and advance (in em). Certificate text needs no shaping (no
    /// ligatures or marks in Chinese and digits), and skipping the shaper's per-call set-up
    /// of Noto CJK's large GSUB tables makes a certificate several times faster.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        let Ok(face) = FontRef::from_index(&self.data, self.index) else {
            return Vec::new();
        };
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::new(1.0), LocationRef::default());
        text.char_indices()
            .map(|(i, c)| {
                let g = charmap.map(c).unwrap_or_default();
                KrillaGlyph::new(
                    GlyphId::new(g.to_u32()),
                    metrics.advance_width(g).unwrap_or(0.0),
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// Advance width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text)
            .iter()
            .map(|g| krilla::text::Glyph::x_advance(g, size))
            .sum()
    }

    /// Draws `text` with its baseline starting at `at`, in the current fill.
    pub fn draw(&self, surface: &mut Surface<'_>, at: Point, size: f32, text: &str) {
        let glyphs = self.glyphs(text);
        surface.draw_glyphs(at, &glyphs, self.font.clone(), text, size, false);
    }

    /// `text` cut with an ellipsis to fit `max` points.
    pub fn fit(&self, text: &str, size: f32, max: f32) -> String {
        if self.width(text, size) <= max {
            return text.to_owned();
        }
        let mut out = String::new();
        for c in text.chars() {
            let next = format!("{out}{c}…");
            if self.width(&next, size) > max {
                break;
            }
            out.push(c);
        }
        out + "…"
    }
}

#[derive(Clone)]
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn load(regular: &FontSource, bold: &FontSource) -> anyhow::Result<Self> {
        Ok(Self {
            regular: Face::load(regular)?,
            bold: Face::load(bold)?,
        })
    }
}
