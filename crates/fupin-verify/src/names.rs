//! Names: normalization, the registry's compact name key, and the comparison with a roster name.
//!
//! A name is normalized (whitespace dropped; `•`, `・`, `.` and the like become `·`; full-width
//! Latin becomes ASCII; ASCII lowercased) and read as a sequence of 16-bit character codes
//! ([`crate::chars`]). The registry keeps, per person, a [`NameKey`] of 73 bits:
//!
//! | field | bits | what |
//! |---|---|---|
//! | `len` | 4 | number of characters, 15 meaning "15 or more" |
//! | `sum` | 16 | sum of the codes modulo 2¹⁶ |
//! | `sound` | 24 | fingerprint of the readings (surname reading first, then primary readings) |
//! | `exact` | 29 | fingerprint of the codes |
//!
//! The roster name is at hand in full, so a single edit can be found from the key alone: with
//! `d` = registry sum − roster sum, a substitution at position `j` must have put the code
//! `roster[j] + d` there, an omitted character must have been `d`, a surplus one `−d`, and a swap of
//! neighbours leaves `d = 0`. Each of the at most `4·n` candidates is checked against `exact`; the
//! recovered code tells whether the substituted character sounds alike (同音字, any shared
//! reading of a 多音字 counts). Several characters that all sound alike are found by `sound`.
//!
//! False matches (per comparison, for names that are not so related): an exact match needs
//! `len`, `sum` and `exact` to agree, ≤ 2⁻²⁹ ≈ 1.9·10⁻⁹ (2⁻⁴⁵ when the sums differ); a one-edit
//! match ≤ 4·n·2⁻²⁹ (≈ 2.2·10⁻⁸ for three characters); a several-homophone match 2⁻²⁴ ≈ 6·10⁻⁸.
//! Names of 15 characters or more are compared exactly and by sound only.

use crate::chars::{CHARS, Code, MIDDLE_DOT, mix};

/// `len` value meaning "15 characters or more".
pub(crate) const LEN_SATURATED: u8 = 15;
/// Bits of the exact fingerprint.
pub(crate) const EXACT_BITS: u32 = 29;
/// Bits of the sound fingerprint.
pub(crate) const SOUND_BITS: u32 = 24;
/// Full score, in basis points.
const FULL: u32 = 10_000;

/// How a roster name agrees with the registry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameAgreement {
    /// The same name (after normalization).
    Exact,
    /// One character differs and the two are read alike (同音字): 张伟 / 张玮.
    Homophone,
    /// Several characters differ, all read alike: 张伟明 / 章玮明.
    SoundsAlike,
    /// One edit apart (错字): a wrong, surplus, missing or swapped character.
    Typo(TypoKind),
    /// Further apart than one edit, and not read alike.
    Mismatch,
}

/// The single edit that separates a roster name from the registry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypoKind {
    /// One character replaced by another that is not read alike.
    WrongCharacter,
    /// The roster name has one character more.
    ExtraCharacter,
    /// The roster name lacks one character.
    MissingCharacter,
    /// Two neighbouring characters swapped.
    SwappedCharacters,
}

impl NameAgreement {
    /// Whether the name is taken as agreeing (everything but [`NameAgreement::Mismatch`]).
    pub const fn agrees(&self) -> bool {
        !matches!(self, Self::Mismatch)
    }

    /// Short Chinese description.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Exact => "姓名一致",
            Self::Homophone => "有一个同音字",
            Self::SoundsAlike => "读音相同、有多个字不同",
            Self::Typo(TypoKind::WrongCharacter) => "有一个错字",
            Self::Typo(TypoKind::ExtraCharacter) => "多一个字",
            Self::Typo(TypoKind::MissingCharacter) => "少一个字",
            Self::Typo(TypoKind::SwappedCharacters) => "两个字颠倒",
            Self::Mismatch => "姓名不符",
        }
    }
}

