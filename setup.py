"""The packaging details pyproject.toml cannot say (everything else is there).

pyproject.toml cannot combine package discovery with mapping a package to another folder, so the package list lives
here. Two folders outside ``perfxl/`` ship inside the wheel:

- ``macros/`` (the VBA source) as ``perfxl.macros``, read when the .xlsm templates and the add-in are built;
- ``workbook_templates/`` (the templates, their .xlsm twins and the ``perfxl.xlam`` add-in) as
  ``perfxl.workbook_templates``, where ``perfxl excel setup`` finds them after ``pip install perfxl``.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["perfxl", "perfxl.*"]),
        "perfxl.macros",
        "perfxl.workbook_templates",
    ],
    package_dir={"perfxl.macros": "macros", "perfxl.workbook_templates": "workbook_templates"},
)
