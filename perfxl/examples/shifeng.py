"""石峰区网信办 2023 department return (seed 000), every value as published, mistakes included."""

from __future__ import annotations

from decimal import Decimal

from perfxl.models import (
    DepartmentOverall,
    DepartmentReturn,
    FundRow,
    FundSummary,
    Indicator,
    SpendingDetail,
    SpendingDirection,
    WorkTask,
)

_DEPT = "中共株洲市石峰区委网络安全和信息化委员会办公室"
_SATISFACTION = "社会公众及服务对象满意度指标"
_FUND1 = "业务性专项经费"
_FUND2 = "网络安全应急实战演练工作经费"
_FUND1_PERIOD = (
    "统筹协调全区网络安全保障体系和可信体系建设，做好全区网上群众路线工作的开展和推进，指导协调全区网络舆情信息工作，"
    "推动全区网络社会工作和网络文化、网络文明建设"
)
_FUND1_ANNUAL = "推进石峰网信事业走在全市前列，加快实现基本现代化提供良好的网络环境和信息化支撑，营造良好的网络环境"
_FUND2_PERIOD = (
    "防范真实网络攻击造成严重后果，保证紧急事件发生时能维持网络办公系统的正常运转，加强对网络突发事件的应急处置能力。"
)
_FUND2_ANNUAL = "提高政府部门工作效率，方便人民群众办事需求。"
_OTHER_GOODS = "其他商品和服务支出"


def _ind(level1: str, level2: str, name: str, value: str, standard: str = "") -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, value=value, standard=standard)


def _overall() -> DepartmentOverall:
    return DepartmentOverall(
        year=2023,
        dept_name=_DEPT,
        total=Decimal("51.8"),
        general_budget=Decimal("51.8"),
        basic=Decimal("33.8"),
        project=Decimal("18"),
        duties=(
            "统筹协调全区网络安全保障体系和可信体系建设，负责全区网上群众路线工作的开展和推进，负责指导协调全区网络舆情信息工作，"
            "推动全区网络社会工作和网络文化、网络文明建设。"
        ),
        tasks=[
            WorkTask(matter="网信责任落实", unit="综合办公室", target="强化队伍阵地建设，切实增强网络意识形态工作话语权。"),
            WorkTask(
                matter="网信服务措施",
                unit="综合办公室",
                target="大力加强网络管理力度，切实增强网络意识形态引导力，不断健全网络研判机制和网络意识形态阵地管控力。",
            ),
            WorkTask(
                matter="网信阵地守护",
                unit="综合办公室",
                target="进一步提升网络安全防护能力，切实推进网络安全和执法常态化，继续走好网上群众路线，做实做活网格微信。",
            ),
        ],
        indicators=[
            _ind(
                "产出指标",
                "数量指标",
                "编写《石峰舆情》12期            组织开展网络安全宣传周活动1次 开展网评员培训2次",
                "≥1期          1次            2次",
            ),
            _ind(
                "",
                "质量指标",
                "网络留言回复率达100%\u3000        上级舆情交办完成率100%        上级下发网宣网评任务完成率100%",
                "100%",
            ),
            _ind("", "时效指标", "1年", "1年"),
            _ind("", "成本指标", "不超年度预算", "≤49.92万元"),
            _ind("效益指标", "经济效益指标", "带动经济效益增长", "≥90%"),
            _ind(
                "",
                "社会效益指标",
                "发挥互联网内容建设与管理、网络安全统筹协调、信息化推进三项职能，为全区改革发展稳定提供强大网上舆论支持、"
                "可靠网络安全保障和有力信息化支撑。",
                "不断加强",
            ),
            _ind("", "生态效益指标", "网络安全能产生良好生态效益", "≥90%"),
            _ind(
                "",
                "可持续影响指标",
                "理顺网信体制机制，加强网络正面宣传和舆论引导，统筹推进网络安全和信息化发展。",
                "持续影响",
            ),
            _ind("", _SATISFACTION, "社会公众及服务对象满意度90%以上", "≥90%"),
        ],
    )


