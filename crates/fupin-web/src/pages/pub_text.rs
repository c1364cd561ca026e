//! The strings of the public region, organization and activity pages, one table per locale
//! (as `crate::i18n` does for the frame): a missing translation does not compile.

use crate::i18n::Locale;

/// Strings of the public disclosure pages.
#[derive(Debug)]
pub struct PubText {
    /// China (national)
    pub nation: &'static str,
    /// Province
    pub level_province: &'static str,
    /// Prefecture
    pub level_prefecture: &'static str,
    /// County
    pub level_county: &'static str,
    /// You are here
    pub breadcrumb: &'static str,
    /// National poor county
    pub poor_county: &'static str,
    /// Exit year
    pub exit_year: &'static str,
    /// Not a national poor county
    pub not_poor: &'static str,
    /// Figures
    pub figures: &'static str,
    /// Organizations
    pub organizations: &'static str,
    /// Activities
    pub activities: &'static str,
    /// Money committed
    pub committed: &'static str,
    /// Money disbursed
    pub disbursed: &'static str,
    /// Money spent
    pub spent: &'static str,
    /// Goods (valued)
    pub goods: &'static str,
    /// Volunteer hours
    pub hours: &'static str,
    /// Households helped
    pub households: &'static str,
    /// Persons helped
    pub persons: &'static str,
    /// Verified share
    pub verified: &'static str,
    /// Not yet verified
    pub verified_none: &'static str,
    /// Beneficiaries by category
    pub by_category: &'static str,
    /// By year
    pub by_year: &'static str,
    /// By field
    pub by_field: &'static str,
    /// Areas below
    pub children: &'static str,
    /// Area
    pub col_region: &'static str,
    /// Year
    pub col_year: &'static str,
    /// Field
    pub col_field: &'static str,
    /// Method
    pub col_method: &'static str,
    /// Organization
    pub col_org: &'static str,
    /// Activity
    pub col_title: &'static str,
    /// Category
    pub col_category: &'static str,
    /// Persons
    pub col_count: &'static str,
    /// Organizations active here
    pub orgs_heading: &'static str,
    /// All organizations
    pub all_orgs: &'static str,
    /// Latest activities
    pub activities_heading: &'static str,
    /// All activities
    pub all_activities: &'static str,
    /// Gaps: national poor counties where no organization is active
    pub gaps_heading: &'static str,
    /// Every national poor county here has at least one active organization.
    pub gaps_none: &'static str,
    /// National poor counties here
    pub gaps_count: &'static str,
    /// Download
    pub download: &'static str,
    /// Year
    pub year_filter: &'static str,
    /// All years
    pub all_years: &'static str,
    /// Filter
    pub apply: &'static str,
    /// Money is exact to the fen. Money, goods, hours and beneficiaries are split over each activity's locations by share, so nothing is counted twice within a level; beneficiaries are the sum of what activities report (a person helped by two activities counts twice); counts of 1–4 show as "<5". An activity counts once in every area it reaches.
    pub count_note: &'static str,
    /// None yet
    pub none: &'static str,
    /// Where it helps
    pub q_where: &'static str,
    /// Whom it helps
    pub q_whom: &'static str,
    /// How much
    pub q_how_much: &'static str,
    /// With what effect
    pub q_effect: &'static str,
    /// Unified social credit code
    pub credit_code: &'static str,
    /// Type
    pub org_type: &'static str,
    /// Level
    pub org_level: &'static str,
    /// Credit status
    pub credit_status: &'static str,
    /// Charity recognition
    pub charity: &'static str,
    /// Public fundraising
    pub fundraising: &'static str,
    /// Yes
    pub yes: &'static str,
    /// No
    pub no: &'static str,
    /// Corrections published
    pub corrections_heading: &'static str,
    /// No corrections published.
    pub no_corrections: &'static str,
    /// Provinces
    pub provinces_reached: &'static str,
    /// Counties
    pub counties_reached: &'static str,
    /// Indicator
    pub indicator: &'static str,
    /// Unit
    pub unit: &'static str,
    /// Baseline
    pub baseline: &'static str,
    /// Target
    pub target: &'static str,
    /// Actual
    pub actual: &'static str,
    /// Open data
    pub open_data: &'static str,
    /// Period
    pub period: &'static str,
    /// Locations
    pub locations: &'static str,
    /// Share
    pub share: &'static str,
    /// Money by kind and source
    pub money_heading: &'static str,
    /// Kind
    pub kind: &'static str,
    /// Source
    pub source: &'static str,
    /// Amount
    pub amount: &'static str,
    /// Evidence
    pub evidence: &'static str,
    /// File
    pub file_name: &'static str,
    /// Type
    pub file_type: &'static str,
    /// Size (bytes)
    pub file_size: &'static str,
    /// Correction history
    pub history: &'static str,
    /// Version
    pub version: &'static str,
    /// Published
    pub published: &'static str,
    /// Note
    pub note: &'static str,
    /// Current
    pub current: &'static str,
    /// This version was corrected; the current version is
    pub superseded: &'static str,
    /// View
    pub view: &'static str,
    /// Organization
    pub organization: &'static str,
    /// Total
    pub total: &'static str,
    /// Activities
    pub list_activities: &'static str,
    /// Organizations
    pub list_orgs: &'static str,
    /// Previous
    pub prev: &'static str,
    /// Next
    pub next: &'static str,
    /// Page
    pub page_of: &'static str,
    /// items
    pub items: &'static str,
    /// Public pages never show a beneficiary's name, ID number, phone or address.
    pub privacy_note: &'static str,
}

