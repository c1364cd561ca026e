//! Compound (two-character) Chinese surnames, for masking.

/// Common compound surnames (复姓). A name starting with one of these and
/// at least three characters long keeps both characters when masked.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "轩辕", "端木", "西门", "南宫", "独孤", "百里", "太史", "万俟", "闻人", "公羊",
    "赫连", "澹台", "宗政", "濮阳", "公冶", "太叔", "申屠", "仲孙", "钟离", "鲜于", "司空", "闾丘",
    "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正", "宰父", "谷梁", "拓跋",
    "夹谷", "段干", "呼延", "东郭", "南门", "羊舌", "微生", "梁丘", "左丘", "第五", "即墨", "达奚",
    "褚师", "子车", "公仪", "东里", "南荣",
];

/// Length of the surname of a Han name: 2 for a listed compound surname
/// followed by a given name, otherwise 1.
pub(super) fn compound_surname_len(chars: &[char]) -> usize {
    if chars.len() < 3 {
        return 1;
    }
    let first_two: String = chars[..2].iter().collect();
    if COMPOUND_SURNAMES.contains(&first_two.as_str()) {
        2
    } else {
        1
    }
}
