"""Attributes: the values given to spans (CLAIM quote=direct) and, per annotator, to documents
(relevant=yes); and the document attributes the scheme declares (span labels declare theirs
in the labels table)."""

from __future__ import annotations

import json
from dataclasses import replace

from annotator.core.errors import InvalidInput, brief
from annotator.core.labels import attributes, attributes_json, check_document_attributes
from annotator.core.models import Attribute
from annotator.core.names import check_line

_DECLARED = "document_attributes"  # the project setting that holds the document's


class AttributesMixin:
    # ------------------------------------------------------------ the scheme's
    def document_attributes(self) -> tuple[Attribute, ...]:
        return attributes(json.loads(self.setting(_DECLARED, "{}")), "document attributes")

    def set_document_attributes(self, attrs: tuple[Attribute, ...]) -> None:
        check_document_attributes(attrs)
        self.set_setting(_DECLARED, json.dumps(attributes_json(attrs)))

    def ensure_attribute(self, label: str | None, name: str, value: str) -> bool:
        """Declare `value` of attribute `name` (of span label `label`, or of documents when
        None) if the scheme lacks it, as an import meets it; True if it was new."""
        check_line(name, "an attribute name")
        check_line(value, f"a value of {brief(name)}")
        declared = (self.document_attributes() if label is None
                    else next(lb for lb in self.labels("span") if lb.name == label).attributes)
        found = next((a for a in declared if a.name == name), None)
        if found is not None and value in found.values:
            return False
        if found is None:
            declared = (*declared, Attribute(name, (value,)))
        else:
            declared = tuple(replace(a, values=(*a.values, value)) if a is found else a
                             for a in declared)
        if label is None:
            self.set_document_attributes(declared)
        else:
            with self.db.atomic():
                self.db.execute("UPDATE labels SET attributes = ? WHERE name = ?",
                                [json.dumps(attributes_json(declared)), label])
        return True

    def has_attribute_values(self) -> bool:
        """Whether any span or document has a value (an export asks once, not per document)."""
        return self._one("SELECT EXISTS (SELECT 1 FROM span_attributes) "
                         "OR EXISTS (SELECT 1 FROM document_attributes)")[0] == 1

    # ------------------------------------------------------------ spans' values
    def span_attributes(self, span_id: int) -> dict[str, str]:
        return dict(self.db.execute(
            "SELECT name, value FROM span_attributes WHERE span_id = ? ORDER BY name",
            [span_id]))

    def span_attributes_of(self, doc_id: int, annotator: str | None = None
                           ) -> dict[int, dict[str, str]]:
        """The values of a document's spans (of one annotator), by span id."""
        sql = ("SELECT a.span_id, a.name, a.value FROM span_attributes a "
               "JOIN spans s ON s.id = a.span_id WHERE s.doc_id = ?")
        params: list = [doc_id]
        if annotator is not None:
            sql += " AND s.annotator = ?"
            params.append(annotator)
        out: dict[int, dict[str, str]] = {}
        for span_id, name, value in self.db.execute(sql + " ORDER BY a.span_id, a.name",
                                                    params):
            out.setdefault(span_id, {})[name] = value
        return out

    def set_span_attribute(self, span_id: int, name: str, value: str | None, by: str) -> None:
        """Give a span `value` for attribute `name` (None: take its value away)."""
        span = self.span(span_id)
        with self.db.atomic():
            if value is None:
                self.db.execute("DELETE FROM span_attributes WHERE span_id = ? AND name = ?",
                                [span_id, name])
            else:
                check_line(name, "an attribute name")
                check_line(value, f"a value of {brief(name)}")
                self.db.execute(
                    "INSERT INTO span_attributes (span_id, name, value) VALUES (?, ?, ?) "
                    "ON CONFLICT(span_id, name) DO UPDATE SET value = excluded.value",
                    [span_id, name, value])
            self._log(by, "set_span_attribute", span.doc_id, span=span_id, name=name,
                      value=value)

    def set_span_attributes(self, span_id: int, values: dict[str, str], by: str) -> None:
        """Make a span's values exactly `values` (undo, imports)."""
        with self.db.atomic():
            for name in self.span_attributes(span_id).keys() - values.keys():
                self.set_span_attribute(span_id, name, None, by)
            for name, value in values.items():
                self.set_span_attribute(span_id, name, value, by)

    # ------------------------------------------------------------ documents' values
    def document_values(self, doc_id: int, annotator: str) -> dict[str, str]:
        return dict(self.db.execute(
            "SELECT name, value FROM document_attributes WHERE doc_id = ? AND annotator = ? "
            "ORDER BY name", [doc_id, annotator]))

    def document_values_of(self, doc_id: int) -> dict[str, dict[str, str]]:
        """Every annotator's values on a document."""
        out: dict[str, dict[str, str]] = {}
        for annotator, name, value in self.db.execute(
                "SELECT annotator, name, value FROM document_attributes WHERE doc_id = ? "
                "ORDER BY annotator, name", [doc_id]):
            out.setdefault(annotator, {})[name] = value
        return out

    def set_document_value(self, doc_id: int, annotator: str, name: str, value: str | None,
                           by: str) -> None:
        """Give the document `value` for attribute `name` in `annotator`'s layer (None: take
        it away)."""
        if not annotator:
            raise InvalidInput("a document's attribute needs an annotator name")
        self._length(doc_id)  # refuses a document that is not there
        with self.db.atomic():
            if value is None:
                self.db.execute("DELETE FROM document_attributes WHERE doc_id = ? AND "
                                "annotator = ? AND name = ?", [doc_id, annotator, name])
            else:
                check_line(name, "an attribute name")
                check_line(value, f"a value of {brief(name)}")
                self.db.execute(
                    "INSERT INTO document_attributes (doc_id, annotator, name, value) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(doc_id, annotator, name) "
                    "DO UPDATE SET value = excluded.value", [doc_id, annotator, name, value])
                self.mark_started(doc_id, annotator)
            self._log(by, "set_document_attribute", doc_id, owner=annotator, name=name,
                      value=value)
