"""The Bot API's error envelope, shared by the server and the chat model."""

from __future__ import annotations

from typing import Any

__all__ = ["APIError"]


class APIError(Exception):
    """A Bot API error response: ``{"ok": false, "error_code": ..., "description": ...}``.

    ``retry_after`` and ``migrate_to_chat_id`` go into the response's ``parameters`` object
    (ResponseParameters), which aiogram turns into TelegramRetryAfter / TelegramMigrateToChat.
    """

    def __init__(
        self,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    @classmethod
    def bad_request(cls, reason: str) -> APIError:
        """A 400 with Telegram's "Bad Request: " prefix."""
        return cls(400, f"Bad Request: {reason}")

    @property
    def parameters(self) -> dict[str, Any]:
        """The ``parameters`` object of the response (empty when there is none)."""
        found: dict[str, Any] = {}
        if self.migrate_to_chat_id is not None:
            found["migrate_to_chat_id"] = self.migrate_to_chat_id
        if self.retry_after is not None:
            found["retry_after"] = self.retry_after
        return found
