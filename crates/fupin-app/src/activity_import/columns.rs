//! The columns of an activity workbook: their labels and the header names accepted (compared
//! ignoring spaces, full-width forms, `*` and line breaks).

use crate::tabular::header::ColumnSpec;

/// An activity column, in template order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 统一社会信用代码 of the organization.
    CreditCode,
    /// 项目名称.
    Title,
    /// 领域 (Field label).
    Field,
    /// 方式 (Method label).
    Method,
    /// 年度.
    Year,
    /// 计划开始日期.
    PlannedStart,
    /// 实际开始日期.
    ActualStart,
    /// 实际结束日期.
    ActualEnd,
    /// 实施地点: region codes with shares.
    Locations,
    /// 承诺金额（元）.
    Committed,
    /// 拨付金额（元）.
    Disbursed,
    /// 支出金额（元）.
    Spent,
    /// 资金来源 (FundingSource label).
    FundingSource,
    /// 受益户数.
    Households,
    /// 受益人数.
    Persons,
    /// 项目简介.
    Description,
    /// 计划结束日期 (optional).
    PlannedEnd,
    /// 受益类别 (optional; blank means 其他).
    Category,
    /// 募捐平台 (optional; online fundraising).
    Platform,
    /// 备案编号 (optional; online fundraising, charitable trust).
    FilingNumber,
    /// 合同编号 (optional; government purchase of services).
    ContractNumber,
}

const fn spec(label: &'static str, names: &'static [&'static str], required: bool) -> ColumnSpec {
    ColumnSpec {
        label,
        names,
        required,
    }
}

/// The columns, in template order, with the header names accepted.
pub const SPECS: [ColumnSpec; 21] = [
    spec(
        "统一社会信用代码",
        &["统一社会信用代码", "信用代码", "社会组织统一社会信用代码"],
        true,
    ),
    spec("项目名称", &["项目名称", "名称", "活动名称"], true),
    spec("领域", &["领域", "扶贫领域"], true),
    spec("方式", &["方式", "扶贫方式", "帮扶方式"], true),
    spec("年度", &["年度", "年份", "报告年度"], true),
    spec("计划开始日期", &["计划开始日期", "计划开始时间"], false),
    spec(
        "实际开始日期",
        &["实际开始日期", "实际开始时间", "开始日期"],
        false,
    ),
    spec(
        "实际结束日期",
        &["实际结束日期", "实际结束时间", "结束日期"],
        false,
    ),
    spec(
        "实施地点",
        &["实施地点", "项目地点", "地点", "实施地点(区划代码)"],
        true,
    ),
    spec("承诺金额（元）", &["承诺金额(元)", "承诺金额"], false),
    spec("拨付金额（元）", &["拨付金额(元)", "拨付金额"], false),
    spec("支出金额（元）", &["支出金额(元)", "支出金额"], false),
    spec("资金来源", &["资金来源"], false),
    spec("受益户数", &["受益户数", "户数"], false),
    spec("受益人数", &["受益人数", "人数"], false),
    spec("项目简介", &["项目简介", "简介", "项目描述"], false),
    spec("计划结束日期", &["计划结束日期", "计划结束时间"], false),
    spec("受益类别", &["受益类别", "受益人类别"], false),
    spec("募捐平台", &["募捐平台", "互联网募捐平台"], false),
    spec("备案编号", &["备案编号", "募捐方案备案编号"], false),
    spec("合同编号", &["合同编号", "购买服务合同编号"], false),
];

impl Column {
    /// Every column, in template order.
    pub const ALL: [Column; 21] = [
        Column::CreditCode,
        Column::Title,
        Column::Field,
        Column::Method,
        Column::Year,
        Column::PlannedStart,
        Column::ActualStart,
        Column::ActualEnd,
        Column::Locations,
        Column::Committed,
        Column::Disbursed,
        Column::Spent,
        Column::FundingSource,
        Column::Households,
        Column::Persons,
        Column::Description,
        Column::PlannedEnd,
        Column::Category,
        Column::Platform,
        Column::FilingNumber,
        Column::ContractNumber,
    ];

    /// The header name used in reports and templates.
    pub fn label(self) -> &'static str {
        SPECS[self as usize].label
    }
}
