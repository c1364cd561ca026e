//! The registry index: decoded facts, refused rows, lookups.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fupin_domain::RegistryStatus;
use fupin_verify::{IndexBuilder, IndexError, NameAgreement, RegistryIndex, RegistryRecord};

fn record(hash: u8, name: &str) -> RegistryRecord {
    RegistryRecord {
        id_hash: [hash; 16],
        name: name.to_owned(),
        status: RegistryStatus::LiftedNoPolicy,
        exit_year: Some(2018),
        status_year: None,
        village_code: "530102001001".to_owned(),
    }
}

#[test]
fn facts_round_trip() {
    let mut r = record(7, "阿依古丽·买买提");
    r.status = RegistryStatus::Deceased;
    r.status_year = Some(2063);
    r.village_code = "999999999999".to_owned();
    let index = RegistryIndex::build([r.clone()]).unwrap();
    let facts = index.facts(&[7; 16]).unwrap();
    assert_eq!(facts.village_code(), "999999999999");
    assert_eq!(facts.county(), 999_999);
    assert_eq!(facts.status, RegistryStatus::Deceased);
    assert_eq!(facts.exit_year, Some(2018));
    assert_eq!(facts.status_year, Some(2063));
    assert_eq!(index.facts(&[8; 16]), None);
    for status in RegistryStatus::ALL {
        r.status = *status;
        let index = RegistryIndex::build([r.clone()]).unwrap();
        assert_eq!(index.facts(&[7; 16]).unwrap().status, *status);
    }
}

#[test]
fn the_builder_takes_rows_one_at_a_time() {
    let mut builder = IndexBuilder::with_capacity(3);
    for (i, name) in ["张伟", "李娜", "王芳"].into_iter().enumerate() {
        builder.push(&record(3 - i as u8, name)).unwrap();
    }
    let index = builder.finish().unwrap();
    assert_eq!(index.len(), 3);
    assert!((1..=3).all(|h| index.contains(&[h; 16])));
    assert_eq!(index.bytes_per_person(), RegistryIndex::RECORD_BYTES);
    assert!(format!("{:?}", record(1, "张伟")).find("张伟").is_none());
    // The engine compares through the same key as `compare_names`.
    assert_eq!(
        fupin_verify::compare_names("张玮", "张伟").agreement,
        NameAgreement::Homophone
    );
}

#[test]
fn bad_rows_are_refused() {
    let mut r = record(1, "张伟");
    r.village_code = "5301".to_owned();
    assert!(matches!(
        RegistryIndex::build([r]),
        Err(IndexError::BadVillage { .. })
    ));
    let mut r = record(1, "张伟");
    r.exit_year = Some(1999);
    assert_eq!(
        RegistryIndex::build([r]).unwrap_err(),
        IndexError::YearOutOfRange { year: 1999 }
    );
    let mut r = record(1, "张伟");
    r.status_year = Some(2064);
    assert_eq!(
        RegistryIndex::build([r]).unwrap_err(),
        IndexError::YearOutOfRange { year: 2064 }
    );
    assert_eq!(
        RegistryIndex::build([record(1, "张伟"), record(1, "李娜")]).unwrap_err(),
        IndexError::DuplicateHash
    );
}

#[test]
fn lookup_finds_every_key_and_nothing_else_even_when_skewed() {
    // Skewed keys: all in a narrow range, so the interpolation guess is far off.
    let hash = |i: u32| {
        let mut h = [0u8; 16];
        h[12..].copy_from_slice(&i.to_be_bytes());
        h
    };
    let records: Vec<RegistryRecord> = (0..1000)
        .map(|i| RegistryRecord {
            id_hash: hash(i * 3),
            ..record(0, "王芳")
        })
        .collect();
    let index = RegistryIndex::build(records).unwrap();
    for i in 0..1000 {
        assert!(index.contains(&hash(i * 3)), "{i}");
        assert!(!index.contains(&hash(i * 3 + 1)));
    }
    assert!(!index.contains(&[0xFF; 16]));
    assert!(!RegistryIndex::default().contains(&[0; 16]));
}

#[test]
fn lookup_finds_uniform_keys() {
    let mut x: u64 = 0x1234_5678;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let hashes: Vec<[u8; 16]> = (0..5000)
        .map(|_| {
            let mut h = [0u8; 16];
            h[..8].copy_from_slice(&next().to_be_bytes());
            h[8..].copy_from_slice(&next().to_be_bytes());
            h
        })
        .collect();
    let index = RegistryIndex::build(hashes.iter().map(|h| RegistryRecord {
        id_hash: *h,
        ..record(0, "王芳")
    }))
    .unwrap();
    assert!(hashes.iter().all(|h| index.contains(h)));
    for h in &hashes {
        let mut miss = *h;
        miss[15] ^= 1;
        assert_eq!(index.contains(&miss), hashes.contains(&miss));
    }
}
