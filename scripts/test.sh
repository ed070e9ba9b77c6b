#!/usr/bin/env bash
# The one command that sets up a fresh Debian machine and runs the whole test suite:
#   apt packages (LibreOffice, its Python-UNO bridge, poppler-utils, a Chinese font) if missing -> .venv -> pip install -e '.[dev,excel]'
#   -> ruff check . -> mypy perfxl -> pytest -q "$@"
# Idempotent: every step is skipped when already done. Exits non-zero if any step or check fails.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
# python3-uno: tests/uno_buttons.py drives LibreOffice (opens the .xlsm/.xlam, "clicks" the buttons) from the
# system Python (/usr/bin/python3); LibreOffice's own Basic runtime runs the VBA, no other package is needed.
# fonts-crosextra-carlito: Calibri's metrics (the workbooks' default font sets the column-width unit), so LibreOffice
# lays out pages as Excel does; without it a form prints on pages of different length than in Excel.
APT_PACKAGES=(libreoffice-calc-nogui python3-uno poppler-utils fonts-wqy-microhei fonts-crosextra-carlito)
LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/perfxl-test.XXXXXX")
trap 'rm -rf "$LOG_DIR"' EXIT

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command with its output in a log; print the log's tail only if it fails.
quiet() {
    local log="$LOG_DIR/step.log"
    if ! "$@" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        return 1
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root or sudo to run: $*"
    fi
}

# Another apt (unattended-upgrades on a fresh VM, a second terminal) may hold the dpkg or lists lock: wait for it,
# bounded. apt itself waits up to APT_LOCK_WAIT seconds (DPkg::Lock::Timeout); a run that still fails on a lock
# is retried until that much time has passed in all.
APT_LOCK_WAIT=${APT_LOCK_WAIT:-600}
apt_get() {
    local started=$SECONDS log="$LOG_DIR/apt.log"
    while true; do
        if as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT" "$@" \
            >"$log" 2>&1; then
            return 0
        fi
        if grep -qiE 'could not get lock|unable to acquire|is another process using it' "$log" \
            && [ $((SECONDS - started)) -lt "$APT_LOCK_WAIT" ]; then
            say "apt is busy (another apt or dpkg holds its lock); waiting"
            sleep 10
            continue
        fi
        tail -n 40 "$log" >&2
        return 1
    done
}

APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: $*"
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        apt_get update -q || die "apt-get update failed"
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    apt_get install -y -q "$@" || die "apt-get install $* failed"
}

have_cjk_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]
}

have_carlito() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list Carlito family 2>/dev/null)" ]
}

have_uno() {
    [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1
}

# ---- 1. system packages: LibreOffice (soffice, python3-uno), poppler-utils (pdftoppm, pdftotext, pdfinfo), CJK font, Carlito
if ! command -v soffice >/dev/null 2>&1 || ! have_uno || ! command -v pdftoppm >/dev/null 2>&1 \
    || ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1 || ! have_cjk_font \
    || ! have_carlito; then
    apt_install "${APT_PACKAGES[@]}"
fi

# ---- 2. virtualenv
if [ ! -x "$VENV/bin/python" ]; then
    PY=""
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null 2>&1; then PY=$cand; break; fi
    done
    [ -n "$PY" ] || die "python3 not found"
    say "creating .venv with $PY ($("$PY" --version 2>&1))"
    rm -rf "$VENV"
    if ! quiet "$PY" -m venv "$VENV"; then
        # Debian's own python3 needs python3-venv for ensurepip
        rm -rf "$VENV"
        apt_install python3-venv
        quiet "$PY" -m venv "$VENV" || die "could not create .venv with $PY"
    fi
fi

# ---- 3. the project and its dev tools (re-run only when pyproject.toml changed)
STAMP="$VENV/.perfxl-install-stamp"
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1) dev,excel"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ] || ! "$VENV/bin/python" -c "import perfxl" >/dev/null 2>&1; then
    say "pip install -e '.[dev,excel]'"
    quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip \
        || die "pip upgrade failed"
    quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev,excel]' \
        || die "pip install -e '.[dev,excel]' failed"
    echo "$WANT" >"$STAMP"
fi

# ---- 4. checks: run all of them, fail if any failed
export PATH="$VENV/bin:$PATH"
status=0
failed=()

say "ruff check ."
if ! ruff check --quiet .; then status=1; failed+=("ruff"); fi

say "mypy perfxl"
if ! mypy perfxl; then status=1; failed+=("mypy"); fi

say "pytest -q $*"
pytest -q "$@"
rc=$?
if [ "$rc" -ne 0 ]; then status=1; failed+=("pytest (exit $rc)"); fi

if [ "$status" -ne 0 ]; then
    printf 'FAILED: %s\n' "${failed[*]}" >&2
else
    say "all checks passed"
fi
exit "$status"
