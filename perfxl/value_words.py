"""The words of 指标值 cells, as data: comparison signs and the words that say them, 定性 grade scales, the
yes/no words a reviewer can check, and the words that make a target unmeasurable. :mod:`perfxl.values` reads
cells with them; the rules quote them in their hints.
"""

from __future__ import annotations

SIGNS: tuple[str, ...] = ("≥", "＞", "＝", "＜", "≤")
#: the three official 定性 grades (scored 100–80%, 80–60%, 60–0%); the grades perfxl suggests
GRADED_VALUES: tuple[str, ...] = (
    "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差",
)
#: 定性 grade scales seen on real forms, the official one first; a value that is one grade of any scale is graded
GRADE_SCALES: tuple[tuple[str, ...], ...] = (
    GRADED_VALUES,
    ("好", "较好", "一般", "较差", "差"),
    ("达到", "基本达到", "未达到"),
    ("优", "良", "中", "差"),
)
GRADES: frozenset[str] = frozenset(grade for scale in GRADE_SCALES for grade in scale)
#: whole-cell words a reviewer can check yes/no; accepted as 定性 although not a grade
QUALITATIVE_WORDS: tuple[str, ...] = (
    "是", "否", "有", "合格", "达标", "优秀", "完成", "已完成", "全部完成", "符合要求", "符合标准", "符合规定",
    "通过", "通过验收", "验收合格", "达成",
)
#: words that make a target unmeasurable when no number comes with them (contained anywhere in the cell);
#: "优良" joins two grades, "按质按量完成" grades nothing: both are answered with a grade
VAGUE_TERMS: tuple[str, ...] = (
    "不断提升", "不断加强", "不断提高", "不断完善", "持续影响", "持续开展", "持续提升", "持续改善", "持续",
    "有效改善", "有效提升", "有效", "改善", "减少", "降低", "提升", "提高", "增强", "加强", "增加", "随机",
    "应保尽保", "应收尽收", "应检尽检", "逐步提高", "逐步", "明显提升", "明显", "显著", "良好", "较好",
    "较高", "进一步", "大幅", "稳步", "长期", "积极", "尽量", "力争", "争取", "若干", "适量", "按需",
    "视情况", "根据需要", "按时", "及时", "优良", "按质按量", "保质保量", "圆满", "高质量", "高标准", "高效",
)
SIGN_SYMBOLS = {">=": "≥", "=>": "≥", "≥": "≥", "≧": "≥", ">": "＞", "==": "＝", "=": "＝",
                "<=": "≤", "=<": "≤", "≤": "≤", "≦": "≤", "<": "＜"}
#: words before the number; 达到/达 read as ≥ ("满意度达到90%" means at least 90%)
PREFIX_WORDS = {"大于等于": "≥", "大于或等于": "≥", "不低于": "≥", "不少于": "≥", "不小于": "≥", "至少": "≥",
                "达到": "≥", "达": "≥", "大于": "＞", "超过": "＞", "高于": "＞", "多于": "＞",
                "小于等于": "≤", "小于或等于": "≤", "不超过": "≤", "不超": "≤", "不高于": "≤", "不多于": "≤",
                "不大于": "≤", "最多": "≤", "小于": "＜", "低于": "＜", "少于": "＜", "不足": "＜",
                "等于": "＝", "控制在": ""}
SUFFIX_WORDS = {"以上": "≥", "及以上": "≥", "或以上": "≥", "以下": "≤", "及以下": "≤", "或以下": "≤",
                "以内": "≤", "之内": "≤", "内": "≤"}
