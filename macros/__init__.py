"""The VBA source behind the Excel buttons, installed with perfxl as ``perfxl.macros`` (see setup.py).

Read the files with ``importlib.resources.files("perfxl.macros")``; ``perfxl.xlsm`` compiles them into the
.xlsm templates and the perfxl.xlam add-in. ``test/`` holds test-only modules and is not installed.
"""