impl PubText {
    /// The table of `locale`.
    pub fn of(locale: Locale) -> &'static PubText {
        match locale {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }
}

static ZH: PubText = PubText {
    nation: "全国",
    level_province: "省级",
    level_prefecture: "地级",
    level_county: "县级",
    breadcrumb: "所在位置",
    poor_county: "国家级贫困县",
    exit_year: "摘帽年份",
    not_poor: "非国家级贫困县",
    figures: "统计数据",
    organizations: "参与组织",
    activities: "帮扶项目",
    committed: "承诺资金",
    disbursed: "拨付资金",
    spent: "支出资金",
    goods: "捐赠物资（折价）",
    hours: "志愿服务时长（小时）",
    households: "受益户数",
    persons: "受益人数",
    verified: "核对通过比例",
    verified_none: "尚未开展名单核对",
    by_category: "受益对象类别",
    by_year: "分年度",
    by_field: "分领域",
    children: "下级行政区",
    col_region: "地区",
    col_year: "年度",
    col_field: "领域",
    col_method: "方式",
    col_org: "社会组织",
    col_title: "项目名称",
    col_category: "类别",
    col_count: "人数",
    orgs_heading: "在此开展帮扶的社会组织",
    all_orgs: "查看全部组织",
    activities_heading: "最新帮扶项目",
    all_activities: "查看全部项目",
    gaps_heading: "帮扶空白：尚无社会组织开展项目的国家级贫困县",
    gaps_none: "辖区内的国家级贫困县均已有社会组织开展帮扶。",
    gaps_count: "辖区内国家级贫困县",
    download: "下载",
    year_filter: "年度",
    all_years: "全部年度",
    apply: "筛选",
    count_note: "金额精确到分。资金、物资、时长和受益人数按项目各地点的比例分摊到地区，同一层级内不重复计算；受益人数为各项目报告数之和，同一人在多个项目中受益会被多次计数；1–4 人显示为“<5”。项目数在项目涉及的每个地区各计一次。",
    none: "暂无",
    q_where: "在哪里扶贫",
    q_whom: "扶了谁",
    q_how_much: "扶了多少",
    q_effect: "扶贫效果怎么样",
    credit_code: "统一社会信用代码",
    org_type: "组织类型",
    org_level: "登记级别",
    credit_status: "信用状况",
    charity: "慈善组织认定",
    fundraising: "公开募捐资格",
    yes: "是",
    no: "否",
    corrections_heading: "已公开的更正",
    no_corrections: "没有已公开的更正。",
    provinces_reached: "涉及省份",
    counties_reached: "涉及县（区）",
    indicator: "指标",
    unit: "单位",
    baseline: "基线值",
    target: "目标值",
    actual: "实际值",
    open_data: "开放数据",
    period: "实施期间",
    locations: "实施地点",
    share: "比例",
    money_heading: "资金（按类型和来源）",
    kind: "类型",
    source: "资金来源",
    amount: "金额",
    evidence: "佐证材料",
    file_name: "文件名",
    file_type: "类型",
    file_size: "大小（字节）",
    history: "更正记录",
    version: "版本",
    published: "公开时间",
    note: "更正说明",
    current: "当前版本",
    superseded: "此版本已被更正，公众看到的是当前版本：",
    view: "查看",
    organization: "实施组织",
    total: "合计",
    list_activities: "帮扶项目列表",
    list_orgs: "社会组织列表",
    prev: "上一页",
    next: "下一页",
    page_of: "页码",
    items: "条",
    privacy_note: "公开页面不含任何受益人的姓名、身份证号、电话或住址。",
};

