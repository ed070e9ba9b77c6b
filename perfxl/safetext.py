"""Text from untrusted workbooks, made safe for where it goes.

- :func:`cell_safe` for text written into a workbook with openpyxl: openpyxl refuses the control characters XML
  cannot hold (a line break pasted from Word is ``\\x0b``) with an exception; Word's breaks become ``\\n``, the
  rest are dropped.
- :func:`terminal_safe` and :func:`guarded_streams` for text printed to a terminal: escape sequences, control
  characters (except line breaks, tabs and the carriage return of progress lines) and bidirectional overrides
  in cell text or file names would otherwise move the cursor, recolour or hide what perfxl prints. The streams
  also write a replacement character for what the console's encoding (GBK, say) cannot show instead of failing.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

#: what openpyxl refuses (``openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE``) plus the XML-invalid non-characters
_CELL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})

#: ESC/CSI/OSC sequences, then any other C0/C1 control except \t \n \r, and bidi embedding/override/isolate marks
_TERMINAL_UNSAFE = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|\x1b[@-_]?"
    r"|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def cell_safe(text: str) -> str:
    """``text`` as openpyxl can write it: Word's line and page breaks become ``\\n``, other control characters go."""
    if not _CELL_ILLEGAL.search(text):
        return text
    return _CELL_ILLEGAL.sub("", text.translate(_WORD_BREAKS))


def terminal_safe(text: str) -> str:
    """``text`` without escape sequences and control characters (line breaks, tabs and ``\\r`` stay)."""
    return _TERMINAL_UNSAFE.sub("", text)


class _SafeStream:
    """A text stream that passes everything through :func:`terminal_safe` and never fails on encoding."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        cleaned = terminal_safe(text)
        try:
            self._stream.write(cleaned)
        except UnicodeEncodeError:
            encoding = getattr(self._stream, "encoding", None) or "ascii"
            self._stream.write(cleaned.encode(encoding, "replace").decode(encoding, "replace"))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def _tolerant(stream: TextIO) -> None:
    """Ask a real console stream to replace what its encoding cannot show (GBK and "−", emoji…)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with suppress(ValueError, OSError):  # a stream that cannot change now: _SafeStream still replaces
            reconfigure(errors="replace")


@contextmanager
def guarded_streams() -> Iterator[None]:
    """stdout and stderr filtered by :func:`terminal_safe` and tolerant of their encoding, for one command."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        _tolerant(stream)
    sys.stdout, sys.stderr = _SafeStream(saved[0]), _SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def unexpected(err: BaseException) -> int:
    """Exit 2 with a Chinese sentence for an error no command anticipated; the traceback only with
    ``PERFXL_DEBUG=1`` (for the maintainers)."""
    import os

    if os.environ.get("PERFXL_DEBUG"):
        import traceback

        traceback.print_exception(err, file=sys.stderr)
    print(f"错误：处理时发生意外错误（{type(err).__name__}），已停止，输入文件未被修改。"
          "请把输入文件和这条消息发给 perfxl 维护者。", file=sys.stderr)
    return 2
