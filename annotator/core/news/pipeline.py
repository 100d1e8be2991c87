"""Extraction in worker processes, results in order, one writer.

`ordered_map` runs a function over a stream in a process pool, a few chunks in flight at a
time (memory stays flat whatever the stream's length) and yields the results in the stream's
order; the caller (the importer, holding the project's one write connection) stores them.
Workers make each article's duplicate fingerprint too, so the writer only compares.

`extract_records` is the library function over a stream of records ({"html", "url", "id"}
dicts in, our JSONL lines out), which `annotator extract` and a Dask bag call alike.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from annotator.core.errors import InvalidInput
from annotator.core.formats import Record

CHUNK = 16  # pages sent to a worker at once
SERIAL_BELOW = 24  # fewer pages than this are extracted in this process (no pool start-up)


def workers(asked: int | None = None) -> int:
    if asked:
        return max(1, asked)
    env = os.environ.get("ANNOTATOR_WORKERS")
    return max(1, int(env)) if env and env.isdigit() else (os.cpu_count() or 1)


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(item) for item in chunk]


def ordered_map(fn: Callable, items: Iterable, n_workers: int, chunk: int = CHUNK
                ) -> Iterator:
    """fn(item) for each item, in order; in `n_workers` processes when more than one."""
    if n_workers <= 1:
        yield from map(fn, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the window's threads (and Qt) must not be copied into a worker
    pool = ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context("spawn"))
    pending: deque = deque()
    try:
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) == chunk:
                pending.append(pool.submit(_run_chunk, fn, batch))
                batch = []
                while len(pending) >= 2 * n_workers:
                    yield from pending.popleft().result()
        if batch:
            pending.append(pool.submit(_run_chunk, fn, batch))
        while pending:
            yield from pending.popleft().result()
    finally:
        done = not pending  # else stopped early (Cancel): no waiting on a page in flight
        for future in pending:
            future.cancel()
        # done: the idle workers exit at once and are reaped (their time counted)
        pool.shutdown(wait=done, cancel_futures=True)


def _fingerprint(text: str):
    from annotator.core.news.duplicates import fingerprint

    return fingerprint(text)


def with_fingerprints(records: Iterable[Record], n_workers: int | None = None
                      ) -> Iterator[Record]:
    """Records (a table's rows) with their duplicate fingerprints, made in worker processes
    when there are many; in order."""
    records = iter(records)
    head = []
    for record in records:
        head.append(record)
        if len(head) >= SERIAL_BELOW:
            break
    n = workers(n_workers) if len(head) >= SERIAL_BELOW else 1
    kept: deque = deque()

    def texts():
        for record in _chain(head, records):
            kept.append(record)
            yield record.text

    for print_ in ordered_map(_fingerprint, texts(), n):
        record = kept.popleft()
        record.fingerprint = print_
        yield record


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


# ----------------------------------------------------------------- pages
def _article(html, url=None, encoding=None, where=None):
    """(text, title, meta, fingerprint); None for a page without article text; ("unread",
    why) when the extractor failed on this page; an error message (str) that stops the
    import. Runs in a worker."""
    from annotator.core.news import duplicates, html as pages

    try:
        if isinstance(html, Path):
            article = pages.extract_file(html, encoding)
        else:
            article = pages.extract(html, url)
    except InvalidInput as e:
        return str(e.at(where) if where else e)
    except Exception as e:  # the extractor failed on this page (its bug, or a broken page)
        return ("unread", f"the page could not be read ({type(e).__name__}: {e})")
    if article is None:
        return None
    return article.text, article.title, article.meta, duplicates.fingerprint(article.text)


def _page_item(item):
    path, encoding = item
    return _article(Path(path), encoding=encoding, where=path)


def _record(result, where: str, uid: str | None, meta: dict, alone: bool) -> Record:
    if isinstance(result, str):
        raise InvalidInput(result.split(": ", 1)[1] if result.startswith(where + ": ")
                           else result, where)
    if result is None or len(result) == 2:  # passed over in a folder or crawl, and counted
        if alone:
            raise InvalidInput(result[1] if result else "no article text found in this page",
                               where)
        what = "pages without article text" if result is None else "pages the extractor failed on"
        return Record(where=where, text="", uid=uid, skipped=True, counts={what: 1})
    text, title, found, fingerprint = result
    return Record(where=where, text=text, uid=uid, title=title, meta={**found, **meta},
                  fingerprint=fingerprint)


def page_records(files: list[tuple[Path, str, Path]], encoding: str | None = None,
                 n_workers: int | None = None) -> Iterator[Record]:
    """Saved pages (path, id, folder given) -> their articles, in order."""
    n = workers(n_workers) if len(files) >= SERIAL_BELOW else 1
    results = ordered_map(_page_item, ((str(p), encoding) for p, _, _ in files), n)
    for (path, uid, _), result in zip(files, results):
        yield _record(result, str(path), uid, {"source": path.name}, len(files) == 1)


def _warc_item(item):
    url, data, _date = item
    return _article(data, url)


def warc_records(path: Path, n_workers: int | None = None) -> Iterator[Record]:
    """A crawl archive's HTML responses -> their articles, in archive order."""
    from annotator.core.news import warc

    counts: dict[str, int] = {}
    kept: deque = deque()  # (url, date) of the pages in flight, in order

    def stream():
        for url, data, date in warc.responses(path, counts):
            kept.append((url, date))
            yield url, data, date

    for n, result in enumerate(ordered_map(_warc_item, stream(), workers(n_workers)), 1):
        url, date = kept.popleft()
        meta = {"url": url, "source": path.name}
        if date:
            meta["captured"] = date
        record = _record(result, f"{path} (record {n}: {url})", url or None, meta, False)
        record.counts.update(counts)
        counts.clear()
        yield record
    if counts:  # passed-over records after the last page
        yield Record(where=str(path), text="", skipped=True, counts=dict(counts))


# ------------------------------------------------------ library function
def _item(item: dict):
    return _article(item.get("html"), item.get("url"))


def extract_records(items: Iterable[dict], duplicates: str = "mark",
                    n_workers: int | None = 1) -> Iterator[dict]:
    """Records with a page's `html` (str or bytes), and optionally `url` and `id` -> our
    JSONL lines ({"id", "title", "text", "meta"}) of those holding an article, in order.
    Duplicates within the stream are marked (meta `duplicate_of`), skipped or kept. A stream
    split in partitions finds the copies within each; the import finds the rest."""
    from annotator.core.news import duplicates as dup
    from annotator.core.text import sha256

    seen = dup.Duplicates() if duplicates != "keep" else None
    items = iter(items)
    carried: deque = deque()

    def stream():
        for item in items:
            carried.append(item)
            yield item

    for result in ordered_map(_item, stream(), workers(n_workers)):
        item = carried.popleft()
        if isinstance(result, str):
            raise InvalidInput(result, str(item.get("id") or item.get("url") or ""))
        if result is None:
            continue
        text, title, meta, fingerprint = result
        uid = str(item.get("id") or item.get("url") or sha256(text)[:16])
        if seen is not None:
            found = seen.see(uid, fingerprint)
            if found is not None:
                if duplicates == "skip":
                    continue
                meta = {**meta, **dup.meta_of(found)}
        yield {"id": uid, "title": title, "text": text, "meta": meta}


# ----------------------------------------------------------------- shards
def articles(records: Iterable[Record], duplicates: str = "mark",
             found=None) -> Iterator[dict]:
    """Records (from any reader) -> our JSONL lines, copies within the stream marked,
    skipped or kept (`found`: a duplicates.Duplicates to share, for its summary)."""
    from annotator.core.news import duplicates as dup
    from annotator.core.text import sha256

    found = found if found is not None else dup.Duplicates()
    for record in records:
        if record.skipped or not record.text:
            continue
        uid = record.uid if record.uid is not None else sha256(record.text)[:16]
        meta = dict(record.meta)
        copy = found.see(uid, record.fingerprint or dup.fingerprint(record.text))
        if copy is not None:
            if duplicates == "skip":
                continue
            if duplicates == "mark":
                meta.update(dup.meta_of(copy))
        yield {"id": uid, "title": record.title, "text": record.text, "meta": meta}


def write_shards(inputs, folder: Path, options, duplicates: str = "mark",
                 shard_size: int = 10_000) -> str:
    """Extract `inputs` into `folder`/part-NNNNN.jsonl; returns the summary. A shard is
    written under a temporary name and renamed when whole."""
    from annotator.core import jsontext
    from annotator.core.importer import expand, records
    from annotator.core.news import duplicates as dup
    from annotator.core.wording import plural

    files = expand(inputs)
    found = dup.Duplicates()
    written = shard = 0
    out = None

    def close():
        if out is not None:
            out.close()
            part = folder / f"part-{shard:05}.jsonl"
            part.with_suffix(".partial").replace(part)

    try:
        for n, line in enumerate(articles(records(files, options=options), duplicates, found)):
            if n % shard_size == 0:
                close()
                shard = n // shard_size
                folder.mkdir(parents=True, exist_ok=True)  # not before there is an article
                out = (folder / f"part-{shard:05}.partial").open("wb")
            out.write(jsontext.dumps(line) + b"\n")
            written += 1
        close()
    except BaseException:
        if out is not None:
            out.close()
            (folder / f"part-{shard:05}.partial").unlink(missing_ok=True)
        raise
    shards = -(-written // shard_size)
    text = (f"Extracted {plural(written, 'article')} from {plural(len(files), 'file')} into "
            f"{plural(shards, 'shard')} in {folder}")
    copies = found.summary()
    if copies:
        done = {"mark": "marked", "skip": "left out", "keep": "kept"}[duplicates]
        text += f"; {copies} ({done})"
    return text
