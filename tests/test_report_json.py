"""The JSON renderer: the documented keys, Chinese unescaped, counts, exit code."""

from __future__ import annotations

import json
from pathlib import Path

from perfxl.report.jsondoc import render_json, report_data
from tests.test_report_text import sample_report

DOC = Path(__file__).resolve().parent.parent / "docs" / "check-json.md"


def test_shape_and_values() -> None:
    text = render_json(sample_report())
    assert "石峰区" in text and "\\u" not in text
    data = json.loads(text)
    assert data == report_data(sample_report())
    first, broken, clean = data["files"]
    assert (first["path"], first["form"], first["error"]) == ("a/石峰区.xlsx", "department", None)
    assert first["findings"][1] == {
        "code": "C101",
        "severity": "错误",
        "angle": "可行性",
        "sheet": "附表3-1",
        "cell": "E51",
        "message": "附表3-1!E51：乘积不对。",
        "hint": "请改正。",
    }
    assert (broken["form"], broken["error"], broken["findings"]) == (None, "坏.xlsx 已损坏，无法解压。", [])
    assert (clean["form"], clean["error"], clean["findings"]) == ("project", None, [])
    assert data["summary"] == {
        "files": 3,
        "unreadable": 1,
        "findings": 4,
        "by_severity": {"错误": 2, "警告": 1, "提示": 1},
        "by_angle": {"完整性": 2, "相关性": 0, "适当性": 1, "可行性": 1},
        "exit_code": 2,
    }


def test_every_key_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    data = report_data(sample_report())
    keys = {*data, *data["files"][0], *data["files"][0]["findings"][0], *data["summary"]}
    missing = sorted(key for key in keys if f"| `{key}` |" not in doc)
    assert missing == [], f"docs/check-json.md does not describe {missing}"


def test_files_carry_their_unit_and_year(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from perfxl.check.engine import check_file
    from perfxl.check.findings import Report
    from perfxl.report.jsondoc import render_json
    from tests.helpers import example_file

    shifeng = check_file(example_file("shifeng", tmp_path))
    hengdong = check_file(example_file("hengdong", tmp_path))
    assert (shifeng.unit, shifeng.year) == ("中共株洲市石峰区委网络安全和信息化委员会办公室", 2023)
    assert (hengdong.unit, hengdong.year) == ("中共衡东县委网络安全和信息化委员会办公室", 2023)
    data = json.loads(render_json(Report([shifeng])))
    assert (data["files"][0]["unit"], data["files"][0]["year"]) == (shifeng.unit, 2023)
