//! Interface languages: Simplified Chinese by default, English second.
//!
//! Every visible string of the pages lives in one [`Messages`] table per [`Locale`], so a missing
//! translation is a compile error rather than a blank on the page. Choosing the locale of a request
//! (query, cookie, `Accept-Language`) is in [`crate::locale`].

use fupin_domain::Taxonomy;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// 简体中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Locale {
    /// Every locale, default first.
    pub const ALL: [Locale; 2] = [Locale::Zh, Locale::En];

    /// Short code used in `?lang=` and the `lang` cookie: `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    /// BCP 47 tag for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Parses a language tag or short code (`zh`, `zh-CN`, `zh-Hans`, `en`, `en-GB`, …),
    /// ASCII case-insensitively. Traditional-Chinese tags (`zh-TW`, `zh-Hant`, …) map to Chinese too:
    /// the interface has one Chinese.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("zh") {
            Some(Locale::Zh)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// The other locale: the target of the language switch.
    pub fn other(self) -> Locale {
        match self {
            Locale::Zh => Locale::En,
            Locale::En => Locale::Zh,
        }
    }

    /// The strings of this locale.
    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }

    /// A vocabulary entry's label in this locale.
    pub fn label<T: Taxonomy>(self, value: &T) -> &'static str {
        match self {
            Locale::Zh => value.label_zh(),
            Locale::En => value.label_en(),
        }
    }
}

