Attribute VB_Name = "perfxl_buttons"
Option Explicit
' perfxl: the macros behind the Excel buttons (sheet buttons of the .xlsm templates, and the ribbon of
' perfxl.xlam through perfxl_ribbon). Each one hands over to Python with xlwings' RunPython; the Python
' side is perfxl.excel (the same names in perfxl.excel.BUTTONS). Keep this file ASCII: the VBA project
' code page is 1252, so Chinese text here would turn into "????". Captions and messages are Chinese in
' the workbook (VML, customUI) and in Python.

Public Sub PerfxlValidate()
    RunPython "import perfxl.excel; perfxl.excel.validate()"
End Sub

Public Sub PerfxlClearMarks()
    RunPython "import perfxl.excel; perfxl.excel.clear_marks()"
End Sub

Public Sub PerfxlGenerate()
    RunPython "import perfxl.excel; perfxl.excel.generate()"
End Sub

Public Sub PerfxlAddSheet3()
    RunPython "import perfxl.excel; perfxl.excel.add_sheet3()"
End Sub

Public Sub PerfxlConsolidate()
    RunPython "import perfxl.excel; perfxl.excel.consolidate()"
End Sub

Public Sub PerfxlExport()
    RunPython "import perfxl.excel; perfxl.excel.export()"
End Sub
