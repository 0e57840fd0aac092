"""The input rules of auth: emails, logins, passwords and ids, checked before any store is
touched so that bad input gets one clear BAD_USER_INPUT naming its field."""

from __future__ import annotations

import uuid

from email_validator import EmailNotValidError, validate_email

from common.errors import BadUserInput

MAX_EMAIL = 254
MIN_PASSWORD = 10
MAX_PASSWORD = 128
MAX_LOGIN = 64
COMMON_PASSWORDS = frozenset(
    [
        "1234567890",
        "12345678910",
        "0123456789",
        "0987654321",
        "1111111111",
        "1234512345",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "password12",
        "password123",
        "password1234",
        "passw0rd12",
        "iloveyou12",
        "abcdefghij",
        "abc1234567",
        "letmein123",
        "welcome123",
        "administrator",
        "admin12345",
        "trustno1234",
        "changeme12",
        "football12",
        "baseball12",
        "princess12",
        "sunshine12",
        "superman12",
        "starwars12",
        "dragon1234",
        "monkey1234",
        "zaq12wsxcv",
        "asdfghjkl1",
        "zxcvbnm123",
        "1234qwerty",
        "qwerty123456",
        "aaaaaaaaaa",
        "123123123123",
        "passwordpassword",
    ]
)


def normalize_email(value: str, *, field: str = "email") -> str:
    value = value.strip()
    if not value:
        raise BadUserInput("Email is required", field=field)
    if len(value) > MAX_EMAIL:
        raise BadUserInput(f"Email must be at most {MAX_EMAIL} characters", field=field)
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise BadUserInput(f"Email is not valid: {exc}", field=field) from exc


def check_password_length(password: str, *, field: str = "password") -> None:
    if len(password) > MAX_PASSWORD:
        raise BadUserInput(f"Password must be at most {MAX_PASSWORD} characters", field=field)


def check_new_password(
    password: str, *, email: str, login: str | None = None, field: str = "password"
) -> None:
    """The rules of choosing a password, against the email and login the account has at
    that moment (sign-up, create-owner, change, reset). Only a hash is kept, so a later change
    of email (setUserEmail) or login (updateProfile) cannot be checked against the password,
    and is not: the rule keeps a person from picking a password made of their public
    identifiers; an identifier chosen later (by them or an OWNER) does not make the secret
    they chose easier to guess than it was."""
    check_password_length(password, field=field)
    if len(password) < MIN_PASSWORD:
        raise BadUserInput(f"Password must be at least {MIN_PASSWORD} characters", field=field)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        raise BadUserInput("Password is too common or too simple", field=field)
    local = email.partition("@")[0].lower()
    if len(local) >= 3 and local in lowered:
        raise BadUserInput("Password must not contain your email address", field=field)
    name = (login or "").strip().lower()
    if len(name) >= 3 and name in lowered:
        raise BadUserInput("Password must not contain your login", field=field)


def check_login(login: str) -> str:
    login = login.strip()
    if not login:
        raise BadUserInput("Login is required", field="login")
    if len(login) > MAX_LOGIN:
        raise BadUserInput(f"Login must be at most {MAX_LOGIN} characters", field="login")
    return login


def parse_user_id(value: str, *, field: str = "userId") -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError) as exc:
        raise BadUserInput(f"{field} is not a valid id", field=field) from exc
