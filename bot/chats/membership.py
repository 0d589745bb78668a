"""What a change of the bot's own membership means for a chat: connect it, or make it inactive.

A channel needs the bot as an administrator allowed to post; a group or supergroup takes it as a
member or administrator, and a restriction matters only when it takes away sending messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aiogram.enums import ChatMemberStatus
from aiogram.types import ChatMemberUnion

from bot.chats.troubles import InactiveReason
from storage.chats import ChatKind


class Change(StrEnum):
    CONNECT = "connect"
    DEACTIVATE = "deactivate"


@dataclass(frozen=True, slots=True)
class MembershipChange:
    change: Change
    reason: InactiveReason | None = None


def chat_kind(chat_type: str) -> ChatKind | None:
    """The kind of a chat the bot posts to; None for a private chat (a reader, not a chat)."""
    try:
        return ChatKind(chat_type)
    except ValueError:
        return None


def membership_change(kind: ChatKind, member: ChatMemberUnion) -> MembershipChange:
    """What the bot's new membership ``member`` in a chat of ``kind`` means."""
    status = member.status
    if status in (ChatMemberStatus.LEFT, ChatMemberStatus.KICKED):
        return MembershipChange(Change.DEACTIVATE, InactiveReason.REMOVED)
    if kind == ChatKind.CHANNEL:
        if status == ChatMemberStatus.CREATOR or (
            status == ChatMemberStatus.ADMINISTRATOR and getattr(member, "can_post_messages", False)
        ):
            return MembershipChange(Change.CONNECT)
        return MembershipChange(Change.DEACTIVATE, InactiveReason.RIGHTS)
    if status == ChatMemberStatus.RESTRICTED:
        if not getattr(member, "is_member", True):
            return MembershipChange(Change.DEACTIVATE, InactiveReason.REMOVED)
        if not getattr(member, "can_send_messages", False):
            return MembershipChange(Change.DEACTIVATE, InactiveReason.RIGHTS)
    return MembershipChange(Change.CONNECT)
