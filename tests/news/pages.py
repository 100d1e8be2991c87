"""Test pages: a real article's text (the seed article, from the page it was copied from)
wrapped in the boilerplate such pages carry — navigation, "You are here", share buttons, a
feedback box in the middle of the story, related links, a Telegram promo, a footer."""

from __future__ import annotations

import html
import json
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "bt-xi-trade-talks.jsonl"

BOILERPLATE = [
    "You are here", "Home", "Companies & Markets", "Government & Economy", "Subscribe",
    "Share this article", "Share on Facebook", "Share on Twitter", "Share on LinkedIn",
    "Your feedback is important to us", "Tell us what you think. Email us at",
    "btuserfeedback@sph.com.sg", "BT is now on Telegram!",
    "For daily updates on weekdays and specially selected content for the weekend. "
    "Subscribe to t.me/BizTimes", "Related stories", "Most read",
    "Singapore shares open lower on Monday", "Oil prices edge up as supply worries grow",
    "Terms & Conditions", "Privacy Policy", "Copyright © 2018 SPH Digital News",
]


def seed_article() -> tuple[str, list[str]]:
    """The seed article's headline and body paragraphs."""
    text = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["text"]
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return paragraphs[0], paragraphs[1:]


def page(title: str, paragraphs: list[str], *, outlet: str = "The Business Times",
         url: str = "https://www.businesstimes.com.sg/government-economy/burned-once",
         author: str = "Bloomberg", date: str = "2018-07-23", lang: str = "en",
         feedback_at: int = 5) -> str:
    """A news page as a site serves it: the article among its site's boilerplate."""
    e = html.escape
    body = []
    for n, p in enumerate(paragraphs):
        if n == feedback_at:
            body.append('<div class="feedback-box"><h4>Your feedback is important to us</h4>'
                        '<p>Tell us what you think. Email us at '
                        '<a href="mailto:btuserfeedback@sph.com.sg">btuserfeedback@sph.com.sg'
                        '</a></p></div>')
        body.append(f"<p>{e(p)}</p>")
    nav = "".join(f'<li><a href="/{n}">{e(n)}</a></li>' for n in
                  ("Home", "Companies & Markets", "Government & Economy", "Opinion",
                   "Lifestyle", "Subscribe"))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{e(title)} | {e(outlet)}</title>
<meta property="og:title" content="{e(title)}">
<meta property="og:site_name" content="{e(outlet)}">
<meta property="og:url" content="{e(url)}">
<link rel="canonical" href="{e(url)}">
<meta name="author" content="{e(author)}">
<meta property="article:published_time" content="{date}T05:50:00+08:00">
</head><body>
<header><nav class="main-nav"><ul>{nav}</ul></nav>
<div class="breadcrumb">You are here <a href="/">Home</a> &gt;
<a href="/government-economy">Government &amp; Economy</a></div></header>
<main><article class="story">
<h1 class="headline">{e(title)}</h1>
<div class="byline">by <span class="author">{e(author)}</span>
<time datetime="{date}">{date}</time></div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a>
<a href="#">Share on LinkedIn</a> <span>Share this article</span></div>
<div class="body">{''.join(body)}</div>
<div class="promo telegram"><strong>BT is now on Telegram!</strong>
<p>For daily updates on weekdays and specially selected content for the weekend.
Subscribe to t.me/BizTimes</p></div>
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Singapore shares open lower on Monday</a></li>
<li><a href="/b">Oil prices edge up as supply worries grow</a></li></ul>
<h3>Most read</h3></aside></main>
<footer><a href="/terms">Terms &amp; Conditions</a> <a href="/privacy">Privacy Policy</a>
<p>Copyright © 2018 SPH Digital News</p></footer>
</body></html>"""


def stories() -> list[tuple[str, list[str]]]:
    """Three different stories cut from the seed article (its paragraphs in three runs),
    each with a headline of its own: distinct real texts for the duplicate tests."""
    title, paragraphs = seed_article()
    third = len(paragraphs) // 3
    heads = [title, "China weighs a new round of trade talks with caution",
             "Intellectual property emerges as a possible compromise"]
    return [(heads[i], paragraphs[i * third:(i + 1) * third]) for i in range(3)]


def lightly_edited(paragraphs: list[str]) -> list[str]:
    """A syndicated copy: one paragraph cut, a few words changed, a credit line added."""
    out = [p.replace("said", "told reporters").replace("Mr ", "Mr. ") for p in paragraphs]
    del out[len(out) // 2]
    return out + ["Additional reporting by Reuters."]
