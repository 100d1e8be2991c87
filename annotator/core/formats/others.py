"""Other tools' shapes, made from our JSONL lines (one general mechanism: every exporter is a
function of our line, so every selection — annotator, gold, status — works for all of them).

- prodigy: Prodigy's task shape (tokens with ws, spans with inclusive token_end, relations
  between token indices with head_span/child_span, answer, _annotator_id, stable hashes);
- doccano: `label: [[start, end, "L"]]`, or `entities`/`relations` when there are relations;
- hf: `tokens` + integer `ner_tags` (IOB2) for datasets' ClassLabel; the label list beside it;
- conll: IOB2, one token a line, `-DOCSTART- -X- O O` between documents, a blank line between
  sentences.
IOB2 cannot hold overlapping spans: the longest span wins (then the earliest); the others
are counted in `left_out` so the caller can say how many. A sentence never ends inside a span
(that would leave an `I-` tag after `O`).

Formats whose fields are separated by spaces (CoNLL here, brat) write a label name's spaces as
`_` (see `one_word`); two labels that would be written alike stop the export.
"""

from __future__ import annotations

import re

from annotator.core.errors import InvalidInput
from annotator.core.text import Tokens, spaced

_SENTENCE_END = re.compile(r"[.!?]$")
_SPACE = re.compile(r"\s")


def one_word(name: str) -> str:
    """A label name as a format that separates fields by spaces writes it: each whitespace
    character becomes `_` ("NEWS ORG" is written NEWS_ORG)."""
    return _SPACE.sub("_", name)


def check_one_word_names(names: list[str], fmt: str) -> dict[str, str]:
    """Each name's one-word form, refusing two names that would be written alike."""
    written: dict[str, str] = {}
    for name in names:
        other = written.setdefault(one_word(name), name)
        if other != name:
            raise InvalidInput(f"the labels {other!r} and {name!r} would both be written "
                               f"{one_word(name)} in {fmt} (a space in a label name is written "
                               "as _); rename one of them")
    return {name: word for word, name in written.items()}


def stable_hash(*parts: str) -> int:
    """A signed 32-bit hash that stays the same across runs and machines."""
    import hashlib

    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def token_indices(tokens: Tokens, span: dict) -> dict:
    """`token_start`/`token_end`: the first and last (inclusive, as Prodigy) of the tokens the
    span overlaps; None for a span of only whitespace."""
    hit = tokens.covering(span["start"], span["end"])
    first, last = hit if hit else (None, None)
    return {"token_start": first, "token_end": last}


def prodigy(line: dict) -> dict:
    text = line["text"]
    words = spaced(text)  # as spaCy's: `ws` is one space, other whitespace a token of its own
    tokens = Tokens(tuple(s for s, _, _ in words), tuple(e for _, e, _ in words))
    token_list = [{"text": text[start:end], "start": start, "end": end, "id": i, "ws": ws}
                  for i, (start, end, ws) in enumerate(words)]
    spans = [{"start": s["start"], "end": s["end"], "label": s["label"], "text": s["text"],
              **token_indices(tokens, s)} for s in line["spans"]]
    by_id = {s["id"]: span for s, span in zip(line["spans"], spans)}
    relations = []
    for r in line["relations"]:
        head, child = by_id[r["head"]], by_id[r["child"]]
        relations.append({"head": head["token_end"], "child": child["token_end"],
                          "label": r["label"], "head_span": head, "child_span": child})
    input_hash = stable_hash(text)
    return {
        "text": text, "meta": line["meta"], "tokens": token_list, "spans": spans,
        "relations": relations,
        "answer": {"done": "accept", "skipped": "ignore"}.get(line["status"], "accept"),
        "_annotator_id": line["annotator"], "_input_hash": input_hash,
        "_task_hash": stable_hash(str(input_hash), repr([(s["start"], s["end"], s["label"])
                                                         for s in spans])),
        "id": line["id"],
    }


def doccano(line: dict) -> dict:
    out = {"id": line["id"], "text": line["text"], "meta": line["meta"],
           "annotator": line["annotator"]}
    if line["relations"]:
        out["entities"] = [{"id": s["id"], "start_offset": s["start"], "end_offset": s["end"],
                            "label": s["label"]} for s in line["spans"]]
        out["relations"] = [{"id": i, "from_id": r["head"], "to_id": r["child"],
                             "type": r["label"]} for i, r in enumerate(line["relations"], 1)]
    else:
        out["label"] = [[s["start"], s["end"], s["label"]] for s in line["spans"]]
    return out


def iob2(line: dict) -> tuple[list[str], list[str], list[int], int]:
    """Tokens, their IOB2 tags, sentence ends (token indices) and how many spans were left
    out because they overlap a longer one."""
    text = line["text"]
    tokens = Tokens.of(text)
    tags = ["O"] * len(tokens)
    left_out = 0
    for span in sorted(line["spans"], key=lambda s: (-(s["end"] - s["start"]), s["start"])):
        first, last = token_indices(tokens, span).values()
        if first is None or any(tags[t] != "O" for t in range(first, last + 1)):
            left_out += 1
            continue
        tags[first] = f"B-{span['label']}"
        for t in range(first + 1, last + 1):
            tags[t] = f"I-{span['label']}"
    words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends)]
    ends = []
    for i, word in enumerate(words):
        if i + 1 < len(words) and tags[i + 1].startswith("I-"):
            continue  # never inside a span
        gap = text[tokens.ends[i]:tokens.starts[i + 1]] if i + 1 < len(words) else "\n"
        if _SENTENCE_END.search(word) or "\n" in gap or "\r" in gap or "\u2028" in gap:
            ends.append(i)
    return words, tags, ends, left_out


def tag_names(labels: list[str]) -> list[str]:
    return ["O"] + [f"{p}-{name}" for name in labels for p in ("B", "I")]


def hf(line: dict, names: list[str], columns: list[str] = ()) -> tuple[dict, int]:
    """A row; `columns`: the document attributes, a column each (null where the document
    has no value), then any value the line has that the scheme does not declare."""
    words, tags, _, left_out = iob2(line)
    index = {name: i for i, name in enumerate(names)}
    values = line.get("attrs", {})
    row = {"id": line["id"], "annotator": line["annotator"], "tokens": words,
           "ner_tags": [index[t] for t in tags]}
    row.update((name, values.get(name)) for name in dict.fromkeys([*columns, *values])
               if name not in row)
    return row, left_out


def conll(line: dict) -> tuple[str, int]:
    words, tags, ends, left_out = iob2(line)
    out = ["-DOCSTART- -X- O O", ""]
    ends_set = set(ends)
    for i, (word, tag) in enumerate(zip(words, tags)):
        out.append(f"{word} -X- _ {tag[:2] + one_word(tag[2:])}")
        if i in ends_set:
            out.append("")
    if out[-1] != "":
        out.append("")
    return "\n".join(out) + "\n", left_out