/// A name comparison: the agreement and its score in basis points (10000 = identical).
///
/// Score = the mean of character similarity and reading similarity, each `1 − d/n` for `d`
/// differing characters out of `n` (the longer name): exact 10000; one homophone
/// `10000·(2n−1)/(2n)` (张伟/张玮: 7500); several homophones `10000·(n−1)/n` (taking `d = 2`);
/// a typo `10000·(n−1)/n` (3 characters: 6666); a mismatch 0. Floors of exact integer divisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameMatch {
    /// How the names agree.
    pub agreement: NameAgreement,
    /// Agreement score, 0..=10000.
    pub score_bp: u16,
}

impl NameMatch {
    fn new(agreement: NameAgreement, n: usize) -> Self {
        let n = u32::try_from(n.max(1)).unwrap_or(u32::MAX);
        let score = match agreement {
            NameAgreement::Exact => FULL,
            NameAgreement::Homophone => FULL * (2 * n - 1) / (2 * n),
            NameAgreement::SoundsAlike | NameAgreement::Typo(_) => FULL * (n - 1) / n,
            NameAgreement::Mismatch => 0,
        };
        Self {
            agreement,
            score_bp: u16::try_from(score).unwrap_or(0),
        }
    }
}

/// The normalized form of one character of a name; `None` drops it (whitespace).
fn normalize(c: char) -> Option<char> {
    match c {
        '•' | '・' | '‧' | '∙' | '･' | '.' | '．' | '·' => Some(MIDDLE_DOT),
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(u32::from(c) - 0xFEE0).map(|h| h.to_ascii_lowercase())
        }
        c if c.is_whitespace() => None,
        c => Some(c.to_ascii_lowercase()),
    }
}

/// The codes of `name` (normalized) into `out`, which is cleared first.
pub(crate) fn codes_into(name: &str, out: &mut Vec<Code>) {
    out.clear();
    let t = &*CHARS;
    out.extend(name.chars().filter_map(normalize).map(|c| t.code(c)));
}

/// An incremental 64-bit fingerprint: a full mix after each element.
#[derive(Clone, Copy)]
struct Fp(u64);

impl Fp {
    const fn new(seed: u64) -> Self {
        Self(seed)
    }
    fn push(&mut self, x: u32) {
        self.0 = mix(self.0 ^ u64::from(x));
    }
    fn finish(self, len: usize, bits: u32) -> u32 {
        let h = mix(self.0 ^ (len as u64).rotate_left(48));
        u32::try_from(h >> (64 - bits)).unwrap_or(0)
    }
}

const EXACT_SEED: u64 = 0x6675_7069_6E2D_6E61; // "fupin-na"
const SOUND_SEED: u64 = 0x7069_6E79_696E_2D73; // "pinyin-s"

/// The exact fingerprint of a code sequence.
fn exact_of(codes: &[Code]) -> u32 {
    let mut fp = Fp::new(EXACT_SEED);
    for &c in codes {
        fp.push(u32::from(c));
    }
    fp.finish(codes.len(), EXACT_BITS)
}

/// What the sound fingerprint reads at `position`: the reading, or the code itself when the
/// character has no reading (so `a` and `b` never sound alike).
fn sound_unit(position: usize, code: Code) -> u32 {
    match CHARS.syllable_at(position, code) {
        0 => 0x1_0000 | u32::from(code),
        s => u32::from(s),
    }
}

/// The registry's compact name key (73 bits; see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct NameKey {
    pub len: u8,
    pub sum: u16,
    pub sound: u32,
    pub exact: u32,
}

impl NameKey {
    /// The key of a code sequence.
    pub(crate) fn of_codes(codes: &[Code]) -> Self {
        let mut sound = Fp::new(SOUND_SEED);
        let mut sum: u16 = 0;
        for (i, &c) in codes.iter().enumerate() {
            sum = sum.wrapping_add(c);
            sound.push(sound_unit(i, c));
        }
        Self {
            len: u8::try_from(codes.len().min(usize::from(LEN_SATURATED))).unwrap_or(LEN_SATURATED),
            sum,
            sound: sound.finish(codes.len(), SOUND_BITS),
            exact: exact_of(codes),
        }
    }
}

