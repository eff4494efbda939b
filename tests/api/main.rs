//! Black-box API tests: one binary, a module per capability. Each test starts its own
//! server with a fresh database; `XUESHI_TEST_DATABASE_URL` switches SQLite → PostgreSQL.

mod accounts;
mod auth;
mod certificates;
mod claims;
mod classes;
mod db;
mod errors;
mod health;
mod import;
mod matrix;
mod openapi;
mod persons;
mod review;
mod rules;
mod storage;
mod sync;
mod units;
