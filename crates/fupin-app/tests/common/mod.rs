//! Shared fixtures of the use-case tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    dead_code,
    missing_docs
)]

pub mod accounts;
pub mod actors;
pub mod audit_log;
pub mod world;
