"""Telegram-style ``parse_mode=HTML`` parser.

A port of the relevant part of tdlib's ``parse_html`` (td/telegram/MessageEntity.cpp): it turns
the HTML a bot sends into the visible text plus a list of MessageEntity dicts, and rejects the same
inputs Telegram rejects with the same error wording ("Unsupported start tag ...", "Unmatched end
tag ...", ...).  Offsets and lengths are in UTF-16 code units, like the Bot API.

One deliberate difference, switchable with ``strict_entities``: tdlib silently keeps a bare ``&`` that
does not start a recognised entity, while the Bot API docs say every ``&`` must be escaped.  The
default (strict) follows the docs, so unescaped user content is caught by tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EntityParseError",
    "ParsedText",
    "parse_html",
    "strip_text",
    "utf16_len",
]

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)

_TAG_TO_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
}

# tdlib's is_space(); NUL is treated as a space there as well.
_SPACES = frozenset(" \t\r\n\v\0")
_SPECIAL = re.compile(r"[<&]")
_LANG = "_language"  # scratch key carrying <code class="language-x"> up to </pre>
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(exc)`` is the tdlib-style reason."""


@dataclass(slots=True)
class ParsedText:
    """Visible text and MessageEntity dicts (``type``, ``offset``, ``length`` and extras)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    # Telegram reports positions as UTF-8 byte offsets; only computed on the error path.
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode an HTML entity starting at ``text[pos] == "&"`` like tdlib's decode_html_entity.

    Returns the character and the index just past the entity (an optional ``;`` included),
    or ``None`` when the ``&`` does not start a supported entity.
    """
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        value = 0
        if end < n and text[end] == "x":
            end += 1
            start = end
            while end < n and text[end] in "0123456789abcdefABCDEF":
                end += 1
            digits = text[start:end]
            value = int(digits, 16) if digits else 0
        else:
            start = end
            while end < n and text[end].isascii() and text[end].isdigit():
                end += 1
            digits = text[start:end]
            value = int(digits) if digits else 0
        if value == 0 or value >= 0x10FFFF or end - pos >= 10 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        start = end
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        decoded = _NAMED_ENTITIES.get(text[start:end])
        if decoded is None:
            return None
        char = decoded
    if end < n and text[end] == ";":
        end += 1
    return char, end


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_index: int  # index into the output chunks, to recover the inner text of <a> without href
    byte_pos: int


def parse_html(text: str, *, strict_entities: bool = True) -> ParsedText:
    """Parse Telegram HTML.

    :param text: the ``text`` parameter as sent by the bot.
    :param strict_entities: reject a bare ``&`` (and ``&lt`` without ``;``), as the Bot API docs
        demand; with ``False`` behave exactly like tdlib and keep such ``&`` literally.
    :raises EntityParseError: with a Telegram-like reason (without the "Bad Request: ..." prefix).
    """
    out: list[str] = []
    utf16_offset = 0
    entities: list[dict[str, Any]] = []
    stack: list[_OpenTag] = []
    n = len(text)
    i = 0

    def emit(chunk: str) -> None:
        nonlocal utf16_offset
        if chunk:
            out.append(chunk)
            utf16_offset += utf16_len(chunk)

    while i < n:
        match = _SPECIAL.search(text, i)
        if match is None:
            emit(text[i:])
            break
        emit(text[i : match.start()])
        i = match.start()

        if text[i] == "&":
            decoded = _decode_entity(text, i)
            if strict_entities and (decoded is None or text[decoded[1] - 1] != ";"):
                raise EntityParseError(
                    f'Character "&" must be escaped as "&amp;" at byte offset {_byte_offset(text, i)}'
                )
            if decoded is None:
                emit("&")
                i += 1
            else:
                emit(decoded[0])
                i = decoded[1]
            continue

        # text[i] == "<"
        begin = i
        i += 1
        if i < n and text[i] == "/":
            i = _close_tag(text, begin, stack, entities, out, utf16_offset)
            continue
        i = _open_tag(text, begin, stack, utf16_offset, len(out))

    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')

    for entity in entities:
        entity.pop(_LANG, None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities)


