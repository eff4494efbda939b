//! The round electronic seal, drawn as vectors: a red ring, a five-pointed star in the
//! middle, the authority's name along the upper arc with each character upright to the
//! rim, and the seal's purpose (教育专用章) straight below the star. Proportions follow the
//! usual official round seal of 42 mm: ring 1.2 mm, star 14 mm across, text 6–7 mm high.

use std::f32::consts::PI;

use krilla::{
    color::rgb,
    geom::{PathBuilder, Point, Transform},
    num::NormalizedF32,
    paint::{Fill, Stroke},
    surface::Surface,
};

use super::fonts::Face;

/// Seal red (印泥红).
pub const RED: (u8, u8, u8) = (0xD7, 0x1A, 0x1A);

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

pub struct Seal<'a> {
    pub face: &'a Face,
    pub text: &'a str,
    pub subtext: &'a str,
}

fn red_fill() -> Fill {
    Fill {
        paint: rgb::Color::new(RED.0, RED.1, RED.2).into(),
        // Slightly see-through, like ink over the printed date below it.
        opacity: NormalizedF32::new(0.92).unwrap_or(NormalizedF32::ONE),
        rule: Default::default(),
    }
}

impl Seal<'_> {
    /// Draws the seal centred on `(cx, cy)` with the given diameter in points.
    pub fn draw(&self, surface: &mut Surface<'_>, cx: f32, cy: f32, diameter: f32) {
        let r = diameter / 2.0;
        let scale = diameter / mm(42.0);
        let ring = mm(1.2) * scale;

        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(RED.0, RED.1, RED.2).into(),
            width: ring,
            opacity: NormalizedF32::new(0.92).unwrap_or(NormalizedF32::ONE),
            ..Stroke::default()
        }));
        if let Some(circle) = circle(cx, cy, r - ring / 2.0) {
            surface.draw_path(&circle);
        }
        surface.set_stroke(None);
        surface.set_fill(Some(red_fill()));

        // Star, 14 mm across, point up.
        let star_r = mm(7.0) * scale;
        let mut pb = PathBuilder::new();
        for i in 0..10 {
            let radius = if i % 2 == 0 { star_r } else { star_r * 0.382 };
            let a = -PI / 2.0 + i as f32 * PI / 5.0;
            let (x, y) = (cx + radius * a.cos(), cy + radius * a.sin());
            if i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        pb.close();
        if let Some(star) = pb.finish() {
            surface.draw_path(&star);
        }

        // The authority along the upper arc: each glyph's baseline sits on an inner circle
        // and its top points at the rim.
        let size = mm(5.4) * scale;
        let baseline_r = r - ring - mm(0.8) * scale - size * 0.88;
        let chars: Vec<char> = self.text.chars().collect();
        let n = chars.len().max(1) as f32;
        // Wider names spread further round, up to 240°.
        let span = (n * 21.0).clamp(90.0, 240.0).to_radians();
        for (i, c) in chars.iter().enumerate() {
            let theta = if chars.len() == 1 {
                0.0
            } else {
                -span / 2.0 + span * i as f32 / (n - 1.0)
            };
            let s = c.to_string();
            let w = self.face.width(&s, size);
            let (x, y) = (cx + baseline_r * theta.sin(), cy - baseline_r * theta.cos());
            // Rotate by theta about the glyph's own origin, then move it onto the arc.
            let (sin, cos) = theta.sin_cos();
            surface.push_transform(&Transform::from_row(cos, sin, -sin, cos, x, y));
            self.face
                .draw(surface, Point::from_xy(-w / 2.0, 0.0), size, &s);
            surface.pop();
        }

        // 教育专用章, straight, below the star.
        let sub = mm(4.6) * scale;
        let w = self.face.width(self.subtext, sub);
        self.face.draw(
            surface,
            Point::from_xy(cx - w / 2.0, cy + r * 0.62),
            sub,
            self.subtext,
        );
        surface.set_fill(None);
    }
}

/// A circle from four cubic arcs.
pub fn circle(cx: f32, cy: f32, r: f32) -> Option<krilla::geom::Path> {
    const K: f32 = 0.552_284_8;
    let k = K * r;
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
    pb.finish()
}
