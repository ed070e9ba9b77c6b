"""Only the package list lives here (the rest is in pyproject.toml): the VBA sources in macros/ ship as perfxl.macros.

pyproject.toml cannot combine package discovery with mapping one package to another folder, so discovery runs here.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["perfxl", "perfxl.*"]), "perfxl.macros"],
    package_dir={"perfxl.macros": "macros"},
)
