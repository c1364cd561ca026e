//! The spot-check draw: the documented example, the reference script, refusals and properties.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use fupin_verify::{
    Draw, DrawError, FrameItem, RiskFactors, RiskWeights, Seed, allocation, canonical_frame, draw,
    frame_digest,
};
use proptest::prelude::*;

/// The worked example of `docs/SPOT-CHECKS.md`.
const EXAMPLE_FRAME: &str = "101,530102,1000
102,530102,1000
103,530102,3000
104,530102,1000
105,530102,1500
201,530103,1000
202,530103,2000
203,530103,1000
204,530103,1000
301,530104,1000
302,530104,5000
303,530104,1000
";

/// What the documentation says the example draws (`frame DIGEST`, then `stratum,rank,item,key`).
const EXAMPLE_OUTPUT: &str =
    "frame 0d1548bdb7e0256a2fa80fcd0e7220b9faae09f98cb4dda9e8a01c5bada59a10
530102,1,101,6637872935220543
530102,2,105,7732880359210440
530103,1,202,10639791206705397
530103,2,204,12312972996208754
530104,1,302,1014890345582192
";

fn parse_frame(text: &str) -> Vec<FrameItem> {
    text.lines()
        .map(|line| {
            let parts: Vec<&str> = line.split(',').collect();
            FrameItem {
                item_id: parts[0].parse().unwrap(),
                stratum: parts[1].to_owned(),
                weight_milli: parts[2].parse().unwrap(),
            }
        })
        .collect()
}

/// The draw printed as the reference script prints it.
fn printed(result: &Draw) -> String {
    let mut text = format!("frame {}\n", result.frame_digest);
    for item in &result.items {
        text += &format!(
            "{},{},{},{}\n",
            item.stratum, item.rank, item.item_id, item.key
        );
    }
    text
}

fn example_seed() -> Seed {
    Seed::from_phrase("2026年第1轮")
}

fn docs() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/SPOT-CHECKS.md");
    std::fs::read_to_string(path).unwrap()
}

/// The text of the first fenced block opening with `fence`.
fn fenced<'a>(doc: &'a str, fence: &str) -> &'a str {
    let start = doc.find(fence).unwrap() + fence.len();
    let end = start + doc[start..].find("```").unwrap();
    &doc[start..end]
}

#[test]
fn the_documented_example_is_what_the_code_draws() {
    let seed = example_seed();
    assert_eq!(
        seed.to_hex(),
        "0e84a2cf330b8e1c34f88f4ae95d8eacd2fb43b86ec6acd29622e654816e72b6"
    );
    let frame = parse_frame(EXAMPLE_FRAME);
    assert_eq!(canonical_frame(&frame), EXAMPLE_FRAME);
    let result = draw(&frame, &seed, 5).unwrap();
    assert_eq!(printed(&result), EXAMPLE_OUTPUT);
    let drawn: Vec<(&str, usize)> = result
        .strata
        .iter()
        .map(|s| (s.stratum.as_str(), s.drawn))
        .collect();
    assert_eq!(drawn, [("530102", 2), ("530103", 2), ("530104", 1)]);

    // The page shows the same frame and output.
    let doc = docs();
    assert!(doc.contains(&format!("```text\n{EXAMPLE_FRAME}```")));
    assert!(doc.contains(&format!("```text\n{EXAMPLE_OUTPUT}```")));
}

