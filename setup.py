"""The one packaging detail pyproject.toml cannot say: the built Excel files in ``workbook_templates/`` (the
templates, their .xlsm twins and the ``perfxl.xlam`` add-in) ship inside the wheel as ``perfxl/workbook_templates``,
where ``perfxl excel setup`` finds them after ``pip install perfxl``. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["perfxl*"]), "perfxl.workbook_templates"],
    package_dir={"perfxl.workbook_templates": "workbook_templates"},
)
