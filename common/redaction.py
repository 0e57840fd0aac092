"""What never leaves a process in a log line or an error report: secrets and personal data.

One policy for the logs (`common.logging`) and the graveyard (`common.graveyard`):
- a value under a sensitive key (password, token, secret, authorization, cookie, email,
  phone ...; at any depth) becomes `[redacted]`, whatever it is;
- in any other string, email addresses, JSON Web Tokens and `Bearer` credentials are
  replaced where they appear (`"login failed for ann@example.com"` keeps its sense, not the
  address).
Ids (user id, track id, trace id) are not personal data here and pass: they are how an SRE
finds everything that happened to a request.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["REDACTED", "is_sensitive_key", "redact", "redact_text"]

REDACTED = "[redacted]"

_SENSITIVE_KEY = re.compile(
    r"pass(word|wd|phrase)?|secret|token|authorization|cookie|credential|api[_-]?key|"
    r"private[_-]?key|e[-_]?mail|phone|otp|dsn|signature|vapid|p256dh|auth_key",
    re.IGNORECASE,
)
# Keys that contain a sensitive word but only name or count things (never a secret value).
_SAFE_KEYS = frozenset({"track_id", "token_type", "email_verified", "has_email"})

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s/]+@")


def is_sensitive_key(key: object) -> bool:
    return isinstance(key, str) and _sensitive_name(key)


@functools.lru_cache(maxsize=4096)  # keys are a small set of names, seen on every line
def _sensitive_name(key: str) -> bool:
    return key not in _SAFE_KEYS and bool(_SENSITIVE_KEY.search(key))


def redact_text(text: str) -> str:
    """`text` with email addresses, JWTs, bearer credentials and URL passwords replaced."""
    if "@" in text:
        text = _URL_PASSWORD.sub(r"\1" + REDACTED + "@", text)
        text = _EMAIL.sub("[email]", text)
    if "eyJ" in text:
        text = _JWT.sub("[jwt]", text)
    if "earer" in text or "asic" in text:
        text = _BEARER.sub(r"\1 " + REDACTED, text)
    return text


def redact(value: Any, _depth: int = 0) -> Any:
    """A copy of `value` (dicts, lists, strings; anything else as it is) under the policy."""
    if isinstance(value, str):
        return redact_text(value)
    if value is None or isinstance(value, int | float):
        return value
    if _depth > 24:
        return value
    if isinstance(value, Mapping):
        return {
            k: (REDACTED if is_sensitive_key(k) and v is not None else redact(v, _depth + 1))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v, _depth + 1) for v in value]
    return value
