//! The planted truth, and how a linker's answers score against it.
//!
//! The task, the same for the engine and for Splink: for each roster entry, which registry person
//! is it, if any? An entry's truth is the person it was made from (none for someone not in the
//! registry, and for someone else's name on a registry person's ID). An answer naming the true
//! person is a true positive; naming another person (or one when there is none) a false
//! positive; not naming the true person a false negative (a wrong person counts as both). The
//! scores are kept per planted kind, so they can be given over the issue's kinds alone.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::engine::{EngineRun, ExactCounts};
use super::plant::Planted;

/// The labels of every entry, in file order.
#[derive(Debug, Default)]
pub struct Labels {
    /// `entry_id`.
    pub entry_ids: Vec<u64>,
    /// What was planted.
    pub kinds: Vec<Planted>,
    /// The registry person (`person_id`) the entry was made from, if any.
    pub true_person: Vec<Option<u64>>,
    /// The registry person whose ID the entry carries, if any.
    pub id_person: Vec<Option<u64>>,
}

fn person(field: Option<&str>) -> Result<Option<u64>> {
    match field.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => Ok(Some(t.parse()?)),
    }
}

/// Reads `labels.csv`.
pub fn read(path: &Path) -> Result<Labels> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut labels = Labels::default();
    for record in reader.records() {
        let record = record?;
        labels.entry_ids.push(record.get(0).unwrap_or("").parse()?);
        let kind = record.get(1).unwrap_or("");
        labels.kinds.push(
            Planted::from_code(kind).with_context(|| format!("unknown planted kind {kind:?}"))?,
        );
        labels.true_person.push(person(record.get(3))?);
        labels.id_person.push(person(record.get(4))?);
    }
    Ok(labels)
}

impl Labels {
    /// The exact part's counts the planted data should give.
    pub fn expected_exact(&self) -> ExactCounts {
        let n = |kind| self.kinds.iter().filter(|&&k| k == kind).count() as u64;
        let total = self.kinds.len() as u64;
        let (invalid, missing, exited) = (
            n(Planted::InvalidId),
            n(Planted::NotInRegistry),
            n(Planted::Exited),
        );
        ExactCounts {
            invalid_id: invalid,
            not_in_registry: missing,
            deceased: 0,
            exited_before_service: exited,
            in_good_standing: total - invalid - missing - exited,
            // Both entries of each planted pair.
            double_claimed: 2 * n(Planted::SecondClaim),
        }
    }
}

/// The kinds the issue plants; `invalid_id` and `name_mismatch` are this benchmark's additions.
pub const ISSUE_KINDS: [Planted; 5] = [
    Planted::Clean,
    Planted::NotInRegistry,
    Planted::NameVariant,
    Planted::Exited,
    Planted::SecondClaim,
];

/// Link counts: true positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entries linked to their true person.
    pub tp: u64,
    /// Links to a wrong person, or where there is none.
    pub fp: u64,
    /// True persons not linked.
    pub fn_: u64,
}

impl Counts {
    /// TP / (TP + FP).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall: 2·TP / (2·TP + FP + FN).
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores of one planted kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindScore {
    /// Link counts over the kind's entries.
    pub counts: Counts,
    /// Entries answered exactly right (the true person, or none when there is none).
    pub right: u64,
    /// Entries of the kind.
    pub total: u64,
}

/// Linking scores against the labels, per planted kind (index: `Planted::index`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Per kind.
    pub per_kind: [KindScore; 7],
}

impl Scores {
    /// Counts over every entry.
    pub fn all(&self) -> Counts {
        self.of(&Planted::ALL)
    }

    /// Counts over the entries of `kinds`.
    pub fn of(&self, kinds: &[Planted]) -> Counts {
        let mut sum = Counts::default();
        for kind in kinds {
            if let Some(k) = self.per_kind.get(kind.index()) {
                sum.add(k.counts);
            }
        }
        sum
    }
}

/// Scores answers (`answers[i]`: the person entry `i` was linked to, if any) against the labels;
/// entries without an answer count as unlinked.
pub fn score(labels: &Labels, answers: impl IntoIterator<Item = Option<u64>>) -> Scores {
    let mut scores = Scores::default();
    let mut answers = answers.into_iter();
    for (kind, &truth) in labels.kinds.iter().zip(&labels.true_person) {
        let answer = answers.next().flatten();
        let Some(k) = scores.per_kind.get_mut(kind.index()) else {
            continue;
        };
        match (answer, truth) {
            (Some(a), Some(t)) if a == t => k.counts.tp += 1,
            (Some(_), Some(_)) => {
                k.counts.fp += 1;
                k.counts.fn_ += 1;
            }
            (Some(_), None) => k.counts.fp += 1,
            (None, Some(_)) => k.counts.fn_ += 1,
            (None, None) => {}
        }
        k.total += 1;
        if answer == truth {
            k.right += 1;
        }
    }
    scores
}

/// The engine's answers: the person holding the entry's ID when the engine linked it.
pub fn score_engine(labels: &Labels, run: &EngineRun) -> Result<Scores> {
    if run.entry_ids != labels.entry_ids {
        bail!("the engine's entries and the labels are not the same rows in the same order");
    }
    let answers = run
        .linked
        .iter()
        .zip(&labels.id_person)
        .map(|(&linked, &id_person)| if linked { id_person } else { None });
    Ok(score(labels, answers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_person_is_a_false_positive_and_a_false_negative() {
        let labels = Labels {
            entry_ids: vec![1, 2, 3, 4],
            kinds: vec![
                Planted::Clean,
                Planted::Clean,
                Planted::NotInRegistry,
                Planted::InvalidId,
            ],
            true_person: vec![Some(10), Some(11), None, Some(13)],
            id_person: vec![Some(10), Some(11), None, None],
        };
        let s = score(&labels, [Some(10), Some(12), Some(5), None]);
        let all = s.all();
        assert_eq!((all.tp, all.fp, all.fn_), (1, 2, 2));
        let clean = s.per_kind[Planted::Clean.index()];
        assert_eq!((clean.right, clean.total), (1, 2));
        assert!((all.precision() - 1.0 / 3.0).abs() < 1e-9);
        // The issue's kinds leave out the invalid ID, the one miss without a wrong link.
        assert_eq!(s.of(&ISSUE_KINDS).fn_, 1);
    }
}