/// Compares a roster name (as codes) with a registry key.
pub(crate) fn compare(roster: &[Code], key: NameKey) -> NameMatch {
    let mine = NameKey::of_codes(roster);
    let m = roster.len();
    if mine.len == key.len && mine.sum == key.sum && mine.exact == key.exact {
        return NameMatch::new(NameAgreement::Exact, m);
    }
    if key.len < LEN_SATURATED && mine.len < LEN_SATURATED {
        let n = m.max(usize::from(key.len));
        if let Some(agreement) = single_edit(roster, mine.sum, key) {
            return NameMatch::new(agreement, n);
        }
    }
    if mine.len == key.len && mine.sound == key.sound {
        return NameMatch::new(NameAgreement::SoundsAlike, m);
    }
    NameMatch::new(NameAgreement::Mismatch, m)
}

/// The single edit turning `roster` into the registry's name, if the key admits one.
fn single_edit(roster: &[Code], roster_sum: u16, key: NameKey) -> Option<NameAgreement> {
    let m = roster.len();
    let l = usize::from(key.len);
    let d = key.sum.wrapping_sub(roster_sum);
    let mut buf = [0 as Code; LEN_SATURATED as usize + 1];
    let hits = |candidate: &[Code]| exact_of(candidate) == key.exact;
    if l == m && d != 0 {
        for j in 0..m {
            let a = roster[j].wrapping_add(d);
            if a == 0 {
                continue;
            }
            let candidate = buf.get_mut(..m)?;
            candidate.copy_from_slice(roster);
            candidate[j] = a;
            if hits(candidate) {
                return Some(if CHARS.sound_alike(j, roster[j], a) {
                    NameAgreement::Homophone
                } else if m >= 2 {
                    NameAgreement::Typo(TypoKind::WrongCharacter)
                } else {
                    NameAgreement::Mismatch
                });
            }
        }
    } else if l == m {
        for j in 1..m {
            if roster[j - 1] == roster[j] {
                continue;
            }
            let candidate = buf.get_mut(..m)?;
            candidate.copy_from_slice(roster);
            candidate.swap(j - 1, j);
            if hits(candidate) {
                return Some(NameAgreement::Typo(TypoKind::SwappedCharacters));
            }
        }
    } else if m == l + 1 {
        let surplus = roster_sum.wrapping_sub(key.sum);
        for j in (0..m).filter(|&j| roster[j] == surplus) {
            let candidate = buf.get_mut(..l)?;
            candidate[..j].copy_from_slice(&roster[..j]);
            candidate[j..].copy_from_slice(&roster[j + 1..]);
            if hits(candidate) {
                return Some(NameAgreement::Typo(TypoKind::ExtraCharacter));
            }
        }
    } else if m + 1 == l && d != 0 {
        for j in 0..=m {
            let candidate = buf.get_mut(..l)?;
            candidate[..j].copy_from_slice(&roster[..j]);
            candidate[j] = d;
            candidate[j + 1..].copy_from_slice(&roster[j..]);
            if hits(candidate) {
                return Some(NameAgreement::Typo(TypoKind::MissingCharacter));
            }
        }
    }
    None
}

/// Compares a roster name with a registry name exactly as the engine does (through the
/// registry's compact key), e.g. for an adjudication page or tests.
///
/// ```
/// use fupin_verify::{compare_names, NameAgreement, TypoKind};
///
/// assert_eq!(compare_names("张伟", "张伟").agreement, NameAgreement::Exact);
/// assert_eq!(compare_names("张玮", "张伟").agreement, NameAgreement::Homophone);
/// assert_eq!(compare_names("张明", "张伟").agreement, NameAgreement::Typo(TypoKind::WrongCharacter));
/// assert_eq!(compare_names("李四", "张伟").agreement, NameAgreement::Mismatch);
/// ```
pub fn compare_names(roster: &str, registry: &str) -> NameMatch {
    let mut codes = Vec::new();
    codes_into(registry, &mut codes);
    let key = NameKey::of_codes(&codes);
    codes_into(roster, &mut codes);
    compare(&codes, key)
}
