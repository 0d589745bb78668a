"""Files on the fake Bot API server: documents users send, ``getFile``, the download URL, and
documents the bot sends.

As on Telegram, a file has a ``file_id`` (what the bot passes back), a ``file_unique_id``, and after
``getFile`` a ``file_path`` downloaded from ``/file/bot<token>/<file_path>``. Bots may download files
of at most 20 MB; bigger ones get "Bad Request: file is too big" from ``getFile``.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request (what ``sendDocument`` uploads)."""

    filename: str
    content_type: str
    data: bytes

    def __str__(self) -> str:
        return f"<file {self.filename}>"


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str
    mime_type: str

    def document_json(self) -> dict[str, Any]:
        """The ``Document`` object of a message."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.data),
        }

    def file_json(self) -> dict[str, Any]:
        """The ``File`` object ``getFile`` returns."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


class FileStore:
    """Every file the server knows, by id and by download path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._serial = itertools.count(1)

    def add(self, data: bytes, file_name: str, mime_type: str) -> StoredFile:
        serial = next(self._serial)
        digest = hashlib.sha256(data + str(serial).encode()).hexdigest()
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAI{digest[:40]}",
            file_unique_id=f"AgAD{digest[40:52]}",
            file_path=f"documents/file_{serial}{_suffix(file_name)}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)


def _suffix(file_name: str) -> str:
    dot = file_name.rfind(".")
    suffix = file_name[dot:] if dot > 0 else ""
    return suffix if suffix[1:].isalnum() and len(suffix) <= 10 else ""
