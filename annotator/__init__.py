"""annotator: label news text offline, with exact offsets, in one SQLite file per project."""

__version__ = "0.1.0"
