//! Characters as dense 16-bit codes, and their toneless readings (pinyin without tones).
//!
//! Every character the `pinyin` crate can read (about 42,000 Han characters) gets its own code,
//! `1..=readable`, in code-point order, so two such characters never share a code. Printable ASCII
//! and the middle dot `·` get the next codes, also exactly. Anything else (a rare character without
//! a reading, Latin letters with accents) is hashed into the codes that remain, so two of those may
//! share a code with probability about 1 / (65,536 − readable − 97) ≈ 1/23,000 per pair.
//!
//! Readings are numbered syllables (`zhang` → one id). A character's *primary* reading is the
//! first the data lists; the *surname* reading overrides it at the first position of a name for
//! the 多音字 surnames below (单 → shan, 曾 → zeng, 解 → xie), on both sides of a comparison.
//! A one-character substitution counts as a homophone when the two characters share any reading.

use std::sync::LazyLock;

use pinyin::ToPinyinMulti;

/// A character's code; 0 is never used.
pub(crate) type Code = u16;
/// A reading's id; 0 means "no reading".
pub(crate) type Syllable = u16;

/// First and last code point looked at for readings (CJK symbols through CJK extension H).
const FIRST: u32 = 0x3000;
const LAST: u32 = 0x3_23AF;
/// Codes given to readable characters stop here, whatever the data holds.
const MAX_READABLE: usize = 60_000;
/// The middle dot of minority and foreign names (after normalization).
pub(crate) const MIDDLE_DOT: char = '·';

/// 多音字 surnames and their reading as a surname (checked against the data in the tests).
#[rustfmt::skip]
const SURNAME_READINGS: &[(char, &str)] = &[
    ('单', "shan"), ('曾', "zeng"), ('解', "xie"), ('区', "ou"), ('仇', "qiu"), ('朴', "piao"),
    ('查', "zha"), ('盖', "ge"), ('翟', "zhai"), ('缪', "miao"), ('召', "shao"), ('种', "chong"),
    ('员', "yun"), ('秘', "bi"), ('繁', "po"), ('折', "she"), ('覃', "qin"), ('乐', "yue"),
    ('宿', "su"), ('祭', "zhai"), ('沈', "shen"), ('万', "wan"), ('重', "chong"),
    ('贲', "ben"), ('薄', "bo"), ('褚', "chu"), ('柏', "bai"), ('莘', "shen"), ('长', "zhang"),
    ('能', "nai"), ('隗', "wei"), ('燕', "yan"), ('殷', "yin"), ('尉', "yu"), ('句', "gou"),
];

/// The character table, built once on first use (a few milliseconds).
pub(crate) struct Chars {
    /// Code of each code point `FIRST..0x10000` (0: no reading).
    bmp: Vec<Code>,
    /// Readable code points above the BMP, ascending; their codes follow `supplementary_base`.
    supplementary: Vec<u32>,
    supplementary_base: Code,
    /// Codes `1..=readable` belong to readable characters.
    readable: Code,
    /// Primary reading by code (index 0 unused).
    primary: Vec<Syllable>,
    /// Further readings of 多音字, by code, sorted.
    others: Vec<(Code, Box<[Syllable]>)>,
    /// Surname readings by code, sorted.
    surnames: Vec<(Code, Syllable)>,
    /// Reading texts, sorted; id = index + 1.
    syllables: Vec<&'static str>,
}

/// The table.
pub(crate) static CHARS: LazyLock<Chars> = LazyLock::new(Chars::build);

