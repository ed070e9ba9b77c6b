"""Regenerate docs/rules.md from the rules' docstrings (run after adding or changing a rule):

    .venv/bin/python scripts/gen_rules_doc.py           # write docs/rules.md
    .venv/bin/python scripts/gen_rules_doc.py --check   # exit 1 if docs/rules.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfxl.report.rules_doc import DOC_PATH, rules_markdown  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="Regenerate docs/rules.md from the rules' docstrings.")
    parser.add_argument("--check", action="store_true", help="only check that docs/rules.md is up to date")
    args = parser.parse_args()
    target = ROOT / DOC_PATH
    text = rules_markdown()
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    if args.check:
        if current != text:
            print(f"{DOC_PATH} is out of date: run .venv/bin/python scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {DOC_PATH}")
    else:
        print(f"{DOC_PATH} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
