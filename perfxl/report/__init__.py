"""Renderers of a check :class:`~perfxl.check.findings.Report`: text (like a linter), JSON (stable, see
docs/check-json.md) and a printable HTML report; plus the rules reference generated from the rules' docstrings.

Each renderer is its own module, imported only when used: ``perfxl check`` in text mode never imports jinja2.
"""
