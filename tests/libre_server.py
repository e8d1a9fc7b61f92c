"""A LibreTranslate-compatible HTTP server on 127.0.0.1, for testing the real client.

It answers POST /translate like LibreTranslate does ({"translatedText": ...}); its
behaviour is set per test: fail with a status first, stop answering after some requests,
hang until the test is over, or drop the masks it was sent. Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Behaviour:
    fail_first: list[int] = field(default_factory=list)  # statuses for the first requests
    answer_only: int | None = None  # after this many answers, drop every connection
    hang: bool = False  # answer nothing until the server stops (when the test is done)
    drop_masks: bool = False
    requests: list[dict[str, str]] = field(default_factory=list)
    answered: int = 0
    # called with the request's number before it is answered: a person editing files meanwhile
    during: Callable[[int], None] | None = None
    stopped: threading.Event = field(default_factory=threading.Event)


def fake_translation(text: str, target: str, drop_masks: bool) -> str:
    """Recognizably "translated", masks kept (or dropped, to test the QA path)."""
    if drop_masks:
        text = re.sub(r"⟦\d+⟧", "", text, count=1)
    return f"<{target}> {text}"


def _handler(behaviour: Behaviour) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            if self.headers.get("Content-Type", "").startswith("application/json"):
                params = {
                    k: v[0] if isinstance(v, list) else str(v)
                    for k, v in json.loads(body or "{}").items()
                }
            else:
                query = parse_qs(urlsplit(self.path).query) | parse_qs(body)
                params = {k: v[0] for k, v in query.items()}
            params["authorization"] = self.headers.get("Authorization", "")
            behaviour.requests.append({"path": urlsplit(self.path).path, **params})
            if behaviour.during is not None:
                behaviour.during(len(behaviour.requests))
            if behaviour.hang:
                behaviour.stopped.wait(timeout=300)  # only a guard against a lost test
                return
            index = len(behaviour.requests) - 1
            if index < len(behaviour.fail_first):
                self._send(behaviour.fail_first[index], {"error": "slow down"})
                return
            if behaviour.answer_only is not None and behaviour.answered >= behaviour.answer_only:
                self.close_connection = True
                self.connection.close()  # as a server that died: no answer at all
                return
            if params.get("api_key") == "forbidden-key":
                self._send(403, {"error": "Invalid API key"})
                return
            behaviour.answered += 1
            if urlsplit(self.path).path == "/v2/translate":  # DeepL's API, for its client
                text = fake_translation(
                    params.get("text", ""), params.get("target_lang", ""), behaviour.drop_masks
                )
                self._send(
                    200,
                    {
                        "translations": [
                            {
                                "detected_source_language": "EN",
                                "text": text,
                                "billed_characters": len(text),
                            }
                        ]
                    },
                )
                return
            text = fake_translation(
                params.get("q", ""), params.get("target", ""), behaviour.drop_masks
            )
            self._send(200, {"translatedText": text})

        def _send(self, status: int, payload: dict[str, object]) -> None:
            data = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def libre_server(behaviour: Behaviour | None = None) -> Iterator[tuple[str, Behaviour]]:
    behaviour = behaviour or Behaviour()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(behaviour))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", behaviour
    finally:
        behaviour.stopped.set()
        httpd.shutdown()
        httpd.server_close()
