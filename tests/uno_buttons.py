"""Open workbooks in headless LibreOffice through UNO and report (and "click") their macro buttons.

Runs under the system Python that has python3-uno (``/usr/bin/python3``), not the venv, so the tests call it as a
subprocess (tests/test_xlsm_office.py). One LibreOffice start serves every file given.

    /usr/bin/python3 tests/uno_buttons.py SOFFICE PROFILE_URL SPEC.json  ->  JSON report on stdout

SPEC is ``[{"path": ..., "filter": null | "Calc MS Excel 2007 VBA XML", "click": bool, "macros": [...]}]``.
For each file the report lists the modules of the document's VBAProject Basic library and, per sheet, every
form control with its label and the script bound to its ``actionPerformed`` event. With ``click`` each bound
script is invoked, and after it ``xlwings_stub.PerfxlLastRunPython`` says what RunPython received; ``macros``
are invoked the same way by name (``module.Sub``). LibreOffice runs a library's macros only when every module
of it compiles, so clicking needs the build whose xlwings module is replaced by macros/test/xlwings_stub.bas.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

LAST_COMMAND = "vnd.sun.star.script:VBAProject.xlwings_stub.PerfxlLastRunPython?language=Basic&location=document"


def prop(name, value):
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def start(soffice, profile_url):
    pipe = f"perfxl_uno_{os.getpid()}"
    proc = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
         f"-env:UserInstallation={profile_url}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # same process group: a test timeout kills it too
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.3)
    return proc, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def run_script(provider, uri):
    return provider.getScript(uri).invoke((), (), ())[0]


def report(desktop, spec):
    args = [prop("Hidden", True), prop("MacroExecutionMode", 4)]  # 4 = ALWAYS_EXECUTE_NO_WARN
    if spec.get("filter"):
        args.append(prop("FilterName", spec["filter"]))
    url = uno.systemPathToFileUrl(os.path.abspath(spec["path"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, tuple(args))
    if doc is None:
        return {"path": spec["path"], "error": "LibreOffice could not open the file"}
    try:
        out = {"path": spec["path"], "modules": [], "sheets": {}, "macros": {}}
        libraries = doc.BasicLibraries
        if libraries.hasByName("VBAProject"):
            out["modules"] = sorted(libraries.getByName("VBAProject").getElementNames())
        provider = doc.getScriptProvider()
        for index in range(doc.Sheets.Count):
            sheet = doc.Sheets.getByIndex(index)
            controls = []
            forms = sheet.DrawPage.Forms
            for f in range(forms.Count):
                form = forms.getByIndex(f)
                for c in range(form.Count):
                    for event in form.getScriptEvents(c):
                        if event.EventMethod != "actionPerformed":
                            continue
                        item = {"label": form.getByIndex(c).Label, "script": event.ScriptCode}
                        if spec.get("click"):
                            run_script(provider, event.ScriptCode)
                            item["ran"] = run_script(provider, LAST_COMMAND)
                        controls.append(item)
            out["sheets"][sheet.Name] = {"controls": controls, "protected": bool(sheet.isProtected()),
                                         "visible": bool(sheet.IsVisible)}
        for macro in spec.get("macros", []):
            run_script(provider, f"vnd.sun.star.script:VBAProject.{macro}?language=Basic&location=document")
            out["macros"][macro] = run_script(provider, LAST_COMMAND)
        return out
    finally:
        doc.close(True)


def main():
    soffice, profile_url, spec_file = sys.argv[1:4]
    with open(spec_file, encoding="utf-8") as handle:
        specs = json.load(handle)
    proc, desktop = start(soffice, profile_url)
    try:
        result = [report(desktop, spec) for spec in specs]
    finally:
        with contextlib.suppress(Exception):  # terminate() may drop the bridge before it answers
            desktop.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
