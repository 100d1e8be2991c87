"""News in: saved web pages, crawl archives (WARC) and scraper tables become clean articles
with their metadata, near duplicates found on the way.

html.py extracts one page (trafilatura), warc.py streams an archive's HTML responses,
table.py reads CSV/TSV/JSONL with named columns, duplicates.py finds exact and near copies
(MinHash + LSH), pipeline.py runs extraction in worker processes and is the library function
over a stream of records (`annotator extract`, a Dask bag). The heavy libraries are imported
only when a page is extracted.
"""
