"""Telegram handlers: one Router per feature, in the order the Dispatcher tries them."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin,
    callbacks,
    channel,
    chat_members,
    chats,
    fallback,
    feeds,
    filters,
    language,
    news,
    news_languages,
    settings,
    start,
    subscription,
)


def routers() -> list[Router]:
    """Every feature router; the fallback comes last so it only sees what nothing else took.

    A router belongs to one Dispatcher at a time; a new Dispatcher in the same process (tests make one
    per test) takes them over, so they are released from the previous one first.
    """
    feature_routers = [
        callbacks.router,
        start.router,
        subscription.router,
        news.router,
        language.router,
        settings.router,
        feeds.router,
        filters.router,
        news_languages.router,
        admin.router,
        chats.router,
        chat_members.router,
        channel.router,
        fallback.router,
    ]
    for router in feature_routers:
        router._parent_router = None
    return feature_routers
