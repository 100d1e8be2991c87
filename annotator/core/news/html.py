"""One saved web page -> the article's text (headline, then body paragraphs) and its
metadata, by trafilatura (the field's standard extractor; no heuristics of our own).

The text stored is what trafilatura returns for the body, after the headline it found; from
then on it is a text like any other (offsets count its code points).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.text import decode

# meta key -> trafilatura's field (the outlet is its site name, else the host name)
META_FIELDS = (("title", "title"), ("outlet", "sitename"), ("url", "url"),
               ("author", "author"), ("date", "date"), ("language", "language"))


# Boxes inside a story that trafilatura's own boilerplate list does not name: a "Was this
# article helpful?" feedback box of buttons (a box with a heading it drops by itself). Passed
# to trafilatura as its prune_xpath, so the extraction stays its own.
PRUNE = ("//*[contains(concat(' ', normalize-space(@class), ' '), ' feedback ')"
         " or contains(@class, 'feedback-') or @id = 'feedback']",)

_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)", re.I)


def page_language(html: str | bytes) -> str | None:
    """The language the page declares (`<html lang>`), when trafilatura did not say."""
    head = html[:4096]
    found = _LANG.search(head.encode("utf-8", "replace") if isinstance(head, str) else head)
    return found.group(1).decode().lower() if found else None


@dataclass
class Article:
    text: str
    title: str | None
    meta: dict = field(default_factory=dict)


def _trafilatura():
    try:
        import trafilatura
    except ImportError as e:  # lxml >= 5.2 split its cleaner out into lxml_html_clean
        raise InvalidInput(f"reading web pages needs trafilatura and lxml_html_clean "
                           f"(pip install trafilatura lxml_html_clean): {e}") from None
    return trafilatura


def extract(html: str | bytes, url: str | None = None) -> Article | None:
    """The article in `html`, or None when the page holds no article text."""
    trafilatura = _trafilatura()
    found = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=True,  # drops boxes inside the story (a feedback box): see benchmarks
        deduplicate=False, prune_xpath=list(PRUNE))
    if found is None:
        return None
    data = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    body = (data.get("text") or "").strip()
    if not body:
        return None
    title = (data.get("title") or "").strip() or None
    meta = {}
    for key, name in META_FIELDS:
        value = data.get(name)
        if key == "outlet" and not value:
            value = data.get("hostname")
        if key == "url" and not value:
            value = url
        if key == "language" and not value:
            value = page_language(html)
        if value:
            meta[key] = str(value).strip()
    text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
    return Article(text, title, meta)


def extract_file(path: Path, encoding: str | None = None) -> Article | None:
    """A saved page: its bytes decoded as the page says (else UTF-8, as our text files)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", str(path)) from None
    if encoding:
        return extract(decode(data, str(path), encoding))
    return extract(data)  # bytes: trafilatura reads the page's own charset
