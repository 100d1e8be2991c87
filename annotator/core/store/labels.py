"""The label scheme of a project."""

from __future__ import annotations

from annotator.core.errors import InvalidInput
from annotator.core.labels import check_scheme, spare_color
from annotator.core.models import Label


class LabelsMixin:
    # ------------------------------------------------------------ labels
    def labels(self, kind: str | None = None) -> list[Label]:
        sql = "SELECT name, color, key, description, kind FROM labels"
        params: list = []
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        return [Label(*row) for row in self.db.execute(sql + " ORDER BY position, name", params)]

    def set_labels(self, labels: list[Label]) -> None:
        """Replace the scheme. Refused when spans or relations use a label it leaves out."""
        check_scheme(labels)
        names = {lb.name for lb in labels}
        used = self.db.execute(
            "SELECT label, count(*) FROM spans GROUP BY label UNION ALL "
            "SELECT label, count(*) FROM relations GROUP BY label"
        ).fetchall()
        missing = [(name, n) for name, n in used if name not in names]
        if missing:
            listed = ", ".join(f"{name} ({n} in use)" for name, n in missing)
            raise InvalidInput(f"the new scheme leaves out labels that are in use: {listed}")
        with self.db.atomic():
            self.db.execute("DELETE FROM labels")
            self.db.conn.executemany(
                "INSERT INTO labels (name, color, key, description, kind, position) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(lb.name, lb.color, lb.key, lb.description, lb.kind, i)
                 for i, lb in enumerate(labels)],
            )

    def ensure_label(self, name: str, kind: str = "span") -> bool:
        """Add a label met in imported data; True if it was new."""
        row = self._one("SELECT kind FROM labels WHERE name = ?", [name])
        if row:
            if row[0] != kind:
                raise InvalidInput(f"label {name!r} is a {row[0]} label, used here as a {kind} label")
            return False
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("a label must be a non-empty string")
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
            raise InvalidInput(f"{name!r} is not a {kind} label of this project")
