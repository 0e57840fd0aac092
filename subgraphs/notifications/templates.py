"""Rendering a notification: Jinja2 templates per type and locale, CSS inlined for mail clients.

Each `templates/<locale>/<name>.jinja` defines three blocks: `subject` and `text` (plain, with
autoescape switched off inside them) and `html` (autoescaped: everything from a request is
untrusted). The html block is put into `layout.html` and its `<style>` is inlined with
css-inline, as most mail clients drop `<style>` elements. A fact a producer left out renders
as empty text.

    renderer = Renderer()
    rendered = renderer.render("new_post_by_author", "ru", {"author": "Ann", ...})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import css_inline
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LOCALES = ("en", "ru")
DEFAULT_LOCALE = "en"

#: Words of the layout's footer, by locale.
FOOTER = {
    "en": {
        "footer": "You receive this because of your notification settings at Indefinite Studies.",
        "unsubscribe_label": "Unsubscribe",
    },
    "ru": {
        "footer": "Вы получили это письмо согласно настройкам уведомлений в Indefinite Studies.",
        "unsubscribe_label": "Отписаться",
    },
}


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def pick_locale(locale: str | None) -> str:
    """`ru`, `ru-RU`, `ru_RU` -> `ru`; anything we do not have -> English."""
    language = (locale or "").replace("_", "-").split("-")[0].lower()
    return language if language in LOCALES else DEFAULT_LOCALE


class Renderer:
    def __init__(self, *, templates_dir: Path = TEMPLATES_DIR) -> None:
        self.env = Environment(
            loader=FileSystemLoader(templates_dir),
            autoescape=select_autoescape(default=True, default_for_string=True),
            keep_trailing_newline=False,
            auto_reload=False,
        )
        self._inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)

    def has(self, name: str) -> bool:
        return (TEMPLATES_DIR / DEFAULT_LOCALE / f"{name}.jinja").exists()

    def _template(self, name: str, locale: str) -> Template:
        return self.env.get_template(f"{pick_locale(locale)}/{name}.jinja")

    def subject(self, name: str, locale: str, context: Mapping[str, Any]) -> str:
        """Only the subject line (what the inbox and push show as a title)."""
        template = self._template(name, locale)
        return _block(template, "subject", context).strip()

    def render(
        self,
        name: str,
        locale: str,
        context: Mapping[str, Any],
        *,
        unsubscribe_url: str | None = None,
    ) -> Rendered:
        template = self._template(name, locale)
        language = pick_locale(locale)
        subject = " ".join(_block(template, "subject", context).split())
        text = _block(template, "text", context).strip() + "\n"
        body = Markup(_block(template, "html", context))  # already escaped by autoescape
        page = self.env.get_template("layout.html").render(
            locale=language,
            subject=subject,
            body=body,
            unsubscribe_url=unsubscribe_url,
            **FOOTER[language],
        )
        if unsubscribe_url:
            text += f"\n--\n{FOOTER[language]['unsubscribe_label']}: {unsubscribe_url}\n"
        return Rendered(subject=subject, text=text, html=self._inliner.inline(page))


def _block(template: Template, block: str, context: Mapping[str, Any]) -> str:
    ctx = template.new_context(dict(context))
    return "".join(template.blocks[block](ctx))
