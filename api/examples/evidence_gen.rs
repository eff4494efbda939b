//! Writes a photo-like JPEG of about the requested size (default 2 MB) for the evidence
//! benchmark: smooth gradients with sensor-like noise, so it compresses like a real photo.
//! Usage: evidence_gen <out.jpg> [target_mb] [seed]

use image::{ImageEncoder, Rgb, RgbImage, codecs::jpeg::JpegEncoder};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: evidence_gen <out.jpg> [mb] [seed]"))?;
    let target = args
        .next()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0)
        * 1e6;
    let seed: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    // Grow the picture until the JPEG reaches the target size.
    let mut side = 800u32;
    loop {
        let (w, h) = (side * 4 / 3, side);
        let mut state = seed.wrapping_mul(747_796_405).wrapping_add(2_891_336_453);
        let img = RgbImage::from_fn(w, h, |x, y| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let n = (state % 48) as u8;
            let r = (x * 255 / w) as u8;
            let g = (y * 255 / h) as u8;
            Rgb([
                r.saturating_add(n),
                g.saturating_add(n / 2),
                (seed as u8).wrapping_add(n),
            ])
        });
        let mut buf = Vec::new();
        JpegEncoder::new_with_quality(&mut buf, 90).write_image(
            img.as_raw(),
            w,
            h,
            image::ExtendedColorType::Rgb8,
        )?;
        if buf.len() as f64 >= target || side > 6000 {
            std::fs::write(&out, &buf)?;
            println!("{out}: {w}×{h}, {:.2} MB", buf.len() as f64 / 1e6);
            return Ok(());
        }
        side = (f64::from(side) * (target / buf.len() as f64).sqrt().max(1.05)) as u32;
    }
}