/// A 64-bit mix (splitmix64's finalizer).
pub(crate) const fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Chars {
    fn build() -> Self {
        let mut readings: Vec<(u32, Vec<&'static str>)> = Vec::new();
        for cp in FIRST..=LAST {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if let Some(multi) = c.to_pinyin_multi() {
                let list: Vec<&'static str> = multi.into_iter().map(|p| p.plain()).collect();
                if !list.is_empty() {
                    readings.push((cp, list));
                }
            }
            if readings.len() >= MAX_READABLE {
                break;
            }
        }
        let mut syllables: Vec<&'static str> = readings
            .iter()
            .flat_map(|(_, l)| l.iter().copied())
            .collect();
        syllables.sort_unstable();
        syllables.dedup();
        let id = |text: &str| -> Syllable {
            syllables
                .binary_search(&text)
                .map_or(0, |i| Syllable::try_from(i + 1).unwrap_or(0))
        };
        let mut bmp = vec![0; (0x1_0000 - FIRST) as usize];
        let mut supplementary = Vec::new();
        let mut supplementary_base = 0;
        let mut primary = vec![0; readings.len() + 1];
        let mut others = Vec::new();
        for (i, (cp, list)) in readings.iter().enumerate() {
            let code = Code::try_from(i + 1).unwrap_or(Code::MAX);
            if *cp < 0x1_0000 {
                if let Some(slot) = bmp.get_mut((cp - FIRST) as usize) {
                    *slot = code;
                }
            } else {
                if supplementary.is_empty() {
                    supplementary_base = code;
                }
                supplementary.push(*cp);
            }
            if let (Some(slot), Some(first)) = (primary.get_mut(i + 1), list.first()) {
                *slot = id(first);
            }
            if list.len() > 1 {
                let rest: Box<[Syllable]> = list.iter().skip(1).map(|t| id(t)).collect();
                others.push((code, rest));
            }
        }
        let mut table = Chars {
            bmp,
            supplementary,
            supplementary_base,
            readable: Code::try_from(readings.len()).unwrap_or(Code::MAX),
            primary,
            others,
            surnames: Vec::new(),
            syllables: Vec::new(),
        };
        let mut surnames: Vec<(Code, Syllable)> = SURNAME_READINGS
            .iter()
            .map(|&(c, text)| (table.code(c), id(text)))
            .filter(|&(code, s)| s != 0 && table.is_readable(code))
            .collect();
        surnames.sort_unstable();
        table.surnames = surnames;
        table.syllables = syllables;
        table
    }

    /// Number of readable characters (codes `1..=readable`).
    #[cfg(test)]
    pub(crate) fn readable(&self) -> Code {
        self.readable
    }

    /// Whether `code` is a readable character's.
    pub(crate) fn is_readable(&self, code: Code) -> bool {
        code != 0 && code <= self.readable
    }

    /// The code of a (normalized) character.
    pub(crate) fn code(&self, c: char) -> Code {
        let cp = u32::from(c);
        let found = if (FIRST..0x1_0000).contains(&cp) {
            self.bmp.get((cp - FIRST) as usize).copied().unwrap_or(0)
        } else if cp > 0xFFFF {
            self.supplementary
                .binary_search(&cp)
                .ok()
                .and_then(|i| Code::try_from(i).ok())
                .map_or(0, |i| self.supplementary_base.saturating_add(i))
        } else {
            0
        };
        if found != 0 {
            return found;
        }
        // Printable ASCII and the middle dot: exact codes right after the readable ones.
        let exact = match c {
            ' '..='~' => Some(cp - 0x20),
            MIDDLE_DOT => Some(95),
            _ => None,
        };
        let first_free = u32::from(self.readable) + 1;
        if let Some(offset) = exact {
            return Code::try_from(first_free + offset).unwrap_or(Code::MAX);
        }
        let first_hashed = first_free + 96;
        let span = (0x1_0000 - first_hashed).max(1);
        let hashed = first_hashed + (mix(u64::from(cp)) % u64::from(span)) as u32;
        Code::try_from(hashed).unwrap_or(Code::MAX)
    }

    /// The reading compared at `position` (0 = the surname's place), or 0 when unreadable.
    pub(crate) fn syllable_at(&self, position: usize, code: Code) -> Syllable {
        if !self.is_readable(code) {
            return 0;
        }
        if position == 0
            && let Ok(i) = self.surnames.binary_search_by_key(&code, |&(c, _)| c)
            && let Some(&(_, s)) = self.surnames.get(i)
        {
            return s;
        }
        self.primary.get(usize::from(code)).copied().unwrap_or(0)
    }

    /// Every reading of `code` at `position`: the surname reading first where it applies, then
    /// the primary reading and the further readings of a 多音字.
    fn readings(&self, position: usize, code: Code) -> impl Iterator<Item = Syllable> + '_ {
        let surname = (position == 0)
            .then(|| self.syllable_at(0, code))
            .filter(|&s| s != 0);
        let primary = self.syllable_at(1, code);
        let others = self
            .others
            .binary_search_by_key(&code, |(c, _)| *c)
            .ok()
            .and_then(|i| self.others.get(i))
            .map(|(_, rest)| &rest[..])
            .unwrap_or(&[]);
        surname
            .into_iter()
            .chain(std::iter::once(primary).filter(|&s| s != 0))
            .chain(others.iter().copied().filter(|&s| s != 0))
    }

    /// Whether the characters `a` and `b` at `position` share a reading (同音字, tones aside).
    pub(crate) fn sound_alike(&self, position: usize, a: Code, b: Code) -> bool {
        if !self.is_readable(a) || !self.is_readable(b) {
            return false;
        }
        self.readings(position, a)
            .any(|x| self.readings(position, b).any(|y| x == y))
    }

    /// The text of a reading (for tests and diagnostics).
    #[cfg(test)]
    pub(crate) fn syllable_text(&self, id: Syllable) -> Option<&'static str> {
        usize::from(id)
            .checked_sub(1)
            .and_then(|i| self.syllables.get(i))
            .copied()
    }

    /// Number of distinct readings.
    #[cfg(test)]
    pub(crate) fn syllable_count(&self) -> usize {
        self.syllables.len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn codes_are_dense_and_fit_sixteen_bits() {
        let t = &*CHARS;
        assert!(t.readable() > 20_000, "{}", t.readable());
        assert!(usize::from(t.readable()) < MAX_READABLE);
        assert!(t.syllable_count() > 380 && t.syllable_count() < 2000);
        assert_ne!(t.code('张'), t.code('章'));
        assert!(t.is_readable(t.code('张')));
        assert!(!t.is_readable(t.code('a')));
        assert_ne!(t.code('a'), t.code('b'));
        assert_ne!(t.code(MIDDLE_DOT), t.code('a'));
        assert_eq!(t.code('张'), t.code('张'));
    }

    #[test]
    fn readings_are_toneless_and_surnames_read_as_surnames() {
        let t = &*CHARS;
        let at = |p, c| t.syllable_text(t.syllable_at(p, t.code(c)));
        assert_eq!(at(1, '张'), Some("zhang"));
        assert_eq!(at(1, '章'), Some("zhang"));
        assert_eq!(at(0, '单'), Some("shan"));
        assert_eq!(at(1, '单'), Some("dan"));
        assert!(t.sound_alike(1, t.code('伟'), t.code('玮')));
        assert!(t.sound_alike(0, t.code('单'), t.code('善')));
        assert!(t.sound_alike(1, t.code('单'), t.code('丹')));
        assert!(!t.sound_alike(1, t.code('伟'), t.code('明')));
        assert!(!t.sound_alike(1, t.code('a'), t.code('a')));
    }

    #[test]
    fn every_surname_reading_is_one_of_the_characters_readings() {
        let t = &*CHARS;
        for &(c, text) in SURNAME_READINGS {
            let readings: Vec<&str> = c
                .to_pinyin_multi()
                .map(|m| m.into_iter().map(|p| p.plain()).collect())
                .unwrap_or_default();
            assert!(readings.contains(&text), "{c}: {text} not in {readings:?}");
            assert_eq!(t.syllable_text(t.syllable_at(0, t.code(c))), Some(text));
        }
    }
}