def _summary() -> FundSummary:
    return FundSummary(
        rows=[
            FundRow(seq="一", name=_FUND1, amount=Decimal("8"), period_target=_FUND1_PERIOD, annual_target=_FUND1_ANNUAL),
            FundRow(seq="二", name=_FUND2, amount=Decimal("10"), period_target=_FUND2_PERIOD, annual_target=_FUND2_ANNUAL),
            FundRow(seq="三", name="C专项"),
        ]
    )


def _business_fund() -> SpendingDirection:
    std = "其他标准"
    return SpendingDirection(
        sheet_name="附表3-1",
        direction=_FUND1,
        fund_name=_FUND1,
        project_amount=Decimal("8"),
        amount=Decimal("8"),
        period="2023年",
        period_target=_FUND1_PERIOD,
        annual_target=_FUND1_ANNUAL,
        indicators=[
            _ind(
                "产出指标",
                "数量指标",
                "1.编写《石峰舆情》12期，2.组织开展网络安全宣传周活动1次，      3.开展网评员培训2次。",
                "1.≥12期        2.1次            3.1次",
                std,
            ),
            _ind(
                "",
                "质量指标",
                "负责互联网信息内容监督管理，组织开展网络舆论生态治理，处置和封堵网上有害信息，依照相关法律和规定查处有关违法违规行为和网站。",
                "持续开展",
                std,
            ),
            _ind("", "时效指标", "1年", "", std),
            _ind("", "成本指标", "不超年度预算", "≤8万元", std),
            _ind("效益指标", "经济效益指标", "带动经济效益增长", "≥90%", std),
            _ind("", "社会效益指标", "指导协调全区网络舆情信息工作，组织开展网络舆情信息收集分析研判工作。", "不断提升", std),
            _ind("", "生态效益指标", "无直接生态效益", "", std),
            _ind("", "可持续影响  指标", "跟踪了解和掌握网络舆情动态；依法规范互联网舆情服务。", "不断提升", std),
            _ind("", _SATISFACTION, "社会公众及服务对象满意度", "≥90%", std),
        ],
        details=[
            SpendingDetail(
                intro=_OTHER_GOODS,
                item=_OTHER_GOODS,
                amount=Decimal("8"),
                basis=(
                    "①《石峰舆情》印刷费，12期×1000元/期=1.2万元;②网络安全宣传周宣传制作费,1.4万元/次×1次=1.4万元;"
                    "③网评员培训资料印刷费,30元/人×300人=0.9万元；④网评员培训 150元／人×300人=4.5万元"
                ),
            )
        ],
    )


def _drill_fund() -> SpendingDirection:
    std = "其他标准"
    return SpendingDirection(
        sheet_name="附表3-2",
        direction=_FUND2,
        fund_name=_FUND2,
        project_amount=Decimal("10"),
        amount=Decimal("10"),
        period="2023年",
        period_target=_FUND2_PERIOD,
        annual_target=_FUND2_ANNUAL,
        indicators=[
            _ind("产出指标", "数量指标", "开展网络安全攻防演练", "1次", std),
            _ind("", "质量指标", "加强对网络突发事件的应急处置能力", "不断提升", std),
            _ind("", "时效指标", "1年", "", std),
            _ind("", "成本指标", "不超年度预算", "≤10万元", std),
            _ind("效益指标", "经济效益指标", "带动经济效益增长", "≥90%", std),
            _ind("", "社会效益指标", "提高政府部门工作效率，方便人民群众办事需求", "不断提升", std),
            _ind("", "生态效益指标", "无直接生态效益", "", std),
            _ind("", "可持续影响  指标", "加强对网络突发事件的应急处置能力", "不断加强", std),
            _ind("", _SATISFACTION, "社会公众及服务对象满意度", "≥95%", std),
        ],
        details=[
            SpendingDetail(
                intro=_OTHER_GOODS,
                item="其他商品和务支出",
                amount=Decimal("10"),
                basis="①演习设计1.6万元；②攻防演习平台及技术保障5.6万元；③其他费用2.8万元",
            )
        ],
    )


def shifeng() -> DepartmentReturn:
    return DepartmentReturn(
        overall=_overall(), summary=_summary(), directions=[_business_fund(), _drill_fund()]
    )
