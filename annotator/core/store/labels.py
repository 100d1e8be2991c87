"""The label scheme of a project."""

from __future__ import annotations

import json
from dataclasses import replace

from annotator.core.errors import InvalidInput, brief
from annotator.core.labels import attributes, attributes_json, check_name, check_scheme, \
    spare_color
from annotator.core.models import Label


class LabelsMixin:
    # ------------------------------------------------------------ labels
    def labels(self, kind: str | None = None) -> list[Label]:
        sql = ("SELECT name, color, key, description, kind, heads, children, attributes "
               "FROM labels")
        params: list = []
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        return [Label(*row[:5], tuple(json.loads(row[5])), tuple(json.loads(row[6])),
                      attributes(json.loads(row[7]), "attributes"))
                for row in self.db.execute(sql + " ORDER BY position, name", params)]

    def label_usage(self) -> dict[str, int]:
        """How many spans and relations use each label."""
        usage: dict[str, int] = {}
        for name, n in self.db.execute(
            "SELECT label, count(*) FROM spans GROUP BY label UNION ALL "
            "SELECT label, count(*) FROM relations GROUP BY label"
        ):
            usage[name] = usage.get(name, 0) + n
        return usage

    def set_labels(self, labels: list[Label], renames: dict[str, str] | None = None,
                   delete_used: bool = False) -> None:
        """Replace the scheme in one transaction.

        `renames` maps old names to new ones; spans and relations follow. A label in use that
        the new scheme leaves out is refused, unless `delete_used` (its spans go with it).
        Relation labels' heads and children follow renames too, and forget removed labels.
        """
        renames = {old: new for old, new in (renames or {}).items() if old != new}
        labels = _follow(labels, renames, {lb.name for lb in self.labels()})
        usage = self.label_usage()
        kinds = {lb.name: lb.kind for lb in self.labels()}
        # A new label is a renamed old one if it is a rename's target, else itself.
        origin = {lb.name: next((o for o, n in renames.items() if n == lb.name), lb.name)
                  for lb in labels}
        for lb in labels:
            old = origin[lb.name]
            if usage.get(old) and kinds.get(old, lb.kind) != lb.kind:
                raise InvalidInput(f"label {lb.name} is in use as a {kinds[old]} label; "
                                   f"it cannot become a {lb.kind} label")
        check_scheme(labels)
        # Labels in use that no new label comes from are dropped (with their spans).
        dropped = [(name, n) for name, n in usage.items() if name not in origin.values()]
        if dropped and not delete_used:
            listed = ", ".join(f"{name} ({n} in use)" for name, n in dropped)
            raise InvalidInput(f"the new scheme leaves out labels that are in use: {listed}")
        with self.db.atomic():
            for name, _ in dropped:  # before the renames, which may reuse their names
                self.db.execute("DELETE FROM spans WHERE label = ?", [name])
                self.db.execute("DELETE FROM relations WHERE label = ?", [name])
            # Two steps, so that swapping two names (A->B, B->A) cannot collide. Suggestions,
            # their links and the rejections of them follow too.
            for i, old in enumerate(renames):
                for table in _LABELLED:
                    self.db.execute(f"UPDATE {_OR.get(table, '')}{table} SET label = ? "
                                    "WHERE label = ?", [f"\x00rename{i}", old])
            for i, new in enumerate(renames.values()):
                for table in _LABELLED:
                    self.db.execute(f"UPDATE {_OR.get(table, '')}{table} SET label = ? "
                                    "WHERE label = ?", [new, f"\x00rename{i}"])
            # suggestions of a label the scheme no longer has go (nothing could accept them)
            kept = [lb.name for lb in labels]
            marks = ", ".join("?" * len(kept))
            for table in ("suggestions", "suggested_links", "suggestion_rejections"):
                self.db.execute(f"DELETE FROM {table} WHERE label NOT IN ({marks})", kept)
            self.db.execute("DELETE FROM labels")
            self.db.conn.executemany(
                "INSERT INTO labels (name, color, key, description, kind, position, heads, "
                "children, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(lb.name, lb.color, lb.key, lb.description, lb.kind, i,
                  json.dumps(lb.heads), json.dumps(lb.children),
                  json.dumps(attributes_json(lb.attributes)))
                 for i, lb in enumerate(labels)],
            )

    def constrain_relation(self, name: str, heads: tuple[str, ...], children: tuple[str, ...]
                           ) -> None:
        """Give relation label `name` these heads and children (of the project's span labels;
        others are left out, as an empty side takes any)."""
        self._check_label(name, "relation")
        known = {lb.name for lb in self.labels("span")}
        with self.db.atomic():
            self.db.execute("UPDATE labels SET heads = ?, children = ? WHERE name = ?",
                            [json.dumps([h for h in heads if h in known]),
                             json.dumps([c for c in children if c in known]), name])

    def ensure_label(self, name: str, kind: str = "span") -> bool:
        """Add a label met in imported data; True if it was new."""
        row = self._one("SELECT kind FROM labels WHERE name = ?", [name])
        if row:
            if row[0] != kind:
                raise InvalidInput(
                    f"label {brief(name)} is a {row[0]} label, used here as a {kind} label")
            return False
        check_name(name)
        position, count = self._one("SELECT coalesce(max(position), -1) + 1, count(*) FROM labels")
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO labels (name, color, kind, position) VALUES (?, ?, ?, ?)",
                [name, spare_color(count), kind, position],
            )
        return True

    def _check_label(self, name: str, kind: str) -> None:
        row = self._one("SELECT kind FROM labels WHERE name = ?", [name])
        if row is None or row[0] != kind:
            raise InvalidInput(f"{brief(name)} is not a {kind} label of this project")


_LABELLED = ("spans", "relations", "suggestions", "suggested_links", "suggestion_rejections")
_OR = {"suggestion_rejections": "OR REPLACE "}  # a rejection kept once by extent and label


def _follow(labels: list[Label], renames: dict[str, str], old_names: set[str]) -> list[Label]:
    """Relation labels' heads and children under the new names; a label the new scheme left
    out is dropped from them (a name never known is left, for check_scheme to refuse)."""
    new_names = {lb.name for lb in labels}

    def names(side: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for name in side:
            name = renames.get(name, name) if name not in new_names else name
            if (name in new_names or name not in old_names) and name not in out:
                out.append(name)
        return tuple(out)

    return [replace(lb, heads=names(lb.heads), children=names(lb.children))
            if lb.constrained else lb for lb in labels]
