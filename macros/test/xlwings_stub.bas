Attribute VB_Name = "xlwings_stub"
Option Explicit
' TEST ONLY, never shipped: stands in for xlwings' module in the LibreOffice test builds. LibreOffice
' cannot compile xlwings.bas (and then silently runs no macro of the project at all), so this RunPython
' only records the command it was given; PerfxlLastRunPython reads it back.

Private lastCommand As String

Public Sub RunPython(PythonCommand As String)
    lastCommand = PythonCommand
End Sub

Public Function PerfxlLastRunPython() As String
    PerfxlLastRunPython = lastCommand
End Function
