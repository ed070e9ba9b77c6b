"""The built Excel files setup installs: the ribbon add-in ``perfxl.xlam`` and the templates (.xlsx and .xlsm).

They live in ``workbook_templates/`` of a source checkout; a wheel carries the same folder as
``perfxl/workbook_templates`` (setup.py maps it), so an installed perfxl finds them beside its code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import perfxl
from perfxl.install.environment import SetupError

ADDIN_NAME = "perfxl.xlam"
FOLDER_NAME = "workbook_templates"


@dataclass(frozen=True)
class Artefacts:
    folder: Path
    addin: Path
    templates: list[Path]  # each form's .xlsx and .xlsm


def template_names() -> list[str]:
    """Every template file name: the .xlsx of each form and framework, and its .xlsm twin (same stem)."""
    from perfxl.frameworks import FrameworkId
    from perfxl.layout.forms import WORKBOOK_LAYOUTS
    from perfxl.writer import template_file_name

    xlsx = [template_file_name(layout, fw) for layout in WORKBOOK_LAYOUTS.values() for fw in FrameworkId]
    return [*xlsx, *(str(Path(name).with_suffix(".xlsm")) for name in xlsx)]


def default_folders() -> list[Path]:
    package = Path(perfxl.__file__).resolve().parent
    return [package / FOLDER_NAME, package.parent / FOLDER_NAME]  # installed wheel, then source checkout


def find_artefacts(folder: Path | None = None) -> Artefacts:
    """The artefacts in ``folder`` (default: beside the installed package, else the checkout); all must be there."""
    candidates = [folder] if folder is not None else default_folders()
    found = next((c for c in candidates if c.is_dir()), None)
    if found is None:
        raise SetupError("找不到 perfxl 的 Excel 文件（模板和加载项）。查找过：" + "；".join(map(str, candidates))
                         + "。请重新安装 perfxl，或用 --from 文件夹 指定它们所在的文件夹。")
    names = [ADDIN_NAME, *template_names()]
    missing = [name for name in names if not (found / name).is_file()]
    if missing:
        raise SetupError(f"{found}：缺少 " + "、".join(missing) + "。这些文件由构建步骤生成（.xlsm 模板和 perfxl.xlam"
                         "加载项）；请使用完整的安装包，或用 --from 文件夹 指定包含全部文件的文件夹。")
    return Artefacts(found, found / ADDIN_NAME, [found / name for name in names[1:]])