def _open_tag(text: str, begin: int, stack: list[_OpenTag], utf16_offset: int, out_index: int) -> int:
    n = len(text)
    i = begin + 1
    while i < n and text[i] not in _SPACES and text[i] != ">":
        i += 1
    if i >= n:
        raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
    tag_name = text[begin + 1 : i].lower()
    if tag_name not in SUPPORTED_TAGS:
        raise EntityParseError(
            f'Unsupported start tag "{tag_name}" at byte offset {_byte_offset(text, begin)}'
        )

    argument = ""
    while text[i] != ">":
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if text[i] == ">":
            break
        attr_begin = i
        while i < n and text[i] not in _SPACES and text[i] not in "=>":
            i += 1
        attribute = text[attr_begin:i].lower()
        if not attribute:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag_name}" at byte offset {_byte_offset(text, begin)}'
            )
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if text[i] != "=":
            if text[i] == ">" or text[i - 1] in _SPACES:
                # Valueless attribute; only <blockquote expandable> means something.
                if tag_name == "blockquote" and attribute == "expandable":
                    argument = "1"
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag_name}" '
                f"at byte offset {_byte_offset(text, begin)}"
            )
        i += 1
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(
                f'Unclosed start tag "{tag_name}" at byte offset {_byte_offset(text, begin)}'
            )
        value_chars: list[str] = []
        if text[i] not in "'\"":
            # An unquoted name token: letters, digits, periods and hyphens only.
            token_begin = i
            while i < n and (text[i].isascii() and (text[i].isalnum() or text[i] in ".-")):
                i += 1
            value = text[token_begin:i].lower()
            if i >= n or (text[i] not in _SPACES and text[i] != ">"):
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_begin)}"
                )
        else:
            quote = text[i]
            i += 1
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_entity(text, i)
                    if decoded is not None:
                        value_chars.append(decoded[0])
                        i = decoded[1]
                        continue
                value_chars.append(text[i])
                i += 1
            if i < n:
                i += 1  # closing quote
            value = "".join(value_chars)
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")

        if tag_name == "a" and attribute == "href":
            argument = value
        elif tag_name == "code" and attribute == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag_name == "span" and attribute == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag_name == "tg-emoji" and attribute == "emoji-id":
            argument = value
        elif tag_name == "blockquote" and attribute == "expandable":
            argument = "1"

    if tag_name == "span" and argument != "spoiler":
        raise EntityParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, begin)}'
        )
    stack.append(_OpenTag(tag_name, argument, utf16_offset, out_index, _byte_offset(text, begin)))
    return i + 1


def _close_tag(
    text: str,
    begin: int,
    stack: list[_OpenTag],
    entities: list[dict[str, Any]],
    out: list[str],
    utf16_offset: int,
) -> int:
    n = len(text)
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
    i = begin + 2
    while i < n and text[i] not in _SPACES and text[i] != ">":
        i += 1
    end_name = text[begin + 2 : i]
    while i < n and text[i] in _SPACES:
        i += 1
    if i >= n or text[i] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
    tag = stack.pop()
    # tdlib compares the raw end tag name with the lower-cased start tag name.
    if end_name and end_name != tag.name:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
            f'expected "</{tag.name}>", found "</{end_name}>"'
        )

    length = utf16_offset - tag.utf16_offset
    if length <= 0:
        return i + 1  # empty entities are dropped, as in tdlib
    entity: dict[str, Any] = {"offset": tag.utf16_offset, "length": length}
    if tag.name == "a":
        url = tag.argument or "".join(out[tag.text_index :])
        if not _fill_link(entity, url):
            return i + 1
    elif tag.name == "tg-emoji":
        if not tag.argument.isdigit() or int(tag.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
    elif tag.name == "blockquote":
        entity["type"] = "expandable_blockquote" if tag.argument else "blockquote"
    elif tag.name == "pre":
        entity["type"] = "pre"
        # <pre><code class="language-x">...</code></pre> collapses into one pre entity.
        last = entities[-1] if entities else None
        if (
            last
            and last["type"] == "code"
            and last["offset"] == entity["offset"]
            and last["length"] == length
        ):
            entities.pop()
            if last.get(_LANG):
                entity["language"] = last[_LANG]
    elif tag.name == "code":
        entity["type"] = "code"
        if tag.argument and stack and stack[-1].name == "pre":
            entity[_LANG] = tag.argument  # consumed by the enclosing </pre>, removed otherwise
    else:
        entity["type"] = _TAG_TO_ENTITY[tag.name]
    entities.append(entity)
    return i + 1


def _fill_link(entity: dict[str, Any], url: str) -> bool:
    url = url.strip()
    if not url or any(c in _SPACES for c in url):
        return False  # tdlib silently drops links whose URL fails validation
    if url.startswith("tg://user?id="):
        user_id = url[len("tg://user?id=") :]
        if user_id.isdigit():
            entity.update(type="text_mention", user={"id": int(user_id), "is_bot": False, "first_name": ""})
            return True
    if "://" not in url and not url.startswith(("tg:", "mailto:")):
        url = "http://" + url
    entity.update(type="text_link", url=url)
    return True


def strip_text(text: str, entities: list[dict[str, Any]]) -> ParsedText:
    """Trim leading/trailing whitespace like Telegram does, shifting and clipping entities."""
    stripped = text.strip()
    if stripped == text:
        return ParsedText(text, entities)
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    result: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, result)