#[test]
fn the_documented_script_recomputes_the_draw() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if !python.is_ok_and(|o| o.status.success()) {
        eprintln!("python3 not available: the reference script is not run");
        return;
    }
    let doc = docs();
    let script = fenced(&doc, "```python\n");
    let dir = std::env::temp_dir().join(format!("fupin-spot-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A second frame with odd strata, negative ids and heavy weights, beside the example.
    let mut odd: Vec<FrameItem> = (-20..40)
        .map(|id: i64| FrameItem {
            item_id: id * 7919,
            stratum: ["教育", "530102", "Z", "", "é"][id.rem_euclid(5) as usize].to_owned(),
            weight_milli: u32::try_from(id.rem_euclid(13)).unwrap() * 997 + 1,
        })
        .collect();
    odd.reverse();
    let cases = [
        (parse_frame(EXAMPLE_FRAME), example_seed(), 5),
        (parse_frame(EXAMPLE_FRAME), Seed::from_bytes([0xab; 32]), 2),
        (parse_frame(EXAMPLE_FRAME), example_seed(), 12),
        (odd.clone(), Seed::from_phrase("odd"), 3),
        (odd.clone(), Seed::from_phrase("odd"), 17),
    ];
    for (n, (frame, seed, size)) in cases.iter().enumerate() {
        let path = dir.join(format!("frame-{n}.csv"));
        std::fs::write(&path, canonical_frame(frame)).unwrap();
        let output = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&path)
            .arg(seed.to_hex())
            .arg(size.to_string())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let expected = printed(&draw(frame, seed, *size).unwrap());
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            expected,
            "case {n}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn item(item_id: i64, stratum: &str, weight_milli: u32) -> FrameItem {
    FrameItem {
        item_id,
        stratum: stratum.to_owned(),
        weight_milli,
    }
}

#[test]
fn bad_frames_and_sizes_are_refused_in_chinese() {
    let seed = example_seed();
    let frame = [item(1, "a", 1000), item(2, "a", 1000)];
    let cases: [(&[FrameItem], usize, DrawError); 6] = [
        (&[], 1, DrawError::EmptyFrame),
        (&frame, 0, DrawError::ZeroSize),
        (&frame, 3, DrawError::SizeTooLarge { size: 3, frame: 2 }),
        (
            &[item(1, "a", 1000), item(2, "a", 0)],
            1,
            DrawError::ZeroWeight { item_id: 2 },
        ),
        (
            &[item(5, "a", 1000), item(5, "b", 1000)],
            1,
            DrawError::DuplicateItem { item_id: 5 },
        ),
        (
            &[item(1, "a,b", 1000)],
            1,
            DrawError::InvalidStratum { item_id: 1 },
        ),
    ];
    for (frame, size, error) in cases {
        assert_eq!(draw(frame, &seed, size), Err(error.clone()));
        assert_eq!(allocation(frame, &seed, size), Err(error.clone()));
        assert!(
            error
                .to_string()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        );
    }
    assert_eq!(
        draw(&[item(1, "a\nb", 1)], &seed, 1),
        Err(DrawError::InvalidStratum { item_id: 1 })
    );
}

#[test]
fn seeds_read_and_write_as_64_hex_digits() {
    let seed = example_seed();
    assert_eq!(seed.to_hex().parse::<Seed>(), Ok(seed));
    assert_eq!(seed.to_hex().to_uppercase().parse::<Seed>(), Ok(seed));
    assert_eq!(seed.to_string(), seed.to_hex());
    assert!("0e84".parse::<Seed>().is_err());
    assert!("g".repeat(64).parse::<Seed>().is_err());
    assert!("é".repeat(32).parse::<Seed>().is_err());
    let error = "x".parse::<Seed>().unwrap_err().to_string();
    assert!(error.contains("随机种子"), "{error}");
}

#[test]
fn the_digest_is_the_sha256_of_the_canonical_frame_in_any_order() {
    let mut frame = parse_frame(EXAMPLE_FRAME);
    frame.reverse();
    assert_eq!(canonical_frame(&frame), EXAMPLE_FRAME);
    assert_eq!(
        frame_digest(&frame),
        "0d1548bdb7e0256a2fa80fcd0e7220b9faae09f98cb4dda9e8a01c5bada59a10"
    );
}

#[test]
fn small_sizes_go_to_the_largest_remainders() {
    let frame = parse_frame(EXAMPLE_FRAME);
    let plan = allocation(&frame, &example_seed(), 2).unwrap();
    let drawn: Vec<usize> = plan.iter().map(|s| s.drawn).collect();
    assert_eq!(drawn, [1, 1, 0]);
    // Equal remainders: the seed decides, not the name, and the size is kept.
    let even: Vec<FrameItem> = (0..40)
        .map(|i| item(i, &format!("s{}", i % 8), 1))
        .collect();
    let mut chosen = BTreeSet::new();
    for n in 0..20 {
        let plan = allocation(&even, &Seed::from_phrase(&n.to_string()), 3).unwrap();
        assert_eq!(plan.iter().map(|s| s.drawn).sum::<usize>(), 3);
        chosen.extend(
            plan.iter()
                .filter(|s| s.drawn > 0)
                .map(|s| s.stratum.clone()),
        );
    }
    assert!(chosen.len() > 4, "{chosen:?}");
}

#[test]
fn risk_weights_add_up_as_documented() {
    let weights = RiskWeights::default();
    assert_eq!(
        weights.weight_milli(&RiskFactors {
            verified_share_bp: Some(10_000),
            ..RiskFactors::default()
        }),
        1_000
    );
    let risky = RiskFactors {
        verified_share_bp: Some(2_500),
        anomalies: 5,
        complaints: 1,
        new_organization: true,
    };
    assert_eq!(
        weights.weight_milli(&risky),
        1_000 + 750 + 3_000 + 500 + 1_000
    );
    assert_eq!(weights.weight_milli(&RiskFactors::default()), 2_000);
}

#[test]
fn heavier_items_are_drawn_more_often() {
    // Ten items, one of weight 5: drawn first with probability 5/14 ≈ 0.357, each other 1/14.
    let frame: Vec<FrameItem> = (1..=10)
        .map(|id| item(id, "x", if id == 7 { 5_000 } else { 1_000 }))
        .collect();
    let mut counts: BTreeMap<i64, u32> = BTreeMap::new();
    let rounds = 2_000;
    for round in 0..rounds {
        let seed = Seed::from_phrase(&format!("轮次{round}"));
        let result = draw(&frame, &seed, 1).unwrap();
        *counts.entry(result.items[0].item_id).or_default() += 1;
    }
    let heavy = counts[&7];
    assert!((600..=830).contains(&heavy), "{counts:?}");
    let light_max = counts
        .iter()
        .filter(|(id, _)| **id != 7)
        .map(|(_, n)| *n)
        .max();
    assert!(light_max.unwrap() * 3 < heavy, "{counts:?}");
}

fn frame_strategy() -> impl Strategy<Value = Vec<FrameItem>> {
    prop::collection::btree_map(
        -1_000_000_i64..1_000_000,
        (0_usize..5, 1_u32..20_000),
        1..60,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .map(|(id, (s, w))| item(id, ["530102", "530103", "教育", "z", "A"][s], w))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn draws_are_reproducible_and_order_free(
        frame in frame_strategy(),
        seed in any::<[u8; 32]>(),
        size_pick in any::<prop::sample::Index>(),
        shuffle in any::<u64>(),
    ) {
        let seed = Seed::from_bytes(seed);
        let size = size_pick.index(frame.len()) + 1;
        let first = draw(&frame, &seed, size).unwrap();
        prop_assert_eq!(&first, &draw(&frame, &seed, size).unwrap());
        let mut shuffled = frame.clone();
        let len = shuffled.len();
        shuffled.rotate_left(usize::try_from(shuffle % len as u64).unwrap());
        shuffled.reverse();
        prop_assert_eq!(&first, &draw(&shuffled, &seed, size).unwrap());
        prop_assert_eq!(&first.frame_digest, &frame_digest(&shuffled));
    }

    #[test]
    fn draws_respect_the_allocation(
        frame in frame_strategy(),
        seed in any::<[u8; 32]>(),
        size_pick in any::<prop::sample::Index>(),
    ) {
        let seed = Seed::from_bytes(seed);
        let size = size_pick.index(frame.len()) + 1;
        let result = draw(&frame, &seed, size).unwrap();
        prop_assert_eq!(result.items.len(), size);
        prop_assert_eq!(result.strata.iter().map(|s| s.drawn).sum::<usize>(), size);
        let ids: BTreeSet<i64> = result.items.iter().map(|i| i.item_id).collect();
        prop_assert_eq!(ids.len(), size);
        let strata: BTreeSet<&str> = frame.iter().map(|i| i.stratum.as_str()).collect();
        prop_assert_eq!(result.strata.len(), strata.len());
        for stratum in &result.strata {
            let in_frame: Vec<&FrameItem> =
                frame.iter().filter(|i| i.stratum == stratum.stratum).collect();
            prop_assert_eq!(stratum.frame_items, in_frame.len());
            prop_assert!(stratum.drawn <= stratum.frame_items);
            if size >= strata.len() {
                prop_assert!(stratum.drawn >= 1);
            }
            let drawn: Vec<_> = result.items.iter().filter(|i| i.stratum == stratum.stratum).collect();
            prop_assert_eq!(drawn.len(), stratum.drawn);
            for (rank, item) in drawn.iter().enumerate() {
                prop_assert_eq!(item.rank, rank + 1);
            }
            // Drawn keys are the stratum's smallest.
            if let Some(last) = drawn.last() {
                let beaten = in_frame.iter().filter(|i| !ids.contains(&i.item_id)).all(|i| {
                    (fupin_verify::item_key(&seed, i.item_id, i.weight_milli), i.item_id)
                        > (last.key, last.item_id)
                });
                prop_assert!(beaten);
            }
        }
    }

    #[test]
    fn different_seeds_give_different_draws(frame in frame_strategy(), a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
        prop_assume!(a != b && frame.len() >= 12);
        let size = frame.len() / 2;
        let one = draw(&frame, &Seed::from_bytes(a), size).unwrap();
        let other = draw(&frame, &Seed::from_bytes(b), size).unwrap();
        // Keys depend on the seed, so they differ even when the selection happens to agree.
        prop_assert_ne!(&one.items, &other.items);
    }
}

#[test]
fn different_seeds_usually_select_different_items() {
    let frame: Vec<FrameItem> = (1..=100).map(|id| item(id, "x", 1_000)).collect();
    let selections: BTreeSet<Vec<i64>> = (0..50)
        .map(|n| {
            let result = draw(&frame, &Seed::from_phrase(&n.to_string()), 10).unwrap();
            let mut ids: Vec<i64> = result.items.iter().map(|i| i.item_id).collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    assert_eq!(selections.len(), 50);
}
