//! Chinese text for search: query terms by word segmentation (jieba), pinyin of titles and names.
//!
//! Documents are matched by substring, so segmentation is needed only for the query: `云南教育`
//! becomes the two terms `云南` and `教育`, each of which must occur (in any order), and `教育`
//! finds `教育扶贫`. A term in Latin letters also matches the pinyin of a title or name, as
//! initials (`jyfp` → 教育扶贫) or spelled out (`jiaoyu` → 教育). A character with several
//! readings gets its most common one (长 → zhang).

use std::sync::LazyLock;

use jieba_rs::Jieba;
use pinyin::ToPinyin;

/// The segmenter with its embedded dictionary, loaded on first use.
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Longest query considered, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// Words that alone say nothing; dropped unless nothing else is left.
const STOP_WORDS: &[&str] = &["的", "了", "和", "与", "及", "在", "或", "之"];

/// Full-width ASCII (`ｊｙｆｐ`, `１２`) to half-width, then lowercase.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The terms of a query: segmented words, lowercased, without punctuation, stop words or repeats.
pub fn terms(query: &str) -> Vec<String> {
    let query: String = normalize(query).chars().take(MAX_QUERY_CHARS).collect();
    let mut words: Vec<String> = Vec::new();
    for word in JIEBA.cut(&query, false) {
        let word = word.word.trim();
        if word.chars().any(char::is_alphanumeric) && !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    let meaningful: Vec<String> = words
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .cloned()
        .collect();
    if meaningful.is_empty() {
        words
    } else {
        meaningful
    }
}

/// Pinyin of `text`: (initials, spelled), lowercased ASCII. Han characters become their pinyin,
/// letters and digits stay, anything else separates segments with a space, so a term never
/// matches across two texts joined here.
pub fn pinyin(text: &str) -> (String, String) {
    let mut initials = String::new();
    let mut spelled = String::new();
    for (c, reading) in text.chars().zip(text.to_pinyin()) {
        match reading {
            Some(p) => {
                initials.push_str(p.first_letter());
                spelled.push_str(p.plain());
            }
            None if c.is_ascii_alphanumeric() => {
                let c = c.to_ascii_lowercase();
                initials.push(c);
                spelled.push(c);
            }
            None => {
                if !initials.ends_with(' ') && !initials.is_empty() {
                    initials.push(' ');
                    spelled.push(' ');
                }
            }
        }
    }
    (
        initials.trim_end().to_owned(),
        spelled.trim_end().to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_segmented_into_words() {
        assert_eq!(terms("云南教育"), ["云南", "教育"]);
        assert_eq!(terms("教育扶贫项目"), ["教育", "扶贫", "项目"]);
        assert_eq!(terms("  教育，教育！ "), ["教育"]);
        assert_eq!(terms("JYFP"), ["jyfp"]);
        assert_eq!(terms("ｊｙｆｐ"), ["jyfp"]);
        assert_eq!(terms("教育的"), ["教育"]);
        assert_eq!(terms("的"), ["的"]);
        assert!(terms("，。！ ").is_empty());
        assert!(terms(&"教".repeat(500)).len() <= MAX_QUERY_CHARS);
    }

    #[test]
    fn pinyin_gives_initials_and_spelling() {
        assert_eq!(
            pinyin("教育扶贫"),
            ("jyfp".to_owned(), "jiaoyufupin".to_owned())
        );
        let (initials, spelled) = pinyin("行唐县助学项目 教育扶贫");
        assert!(initials.contains("jyfp"), "{initials}");
        assert!(
            initials.ends_with(" jyfp"),
            "segments stay apart: {initials}"
        );
        assert!(spelled.contains("zhuxue"), "{spelled}");
        assert_eq!(pinyin("ABC基金会").0, "abcjjh");
        assert_eq!(pinyin("，").0, "");
    }
}
