"""Keystrokes per final span: the seed article played to a gold layer in the real window
(an offscreen MainWindow, driven by the scenario harness as a person would), with and without
the quote suggestions. Counted: key presses, clicks and drags.

Gold: benchmarks/data/seed_gold.jsonl, a hand labelling of the seed's who-said-what (CLAIM,
SPEAKER, CUE, SAID; CLAIM `quote` and SPEAKER `kind` values). Content is what the speaker
said, without the journalist's framing ("Now that ...," before "China is worried ..."); quote
marks and the comma before a closing mark are left out; a pronoun speaker ("he") is labelled
as written.

Without suggestions, per span: a drag and the label's key (and an edge key where the drag's
snapping to words misses gold's extent, e.g. a quote's final full stop); per link: a click on
one end (unless it is the span just made, which is selected), A, the arrow keys down the
offered links to the right one, Return. With suggestions: N once, then per suggestion Return (right),
a label key (right extent, other label) or X (wrong); then the same manual work for what the
suggestions missed. Scrolling to a place is not counted (either way the same), nor setting
attribute values (they come with an accepted suggestion; by hand they would cost more keys).

Run: python benchmarks/keystrokes.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from _common import ROOT, record

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
GOLD = Path(__file__).parent / "data" / "seed_gold.jsonl"


class _Bot:
    """What the scenario harness needs of pytest-qt's qtbot, outside pytest."""

    def wait(self, ms: int) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(ms)

    def waitUntil(self, check, timeout: int = 5000) -> None:  # noqa: N802 (qtbot's name)
        from PySide6.QtTest import QTest

        for _ in range(timeout // 10):
            if check() is not False:
                return
            QTest.qWait(10)
        raise TimeoutError("waited in vain")


def gold():
    import orjson

    record_ = orjson.loads(GOLD.read_bytes().splitlines()[0])
    spans = {s["id"]: (s["start"], s["end"], s["label"]) for s in record_["spans"]}
    links = {(spans[r["head"]], spans[r["child"]], r["label"]) for r in record_["relations"]}
    attrs = {spans[s["id"]]: s["attrs"] for s in record_["spans"] if s.get("attrs")}
    return sorted(spans.values()), links, attrs


class Player:
    """A person bringing the open document to the gold layer, counting what they do."""

    def __init__(self, me):
        self.me, self.ws = me, me.window.workspace
        self.keys = {lb.name: lb.key for lb in self.ws.store.labels("span")}
        self.count = {"keys": 0, "drags": 0, "clicks": 0}

    def press(self, key: str) -> None:
        self.me.press(key)
        self.count["keys"] += 1

    def mine(self) -> dict:
        return {(s.start, s.end, s.label): s for s in self.ws.spans()}

    def links(self) -> set:
        by_id = {s.id: (s.start, s.end, s.label) for s in self.ws.spans()}
        return {(by_id[r.head_span_id], by_id[r.child_span_id], r.label)
                for r in self.ws.relations()}

    def make_span(self, key) -> None:
        start, end, label = key
        self.me.view.ensure_visible(end)
        self.me.view.ensure_visible(start)
        self.me.drag(start, end)
        self.count["drags"] += 1
        self.press(self.keys[label])
        # The drag snaps to words and leaves out a final full stop: the edge keys fix it.
        for _ in range(12):
            span = self.ws.store.span(self.ws.selected) if self.ws.selected else None
            if span is None or (span.start, span.end) == (start, end):
                break
            self.press("[" if span.start > start else "]" if span.start < start
                       else "}" if span.end < end else "{")

    def make_link(self, head, child, label, select) -> None:
        mine = self.mine()
        span = mine[select]
        if self.ws.selected != span.id:
            self.me.view.ensure_visible(span.start)
            self.me.click(span.start)
            self.count["clicks"] += 1
        other = mine[child if select == head else head]
        options = self.ws.link_options(span)
        place = next(i for i, o in enumerate(options)
                     if o.other.id == other.id and o.label == label)
        self.press("A")
        for _ in range(place):
            self.press("Down")
        self.press("Return")
        self.me.window.activateWindow()  # offscreen, as a window manager gives it back
        self.me.qtbot.waitUntil(lambda: self.me.focus() is not None)

    def decide_suggestions(self, spans) -> None:
        wanted = set(spans)
        labels = {(s, e): label for s, e, label in spans}
        self.press("N")
        current = self.ws.suggestions.current_one()
        while current is not None:
            if current.key in wanted:
                self.press("Return")
            elif (current.start, current.end) in labels:
                self.press(self.keys[labels[current.start, current.end]])
            else:
                self.press("X")
            current = self.ws.suggestions.current_one()

    def finish(self, spans, links) -> None:
        """Make by hand what is missing, in reading order; each link once both ends are
        there (with the span just made selected, when it is one of them)."""
        wrong = self.links() - links
        for head, child, label in wrong:  # a click on the link's row, Delete
            relation = next(r for r in self.ws.relations() if r.label == label and
                            self.ws.store.span(r.head_span_id).start == head[0])
            self.ws.unlink(relation.id)
            self.count["clicks"] += 1
            self.count["keys"] += 1
        for key in spans:
            if key not in self.mine():
                self.make_span(key)
                for head, child, label in sorted(links - self.links()):
                    if key in (head, child) and {head, child} <= self.mine().keys():
                        self.make_link(head, child, label, select=key)
        for head, child, label in sorted(links - self.links()):
            self.make_link(head, child, label, select=child)


def play(with_suggestions: bool, folder: Path) -> tuple[dict, bool, int]:
    from PySide6.QtWidgets import QApplication

    from annotator.core.importer import import_paths
    from annotator.core.project import suggest_quotes
    from annotator.core.resources import data_dir
    from annotator.core.store import Store
    from annotator.ui.main_window import MainWindow
    from tests.ui.scenario import Person

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("annotator-bench")
    path = folder / ("with.annotator" if with_suggestions else "without.annotator")
    with Store.open(path) as store:
        import_paths(store, [data_dir("seeds")])
        if with_suggestions:
            suggest_quotes(store)
    window = MainWindow(Store.open(path), "bench")
    window.resize(1360, 840)
    window.show()
    window.activateWindow()
    me = Person(_Bot(), window)
    me.qtbot.wait(50)
    spans, links, attrs = gold()
    player = Player(me)
    if with_suggestions:
        player.decide_suggestions(spans)
    player.finish(spans, links)
    reached = set(player.mine()) == set(spans) and player.links() == links
    store = window.workspace.store
    have = {k: store.span_attributes(s.id) for k, s in player.mine().items()}
    values = sum(have.get(k) == v for k, v in attrs.items())
    window.close()
    return player.count, reached, values


def main() -> int:
    spans, links, attrs = gold()
    with tempfile.TemporaryDirectory() as tmp:
        rows = {mode: play(mode == "with", Path(tmp)) for mode in ("without", "with")}
    print(f"Seed article to gold: {len(spans)} spans, {len(links)} SAID links, "
          f"{len(attrs)} attribute values")
    print(f"{'':22}{'keys':>6}{'drags':>7}{'clicks':>8}{'total':>7}{'per span':>10}"
          f"{'  gold reached':>15}{'values':>8}")
    totals = {}
    for mode, (count, reached, values) in rows.items():
        totals[mode] = sum(count.values())
        print(f"{mode + ' suggestions':22}{count['keys']:>6}{count['drags']:>7}"
              f"{count['clicks']:>8}{totals[mode]:>7}{totals[mode] / len(spans):>10.2f}"
              f"{'yes' if reached else 'NO':>15}{values:>5}/{len(attrs)}")
    ratio = totals["without"] / totals["with"]
    print(f"ratio without / with: {ratio:.2f}x fewer with suggestions (target >= 2x)")
    record("keystrokes per final span", round(totals["with"] / len(spans), 2),
           round(totals["without"] / len(spans), 2), "actions/span", ">= 2x fewer",
           ratio >= 2 and all(r[1] for r in rows.values()), "by hand")
    return 0 if all(r[1] for r in rows.values()) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
