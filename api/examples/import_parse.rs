//! Parses a roster exactly as the import preview does (calamine's streaming reader, header
//! search, blank rows dropped), without a database, so `/usr/bin/time -v` can measure the
//! parse alone: `cargo run --release -p xueshi --example import_parse -- persons.xlsx`.

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: import_parse <file.xlsx>"))?;
    let bytes = std::fs::read(&path)?;
    let started = Instant::now();
    let sheet = xueshi::people::import::parse::parse::<xueshi::people::import::parse::Col>(&bytes)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    println!(
        "{} rows (header on row {}) parsed in {:.3} s",
        sheet.rows.len(),
        sheet.header_row,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
