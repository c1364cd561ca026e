//! Generated Chinese names and the ways a roster misspells them.
//!
//! Given names are drawn from groups of characters read alike (same toneless pinyin), so a
//! 同音字 is always at hand: 张伟 → 张玮. The misspellings cover what `fupin_verify` recognises as
//! agreeing (one homophone, several homophones, one wrong, missing, surplus or swapped character)
//! and are all one or two character edits, so a string-distance linker (Splink's Levenshtein) sees
//! them as close too: neither side is handed a kind of error only it can see.

use super::rng::Rng;

/// Common surnames with rough weights (per mille of the population).
#[rustfmt::skip]
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72), ("李", 72), ("张", 69), ("刘", 53), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 22), ("吴", 20), ("周", 19),
    ("徐", 15), ("孙", 15), ("马", 14), ("朱", 13), ("胡", 13), ("郭", 12), ("何", 12), ("高", 11), ("林", 11), ("罗", 11),
    ("郑", 10), ("梁", 10), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 7),
    ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5),
    ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4),
    ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3),
    ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3),
    ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2), ("段", 2), ("雷", 2), ("侯", 2),
    ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2),
    ("万", 2), ("欧阳", 1), ("司马", 1), ("诸葛", 1),
];

/// Surnames with a character read alike that rosters write instead (王 → 汪, 李 → 黎).
#[rustfmt::skip]
const SURNAME_HOMOPHONES: &[(char, char)] = &[
    ('张', '章'), ('王', '汪'), ('李', '黎'), ('刘', '柳'), ('杨', '阳'), ('吴', '武'), ('徐', '许'),
    ('何', '贺'), ('朱', '诸'), ('胡', '湖'), ('林', '霖'), ('郑', '正'), ('韩', '寒'), ('冯', '封'),
    ('袁', '元'), ('彭', '鹏'), ('于', '余'), ('程', '成'), ('钟', '仲'), ('姚', '尧'),
];

/// Homophone groups of given-name characters used for men; the first member is the most common.
#[rustfmt::skip]
const MALE: &[&[char]] = &[
    &['伟', '玮', '炜'], &['军', '君', '钧'], &['杰', '捷'], &['涛', '滔', '韬'], &['明', '鸣', '铭'],
    &['强', '蔷'], &['勇', '永', '咏'], &['刚', '钢', '纲'], &['建', '健', '剑'], &['国', '帼'],
    &['文', '闻', '雯'], &['辉', '晖', '徽'], &['斌', '彬', '滨'], &['林', '霖', '琳'], &['宏', '洪', '鸿'],
    &['华', '桦', '骅'], &['平', '坪', '萍'], &['生', '升', '声'], &['成', '诚', '城'], &['龙', '隆'],
    &['东', '冬'], &['峰', '锋', '丰'], &['磊', '蕾'], &['鹏', '朋'], &['志', '智', '治'],
    &['德', '得'], &['贵', '桂'], &['兵', '冰'], &['金', '津'], &['山', '杉'],
    &['荣', '融'], &['新', '鑫', '欣'], &['宇', '羽', '雨'], &['浩', '昊', '皓'], &['俊', '骏', '峻'],
    &['家', '嘉', '佳'], &['子', '梓', '紫'], &['天', '添'], &['亮', '谅'], &['波', '博'],
];

/// Homophone groups of given-name characters used for women.
#[rustfmt::skip]
const FEMALE: &[&[char]] = &[
    &['娜', '纳'], &['静', '婧', '靖'], &['丽', '莉', '俐'], &['芳', '方'], &['敏', '旻'],
    &['燕', '艳', '雁'], &['霞', '侠'], &['玲', '铃', '伶'], &['英', '瑛', '莹'], &['秀', '绣'],
    &['兰', '岚', '蓝'], &['梅', '玫'], &['娟', '鹃'], &['婷', '亭', '庭'], &['慧', '惠', '蕙'],
    &['红', '虹'], &['琴', '芹', '勤'], &['凤', '奉'], &['珍', '贞', '真'], &['月', '悦', '玥'],
    &['晶', '菁', '京'], &['思', '丝'], &['雅', '亚'], &['倩', '茜'], &['颖', '影'],
    &['瑶', '遥'], &['春', '椿'], &['桂', '贵'], &['欣', '馨', '新'], &['霜', '双'],
];

