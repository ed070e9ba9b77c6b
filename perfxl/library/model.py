"""One row of the indicator library (指标库): a 三级指标 with its place in a framework and a value template.

Every check a reviewer or a provincial 预算管理一体化 system applies to a single library row lives in
:class:`LibraryEntry`'s validator, which gathers all problems of a row (in Chinese) instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from perfxl.frameworks import (
    PERFORMANCE_STANDARDS,
    Framework,
    canonical_level1,
    canonical_level2,
    get_framework,
)

GENERAL = "通用"  # 指标体系 valid in both frameworks; also the 项目类型 of entries usable for any project
FRAMEWORK_CHOICES: tuple[str, ...] = ("classic", "guide2021", GENERAL)
QUALITATIVE = "定性"
SIGNS: tuple[str, ...] = ("≥", "＞", "＝", "＜", "≤", QUALITATIVE)
DIRECTIONS: tuple[str, ...] = ("正向", "反向")
QUALITATIVE_GRADES: tuple[str, ...] = (
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
)
VAGUE_WORDS: tuple[str, ...] = (
    "不断提升", "不断提高", "不断加强", "不断完善", "持续影响", "持续提升", "持续改善", "有效改善",
    "有效提升", "明显提升", "显著提升", "进一步", "逐步", "大幅", "随机", "应保尽保",
)  # fmt: skip
MAX_NAME_LENGTH = 100
MAX_VALUE_LENGTH = 200

#: The only variables a 指标值模板 may use, with what they mean (shown on the workbook's 说明 sheet).
TEMPLATE_VARIABLES: dict[str, str] = {
    "金额": "金额（万元，Decimal）：所在表或支出明细行的金额",
    "人数": "人数（人）",
    "人次": "人次",
    "期数": "期数（期）",
    "次数": "次数（次）",
    "场次": "场次（场）",
    "天数": "天数（天）",
    "个数": "个数（个）",
    "套数": "套数（套）",
    "台数": "台数（台）",
    "篇数": "篇数（篇）",
    "条数": "条数（条）",
    "单价": "单价（元/单位，Decimal），单位见“单价单位”",
    "单价单位": "单价的单位，如“元/人”“元/期”",
    "满意度": "满意度目标值（数字，如 90）",
    "完成时限": "完成时限文字，如“2023年12月31日前”",
    "年度": "预算年度（如 2023）",
}
#: A context that renders every valid template; the validator and the tests use it.
SAMPLE_CONTEXT: dict[str, object] = {
    "金额": Decimal("8"), "人数": 300, "人次": 300, "期数": 12, "次数": 2, "场次": 4, "天数": 3, "个数": 5,
    "套数": 2, "台数": 10, "篇数": 50, "条数": 200, "单价": Decimal("1000"), "单价单位": "元/人", "满意度": 90,
    "完成时限": "2023年12月31日前", "年度": 2023,
}  # fmt: skip

_SIGN_ALIASES = {">=": "≥", "≧": "≥", "<=": "≤", "≦": "≤", ">": "＞", "<": "＜", "=": "＝"}
_VALUE_RE = re.compile(r"(?P<sign>>=|<=|≧|≦|[≥≤＞＜＝><=])\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>.*)", re.S)
_PLACEHOLDERS = {"*", "_", "-", "/", "—", "…", "无"}
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def normalize_sign(text: str) -> str:
    """ASCII or variant signs (">=", "=", "≧") → the form's sign (≥, ＝, …); other text unchanged."""
    text = text.strip()
    return _SIGN_ALIASES.get(text, text)


def split_value(text: str) -> tuple[str, Decimal, str] | None:
    """ "≥12期" → ("≥", Decimal("12"), "期"); None when *text* is not sign + number + unit."""
    match = _VALUE_RE.fullmatch(text.strip())
    if match is None:
        return None
    return normalize_sign(match["sign"]), Decimal(match["num"]), match["unit"].strip()


@lru_cache(maxsize=1024)
def _compile(source: str) -> Template:
    return _ENV.from_string(source)


@lru_cache(maxsize=1024)
def template_variables(source: str) -> frozenset[str]:
    """The variables a template reads (raises jinja2's TemplateSyntaxError when it does not parse)."""
    return frozenset(meta.find_undeclared_variables(_ENV.parse(source)))


def _frameworks(framework: str) -> list[Framework]:
    if framework == GENERAL:
        return [get_framework("classic"), get_framework("guide2021")]
    return [get_framework(framework)]


