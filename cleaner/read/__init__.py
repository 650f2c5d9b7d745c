"""Stage 1, reading: a document's bytes into Blocks, plus what the page itself says about its fields.

decode.py turns bytes into text. html.py cuts an HTML page into blocks over trafilatura's extraction;
html_meta.py finds the page's candidates for its fields (meta tags, JSON-LD, byline elements), and
html_title.py, html_authors.py and html_dates.py choose among them; html_gaps.py puts back what
trafilatura skipped. markup.py streams visible lines out of markup too broken to parse; text.py cuts a
plain-text dump into line blocks. Readers never label a block: that is label/'s job.
"""
