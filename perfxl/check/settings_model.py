"""The pydantic model that validates settings coming from a ``perfxl.toml``, CLI flags or API arguments.

Kept apart from :mod:`perfxl.check.settings`: importing pydantic and building a model costs ≈ 100 ms of CPU, more
than a whole check, so a check run with the default settings (every Excel click, most ``perfxl check`` calls)
never loads this module. Its errors are what :func:`perfxl.check.settings_messages.settings_problems` words in
Chinese.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from perfxl.frameworks import FrameworkId
from perfxl.limits import DEFAULT_LIMITS


class SettingsModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    framework: FrameworkId | None = Field(None, description="指标体系；默认按表单标识")
    money_tolerance: Decimal = Field(Decimal("0.005"), ge=0, description="金额比较容差（万元）")
    satisfaction_min: Decimal = Field(Decimal(85), ge=0, le=100, description="满意度目标下限（%）")
    select: tuple[str, ...] = Field((), description="只运行这些规则（代码或前缀）")
    ignore: tuple[str, ...] = Field((), description="不运行这些规则（代码或前缀）")
    limits: tuple[tuple[str, float], ...] = Field((), description="读取限制（perfxl.limits.Limits 的字段）")

    @field_validator("limits", mode="before")
    @classmethod
    def _limits(cls, value: object) -> object:
        """``[limits]`` of perfxl.toml: known names with positive numbers, kept as sorted pairs (hashable)."""
        if isinstance(value, dict):
            DEFAULT_LIMITS.merged(value)  # raises ValueError with the reason in Chinese
            return tuple(sorted(value.items()))
        return value

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        """Codes as people type them, wherever they come from (toml, CLI, the API): ``["i", "M,C101"]`` and
        ``"i,m"`` are ("I", "M", "C101") and ("I", "M")."""
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
            return tuple(code.strip().upper() for item in value for code in item.split(",") if code.strip())
        return value  # anything else: pydantic says what is wrong
