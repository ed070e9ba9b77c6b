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

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from msgspec import Struct
from msgspec.structs import force_setattr

from perfxl.frameworks import FrameworkId
from perfxl.limits import DEFAULT_LIMITS, Limits

CONFIG_NAME = "perfxl.toml"


class SettingsError(ValueError):
    """A config file or flag that cannot be used; the message is for the user."""


class Settings(Struct, frozen=True, kw_only=True):
    """Check settings. Values already in their final form (the defaults, what a check passes on) are taken as
    they are; anything else (a text tolerance, ``select="i,m"``, a ``limits`` dict) is validated and converted by
    the pydantic :class:`~perfxl.check.settings_model.SettingsModel`, which raises pydantic's
    ``ValidationError`` as this class did when it was that model. pydantic is thus loaded only when needed."""

    framework: FrameworkId | None = None  # 指标体系；默认按表单标识
    money_tolerance: Decimal = Decimal("0.005")  # 金额比较容差（万元）
    satisfaction_min: Decimal = Decimal(85)  # 满意度目标下限（%）
    select: tuple[str, ...] = ()  # 只运行这些规则（代码或前缀）
    ignore: tuple[str, ...] = ()  # 不运行这些规则（代码或前缀）
    limits: tuple[tuple[str, float], ...] = ()  # 读取限制（perfxl.limits.Limits 的字段）

    def __post_init__(self) -> None:
        if _final(self):
            return
        from perfxl.check.settings_model import SettingsModel

        checked = SettingsModel(**{name: getattr(self, name) for name in self.__struct_fields__})
        for name in self.__struct_fields__:
            force_setattr(self, name, getattr(checked, name))

    @classmethod
    def model_validate(cls, data: Mapping[str, object]) -> Settings:
        """Settings from a mapping (a parsed perfxl.toml with the flags); pydantic's ``ValidationError`` if wrong."""
        from perfxl.check.settings_model import SettingsModel

        checked = SettingsModel.model_validate(data)
        return cls(**{name: getattr(checked, name) for name in cls.__struct_fields__})

    def model_dump_json(self) -> str:
        """The settings as JSON (a cache key), as pydantic wrote them."""
        import json  # here: only the result cache asks

        data = {
            "framework": None if self.framework is None else self.framework.value,
            "money_tolerance": str(self.money_tolerance),
            "satisfaction_min": str(self.satisfaction_min),
            "select": list(self.select),
            "ignore": list(self.ignore),
            "limits": [list(pair) for pair in self.limits],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def read_limits(self) -> Limits:
        return DEFAULT_LIMITS.merged(dict(self.limits))

    def wants(self, code: str) -> bool:
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return not self.select or any(code.startswith(prefix) for prefix in self.select)


def _toml() -> ModuleType:
    """tomllib, imported only when there is a config file to read."""
    import tomllib

    return tomllib


def __getattr__(name: str) -> object:
    """``perfxl.check.settings.tomllib`` as before, loaded on first use."""
    if name == "tomllib":
        return _toml()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _final(settings: Settings) -> bool:
    """Whether every value is already what validation would make of it (so validation can be skipped)."""
    framework, tolerance, minimum = settings.framework, settings.money_tolerance, settings.satisfaction_min
    return (
        (framework is None or type(framework) is FrameworkId)
        and type(tolerance) is Decimal and tolerance.is_finite() and tolerance >= 0
        and type(minimum) is Decimal and minimum.is_finite() and 0 <= minimum <= 100
        and all(
            type(codes) is tuple and all(type(c) is str and c and c == c.strip().upper() and "," not in c for c in codes)
            for codes in (settings.select, settings.ignore)
        )
        and _final_limits(settings.limits)
    )


def _final_limits(limits: object) -> bool:
    """``limits`` as validation leaves them: sorted (name, float) pairs that :meth:`Limits.merged` accepts.

    Settings travel to the consolidation workers pickled, and unpickling a Struct calls ``__post_init__`` again:
    without this, a worker started by spawn (Windows) would import pydantic to re-validate ``[limits]``."""
    if limits == ():
        return True
    if type(limits) is not tuple or not all(
        type(pair) is tuple and len(pair) == 2 and type(pair[0]) is str and type(pair[1]) is float for pair in limits
    ):
        return False
    if list(limits) != sorted(limits):
        return False
    try:
        DEFAULT_LIMITS.merged(dict(limits))
    except ValueError:
        return False  # validation words the problem
    return True


def load_settings(config: Path | None = None, **overrides: object) -> Settings:
    """Settings from ``config`` (or ./perfxl.toml if present), then non-None ``overrides``."""
    from perfxl.check.settings_messages import settings_problems, toml_problem

    data: dict[str, object] = {}
    path = config or (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None)
    text = ""
    if path is not None:
        tomllib = _toml()
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
    if not data:
        settings = Settings()  # no config, no flags: nothing to validate (and pydantic stays unloaded)
    else:
        from pydantic import ValidationError

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
