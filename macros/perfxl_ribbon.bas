Attribute VB_Name = "perfxl_ribbon"
Option Explicit
' perfxl: ribbon callbacks of the perfxl.xlam add-in (tab in customUI/customUI14.xml). Excel calls them
' with the ribbon control; each delegates to the zero-argument macro of perfxl_buttons, so the RunPython
' commands live in one place and can be run (and tested) without an IRibbonControl.

Public Sub PerfxlRibbonValidate(control As IRibbonControl)
    PerfxlValidate
End Sub

Public Sub PerfxlRibbonClearMarks(control As IRibbonControl)
    PerfxlClearMarks
End Sub

Public Sub PerfxlRibbonGenerate(control As IRibbonControl)
    PerfxlGenerate
End Sub

Public Sub PerfxlRibbonAddSheet3(control As IRibbonControl)
    PerfxlAddSheet3
End Sub

Public Sub PerfxlRibbonConsolidate(control As IRibbonControl)
    PerfxlConsolidate
End Sub

Public Sub PerfxlRibbonExport(control As IRibbonControl)
    PerfxlExport
End Sub
