"""Check settings: framework, tolerances, thresholds, rule selection. Defaults are documented here and in the
README; a ``perfxl.toml`` (or ``--config FILE``) and CLI flags override them.

Example ``perfxl.toml``::

    framework = "classic"          # classic (财预〔2015〕88号) | guide2021 (财预〔2021〕101号); default: the form's own
    money_tolerance = "0.005"      # 万元: sums that differ by no more than this are equal
    satisfaction_min = 85          # a 满意度 target below this percentage is a 警告
    select = ["M", "C", "I101"]    # only these codes or code prefixes
    ignore = ["H102"]              # never these

    [limits]                       # what perfxl agrees to open (perfxl.limits.Limits; defaults ≥ 10× a real form)
    file_mb = 20
    rows = 10000
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from perfxl.frameworks import FrameworkId
from perfxl.limits import DEFAULT_LIMITS, Limits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAME = "perfxl.toml"


class SettingsError(ValueError):
    """A config file or flag that cannot be used; the message is for the user."""


class Settings(BaseModel):
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

    def read_limits(self) -> Limits:
        return DEFAULT_LIMITS.merged(dict(self.limits))

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

    def wants(self, code: str) -> bool:
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return not self.select or any(code.startswith(prefix) for prefix in self.select)


def load_settings(config: Path | None = None, **overrides: object) -> Settings:
    """Settings from ``config`` (or ./perfxl.toml if present), then non-None ``overrides``."""
    from perfxl.check.settings_messages import settings_problems, toml_problem

    data: dict[str, object] = {}
    path = config or (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None)
    text = ""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
            data.update(tomllib.loads(text))
        except FileNotFoundError as err:
            raise SettingsError(f"找不到配置文件 {path}。") from err
        except OSError as err:
            raise SettingsError(f"配置文件 {path} 无法读取（{type(err).__name__}）。") from err
        except UnicodeDecodeError as err:
            raise SettingsError(f"配置文件 {path} 不是 UTF-8 编码的文字，请用记事本“另存为 UTF-8”。") from err
        except tomllib.TOMLDecodeError as err:
            raise SettingsError(toml_problem(path, str(err))) from err
    data.update({key: value for key, value in overrides.items() if value is not None})
    try:
        settings = Settings.model_validate(data)
    except ValidationError as err:
        raise SettingsError(settings_problems(err.errors(), path, text)) from err
    unknown = unknown_codes(settings.select + settings.ignore)
    if unknown:
        raise SettingsError(
            f"没有这样的规则代码：{'、'.join(unknown)}（--select/--ignore 或 perfxl.toml 的 select/ignore）。规则分七类："
            f"{'、'.join(f'{letter} {name}' for letter, name in _families().items())}；可写一类（如 I）、前缀（如 I2）"
            "或完整代码（如 I203），运行 perfxl rule 查看全部规则。"
        )
    return settings


def _families() -> dict[str, str]:
    from perfxl.check.registry import FAMILIES

    return dict(FAMILIES)


def unknown_codes(codes: tuple[str, ...]) -> list[str]:
    """The codes or prefixes among ``codes`` that no rule has (M001, the reader's own finding, counts as a rule)."""
    if not codes:
        return []
    from perfxl.check.engine import READ_PROBLEM_CODE
    from perfxl.check.registry import all_rules

    known = [*all_rules(), READ_PROBLEM_CODE]
    return [code for code in dict.fromkeys(codes) if not any(k.startswith(code) for k in known)]