/// Sum of the surname weights.
fn surname_total() -> u64 {
    SURNAMES.iter().map(|&(_, w)| u64::from(w)).sum()
}

/// A surname drawn by frequency.
fn surname(rng: &mut Rng) -> &'static str {
    let mut target = rng.below(surname_total());
    for &(name, weight) in SURNAMES {
        if target < u64::from(weight) {
            return name;
        }
        target -= u64::from(weight);
    }
    "王"
}

/// One given-name character of a man or a woman: mostly its group's common member.
fn given_char(rng: &mut Rng, male: bool) -> char {
    let groups = if male { MALE } else { FEMALE };
    let group = groups[rng.below_usize(groups.len())];
    if rng.chance(0.8) {
        group[0]
    } else {
        group[rng.below_usize(group.len())]
    }
}

/// A full name: a surname and one (28%) or two given-name characters.
pub fn full_name(rng: &mut Rng, male: bool) -> String {
    let mut name = surname(rng).to_owned();
    name.push(given_char(rng, male));
    if rng.chance(0.72) {
        name.push(given_char(rng, male));
    }
    name
}

/// A name of someone else: another surname and freshly drawn given names.
pub fn other_name(rng: &mut Rng, name: &str, male: bool) -> String {
    loop {
        let other = full_name(rng, male);
        if other.chars().next() != name.chars().next() {
            return other;
        }
    }
}

/// The homophone group holding `c`, if any.
fn group_of(c: char) -> Option<&'static [char]> {
    MALE.iter()
        .chain(FEMALE)
        .copied()
        .find(|group| group.contains(&c))
}

/// Whether two characters share a reading (tones aside), as the engine reads them: a "wrong
/// character" must not be a homophone, or its label would be wrong.
fn read_alike(a: char, b: char) -> bool {
    let agreement = fupin_verify::compare_names(&a.to_string(), &b.to_string()).agreement;
    agreement == fupin_verify::NameAgreement::Homophone
}

/// Another member of `c`'s homophone group (surname or given name), if it has one.
fn homophone_of(rng: &mut Rng, c: char, position: usize) -> Option<char> {
    if position == 0 {
        return SURNAME_HOMOPHONES
            .iter()
            .find(|&&(s, _)| s == c)
            .map(|&(_, h)| h);
    }
    let others: Vec<char> = group_of(c)?.iter().copied().filter(|&o| o != c).collect();
    (!others.is_empty()).then(|| others[rng.below_usize(others.len())])
}

/// How a roster misspells a name (what the labels call the variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// One character replaced by one read alike (张伟 → 张玮, or the surname 王 → 汪).
    Homophone,
    /// Two characters replaced, each by one read alike (王伟明 → 汪玮明).
    TwoHomophones,
    /// One given-name character replaced by one not read alike.
    WrongCharacter,
    /// The last character of a three-character name left out.
    MissingCharacter,
    /// A given-name character added at the end.
    ExtraCharacter,
    /// The two given-name characters swapped.
    SwappedCharacters,
}

impl Variant {
    /// Code used in the labels file.
    pub fn code(self) -> &'static str {
        match self {
            Self::Homophone => "homophone",
            Self::TwoHomophones => "two_homophones",
            Self::WrongCharacter => "wrong_character",
            Self::MissingCharacter => "missing_character",
            Self::ExtraCharacter => "extra_character",
            Self::SwappedCharacters => "swapped_characters",
        }
    }

    /// A variant drawn at the mix rosters show: mostly homophones (what officials type from
    /// hearing a name), then wrong, missing, surplus and swapped characters.
    pub fn draw(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..=49 => Self::Homophone,
            50..=59 => Self::TwoHomophones,
            60..=79 => Self::WrongCharacter,
            80..=87 => Self::MissingCharacter,
            88..=94 => Self::ExtraCharacter,
            _ => Self::SwappedCharacters,
        }
    }
}

