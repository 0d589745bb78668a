"""Whether a user administers a chat now: asked from Telegram, remembered for at most a minute.

Rights change in Telegram without the bot hearing of it (a demoted administrator sends no update to a
bot that is not an administrator itself), so every settings change asks again once the answer is older
than ``ttl``. Answers are remembered per (chat, user) in a bounded map.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError

log = logging.getLogger(__name__)

ADMIN_STATUSES = frozenset({ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR})
# Telegram's account that speaks for an anonymous administrator in a group.
GROUP_ANONYMOUS_BOT_ID = 1087968824
DEFAULT_TTL = 60.0


class AdminChecker:
    def __init__(
        self,
        ttl: float = DEFAULT_TTL,
        *,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._answers: OrderedDict[tuple[int, int], tuple[float, bool]] = OrderedDict()

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """True when ``user_id`` is the creator or an administrator of ``chat_id`` now.

        A chat the bot cannot see (removed, unknown) or an answer Telegram refuses counts as "no":
        a change is never made on a guess.
        """
        key = (chat_id, user_id)
        now = self.clock()
        known = self._answers.get(key)
        if known is not None and now - known[0] < self.ttl:
            return known[1]
        try:
            member = await bot.get_chat_member(chat_id=chat_id, user_id=user_id)
        except TelegramAPIError as exc:
            log.info("admin check of user %s in chat %s refused: %s", user_id, chat_id, exc)
            answer = False
        else:
            answer = member.status in ADMIN_STATUSES
        self.remember(chat_id, user_id, answer)
        return answer

    def remember(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        """Take an answer Telegram gave another way (a chat_member update, getChatAdministrators)."""
        key = (chat_id, user_id)
        self._answers[key] = (self.clock(), is_admin)
        self._answers.move_to_end(key)
        while len(self._answers) > self.max_entries:
            self._answers.popitem(last=False)

    def forget_chat(self, chat_id: int) -> None:
        """Drop every answer about a chat (the bot left it, or it moved to a new id)."""
        for key in [key for key in self._answers if key[0] == chat_id]:
            del self._answers[key]
