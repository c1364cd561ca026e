//! A timing smoke test at a chosen scale (ignored; the benchmark proper belongs to fupin-bench):
//! `FUPIN_VERIFY_PERSONS=10000000 cargo test --release -p fupin-verify --test scale -- --ignored --nocapture`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use fupin_domain::{BeneficiaryCategory, RegionCode, RegistryStatus};
use fupin_verify::{
    ActivityFacts, ActivityInfo, IndexBuilder, RegistryRecord, RosterEntry, Status, summarize,
    verify_with_threads,
};

const SURNAMES: &[char] = &['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN: &[char] = &[
    '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳',
];

fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn hash(n: u64) -> [u8; 16] {
    let mut h = [0u8; 16];
    h[..8].copy_from_slice(&mix(n).to_be_bytes());
    h[8..].copy_from_slice(&mix(n ^ 0xA5A5).to_be_bytes());
    h
}

fn name(n: u64) -> String {
    let r = mix(n.wrapping_add(17));
    let mut s = String::new();
    s.push(SURNAMES[(r % 10) as usize]);
    s.push(GIVEN[((r >> 8) % 12) as usize]);
    if r & (1 << 20) != 0 {
        s.push(GIVEN[((r >> 24) % 12) as usize]);
    }
    s
}

#[test]
#[ignore = "timing at scale; run by hand"]
fn timing() {
    let var = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let persons = var("FUPIN_VERIFY_PERSONS", 2_000_000);
    let entries = var("FUPIN_VERIFY_ENTRIES", persons / 10);
    let threads = var("FUPIN_VERIFY_THREADS", 2) as usize;

    let t = Instant::now();
    let mut builder = IndexBuilder::with_capacity(persons as usize);
    let mut record = RegistryRecord {
        id_hash: [0; 16],
        name: String::new(),
        status: RegistryStatus::NotLifted,
        exit_year: None,
        status_year: None,
        village_code: "530102001001".to_owned(),
    };
    for n in 0..persons {
        record.id_hash = hash(n);
        record.name = name(n);
        builder.push(&record).unwrap();
    }
    let index = builder.finish().unwrap();
    let build = t.elapsed();

    let facts: ActivityFacts = (0..1000)
        .map(|a| {
            let info = ActivityInfo {
                organization_id: a % 300,
                locations: vec![RegionCode::parse("530102").unwrap()],
            };
            (a, info)
        })
        .collect();
    let date = time::macros::date!(2019 - 06 - 01);
    let roster: Vec<RosterEntry> = (0..entries)
        .map(|i| {
            let r = mix(i ^ 0xDEAD);
            // 8% unknown IDs, 5% a homophone of the name, 5% second claims.
            let n = if i % 20 == 1 && i > 1 {
                mix(i - 1) % persons
            } else {
                r % persons
            };
            let mut written = name(n);
            if i % 20 == 2 {
                written = written.replace('伟', "玮").replace('丽', "莉");
            }
            RosterEntry {
                activity_id: (r >> 40) as i64 % 1000,
                row_no: i as i32,
                name: written,
                id_hash: Some(if i % 25 < 2 {
                    hash(persons + i)
                } else {
                    hash(n)
                }),
                village_code: None,
                category: BeneficiaryCategory::RegisteredPoor,
                aid_fen: 50_000,
                service_date: date,
            }
        })
        .collect();

    let t = Instant::now();
    let verdicts = verify_with_threads(&roster, &index, &facts, threads).unwrap();
    let run = t.elapsed();
    let summary = summarize(&roster, &verdicts, &facts).unwrap();
    println!(
        "{persons} persons: index {:.2?} ({} B/person, {} MB); {entries} entries on {threads} threads: {:.2?}",
        build,
        index.bytes_per_person(),
        index.heap_bytes() >> 20,
        run
    );
    for (status, n) in summary.statuses.iter() {
        println!("  {status}: {n}");
    }
    assert!(summary.statuses.get(Status::NotInRegistry) > 0);
}
