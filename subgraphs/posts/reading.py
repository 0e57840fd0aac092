"""Reading time, computed when a post is saved (stored with the post, copied onto feed cards).

Words are runs of letters or digits; the language is the script most letters are written in
(Cyrillic: Russian, otherwise English), read at that language's pace: Russian words are longer,
so fewer of them are read a minute (reading-speed studies put silent reading of Russian at
about 180 words a minute and of English at about 230)."""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = {"ru": 180, "en": 230}
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def language(text: str) -> str:
    """ "ru" when Cyrillic letters outnumber Latin ones, else "en"."""
    return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def reading_minutes(text: str) -> int:
    """Whole minutes, at least one (a post is never "0 min read")."""
    words = len(_WORD.findall(text))
    return max(1, math.ceil(words / WORDS_PER_MINUTE[language(text)]))
