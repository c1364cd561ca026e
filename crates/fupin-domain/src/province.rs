//! Province-level codes (the first two digits of GB/T 2260 region codes,
//! of GB 11643 ID numbers and of GB 32100 credit-code region segments).

/// The province-level codes accepted by the platform, with their names.
///
/// 71 台湾, 81 香港, 82 澳门 and 83 (港澳台居民居住证) are included because
/// ID numbers may carry them.
pub const PROVINCES: &[(&str, &str)] = &[
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
    ("83", "港澳台居民居住证"),
];

/// Whether `code` (exactly two ASCII digits) is a known province-level code.
pub fn is_province_code(code: &str) -> bool {
    PROVINCES.iter().any(|(c, _)| *c == code)
}

/// The name of the province with the given two-digit code.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes() {
        assert!(is_province_code("11"));
        assert!(is_province_code("65"));
        assert!(is_province_code("83"));
        assert!(!is_province_code("10"));
        assert!(!is_province_code("16"));
        assert!(!is_province_code("99"));
        assert!(!is_province_code("1"));
        assert_eq!(province_name("52"), Some("贵州省"));
        assert_eq!(province_name("00"), None);
    }

    #[test]
    fn codes_are_sorted_and_unique() {
        assert!(PROVINCES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
