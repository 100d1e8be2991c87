"""Make every screenshot in docs/ in one run, offscreen:

    .venv/bin/python docs/make_screenshots.py [OUTDIR]

A demo project is built from seeds/ in a temporary folder: three annotators (alice, bob, carol)
label the sample article, with a few differences, and alice links speakers to claims. Then:
- main-WxH.png: the main window, alice at work (a claim selected, its SAID link drawn);
- review-WxH.png: the reviewer's Review window, unanimous rows accepted and one more decided;
- agreement-WxH.png: the Agreement window with the disagreements behind one cell;
- team.png: the lead's Team view after three annotators' packs came back (the sample
  article's paragraphs as documents, assigned with a third shared);
each at 800x600 (a small laptop) and 1600x1000 (a desktop), and the README's pictures
screenshot.png, review.png and agreement.png. Nothing outside docs/ (or OUTDIR) and the
temporary folder is written (the Qt settings are the run's own too).
"""

import os
import sys
import tempfile
from pathlib import Path

home = tempfile.mkdtemp(prefix="annotator-screenshots-")
os.environ["ANNOTATOR_HOME"] = home
os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "config")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

app = QApplication(sys.argv[:1])
app.setOrganizationName("annotator-screenshots")
app.setApplicationName("annotator-screenshots")

from annotator.core.project import open_project  # noqa: E402
from annotator.ui.main_window import MainWindow  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
SIZES = [(800, 600), (1600, 1000)]
README_SIZE = (1360, 840)  # the size a new user's window opens at

# Who labelled what: alice is thorough, bob cuts some spans shorter, carol misses a few.
WORK = {
    "alice": [("Xi", "PERSON"), ("Vice-Premier Liu He", "SPEAKER"),
              ("a trade war had been avoided", "CLAIM"), ("Washington", "PLACE"),
              ("this May", "DATE"), ("Ether Yin", "SPEAKER"), ("Trivium China", "ORG"),
              ("Mr Trump", "SPEAKER"),
              ("tariffs on as much as US$50 billion of Chinese imports", "POLICY"),
              ("US$50 billion", "QUANTITY"), ("three Chinese officials", "SPEAKER")],
    "bob": [("Vice-Premier Liu He", "SPEAKER"), ("trade war had been avoided", "CLAIM"),
            ("Ether Yin", "SPEAKER"), ("Trivium China", "ORG"), ("Mr Trump", "PERSON"),
            ("tariffs", "POLICY"), ("Washington", "PLACE")],
    "carol": [("Liu He", "SPEAKER"), ("a trade war had been avoided", "CLAIM"),
              ("Ether Yin", "SPEAKER"), ("Mr Trump", "SPEAKER"), ("Washington", "PLACE"),
              ("tariffs on as much as US$50 billion of Chinese imports", "POLICY")],
}
LINKS = [("Vice-Premier Liu He", "a trade war had been avoided", "SAID")]


def build_project():
    store = open_project(None)  # the default project: the sample article from seeds/
    text = store.document(1).text
    for name, spans in WORK.items():
        made = {}
        for phrase, label in spans:
            start = text.index(phrase)
            made[phrase] = store.add_span(1, name, start, start + len(phrase), label)
        for head, child, label in LINKS:
            if head in made and child in made:
                store.add_relation(made[head].id, made[child].id, label, name)
        store.set_status(1, name, "in_progress")
    return store


def save(widget: QWidget, name: str, size=None) -> Path:
    if size is not None:
        widget.resize(*size)
    for _ in range(5):
        app.processEvents()
    path = OUT / name
    widget.grab().save(str(path))
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    store = build_project()
    window = MainWindow(store, "alice")
    window.show()
    app.processEvents()
    ws = window.workspace
    claim = next(s for s in ws.spans() if s.label == "CLAIM")
    made = []
    for size in [*SIZES, README_SIZE]:
        window.resize(*size)
        app.processEvents()
        window.split.first_sizes()  # the panes as a fresh window of this size has them
        ws.selected = claim.id
        window._refresh_spans()
        window.view.verticalScrollBar().setValue(0)
        window.view.finish_painting()
        name = "screenshot.png" if size == README_SIZE else "main-%dx%d.png" % size
        made.append(save(window, name))

    window.use_annotator("rita", remember=False)  # the reviewer
    review = window.review_dialog()
    review.accept_unanimous()
    review.accept_version(0)
    # The review is docked under the article: the picture is the window a reviewer sees.
    made.append(save(window, "review.png", README_SIZE))
    for size in SIZES:
        made.append(save(window, "review-%dx%d.png" % size, size))
    window.close_review()
    agreement = window.agreement_dialog()
    agreement.show_disagreements(0, 0)
    made.append(save(agreement, "agreement.png"))
    for size in SIZES:
        made.append(save(agreement, "agreement-%dx%d.png" % size, size))
    agreement.close()
    window.close()
    made.append(team_picture())
    for path in made:
        print(path)


# In the team picture: what each annotator labels wherever it occurs, and how far they got.
TEAM_WORK = {
    "alice": [("Xi", "PERSON"), ("Trump", "PERSON"), ("China", "PLACE"),
              ("Washington", "PLACE")],
    "bob": [("Xi", "PERSON"), ("Trump", "PERSON"), ("China", "ORG")],
    "carol": [("Trump", "PERSON"), ("China", "PLACE"), ("Washington", "PLACE")],
}
TEAM_UNFINISHED = {"alice": 0, "bob": 2, "carol": 3}  # the last documents left undone


def team_picture() -> Path:
    """The Team view of a lead whose three annotators' packs have come back."""
    import re

    from annotator.core import review, team
    from annotator.core.merge import merge_paths
    from annotator.core.store import Store
    from annotator.core.undo import UndoStack
    from annotator.core.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="team-", dir=home))
    lead = Store.open(folder / "news.annotator")
    text = open_project(None).document(1).text
    paragraphs = [p for p in text.split("\n\n") if len(p) > 80][:12]
    for i, paragraph in enumerate(paragraphs, 1):
        lead.add_document(paragraph, uid=f"para-{i}", title=f"Paragraph {i}")
    lead.set_guidelines("# Guidelines\n\nLabel every person by name.\n")
    report = team.assign(lead, folder / "packs", list(TEAM_WORK), shared=0.34, seed=7)
    shared = team.shared_documents(lead)
    for name, path in report.packs.items():
        with Store.open(path) as pack:
            ws = Workspace(pack, name)
            ids = sorted(pack.every_document_id(), key=lambda d: d not in shared)
            last = len(ids) - TEAM_UNFINISHED[name]  # the shared ones first, then the rest
            for n, doc_id in enumerate(ids):
                doc = ws.open(doc_id)
                for word, label in TEAM_WORK[name]:
                    for found in re.finditer(rf"\b{word}\b", doc.text):
                        ws.label_selection(found.start(), found.end(), label, exact=True)
                if n < last:
                    ws.finish("skipped" if name == "carol" and n == last - 1 else "done")
    merge_paths(lead, report.packs.values())
    review.accept_unanimous(UndoStack(lead, "rita"), shared[0])
    for cluster in review.clusters(lead, shared[0]):
        if not cluster.decided:
            review.accept(UndoStack(lead, "rita"), shared[0], cluster.spans[:1])
    window = MainWindow(lead, "rita")
    window.show()
    view = window.team_dialog()
    path = save(view, "team.png", (860, 260))
    view.close()
    window.close()
    return path


if __name__ == "__main__":
    main()
