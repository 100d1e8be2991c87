"""spaCy: a DocBin (`.spacy`) with every span in `doc.spans["sc"]`, the non-overlapping ones
also as `doc.ents`, and relations in `doc.user_data["relations"]` as character offsets.

The Doc's text is the document's text exactly: our tokens become spaCy words, a single space
after a word is its trailing space, and any other whitespace (line breaks, tabs, runs of
spaces) becomes a whitespace token of its own, as spaCy's tokenizer does. A span that does not
fall on token boundaries (one made with Alt, character-exact) cannot be a spaCy span: it is
left out and counted. spaCy is optional: `pip install 'annotator[spacy]'`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.errors import AnnotatorError, InvalidInput
from annotator.core.text import spaced


def _spacy():
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
    except ImportError:
        raise AnnotatorError("the spacy format needs spaCy: pip install 'annotator[spacy]' "
                             "(or pip install spacy)") from None
    return spacy, Doc, DocBin


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    words = spaced(text)
    return [text[s:e] for s, e, _ in words], [ws for _, _, ws in words]


def write(lines: Iterable[dict], target: Path,
          document_attributes: Iterable[tuple[str, tuple[str, ...]]] = ()) -> tuple[int, int]:
    """Write the DocBin; returns (documents, spans left out).

    A span's attribute values are its custom attributes, as spaCy keeps them in
    `doc.user_data` (a consumer reads `span._.quote` once it has called
    `Span.set_extension("quote", default=None)`); the document's values are `doc.cats`, one
    category per declared value (`relevant=yes`: 1.0, `relevant=no`: 0.0) for each attribute
    the document has a value of."""
    document_attributes = list(document_attributes)
    spacy, Doc, DocBin = _spacy()
    vocab = spacy.blank("xx").vocab
    docbin = DocBin(store_user_data=True)
    n = left_out = 0
    for line in lines:
        words, spaces = words_and_spaces(line["text"])
        doc = Doc(vocab, words=words, spaces=spaces)
        spans, by_id = [], {}
        for s in line["spans"]:
            span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            if span is None:
                left_out += 1
                continue
            spans.append(span)
            by_id[s["id"]] = s
            for name, value in s.get("attrs", {}).items():  # what Span._ reads
                doc.user_data[("._.", name, s["start"], s["end"])] = value
        doc.spans["sc"] = spans
        ents, taken = [], set()
        for span in sorted(spans, key=lambda x: (-(x.end - x.start), x.start)):
            if not taken & set(range(span.start, span.end)):
                ents.append(span)
                taken |= set(range(span.start, span.end))
        doc.ents = sorted(ents, key=lambda x: x.start)
        doc.cats = cats(line.get("attrs", {}), document_attributes)
        doc.user_data["id"] = line["id"]
        doc.user_data["annotator"] = line["annotator"]
        doc.user_data["relations"] = [
            {"head": [by_id[r["head"]]["start"], by_id[r["head"]]["end"]],
             "child": [by_id[r["child"]]["start"], by_id[r["child"]]["end"]],
             "label": r["label"]}
            for r in line["relations"] if r["head"] in by_id and r["child"] in by_id]
        docbin.add(doc)
        n += 1
    _replace(target, docbin.to_bytes())
    return n, left_out


def cats(values: dict[str, str], declared: list[tuple[str, tuple[str, ...]]]
         ) -> dict[str, float]:
    """A document's values as spaCy's categories: each value of an attribute it has a value
    of, 1.0 for the one it has (a value the scheme does not declare is one too)."""
    out: dict[str, float] = {}
    for name, value in values.items():
        choices = next((v for n, v in declared if n == name), ())
        for choice in dict.fromkeys((*choices, value)):
            out[f"{name}={choice}"] = 1.0 if choice == value else 0.0
    return out


def _replace(target: Path, data: bytes) -> None:
    """A regular file is replaced only once the DocBin is whole (through a `.partial`); a
    device or pipe is written directly."""
    if target.exists() and not target.is_file():
        target.write_bytes(data)
        return
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as e:
        raise InvalidInput(f"cannot write there: {e.strerror}", str(target)) from None
    finally:
        partial.unlink(missing_ok=True)
