#!/usr/bin/env bash
# Demo: set up .venv (pip install -e .) and run the main job on a bundled example:
#   perfxl example shifeng -o out/石峰区网信办2023.xlsx && perfxl check out/石峰区网信办2023.xlsx
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="$PWD/.venv"

if [ ! -x "$VENV/bin/python" ]; then
    PY=python3
    command -v python3.11 >/dev/null 2>&1 && PY=python3.11
    echo "==> creating .venv with $PY"
    "$PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import perfxl" >/dev/null 2>&1 || [ ! -x "$VENV/bin/perfxl" ]; then
    echo "==> pip install -e ."
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e .
fi

export PATH="$VENV/bin:$PATH"
OUT="out/石峰区网信办2023.xlsx"
mkdir -p out
echo "==> perfxl example shifeng -o $OUT"
perfxl example shifeng -o "$OUT"
echo "==> perfxl check $OUT"
# exit code 1 means "the check found 错误" — expected: the real 2023 return has mistakes the check must find
status=0
perfxl check "$OUT" || status=$?
[ "$status" -le 1 ] || exit "$status"
echo "==> done: $OUT"
