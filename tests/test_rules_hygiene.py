"""Text hygiene rules (H1xx): 支出明细 names, doubled characters, spaces around names."""

from __future__ import annotations

from pathlib import Path

from perfxl.check.engine import check_file
from perfxl.rules.hygiene import closest_class, doubled, economic_classes
from tests.helpers import edit_cells, example_file

P = "项目申报表"


def _found(path: Path, code: str) -> list[list[str]]:
    return [f for f in check_file(path).flatten(["code", "sheet", "cell", "severity"]) if f[0] == code]


def test_classification_list_loads() -> None:
    names = economic_classes()
    assert {"其他商品和服务支出", "办公费", "维修（护）费", "信息网络及软件购置更新"} <= set(names)
    assert len(names) == len(set(names)) > 100


def test_closest_class() -> None:
    assert closest_class("其他商品和务支出") == "其他商品和服务支出"
    assert closest_class("其他商品和服务服务支出") == "其他商品和服务支出"
    assert closest_class("维修(护)费") is None  # half-width brackets are the same name
    assert closest_class("网评员培训费") is None  # a specific item that names its class
    assert closest_class("办公费用") is None
    assert closest_class("网络安全演练") is None


def test_doubled() -> None:
    assert doubled("网评系统统技术服务") == ["统统"]
    assert doubled("党委委员会会议") == []  # word boundaries
    assert doubled("人人参与，常常检查，项目目标") == []
    assert doubled("开展的的培训") == ["的的"]


def test_detail_close_to_standard_name(tmp_path: Path) -> None:
    path = example_file("shifeng", tmp_path)
    assert _found(path, "H101") == [["H101", "附表3-2", "C51", "警告"]]
    (finding,) = [f for f in check_file(path).findings if f.code == "H101"]
    assert "是否为“其他商品和服务支出”" in finding.hint
    path = edit_cells(path, {"附表3-2!C51": "其他商品和服务支出"})
    assert _found(path, "H101") == []


def test_doubled_characters(tmp_path: Path) -> None:
    path = example_file("hengdong", tmp_path)
    assert [f[2] for f in _found(path, "H102")] == ["D16", "D28", "D40", "D52"]
    fixed = {f"{P}!{cell}": "网评系统技术服务" for cell in ("D16", "D40", "D52")} | {f"{P}!D28": "党委委员满意度"}
    assert _found(edit_cells(path, fixed), "H102") == []


def test_spaces_around_names(tmp_path: Path) -> None:
    path = example_file("hengdong", tmp_path)
    assert _found(path, "H103") == [["H103", P, "E3", "提示"], ["H103", P, "D12", "提示"]]
    path = edit_cells(path, {f"{P}!D12": "网评工作", f"{P}!E3": "中共衡东县委网络安全和信息化委员会办公室"})
    assert _found(path, "H103") == []