/// `name` misspelt as `variant`; a variant the name cannot take (a swap in a two-character
/// name) falls back to one homophone, which every generated name can take. Returns the variant
/// actually applied.
pub fn misspell(rng: &mut Rng, name: &str, variant: Variant, male: bool) -> (String, Variant) {
    let mut chars: Vec<char> = name.chars().collect();
    // Compound surnames (欧阳) are left alone: the misspellings touch single-character surnames
    // and given names only.
    let given_from = if chars.len() >= 2
        && SURNAMES
            .iter()
            .any(|(s, _)| s.chars().count() == 2 && name.starts_with(s))
    {
        2
    } else {
        1
    };
    let given: Vec<usize> = (given_from..chars.len()).collect();
    let applied = match variant {
        Variant::TwoHomophones => {
            let surname = (given_from == 1)
                .then(|| homophone_of(rng, chars[0], 0))
                .flatten();
            let first_given = given
                .first()
                .and_then(|&i| homophone_of(rng, chars[i], i).map(|h| (i, h)));
            match (surname, first_given) {
                (Some(s), Some((i, h))) => {
                    chars[0] = s;
                    chars[i] = h;
                    Some(variant)
                }
                _ => None,
            }
        }
        Variant::WrongCharacter => given.last().map(|&i| {
            let original = chars[i];
            let mut replacement = given_char(rng, male);
            while replacement == original || read_alike(original, replacement) {
                replacement = given_char(rng, male);
            }
            chars[i] = replacement;
            variant
        }),
        Variant::Homophone if given_from == 1 && rng.chance(0.2) => homophone_of(rng, chars[0], 0)
            .map(|h| {
                chars[0] = h;
                variant
            }),
        Variant::MissingCharacter if chars.len() >= 3 => {
            chars.pop();
            Some(variant)
        }
        Variant::ExtraCharacter => {
            chars.push(given_char(rng, male));
            Some(variant)
        }
        Variant::SwappedCharacters if given.len() == 2 && chars[given[0]] != chars[given[1]] => {
            chars.swap(given[0], given[1]);
            Some(variant)
        }
        _ => None,
    };
    let applied = applied.unwrap_or_else(|| {
        // One homophone: a given-name character (every generated one has a group).
        if let Some((i, h)) = given
            .iter()
            .rev()
            .find_map(|&i| homophone_of(rng, chars[i], i).map(|h| (i, h)))
        {
            chars[i] = h;
        }
        Variant::Homophone
    });
    (chars.into_iter().collect(), applied)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use fupin_verify::{NameAgreement, TypoKind, compare_names};

    use super::*;

    #[test]
    fn the_engine_accepts_every_variant_as_the_kind_planted() {
        let mut rng = Rng::new(7);
        for _ in 0..3000 {
            let male = rng.chance(0.5);
            let name = full_name(&mut rng, male);
            let drawn = Variant::draw(&mut rng);
            let (variant, applied) = misspell(&mut rng, &name, drawn, male);
            assert_ne!(variant, name);
            let found = compare_names(&variant, &name).agreement;
            let expected = match applied {
                Variant::Homophone => NameAgreement::Homophone,
                Variant::TwoHomophones => NameAgreement::SoundsAlike,
                Variant::WrongCharacter => NameAgreement::Typo(TypoKind::WrongCharacter),
                Variant::MissingCharacter => NameAgreement::Typo(TypoKind::MissingCharacter),
                Variant::ExtraCharacter => NameAgreement::Typo(TypoKind::ExtraCharacter),
                Variant::SwappedCharacters => NameAgreement::Typo(TypoKind::SwappedCharacters),
            };
            assert_eq!(found, expected, "{name} → {variant} ({applied:?})");
        }
    }

    #[test]
    fn other_names_start_with_another_surname() {
        let mut rng = Rng::new(9);
        for _ in 0..1000 {
            let name = full_name(&mut rng, true);
            let other = other_name(&mut rng, &name, true);
            assert_ne!(name.chars().next(), other.chars().next());
        }
    }
}