static EN: PubText = PubText {
    nation: "China (national)",
    level_province: "Province",
    level_prefecture: "Prefecture",
    level_county: "County",
    breadcrumb: "You are here",
    poor_county: "National poor county",
    exit_year: "Exit year",
    not_poor: "Not a national poor county",
    figures: "Figures",
    organizations: "Organizations",
    activities: "Activities",
    committed: "Money committed",
    disbursed: "Money disbursed",
    spent: "Money spent",
    goods: "Goods (valued)",
    hours: "Volunteer hours",
    households: "Households helped",
    persons: "Persons helped",
    verified: "Verified share",
    verified_none: "Not yet verified",
    by_category: "Beneficiaries by category",
    by_year: "By year",
    by_field: "By field",
    children: "Areas below",
    col_region: "Area",
    col_year: "Year",
    col_field: "Field",
    col_method: "Method",
    col_org: "Organization",
    col_title: "Activity",
    col_category: "Category",
    col_count: "Persons",
    orgs_heading: "Organizations active here",
    all_orgs: "All organizations",
    activities_heading: "Latest activities",
    all_activities: "All activities",
    gaps_heading: "Gaps: national poor counties where no organization is active",
    gaps_none: "Every national poor county here has at least one active organization.",
    gaps_count: "National poor counties here",
    download: "Download",
    year_filter: "Year",
    all_years: "All years",
    apply: "Filter",
    count_note: "Money is exact to the fen. Money, goods, hours and beneficiaries are split over each activity's locations by share, so nothing is counted twice within a level; beneficiaries are the sum of what activities report (a person helped by two activities counts twice); counts of 1–4 show as \"<5\". An activity counts once in every area it reaches.",
    none: "None yet",
    q_where: "Where it helps",
    q_whom: "Whom it helps",
    q_how_much: "How much",
    q_effect: "With what effect",
    credit_code: "Unified social credit code",
    org_type: "Type",
    org_level: "Level",
    credit_status: "Credit status",
    charity: "Charity recognition",
    fundraising: "Public fundraising",
    yes: "Yes",
    no: "No",
    corrections_heading: "Corrections published",
    no_corrections: "No corrections published.",
    provinces_reached: "Provinces",
    counties_reached: "Counties",
    indicator: "Indicator",
    unit: "Unit",
    baseline: "Baseline",
    target: "Target",
    actual: "Actual",
    open_data: "Open data",
    period: "Period",
    locations: "Locations",
    share: "Share",
    money_heading: "Money by kind and source",
    kind: "Kind",
    source: "Source",
    amount: "Amount",
    evidence: "Evidence",
    file_name: "File",
    file_type: "Type",
    file_size: "Size (bytes)",
    history: "Correction history",
    version: "Version",
    published: "Published",
    note: "Note",
    current: "Current",
    superseded: "This version was corrected; the current version is ",
    view: "View",
    organization: "Organization",
    total: "Total",
    list_activities: "Activities",
    list_orgs: "Organizations",
    prev: "Previous",
    next: "Next",
    page_of: "Page",
    items: "items",
    privacy_note: "Public pages never show a beneficiary's name, ID number, phone or address.",
};
