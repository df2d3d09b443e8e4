"""Tone: banned phrases (threats, harassment, shaming).

Bot prompts containing a banned phrase cannot be activated; agent messages
containing one are held with a warning. The built-in lists cover English,
Simplified and Traditional Chinese; ``[compliance] extra_banned_phrases`` adds to
them. (What a debtor says in crisis is recognised in ``bot.understanding.safety``.)

Matching rules: case-insensitive, any run of whitespace between words matches
one space. Phrases made of Latin letters or digits match whole words only
("jail" finds "go to jail" but not "jailbreak my phone"; inflections are listed
explicitly: "arrest", "arrested"). Chinese phrases match anywhere, since
Chinese has no spaces between words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from bot.config import ComplianceSettings

BANNED_PHRASES: tuple[str, ...] = (
    # threats of arrest or prison
    "arrest",
    "arrested",
    "arrest warrant",
    "jail",
    "jailed",
    "prison",
    "imprisoned",
    "police will come",
    "call the police",
    "criminal charges",
    "you are a criminal",
    # threats of harm or seizure the collector cannot carry out
    "we know where you live",
    "ruin your life",
    "you will regret",
    "you'll regret",
    "seize your house",
    "take your house",
    "take your children",
    # third-party shaming and disclosure
    "tell your employer",
    "tell your boss",
    "tell your family",
    "tell your friends",
    "tell your neighbors",
    "tell your coworkers",
    "tell your colleagues",
    "contact your employer",
    "sue your family",
    "expose you",
    "post your name",
    "public shame",
    # insults
    "deadbeat",
    "loser",
    "idiot",
    "scumbag",
    # 中文（简体 / 繁體）
    "坐牢",
    "蹲监狱",
    "蹲監獄",
    "抓你",
    "拘留你",
    "警察会上门",
    "警察會上門",
    "报警抓",
    "報警抓",
    "起诉你家人",
    "起訴你家人",
    "曝光",
    "告诉你的同事",
    "告訴你的同事",
    "告诉你的家人",
    "告訴你的家人",
    "告诉你的朋友",
    "告訴你的朋友",
    "告诉你的领导",
    "告訴你的領導",
    "通知你单位",
    "通知你單位",
    "通讯录",
    "通訊錄",
    "老赖",
    "老賴",
    "让你好看",
    "讓你好看",
    "后果自负",
    "後果自負",
    "走着瞧",
    "走著瞧",
    "上门催收",
    "上門催收",
)

_LATIN = re.compile(r"[A-Za-z0-9]")


def _pattern(phrase: str) -> str:
    words = phrase.strip().split()
    body = r"\s+".join(re.escape(w) for w in words)
    if _LATIN.match(words[0][0]):
        body = r"(?<![A-Za-z0-9])" + body
    if _LATIN.match(words[-1][-1]):
        body += r"(?![A-Za-z0-9])"
    return body


@lru_cache(maxsize=32)
def _compiled(phrases: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for phrase in phrases:
        if phrase.strip():
            out.append((phrase, re.compile(_pattern(phrase), re.IGNORECASE)))
    return out


def _find(text: str, phrases: tuple[str, ...]) -> list[str]:
    # Typographic apostrophes count as plain ones ("you’ll regret").
    text = text.replace("\u2019", "'")
    hits = []
    for phrase, pattern in _compiled(phrases):
        m = pattern.search(text)
        if m:
            hits.append((m.start(), phrase))
    seen: set[str] = set()
    out = []
    for _, phrase in sorted(hits):
        if phrase not in seen:
            seen.add(phrase)
            out.append(phrase)
    return out


def find_phrases(text: str, phrases: Sequence[str]) -> list[str]:
    """The entries of ``phrases`` found in ``text`` (same matching rules), in order."""
    return _find(text, tuple(phrases))


def _merged(builtin: Iterable[str], extra: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*builtin, *(e for e in extra if e.strip())]))


def find_banned(text: str, extra: Sequence[str] = ()) -> list[str]:
    """The banned phrases found in ``text``, in order of appearance.

    Args:
        text: A bot prompt or an agent message.
        extra: Additional phrases (``[compliance] extra_banned_phrases``).

    Returns:
        The list entries that occur (empty if the text is fine).
    """
    return _find(text, _merged(BANNED_PHRASES, extra))


def check_prompts(prompts: Mapping[str, str], extra: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Every (prompt key, banned phrase) pair in a script's prompts, sorted by key.

    A script version with any such pair must not be activated.
    """
    return [(key, phrase) for key in sorted(prompts) for phrase in find_banned(prompts[key], extra)]


def banned_phrases(settings: ComplianceSettings) -> tuple[str, ...]:
    """The built-in banned phrases plus the configured extra ones."""
    return _merged(BANNED_PHRASES, settings.extra_banned_phrases)
