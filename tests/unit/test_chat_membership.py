"""What the bot's membership means for a chat, and the chat a button carries."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import (
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    User,
)

from bot.chats.editing import Editing, tag, tagged_markup, untag, with_banner
from bot.chats.membership import Change, membership_change
from bot.chats.troubles import InactiveReason
from storage.chats import ChatKind

BOT = User(id=42, is_bot=True, first_name="Bot")
RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
    "can_send_welcome_messages": True,
}
PERMISSIONS = dict.fromkeys(
    (
        "can_send_audios",
        "can_send_documents",
        "can_send_photos",
        "can_send_videos",
        "can_send_video_notes",
        "can_send_voice_notes",
        "can_send_polls",
        "can_send_other_messages",
        "can_add_web_page_previews",
        "can_change_info",
        "can_invite_users",
        "can_pin_messages",
        "can_manage_topics",
        "can_react_to_messages",
        "can_edit_tag",
    ),
    True,
)


def admin(**rights: bool) -> ChatMemberAdministrator:
    return ChatMemberAdministrator(user=BOT, **(RIGHTS | rights))


def restricted(**rights: Any) -> ChatMemberRestricted:
    values: dict[str, Any] = PERMISSIONS | {"is_member": True, "can_send_messages": True, "until_date": 0}
    return ChatMemberRestricted(user=BOT, **(values | rights))


@pytest.mark.parametrize(
    ("kind", "member", "change", "reason"),
    [
        (ChatKind.CHANNEL, admin(can_post_messages=True), Change.CONNECT, None),
        (ChatKind.CHANNEL, admin(can_post_messages=False), Change.DEACTIVATE, InactiveReason.RIGHTS),
        (ChatKind.CHANNEL, ChatMemberMember(user=BOT), Change.DEACTIVATE, InactiveReason.RIGHTS),
        (ChatKind.CHANNEL, ChatMemberLeft(user=BOT), Change.DEACTIVATE, InactiveReason.REMOVED),
        (ChatKind.GROUP, ChatMemberMember(user=BOT), Change.CONNECT, None),
        (ChatKind.SUPERGROUP, admin(), Change.CONNECT, None),
        (ChatKind.SUPERGROUP, restricted(), Change.CONNECT, None),
        (ChatKind.SUPERGROUP, restricted(can_send_messages=False), Change.DEACTIVATE, InactiveReason.RIGHTS),
        (ChatKind.SUPERGROUP, restricted(is_member=False), Change.DEACTIVATE, InactiveReason.REMOVED),
        (ChatKind.GROUP, ChatMemberBanned(user=BOT, until_date=0), Change.DEACTIVATE, InactiveReason.REMOVED),
    ],
)
def test_membership_change(
    kind: ChatKind, member: Any, change: Change, reason: InactiveReason | None
) -> None:
    what = membership_change(kind, member)
    assert (what.change, what.reason) == (change, reason)


def test_a_button_carries_its_chat_and_forged_marks_do_not_parse() -> None:
    assert untag(tag("dt:420", -1001234567890)) == (-1001234567890, "dt:420")
    assert tag(tag("dt:420", -5), -6) == "@-5|dt:420"  # marked once, by the first chat
    assert untag("dt:420") == (None, "dt:420")
    for forged in ("@x|dt:420", "@-5dt:420", "@5|dt:420", "@-1000000000000000|dt:1"):
        assert untag(forged) is None, forged
    with pytest.raises(ValueError, match="too long"):
        tag("x" * 61, -5)


def test_screens_while_editing_name_the_chat_and_have_a_way_back() -> None:
    back = InlineKeyboardButton(text="back", callback_data="pick:0")
    editing = Editing(chat_id=-7, user_chat_id=1, banner="<b>Club</b>", back=back)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="a", callback_data="dt:60")],
            [InlineKeyboardButton(text="u", url="https://x.kz")],
        ]
    )
    rows = tagged_markup(markup, editing).inline_keyboard
    assert [[b.callback_data for b in row] for row in rows] == [["@-7|dt:60"], [None], ["pick:0"]]
    assert with_banner("Settings", editing) == "<b>Club</b>\n\nSettings"
    assert with_banner(with_banner("Settings", editing), editing) == "<b>Club</b>\n\nSettings"
    assert with_banner("x" * 4096, editing) == "x" * 4096  # no room: the text as it is
