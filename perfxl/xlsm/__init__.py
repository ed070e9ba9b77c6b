"""Macro-enabled artefacts built on Linux from the VBA text in ``macros/``: the .xlsm templates (sheet buttons),
the perfxl.xlam ribbon add-in, and the macro-free 报送版 export.

- :func:`build_xlsm` (``template``): openpyxl template .xlsx -> .xlsm with Forms buttons and a VBA project.
- :func:`build_xlam` (``addin``): the add-in with tab 绩效目标.
- :func:`export_macro_free` (``strip``): .xlsm -> .xlsx without VBA, controls and macro assignments.

pyOpenVBA and openpyxl are imported only by the builders, so the export (run by the 导出报送版 button) stays light.
"""

from __future__ import annotations

from perfxl.xlsm.strip import ExportError, export_macro_free

__all__ = ["ExportError", "export_macro_free"]
