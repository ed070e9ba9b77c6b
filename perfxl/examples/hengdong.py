"""衡东县网信办 2023 项目支出预算绩效目标申报表 (seed 001), every value as published, mistakes included.

The seed lists 51 indicator rows: 12 数量, 12 质量, 12 时效, 12 成本, 2 效益 and 1 满意度.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.models import Indicator, ProjectDeclaration

_DEPT = "中共衡东县委网络安全和信息化委员会办公室"
_HIST = "历史标准"
_INDUSTRY = "行业标准"

_QUANTITY = (
    ("网络舆情管理", "≥220次"),
    (" 网评工作", "随机"),
    ("网络宣传", "组织开展助力乡村振兴、旅游、文明创建、平安建设等打卡活动6次。"),
    ("网络舆情监测系统服务购置", "1年"),
    ("红网舆情APP监测系统服务购置", "1年"),
    ("网评系统统技术服务", "1年"),
    ("电信网络服务", "1年"),
    ("视频快搜及短视频搜索服务", "1年"),
    ("网络信息化发展", "开展关键信息基础设施摸底活动1次，开展信息化助农活动1次"),
    ("网络综合治理", "召开全县网络治理工作调度会1次。"),
    ("互联网企业党建", "支持建设互联网企业党支部2个。召开互联网行业党委会2次"),
    ("网络安全", "开展国家网络安全宣传周活动1次 ，开展网络安全隐患排查整改、专项整治行动4个。"),
)
_QUALITY = (
    ("舆情处置完成率", "≥90%", _HIST),
    ("网评跟进及时率", "≥100%", _HIST),
    ("网络文明建设", "≥1000人次", _HIST),
    ("网络舆情监测系统服务满意度", "≥100%", _INDUSTRY),
    ("红网舆情APP监测系统服务满意度", "≥100%", _INDUSTRY),
    ("评系统统技术服务满意度", "≥100%", _INDUSTRY),
    ("电信网络服务满意度", "≥100%", _INDUSTRY),
    ("视频快搜及短视频搜索服务满意度", "≥100%", _INDUSTRY),
    ("网络信息化发展完成率", "≥80%", _HIST),
    ("网络综合治理完成率", "≥80%", _HIST),
    ("互联网企业党建工作完成率", "≥100%", _HIST),
    ("公众知晓率", "≥80%", _HIST),
)
_TIMELINESS = (
    ("网络舆情管理", "本年度内完成"),
    ("网评工作", "本年度内完成"),
    ("网络宣传", "本年度内完成"),
    ("网络舆情监测系统购置", "1月份完成购置"),
    ("红网舆情APP监测系统服务购置", "1月份完成购置"),
    ("网评系统统技术服务", "4月份完成购置"),
    ("电信网络服务", "10月份完成购置"),
    ("视频快搜及短视频搜索服务", "5月份完成购置"),
    ("网络文明建设", "12月前完成"),
    ("网络综合治理", "12月前完成"),
    ("互联网企业党建", "12月前完成"),
    ("网络安全", "12月前完成"),
)
_COST = (
    ("网络舆情管理", "≤20万元"),
    ("网评工作", "≤30万元"),
    ("网络宣传", "≤6万元"),
    ("网络舆情监测系统购置", "≤4万元"),
    ("红网舆情APP监测系统服务购置", "≤2万元"),
    ("网评系统统技术服务", "≤5万元"),
    ("电信网络服务", "≤10万元"),
    ("视频快搜及短视频搜索服务", "≤9.8万元"),
    ("网络文明建设", "≤6万元"),
    ("网络综合治理", "≤25万元"),
    ("互联网企业党建", "≤6.2万元"),
    ("网络安全", "≤16万元"),
)


def _group(level1: str, level2: str, rows: list[tuple[str, str, str]]) -> list[Indicator]:
    """Rows of one 二级 block: only the first row names its 一级/二级, as the merged cells of the form show."""
    return [
        Indicator(
            level1=level1 if i == 0 else "",
            level2=level2 if i == 0 else "",
            name=name,
            value=value,
            standard=standard,
        )
        for i, (name, value, standard) in enumerate(rows)
    ]


def _hist(rows: tuple[tuple[str, str], ...]) -> list[tuple[str, str, str]]:
    return [(name, value, _HIST) for name, value in rows]


def hengdong() -> ProjectDeclaration:
    indicators = [
        *_group("产出指标", "数量指标", _hist(_QUANTITY)),
        *_group("", "质量指标", list(_QUALITY)),
        *_group("", "时效指标", _hist(_TIMELINESS)),
        *_group("", "成本指标", _hist(_COST)),
        *_group(
            "效益指标",
            "社会效益指标",
            [("政治反动、“三俗”、谣言、淫秽色情等负面有害信息", "减少", _HIST), ("网络生态", "改善", _HIST)],
        ),
        *_group("满意度\n\n指标", "社会公众或服务对象满意度指标", [("服务对象满意度", "≥90%", _HIST)]),
    ]
    return ProjectDeclaration(
        unit_name=_DEPT,
        year=2023,
        project_name="网信事业发展经费",
        department=_DEPT + "\u3000",
        budget=Decimal("140"),
        period="2023年度",
        period_target="通过狠抓网络意识形态工作责任制和网络安全工作责任制的落实，为建设社会主义现代化新衡东提供强力网信支撑。",
        annual_target=(
            "强化网络宣传引导、网络舆情处置、网络生态治理、网络安全监管、网络文明建设、互联网企业党建等工作，"
            "建设清朗安全的网络空间。"
        ),
        indicators=indicators,
        preparer="吴华珍",
        phone="13975429050",
    )
