//! The search page's strings, one table per locale (a missing translation does not compile).

use crate::i18n::Locale;

/// Strings of the search page.
#[derive(Debug)]
pub struct SearchText {
    /// Page title and heading.
    pub heading: &'static str,
    /// Label of the words box.
    pub q_label: &'static str,
    /// Placeholder of the words box.
    pub q_placeholder: &'static str,
    /// How to search (segmentation and pinyin).
    pub hint: &'static str,
    /// Filter: field.
    pub field: &'static str,
    /// Filter: region.
    pub region: &'static str,
    /// Filter: year.
    pub year: &'static str,
    /// Filter: organization type.
    pub org_type: &'static str,
    /// "Any" option of a filter.
    pub any: &'static str,
    /// Submit button.
    pub submit: &'static str,
    /// Link that clears every filter.
    pub clear: &'static str,
    /// Before the terms the query became.
    pub terms: &'static str,
    /// Tab: both kinds.
    pub tab_all: &'static str,
    /// Tab and heading: activities.
    pub activities: &'static str,
    /// Tab and heading: organizations.
    pub organizations: &'static str,
    /// Link to every organization found (the count follows).
    pub all_organizations: &'static str,
    /// Column: title.
    pub col_title: &'static str,
    /// Column: organization.
    pub col_org: &'static str,
    /// Column: field.
    pub col_field: &'static str,
    /// Column: year.
    pub col_year: &'static str,
    /// Column: county.
    pub col_county: &'static str,
    /// Column: money committed.
    pub col_committed: &'static str,
    /// Column: organization name.
    pub col_name: &'static str,
    /// Column: organization type.
    pub col_type: &'static str,
    /// Column: region of registration.
    pub col_registered: &'static str,
    /// Column: published activities.
    pub col_activities: &'static str,
    /// Nothing found.
    pub nothing: &'static str,
    /// Pager: previous page.
    pub prev: &'static str,
    /// Pager: next page.
    pub next: &'static str,
    /// Pager: "page" before the numbers.
    pub page: &'static str,
    /// Accessible name of the pager.
    pub pager_label: &'static str,
    /// Link to the same results as JSON.
    pub json: &'static str,
    /// What is searched.
    pub scope_note: &'static str,
}

impl SearchText {
    /// The strings of `locale`.
    pub fn of(locale: Locale) -> &'static SearchText {
        match locale {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }
}

static ZH: SearchText = SearchText {
    heading: "搜索社会组织和扶贫项目",
    q_label: "关键词",
    q_placeholder: "如：教育扶贫、云南 助学、jyfp",
    hint: "可输入中文词语（自动分词，多个词须同时出现），或拼音首字母、全拼，如 jyfp、jiaoyu。",
    field: "扶贫领域",
    region: "地区",
    year: "年度",
    org_type: "组织类型",
    any: "全部",
    submit: "搜索",
    clear: "清除条件",
    terms: "检索词：",
    tab_all: "全部",
    activities: "扶贫项目（活动）",
    organizations: "社会组织",
    all_organizations: "查看全部社会组织",
    col_title: "项目名称",
    col_org: "社会组织",
    col_field: "扶贫领域",
    col_year: "年度",
    col_county: "所在县",
    col_committed: "承诺资金",
    col_name: "组织名称",
    col_type: "类型",
    col_registered: "登记地",
    col_activities: "已公开项目",
    nothing: "没有找到符合条件的结果。请换一个词，或减少筛选条件。",
    prev: "上一页",
    next: "下一页",
    page: "页",
    pager_label: "分页",
    json: "以 JSON 格式获取本结果",
    scope_note: "仅检索已审核公开的扶贫项目（活动）及开展了这些项目的社会组织。",
};

static EN: SearchText = SearchText {
    heading: "Search organizations and activities",
    q_label: "Words",
    q_placeholder: "e.g. 教育扶贫, 云南 助学, jyfp",
    hint: "Type Chinese words (segmented automatically; every word must occur) or pinyin, as \
           initials or spelled out, e.g. jyfp, jiaoyu.",
    field: "Field",
    region: "Region",
    year: "Year",
    org_type: "Organization type",
    any: "Any",
    submit: "Search",
    clear: "Clear",
    terms: "Searched for: ",
    tab_all: "All",
    activities: "Activities",
    organizations: "Organizations",
    all_organizations: "See every organization found",
    col_title: "Title",
    col_org: "Organization",
    col_field: "Field",
    col_year: "Year",
    col_county: "County",
    col_committed: "Committed",
    col_name: "Name",
    col_type: "Type",
    col_registered: "Registered in",
    col_activities: "Published activities",
    nothing: "Nothing matches. Try other words or fewer filters.",
    prev: "Previous",
    next: "Next",
    page: "Page",
    pager_label: "Pages",
    json: "These results as JSON",
    scope_note: "Only reviewed and published activities, and the organizations that run them, are searched.",
};
