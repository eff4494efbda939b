//! The certificate's two faces, loaded once at start. A missing or non-Chinese font makes
//! the feature unavailable with a message naming the file, never a PDF of empty boxes.

use std::sync::Arc;

use anyhow::{Context, bail};
use krilla::text::Font;
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
        let face = FontRef::from_index(&data, src.index).with_context(|| {
            format!("{} 中没有第 {} 个字形集", src.path.display(), src.index)
        })?;
        // The certificate's own words must all be in the face.
        let charmap = face.charmap();
        if let Some(c) = "浙江省学时登记证明0123456789".chars().find(|c| charmap.map(*c).is_none()) {
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

    /// Advance width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(face) = FontRef::from_index(&self.data, self.index) else {
            return 0.0;
        };
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|g| metrics.advance_width(g))
            .sum()
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
