"""Stage 1, reading: a document's bytes into Blocks, plus what the page itself says about its fields.

decode.py turns bytes into text; html.py cuts an HTML page into blocks over trafilatura's extraction,
with html_meta.py (meta tags, JSON-LD, byline elements) and html_fields.py (which of those candidates
gives the title, authors, date and section) as its hints and html_gaps.py filling what trafilatura
skipped; markup.py streams visible lines out of markup too broken to parse; text.py cuts a plain-text
dump into line blocks. Readers never label a block: that is label/'s job.
"""
