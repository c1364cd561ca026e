//! Household composition and birth dates that fit each member's relation to the head.
//!
//! Ages are as of 2016 (the registry's 建档立卡 snapshot): heads 25–80, spouses within five years of
//! the head, children born 20–42 years after the head, parents 20–40 years before, grandchildren
//! 20+ years after their father. Every window is at least two years wide (see `registry`).

use fupin_domain::IdNumber;
use rand::Rng;
use time::Date;
use time::macros::date;

use crate::DemoError;

/// Relation to the household head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    Head,
    Spouse,
    Son,
    Daughter,
    Father,
    Mother,
    DaughterInLaw,
    Grandson,
    Granddaughter,
}

impl Relation {
    /// The label of the 建档立卡 system (与户主关系).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Relation::Head => "户主",
            Relation::Spouse => "配偶",
            Relation::Son => "之子",
            Relation::Daughter => "之女",
            Relation::Father => "之父",
            Relation::Mother => "之母",
            Relation::DaughterInLaw => "之儿媳",
            Relation::Grandson => "之孙子",
            Relation::Granddaughter => "之孙女",
        }
    }

    /// Sex of the member, given the head's.
    pub(crate) fn male(self, head_male: bool) -> bool {
        match self {
            Relation::Head => head_male,
            Relation::Spouse => !head_male,
            Relation::Son | Relation::Father | Relation::Grandson => true,
            Relation::Daughter
            | Relation::Mother
            | Relation::DaughterInLaw
            | Relation::Granddaughter => false,
        }
    }

    /// Window of birth dates (Julian day numbers) given the head's years of birth, the head's and
    /// the first son's birth, and whether the household has grandchildren.
    pub(crate) fn window(
        self,
        head_years: (i32, i32),
        head: i64,
        son: i64,
        grandchildren: bool,
    ) -> (i64, i64) {
        match self {
            Relation::Head => (jd(year_start(head_years.0)), jd(year_end(head_years.1))),
            Relation::Spouse => (head - years(5), head + years(5)),
            Relation::Son | Relation::Daughter | Relation::DaughterInLaw => {
                // Parents of grandchildren were born by 1993, so the grandchildren by 2015.
                let latest = jd(year_end(if grandchildren { 1993 } else { 2015 }));
                (head + years(20), (head + years(42)).min(latest))
            }
            Relation::Father | Relation::Mother => (
                (head - years(40)).max(jd(year_start(1921))),
                head - years(20),
            ),
            Relation::Grandson | Relation::Granddaughter => (son + years(20), jd(year_end(2015))),
        }
    }
}

/// Years of birth of the head: young enough to have living parents, old enough for grandchildren.
pub(crate) fn head_years(shape: &[Relation]) -> (i32, i32) {
    if shape.contains(&Relation::Father) || shape.contains(&Relation::Mother) {
        (1961, 1985)
    } else if shape.contains(&Relation::Grandson) || shape.contains(&Relation::Granddaughter) {
        (1936, 1958)
    } else {
        (1936, 1991)
    }
}

/// Members of a household of `size`, head first.
pub(crate) fn shape(rng: &mut impl Rng, size: u64) -> Vec<Relation> {
    use Relation::*;
    let child = |rng: &mut dyn rand::RngCore| if rng.random_bool(0.5) { Son } else { Daughter };
    let grandchild = |rng: &mut dyn rand::RngCore| {
        if rng.random_bool(0.5) {
            Grandson
        } else {
            Granddaughter
        }
    };
    let parent = |rng: &mut dyn rand::RngCore| if rng.random_bool(0.5) { Father } else { Mother };
    match size {
        1 => vec![Head],
        2 if rng.random_bool(0.6) => vec![Head, Spouse],
        2 => vec![Head, child(rng)],
        3 => vec![Head, Spouse, child(rng)],
        4 => vec![Head, Spouse, child(rng), child(rng)],
        5 if rng.random_bool(0.5) => vec![Head, Spouse, child(rng), child(rng), child(rng)],
        5 => vec![Head, Spouse, child(rng), child(rng), parent(rng)],
        _ if rng.random_bool(0.5) => vec![Head, Spouse, child(rng), child(rng), Father, Mother],
        _ => vec![
            Head,
            Spouse,
            Son,
            DaughterInLaw,
            grandchild(rng),
            grandchild(rng),
        ],
    }
}

/// A day in `lo..=hi` (Julian day numbers) congruent to `bucket` modulo `modulus`.
pub(crate) fn fit(rng: &mut impl Rng, lo: i64, hi: i64, bucket: u64, modulus: u64) -> i64 {
    let m = modulus.max(1) as i64;
    let first = lo + (bucket as i64 - lo).rem_euclid(m);
    if first > hi {
        return first; // a window narrower than the modulus (not reached with today's windows)
    }
    first + m * rng.random_range(0..=(hi - first) / m)
}

/// The ID number of county `region6`, born on Julian day `birth`, with `sequence`.
pub(crate) fn id_number(region6: &str, birth: i64, sequence: u64) -> Result<IdNumber, DemoError> {
    let birth = i32::try_from(birth).map_err(|e| DemoError::Invalid(e.to_string()))?;
    let date = Date::from_julian_day(birth).map_err(|e| DemoError::Invalid(e.to_string()))?;
    let sequence = u16::try_from(sequence).map_err(|e| DemoError::Invalid(e.to_string()))?;
    IdNumber::from_parts(region6, date, sequence)
        .map_err(|e| DemoError::Invalid(format!("身份证号：{e}")))
}

/// Julian day number of a date.
pub(crate) fn jd(date: Date) -> i64 {
    i64::from(date.to_julian_day())
}

/// Days in `n` years (leap days included on average).
pub(crate) fn years(n: i64) -> i64 {
    n * 365 + n / 4
}

/// 1 January of `year`.
pub(crate) fn year_start(year: i32) -> Date {
    Date::from_ordinal_date(year, 1).unwrap_or(date!(2000 - 01 - 01))
}

/// 31 December (or 30 in leap years: close enough) of `year`.
pub(crate) fn year_end(year: i32) -> Date {
    Date::from_ordinal_date(year, 365).unwrap_or(date!(2000 - 12 - 30))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;

    #[test]
    fn fit_lands_in_the_residue_class_inside_the_window() {
        let mut rng = stream(1, 2, 3);
        for bucket in 0..50 {
            let d = fit(&mut rng, 1000, 3000, bucket, 50);
            assert!((1000..=3000).contains(&d));
            assert_eq!(d.rem_euclid(50), bucket as i64);
        }
    }

    #[test]
    fn every_window_is_at_least_two_years_wide() {
        for shape in [
            vec![
                Relation::Head,
                Relation::Spouse,
                Relation::Son,
                Relation::Father,
                Relation::Mother,
            ],
            vec![
                Relation::Head,
                Relation::Spouse,
                Relation::Son,
                Relation::DaughterInLaw,
                Relation::Grandson,
            ],
            vec![Relation::Head, Relation::Daughter],
        ] {
            let span = head_years(&shape);
            let grandchildren = shape.contains(&Relation::Grandson);
            for head in [jd(year_start(span.0)), jd(year_end(span.1))] {
                let son = Relation::Son.window(span, head, 0, grandchildren).1;
                for r in &shape {
                    let (lo, hi) = r.window(span, head, son, grandchildren);
                    assert!(hi - lo >= years(2), "{r:?} {lo} {hi}");
                }
            }
        }
    }
}
