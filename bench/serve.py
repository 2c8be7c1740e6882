"""Serve a built site on 127.0.0.1 the way GitHub Pages does: text gzip-compressed, with a cache lifetime."""

from __future__ import annotations

import functools
import gzip
import http.server
import sys

_TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class PagesLike(http.server.SimpleHTTPRequestHandler):
    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if "gzip" in self.headers.get("Accept-Encoding", "") and path.endswith(_TEXT) or path.endswith("/"):
            if path.endswith("/"):
                path += "index.html"
            try:
                with open(path, "rb") as handle:
                    body = gzip.compress(handle.read(), mtime=0)
            except OSError:
                return super().send_head()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def log_message(self, *args: object) -> None:
        pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


if __name__ == "__main__":
    port, directory = int(sys.argv[1]), sys.argv[2]
    handler = functools.partial(PagesLike, directory=directory)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