/// The interface strings of one locale.
#[derive(Debug)]
pub struct Messages {
    /// The platform's name.
    pub site_name: &'static str,
    /// Accessible name of the main navigation.
    pub nav_label: &'static str,
    /// Navigation: home page.
    pub nav_home: &'static str,
    /// Navigation: public search.
    pub nav_search: &'static str,
    /// Navigation: the staff workspace (sign-in for officials and organizations).
    pub nav_staff: &'static str,
    /// Link that skips to the main content.
    pub skip_link: &'static str,
    /// Text of the language switch (in the target language).
    pub switch_label: &'static str,
    /// Footer: the notice the platform implements.
    pub footer_basis: &'static str,
    /// Footer: data provenance.
    pub footer_data: &'static str,
    /// Footer: personal-information statement.
    pub footer_privacy: &'static str,
    /// Footer: link to the open JSON figures.
    pub footer_api: &'static str,
    /// Home: heading of the introduction.
    pub intro_heading: &'static str,
    /// Home: the platform's purpose.
    pub intro_text: &'static str,
    /// Home: the four questions the platform answers.
    pub intro_questions: [&'static str; 4],
    /// Home: heading of the headline figures.
    pub figures_heading: &'static str,
    /// Home: what the figures count.
    pub figures_note: &'static str,
    /// Figure: organizations taking part.
    pub organizations: &'static str,
    /// Figure: published activities.
    pub activities: &'static str,
    /// Figure: money committed.
    pub committed: &'static str,
    /// Figure: money spent.
    pub spent: &'static str,
    /// Figure: goods valued.
    pub goods: &'static str,
    /// Figure: volunteer hours.
    pub volunteer_hours: &'static str,
    /// Figure: beneficiaries.
    pub beneficiaries: &'static str,
    /// Figure: counties reached.
    pub counties: &'static str,
    /// Figure: national poor counties reached.
    pub poor_counties: &'static str,
    /// Unit after an organization count.
    pub unit_orgs: &'static str,
    /// Unit after an activity count.
    pub unit_activities: &'static str,
    /// Unit after volunteer hours.
    pub unit_hours: &'static str,
    /// Unit after a person count.
    pub unit_persons: &'static str,
    /// Unit after a county count.
    pub unit_counties: &'static str,
    /// "of 832" after the poor-county count (the number is added by the page).
    pub of_poor_counties: &'static str,
    /// Heading of the table by field.
    pub by_field_heading: &'static str,
    /// Heading of the table by year.
    pub by_year_heading: &'static str,
    /// Column: field.
    pub col_field: &'static str,
    /// Column: year.
    pub col_year: &'static str,
    /// Column: activities.
    pub col_activities: &'static str,
    /// Column: money committed.
    pub col_committed: &'static str,
    /// Home: heading of the map.
    pub map_heading: &'static str,
    /// Home: label of the map's measure chooser.
    pub map_measure: &'static str,
    /// Home: button back to the national map.
    pub map_back: &'static str,
    /// Home: link to a region's page (`{name}` is replaced).
    pub map_open: &'static str,
    /// Home: shown in the map's place without JavaScript.
    pub map_fallback: &'static str,
    /// Home: how the map counts.
    pub map_note: &'static str,
    /// Home: heading of the table by province.
    pub by_province_heading: &'static str,
    /// Empty state: heading.
    pub empty_heading: &'static str,
    /// Empty state: explanation.
    pub empty_text: &'static str,
    /// Error page: back to the home page.
    pub back_home: &'static str,
    /// 404 title.
    pub not_found_title: &'static str,
    /// 404 text.
    pub not_found_text: &'static str,
    /// 403 title.
    pub forbidden_title: &'static str,
    /// 403 text.
    pub forbidden_text: &'static str,
    /// 400 title.
    pub invalid_title: &'static str,
    /// 500 title.
    pub server_error_title: &'static str,
    /// 500 text.
    pub server_error_text: &'static str,
}

static ZH: Messages = Messages {
    site_name: "社会组织参与脱贫攻坚信息服务平台",
    nav_label: "主导航",
    nav_home: "首页",
    nav_search: "搜索",
    nav_staff: "工作人员登录",
    skip_link: "跳到正文",
    switch_label: "English",
    footer_basis: "本平台依据《国务院扶贫开发领导小组关于广泛引导和动员社会组织参与脱贫攻坚的通知》\
                   （国开发〔2017〕12号）建设，公开社会组织参与脱贫攻坚的情况，接受社会各方监督。",
    footer_data: "数据说明：行政区划采用国家统计局 2023 年统计用区划代码；832 个国家级贫困县名单\
                  依据国务院扶贫办公布的名单及各省（区、市）贫困县退出公告整理。",
    footer_privacy: "公开数据不含受益人姓名、身份证号码、联系电话、银行账号和住址等个人信息。",
    footer_api: "开放数据接口（JSON）",
    intro_heading: "平台简介",
    intro_text: "民政部门、扶贫部门共同建设本平台，为社会组织参与脱贫攻坚提供共享合作与信息服务：\
                 社会组织在此报送扶贫项目（活动），主管部门审核、核查和抽查，经审核的情况向社会公开，回答以下四个问题：",
    intro_questions: ["在哪里扶贫", "扶了谁", "扶了多少", "扶贫效果怎么样"],
    figures_heading: "全国汇总",
    figures_note: "统计口径：已审核公开的扶贫项目（活动）。资金按承诺额和实际支出额分别统计，\
                   认捐在转为承诺前不计入；受益人次按项目加总，同一人多次受益计为多人次。",
    organizations: "参与社会组织",
    activities: "已公开项目（活动）",
    committed: "承诺资金",
    spent: "实际支出",
    goods: "捐赠物资折价",
    volunteer_hours: "志愿服务时长",
    beneficiaries: "受益人次",
    counties: "覆盖县（市、区）",
    poor_counties: "覆盖国家级贫困县",
    unit_orgs: "家",
    unit_activities: "个",
    unit_hours: "小时",
    unit_persons: "人次",
    unit_counties: "个",
    of_poor_counties: "个（共 832 个）",
    by_field_heading: "按扶贫领域",
    by_year_heading: "按年度",
    col_field: "扶贫领域",
    col_year: "年度",
    col_activities: "项目（活动）数",
    col_committed: "承诺资金",
    map_heading: "各地分布",
    map_measure: "地图显示",
    map_back: "返回全国",
    map_open: "查看{name}详情",
    map_fallback: "地图需要启用 JavaScript；可在下方按省份浏览。",
    map_note: "点击省份查看其下各市（州）；资金按项目地点的分配比例计入各地，跨省项目在每个省各计一次。",
    by_province_heading: "按省份浏览",
    empty_heading: "暂无公开数据",
    empty_text: "目前还没有已审核公开的扶贫项目（活动）。社会组织报送的情况经审核公开后，汇总数据将在此显示。",
    back_home: "返回首页",
    not_found_title: "页面不存在",
    not_found_text: "您访问的页面不存在或已被移除，请检查网址是否正确。",
    forbidden_title: "无权访问",
    forbidden_text: "您没有访问此页面的权限。",
    invalid_title: "请求有误",
    server_error_title: "服务暂时不可用",
    server_error_text: "系统出现故障，请稍后再试。如问题持续存在，请联系平台管理员。",
};

static EN: Messages = Messages {
    site_name: "Social Organizations in Poverty Alleviation — Information Platform",
    nav_label: "Main navigation",
    nav_home: "Home",
    nav_search: "Search",
    nav_staff: "Staff sign-in",
    skip_link: "Skip to content",
    switch_label: "中文",
    footer_basis: "Built under the notice of the State Council Leading Group of Poverty Alleviation and \
                   Development on guiding and mobilizing social organizations to take part in poverty \
                   alleviation (国开发〔2017〕12号), to disclose what social organizations do and open it to \
                   public scrutiny.",
    footer_data: "Data: administrative divisions use the National Bureau of Statistics 2023 statistical \
                  codes; the list of 832 national poor counties follows the State Council Poverty \
                  Alleviation Office's list and the provincial announcements of counties lifted out of poverty.",
    footer_privacy: "Published data never include beneficiaries' names, ID numbers, phone numbers, bank \
                     accounts or addresses.",
    footer_api: "Open data (JSON)",
    intro_heading: "About the platform",
    intro_text: "Civil-affairs and poverty-alleviation departments run this platform together as a shared \
                 cooperation and information service for social organizations taking part in poverty \
                 alleviation: organizations report their activities here, the authorities review, verify \
                 and spot-check them, and what has been reviewed is published, answering four questions:",
    intro_questions: [
        "Where is the help?",
        "Whom does it reach?",
        "How much is given?",
        "What does it achieve?",
    ],
    figures_heading: "National figures",
    figures_note: "Scope: reviewed and published activities. Money committed and money spent are counted \
                   separately; pledges count only once committed. Beneficiaries are summed over activities, \
                   so a person helped twice counts twice.",
    organizations: "Organizations taking part",
    activities: "Published activities",
    committed: "Money committed",
    spent: "Money spent",
    goods: "Goods donated (valued)",
    volunteer_hours: "Volunteer hours",
    beneficiaries: "Beneficiaries (person-times)",
    counties: "Counties reached",
    poor_counties: "National poor counties reached",
    unit_orgs: "",
    unit_activities: "",
    unit_hours: "hours",
    unit_persons: "",
    unit_counties: "",
    of_poor_counties: "of 832",
    by_field_heading: "By field",
    by_year_heading: "By year",
    col_field: "Field",
    col_year: "Year",
    col_activities: "Activities",
    col_committed: "Money committed",
    map_heading: "Where the help goes",
    map_measure: "Map shows",
    map_back: "Back to China",
    map_open: "Open the page of {name}",
    map_fallback: "The map needs JavaScript; browse by province below.",
    map_note: "Click a province to see its prefectures. Money is split between places by each \
               location's share; an activity in several provinces counts once in each.",
    by_province_heading: "Browse by province",
    empty_heading: "No data published yet",
    empty_text: "No activities have been reviewed and published yet. The figures appear here once \
                 organizations' reports have been reviewed and published.",
    back_home: "Back to the home page",
    not_found_title: "Page not found",
    not_found_text: "The page you asked for does not exist or has been removed. Please check the address.",
    forbidden_title: "Access denied",
    forbidden_text: "You are not allowed to see this page.",
    invalid_title: "Bad request",
    server_error_title: "Service temporarily unavailable",
    server_error_text: "Something went wrong on our side. Please try again later; if the problem persists, \
                        contact the platform administrator.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_locales() {
        assert_eq!(Locale::from_tag("zh-CN"), Some(Locale::Zh));
        assert_eq!(Locale::from_tag("ZH_hans"), Some(Locale::Zh));
        assert_eq!(Locale::from_tag(" en-GB "), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn the_switch_names_the_other_language() {
        for locale in Locale::ALL {
            assert_ne!(locale.other(), locale);
            assert_eq!(locale.other().other(), locale);
        }
        assert_eq!(Locale::Zh.messages().switch_label, "English");
        assert_eq!(Locale::En.messages().switch_label, "中文");
    }
}
