"""Crawl archives: the HTML responses of a .warc.gz become articles; the rest is passed
over; the import reports progress and can be cancelled (nothing written)."""

from __future__ import annotations

from io import BytesIO

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from annotator.cli import main
from annotator.core.errors import Cancelled, InvalidInput
from annotator.core.importer import import_paths
from tests.conftest import rows
from tests.news.pages import lightly_edited, page, stories


def write_warc(path, responses, gzip=True):
    """responses: (url, content type, body bytes); each with the request before it."""
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        for url, kind, body in responses:
            request = writer.create_warc_record(
                url, "request", payload=BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")],
                                              is_http_request=True))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers))


def crawl():
    (a, a_body), (b, b_body), _ = stories()
    return [
        ("https://www.businesstimes.com.sg/xi", "text/html; charset=utf-8",
         page(a, a_body).encode()),
        ("https://www.businesstimes.com.sg/logo.png", "image/png", b"\x89PNG\r\n\x1a\n..."),
        ("https://www.straitstimes.com/xi", "text/html",
         page("Xi wary of new talks", lightly_edited(a_body), outlet="Straits Times").encode()),
        ("https://www.bloomberg.com/b", "text/html", page(b, b_body).encode()),
        ("https://www.businesstimes.com.sg/xi", "text/html; charset=utf-8",
         page(a, a_body).encode()),  # crawled again
    ]


@pytest.mark.parametrize("name,gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_become_articles(tmp_path, fresh_db, name, gzip):
    write_warc(tmp_path / name, crawl(), gzip)
    seen = []
    report = import_paths(fresh_db, [tmp_path / name], progress=seen.append)
    docs = [fresh_db.document(d.id) for d in fresh_db.documents()]
    assert [d.uid for d in docs] == ["https://www.businesstimes.com.sg/xi",
                                     "https://www.straitstimes.com/xi",
                                     "https://www.bloomberg.com/b"]
    assert docs[0].meta["outlet"] == "The Business Times" and "captured" in docs[0].meta
    assert docs[0].meta["source"] == name
    assert docs[1].meta["duplicate_of"] == "https://www.businesstimes.com.sg/xi"
    assert report.counts == {"non-HTML responses": 1, "repeated URLs": 1}
    assert seen and seen == sorted(seen)


def test_cancel_writes_nothing(tmp_path, project):
    from annotator.core.store import Store

    write_warc(tmp_path / "crawl.warc.gz", crawl())

    def cancel(n):
        if n == 2:
            raise Cancelled("cancelled: nothing was written")

    with Store.open(project, create=True) as store:
        with pytest.raises(Cancelled):
            import_paths(store, [tmp_path / "crawl.warc.gz"], progress=cancel)
        assert store.document_count() == 0


def test_the_cli_imports_a_crawl_and_refuses_a_damaged_one(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz", crawl())
    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(main, ["import", str(project), str(tmp_path / "crawl.warc.gz")])
    assert result.exit_code == 0, result.output
    assert "3 documents added" in result.output and "1 near duplicate of 1 story" in \
        result.output
    assert rows(project, "SELECT count(*) FROM documents") == [(3,)]
    (tmp_path / "bad.warc.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    with pytest.raises(InvalidInput, match="bad.warc.gz: not a readable WARC archive"):
        from annotator.core.store import Store

        with Store.open(tmp_path / "q.annotator", create=True) as store:
            import_paths(store, [tmp_path / "bad.warc.gz"])