def _common(options: list[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(name for name in options[0] if all(name in other for other in options[1:]))


class LibraryEntry(BaseModel):
    """A library row; field aliases are the Chinese column headers of the CSV and the 指标库 sheet."""

    model_config = ConfigDict(populate_by_name=True, frozen=True, str_strip_whitespace=True)

    id: str = Field(alias="编号")
    framework: str = Field(alias="指标体系")
    project_type: str = Field(alias="项目类型")
    keywords: tuple[str, ...] = Field(default=(), alias="关键词")
    level1: str = Field(alias="一级指标")
    level2: str = Field(alias="二级指标")
    name: str = Field(alias="三级指标")
    value_template: str = Field(alias="指标值模板")
    sign: str = Field(alias="计算符号")
    unit: str = Field(default="", alias="计量单位")
    direction: str = Field(alias="指标方向")
    standard: str = Field(alias="绩效标准")
    explanation: str = Field(default="", alias="指标解释")

    @field_validator("keywords", mode="before")
    @classmethod
    def _split_keywords(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(word.strip() for word in re.split(r"[|｜]", value) if word.strip())
        return value

    @field_validator("framework", mode="before")
    @classmethod
    def _fold_framework(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) and value.strip().isascii() else value

    @field_validator("level1", mode="before")
    @classmethod
    def _fold_level1(cls, value: Any) -> Any:
        return canonical_level1(value) if isinstance(value, str) else value

    @field_validator("level2", mode="before")
    @classmethod
    def _fold_level2(cls, value: Any) -> Any:
        return canonical_level2(value) if isinstance(value, str) else value

    @field_validator("sign", mode="before")
    @classmethod
    def _fold_sign(cls, value: Any) -> Any:
        return normalize_sign(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> LibraryEntry:
        problems = self.problems()
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # ------------------------------------------------------------------------------------------ using

    @property
    def is_cost(self) -> bool:
        return "成本指标" in (self.level1, self.level2)

    @property
    def is_qualitative(self) -> bool:
        return self.sign == QUALITATIVE

    @property
    def variables(self) -> frozenset[str]:
        """Template variables the caller must supply to :meth:`render`."""
        return template_variables(self.value_template)

    def render(self, context: Mapping[str, object]) -> str:
        """The 指标值 for *context* (e.g. "≥12期"); ValueError naming the missing variables."""
        missing = sorted(self.variables - set(context))
        if missing:
            raise ValueError(f"指标“{self.name}”（{self.id}）的指标值缺少数据：{'、'.join(missing)}")
        return _compile(self.value_template).render(dict(context)).strip()

    def as_row(self) -> dict[str, str]:
        """Header → cell text, as written to the CSV or the 指标库 sheet."""
        row = self.model_dump(by_alias=True)
        row["关键词"] = "|".join(self.keywords)
        return {key: str(value) for key, value in row.items()}

    # ------------------------------------------------------------------------------------------ checks

    def problems(self) -> list[str]:
        """Everything wrong with this row, one Chinese sentence each (empty when valid)."""
        required = {"编号": self.id, "指标体系": self.framework, "项目类型": self.project_type,
                    "一级指标": self.level1, "二级指标": self.level2, "三级指标": self.name,
                    "指标值模板": self.value_template, "计算符号": self.sign, "指标方向": self.direction,
                    "绩效标准": self.standard}  # fmt: skip
        problems = [f"“{header}”不能为空" for header, value in required.items() if not value]
        problems += self._level_problems() + self._choice_problems() + self._text_problems()
        if self.value_template and self.sign in SIGNS:
            problems += self._template_problems()
        return problems

    def _level_problems(self) -> list[str]:
        if self.framework not in FRAMEWORK_CHOICES or not self.level1:
            return []
        frameworks = _frameworks(self.framework)
        scope = "两个指标体系（通用指标）" if len(frameworks) > 1 else "所选指标体系"
        level1_names = _common([fw.level1_names for fw in frameworks])
        if self.level1 not in level1_names:
            return [f"一级指标“{self.level1}”不在{scope}中（应为 {'/'.join(level1_names)}）"]
        level2_names = _common([fw.levels[self.level1] for fw in frameworks])
        if self.level2 and self.level2 not in level2_names:
            return [
                f"二级指标“{self.level2}”不在一级指标“{self.level1}”之下（应为 {'/'.join(level2_names)}）"
            ]
        return []

    def _choice_problems(self) -> list[str]:
        problems = []
        if self.framework and self.framework not in FRAMEWORK_CHOICES:
            problems.append(f"指标体系“{self.framework}”无效（应为 {'/'.join(FRAMEWORK_CHOICES)}）")
        if self.sign and self.sign not in SIGNS:
            problems.append(f"计算符号“{self.sign}”无效（应为 {'/'.join(SIGNS)}）")
        if self.direction and self.direction not in DIRECTIONS:
            problems.append(f"指标方向“{self.direction}”无效（应为 正向/反向）")
        if self.standard and self.standard not in PERFORMANCE_STANDARDS:
            problems.append(f"绩效标准“{self.standard}”无效（应为 {'/'.join(PERFORMANCE_STANDARDS)}）")
        if self.sign in SIGNS and self.sign != QUALITATIVE and not self.unit:
            problems.append(f"定量指标（计算符号“{self.sign}”）必须填写计量单位")
        if self.sign == QUALITATIVE and self.unit:
            problems.append(f"定性指标不应填写计量单位（现为“{self.unit}”）")
        if self.is_cost and self.sign in SIGNS and self.sign != "≤":
            problems.append(f"成本指标只能设上限，计算符号应为“≤”（现为“{self.sign}”）")
        if self.sign in ("≥", "＞") and self.direction == "反向":
            problems.append(f"计算符号“{self.sign}”表示越大越好，指标方向应为正向")
        if self.sign in ("≤", "＜") and self.direction == "正向":
            problems.append(f"计算符号“{self.sign}”表示越小越好，指标方向应为反向")
        return problems

    def _text_problems(self) -> list[str]:
        problems = []
        if len(self.name) > MAX_NAME_LENGTH:
            problems.append(f"三级指标名称超过{MAX_NAME_LENGTH}个字（现为{len(self.name)}个字）")
        for header, text in (("三级指标", self.name), ("指标值模板", self.value_template)):
            if text in _PLACEHOLDERS or "**" in text:
                problems.append(f"“{header}”是占位符“{text}”，请填写具体内容")
            problems += [f"“{header}”含有不可衡量的表述“{word}”" for word in VAGUE_WORDS if word in text]
        return problems

    def _template_problems(self) -> list[str]:
        try:
            used = template_variables(self.value_template)
        except TemplateSyntaxError as exc:
            return [f"指标值模板无法解析：{exc.message}"]
        unknown = sorted(used - set(TEMPLATE_VARIABLES))
        if unknown:
            return [
                f"指标值模板使用了未定义的变量：{'、'.join(unknown)}（可用变量：{'、'.join(TEMPLATE_VARIABLES)}）"
            ]
        context = dict(SAMPLE_CONTEXT)
        if self.unit.startswith("元/"):
            context["单价单位"] = self.unit
        try:
            value = self.render(context)
        except (TemplateError, ArithmeticError, TypeError, ValueError) as exc:
            return [f"指标值模板无法用示例数据渲染：{exc}"]
        return self._value_problems(value)

    def _value_problems(self, value: str) -> list[str]:
        if len(value) > MAX_VALUE_LENGTH:
            return [f"指标值超过{MAX_VALUE_LENGTH}个字（示例渲染为{len(value)}个字）"]
        parts = split_value(value)
        if self.sign == QUALITATIVE:
            return [f"定性指标的指标值不应带计算符号和数值（示例渲染为“{value}”）"] if parts else []
        if parts is None:
            return [f"指标值模板的示例结果“{value}”不是“计算符号+数值+计量单位”的形式"]
        sign, number, unit = parts
        problems = []
        if sign != self.sign:
            problems.append(f"指标值模板的符号“{sign}”与计算符号“{self.sign}”不一致（示例渲染为“{value}”）")
        if self.unit and unit != self.unit:
            problems.append(f"指标值模板的单位“{unit}”与计量单位“{self.unit}”不一致（示例渲染为“{value}”）")
        if unit == "%" and number >= 100 and sign in ("≥", "＞", "＝"):
            if self.level1 == "满意度指标":
                problems.append(f"满意度目标不宜设为“{value}”（通常为≥85%至≥95%）")
            elif sign != "＝":
                problems.append(f"百分比目标“{value}”无法超额完成，应写“＝100%”或更低的目标")
        return problems
