#!/usr/bin/env bash
# Offline install folder for Windows PCs on an intranet without internet access, built on Linux (or any machine
# that reaches PyPI): perfxl's own wheel and every dependency of perfxl[excel] as win_amd64 (or pure-Python)
# wheels, plus 安装.bat and 说明.txt. Copy the folder to the Windows PC and double-click 安装.bat, or run
#   python -m pip install --no-index --find-links wheelhouse "perfxl[excel]"
#
# Usage: bash scripts/wheelhouse.sh [OUT_DIR] [PYTHON_VERSION...]     (defaults: wheelhouse 3.11)
#   e.g. bash scripts/wheelhouse.sh wheelhouse 3.11 3.12    (one folder serving PCs with either Python)
# The folder is checked at the end: an offline, Windows-targeted dry-run install must resolve from it alone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=${1:-wheelhouse}
shift || true
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(3.11)
PY=python3
[ -x .venv/bin/python ] && PY=.venv/bin/python

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/perfxl-*.whl
echo "==> perfxl wheel -> $OUT"
"$PY" -m pip wheel . --no-deps -q -w "$OUT"
WHEEL=$(ls "$OUT"/perfxl-*.whl)

download() {  # download [--no-deps] VERSION REQUIREMENT...
    local flags=() version
    [ "$1" = --no-deps ] && { flags=(--no-deps); shift; }
    version=$1
    shift
    "$PY" -m pip download -q "${flags[@]}" --only-binary=:all: --platform win_amd64 --implementation cp \
        --python-version "$version" -d "$OUT" "$@"
}

# pip evaluates environment markers for the machine it runs on, not for --platform: on Linux it skips
# `pywin32; platform_system == "Windows"` (xlwings needs it). So the closure is also computed with Windows markers.
windows_missing() {  # windows_missing VERSION: requirements of the wheels in $OUT not met by a wheel in $OUT
    "$PY" - "$OUT" "$1" <<'PYEOF'
import sys, zipfile
from email.parser import Parser
from pathlib import Path

try:
    from packaging import tags
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # pip vendors packaging
    from pip._vendor.packaging import tags
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

out, version = Path(sys.argv[1]), sys.argv[2]
windows = {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
           "platform_python_implementation": "CPython", "implementation_name": "cpython",
           "python_version": version, "python_full_version": version + ".0"}
python = tuple(int(part) for part in version.split("."))
supported = {*tags.cpython_tags(python, platforms=["win_amd64"]),
             *tags.compatible_tags(python, f"cp{python[0]}{python[1]}", platforms=["win_amd64"])}
wheels = {}  # only wheels that install on Windows x64 with this Python
for path in out.glob("*.whl"):
    name, wheel_version, _build, wheel_tags = parse_wheel_filename(path.name)
    if supported & set(wheel_tags):
        wheels[name] = (wheel_version, path)
needed = [(Requirement('perfxl[excel]'), "")]
seen, missing = set(), []
while needed:
    req, parent = needed.pop()
    name = canonicalize_name(req.name)
    if req.marker and not req.marker.evaluate({**windows, "extra": parent}):
        continue
    if name not in wheels or not req.specifier.contains(wheels[name][0], prereleases=True):
        missing.append(str(Requirement(f"{req.name}{req.specifier}")))
        continue
    for extra in sorted(req.extras) or [""]:
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        with zipfile.ZipFile(wheels[name][1]) as archive:
            meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            requires = Parser().parsestr(archive.read(meta).decode()).get_all("Requires-Dist") or []
        needed += [(Requirement(r), extra) for r in requires]
for requirement in sorted(set(missing)):
    print(requirement)
PYEOF
}

for version in "${VERSIONS[@]}"; do
    echo "==> dependencies for Windows x64, Python $version"
    download "$version" "perfxl[excel] @ file://$WHEEL"
    for _round in 1 2 3 4 5; do
        mapfile -t missing < <(windows_missing "$version")
        [ ${#missing[@]} -gt 0 ] || break
        echo "    Windows-only: ${missing[*]}"
        download "$version" "${missing[@]}"
    done
done

# 安装.bat is read by cmd.exe in the ANSI code page of Chinese Windows (GBK), with CRLF line ends.
"$PY" - "$OUT" "$(basename "$WHEEL")" "${VERSIONS[*]}" <<'EOF'
import sys
from pathlib import Path

out, wheel, versions = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
bat = rf"""@echo off
rem perfxl 离线安装：把本文件夹复制到电脑上，双击运行本文件。
cd /d "%~dp0"
python --version >nul 2>&1
if errorlevel 1 (
  echo 没有找到 Python。请先安装 Python {versions.split()[0]}（64 位），安装时勾选 “Add python.exe to PATH”。
  pause
  exit /b 1
)
echo 正在从本文件夹安装 perfxl（不需要联网）……
python -m pip install --no-index --find-links "%~dp0." "perfxl[excel]"
if errorlevel 1 (
  echo 安装失败。本文件夹中的安装包适用于 64 位 Windows 上的 Python {versions}。
  pause
  exit /b 1
)
echo 正在安装 Excel 按钮（perfxl excel setup）……请先关闭 Excel。
python -m perfxl.cli excel setup
pause
"""
(out / "安装.bat").write_bytes(bat.replace("\n", "\r\n").encode("gbk"))
readme = f"""perfxl 离线安装包（64 位 Windows，Python {versions}）

包含 {wheel} 及其全部依赖（xlwings、pywin32、openpyxl 等），安装时不需要联网。

方法一：双击“安装.bat”。
方法二：在本文件夹中打开“命令提示符”，运行：
    python -m pip install --no-index --find-links . "perfxl[excel]"
    perfxl excel setup

perfxl excel setup 为当前用户安装 Excel 功能区的“绩效目标”选项卡，并把模板复制到“文档\\绩效目标模板”。
撤销：perfxl excel remove。详见 perfxl 源码中的 docs/windows-install.md。
"""
(out / "说明.txt").write_bytes(b"\xef\xbb\xbf" + readme.replace("\n", "\r\n").encode("utf-8"))
EOF

echo "==> check: every file is a wheel for Windows x64 or for any platform"
bad=$(ls "$OUT" | grep -v -E '(win_amd64|none-any)\.whl$' | grep -v -E '^(安装\.bat|说明\.txt)$' || true)
if [ -n "$bad" ]; then
    echo "not for Windows x64: $bad" >&2
    exit 1
fi
for version in "${VERSIONS[@]}"; do
    echo "==> check: every requirement (Windows markers) of perfxl[excel] has its wheel, Python $version"
    mapfile -t missing < <(windows_missing "$version")
    if [ ${#missing[@]} -gt 0 ]; then
        echo "missing: ${missing[*]}" >&2
        exit 1
    fi
    echo "==> check: offline install for Windows x64, Python $version, from $OUT alone"
    # no configured index or find-links may help: only the folder counts, as on the intranet PC
    env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
        "$PY" -m pip install --dry-run --quiet --ignore-installed --no-index --find-links "$OUT" \
        --only-binary=:all: --platform win_amd64 --implementation cp --python-version "$version" \
        --target "$(mktemp -d)" "perfxl[excel]"
done
echo "==> done: $(ls "$OUT" | wc -l) files in $OUT"
ls "$OUT"
