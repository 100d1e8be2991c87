"""Crawl archives (WARC, plain or gzipped): the HTML responses, streamed one at a time, so an
archive of any size is read in little memory. Requests, metadata, images, scripts and the
like are passed over; a URL met again later in the archive (a revisit) is taken once."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InvalidInput

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _warcio():
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as e:
        raise InvalidInput(f"reading WARC files needs warcio (pip install warcio): {e}") from None
    return ArchiveIterator


def responses(path: Path, counts: dict[str, int] | None = None
              ) -> Iterator[tuple[str, bytes, str | None]]:
    """(URL, the page's bytes, the capture date) of each HTML response, in archive order.
    `counts` gathers what was passed over, for the import summary."""
    ArchiveIterator = _warcio()
    counts = counts if counts is not None else {}
    seen: set[bytes] = set()
    try:
        f = path.open("rb")
    except OSError as e:
        raise InvalidInput(f"cannot read: {e.strerror}", str(path)) from None
    with f:
        try:
            for record in ArchiveIterator(f):
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                kind = (http.get_header("Content-Type") or "") if http else ""
                status = http.get_statuscode() if http else None
                if status != "200" or not kind.split(";")[0].strip().lower() in HTML_TYPES:
                    counts["non-HTML responses"] = counts.get("non-HTML responses", 0) + 1
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                key = hashlib.blake2b(url.encode(), digest_size=12).digest()
                if key in seen:
                    counts["repeated URLs"] = counts.get("repeated URLs", 0) + 1
                    continue
                seen.add(key)
                yield url, record.content_stream().read(), record.rec_headers.get_header(
                    "WARC-Date")
        except InvalidInput:
            raise
        except Exception as e:  # warcio raises its own errors for a damaged archive
            raise InvalidInput(f"not a readable WARC archive ({type(e).__name__}: {e})",
                               str(path)) from None
