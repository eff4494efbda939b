//! `inspect` on a phone-sized JPEG, next to its unavoidable floor: hashing the bytes and
//! decoding them once.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, Rgb, RgbImage};
use sha2::{Digest, Sha256};
use xueshi::claims::image::{Limits, inspect};

/// ~3000×2000 JPEG at quality 90: gradients plus noise, so it does not compress to nothing.
fn photo_jpeg() -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let (w, h) = (3000u32, 2000u32);
    let img = RgbImage::from_fn(w, h, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = |shift: u32| ((state >> shift) % 22) as u8;
        Rgb([
            ((x * 200 / w) as u8).wrapping_add(noise(0)),
            ((y * 200 / h) as u8).wrapping_add(noise(8)),
            (((x + y) * 150 / (w + h)) as u8).wrapping_add(noise(16)),
        ])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .expect("encode benchmark fixture");
    out
}

fn bench(c: &mut Criterion) {
    let jpeg = photo_jpeg();
    let limits = Limits::default();
    let checked = inspect(&jpeg, &limits).expect("fixture passes inspect");
    eprintln!(
        "fixture: {}×{} JPEG, {:.2} MB",
        checked.width,
        checked.height,
        jpeg.len() as f64 / 1024.0 / 1024.0
    );

    let mut group = c.benchmark_group("jpeg_3000x2000");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("inspect", |b| {
        b.iter(|| inspect(black_box(&jpeg), &limits).expect("ok"))
    });
    group.bench_function("decode_only", |b| {
        b.iter(|| image::load_from_memory(black_box(&jpeg)).expect("ok"))
    });
    group.bench_function("sha256_only", |b| {
        b.iter(|| Sha256::digest(black_box(&jpeg)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
