"""What ``perfxl excel setup`` changed, kept as JSON in the user's config folder so ``remove`` can undo exactly that.

Each change keeps the state before the first setup (``previous``; None = was not there), so running setup again
(to update, or to switch ``--resident``) does not forget the original. The file is rewritten after every change:
an interrupted setup can still be undone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfxl.atomic import write_text_atomic
from perfxl.install.environment import SetupError
from perfxl.install.registry import Hive, RegValue

FORMAT = 1


@dataclass
class Record:
    path: Path
    addin: str | None = None  # the installed perfxl.xlam (OPEN values naming it are removed with it)
    files: dict[str, str] = field(default_factory=dict)  # copied file → SHA-256 of what was copied
    created: list[str] = field(default_factory=list)  # folders and files that did not exist before, in order
    conf: list[dict[str, Any]] = field(default_factory=list)  # {"file", "key", "value", "previous"}
    registry: list[dict[str, Any]] = field(default_factory=list)  # {"hive", "key", "name", "value", "previous"}
    keys: list[list[str]] = field(default_factory=list)  # [hive, key] created by setup, parents first

    @classmethod
    def load(cls, path: Path) -> Record:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as exc:
            raise SetupError(f"{path}：安装记录无法读取（{exc}）。") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SetupError(f"{path}：不是 perfxl 能识别的安装记录。")
        return cls(path, data.get("addin"), dict(data.get("files", {})), list(data.get("created", [])),
                   list(data.get("conf", [])), list(data.get("registry", [])), list(data.get("keys", [])))

    @property
    def empty(self) -> bool:
        return not (self.addin or self.files or self.created or self.conf or self.registry or self.keys)

    def save(self) -> None:
        if self.empty:
            self.path.unlink(missing_ok=True)
            return
        data = {"format": FORMAT, "addin": self.addin, "files": self.files, "created": self.created,
                "conf": self.conf, "registry": self.registry, "keys": self.keys}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def note_created(self, path: Path) -> None:
        if str(path) not in self.created:
            self.created.append(str(path))
        self.save()

    def note_file(self, path: Path, sha256: str) -> None:
        self.files[str(path)] = sha256
        self.save()

    def note_conf(self, file: Path, key: str, value: str, previous: str | None) -> None:
        for entry in self.conf:
            if entry["file"] == str(file) and entry["key"].lower() == key.lower():
                entry["value"] = value
                break
        else:
            self.conf.append({"file": str(file), "key": key, "value": value, "previous": previous})
        self.save()

    def note_value(self, hive: Hive, key: str, name: str, value: RegValue, previous: RegValue | None) -> None:
        for entry in self.registry:
            if (entry["hive"], entry["key"].lower(), entry["name"]) == (hive, key.lower(), name):
                entry["value"] = _dump(value)
                break
        else:
            self.registry.append({"hive": hive, "key": key, "name": name, "value": _dump(value),
                                  "previous": _dump(previous) if previous else None})
        self.save()

    def note_key(self, hive: Hive, key: str) -> None:
        if [hive, key] not in self.keys:
            self.keys.append([hive, key])
        self.save()


def _dump(value: RegValue) -> dict[str, Any]:
    return {"data": value.data, "kind": value.kind}


def load_value(data: dict[str, Any] | None) -> RegValue | None:
    return RegValue(data["data"], data["kind"]) if data else None
