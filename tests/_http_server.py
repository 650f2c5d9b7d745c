"""A static http.server on 127.0.0.1 for the crawl tests, started and stopped by the test itself."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the base class names it so
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving `folder` (port chosen by the system) until the block ends."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def site(folder: Path, pages: dict[str, bytes]) -> Path:
    """The pages as NAME.html plus an index.html linking them all."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, raw in pages.items():
        (folder / f"{name}.html").write_bytes(raw)
    links = "".join(f'<li><a href="{name}.html">{name}</a></li>' for name in pages)
    (folder / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    return folder
