"""Content is data: no markup injection, no local file reads, no network from the renderer."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from pipeline.content.paths import TEMPLATES
from pipeline.errors import BuildError
from pipeline.publish.build import BuildOptions, build
from pipeline.render.weasyprint_pdf import render_pdf

from .conftest import MINIMAL_FRONT, CliRunner, write_release
from .site_builder import SiteBuilder


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def content(site: SiteBuilder) -> Path:
    """A site with one plain statement."""
    site.release("plain", MINIMAL_FRONT, "A plain statement.\n")
    return site.root


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_html_and_local_file_references_in_a_body_stay_text(
    content: Path, output: Path, cli: CliRunner
) -> None:
    body = (
        'Before <script>alert("x")</script> after.\n\n'
        '<img src="file:///etc/passwd"> and <iframe src="http://127.0.0.1/"></iframe>\n'
    )
    write_release(content, "inject", MINIMAL_FRONT, body)
    result = cli("build", "inject", "--content", content, "--output", output)
    assert result.code == 0, result.err
    html = (output / "inject/2024-03-01/en/inject-en.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<iframe" not in html
    assert 'src="file:' not in html
    assert "&lt;script&gt;alert(“x”)&lt;/script&gt;" in html  # text, typeset like any text
    text = PdfReader(output / "inject/2024-03-01/en/inject-en.pdf").pages[0].extract_text()
    assert "<script>alert(“x”)</script>" in text
    assert "root:" not in text, "no content of /etc/passwd"


def test_renderer_refuses_local_files_outside_the_project(tmp_path: Path) -> None:
    html = '<html><body><p>x</p><img src="file:///etc/passwd"></body></html>'
    with pytest.raises(BuildError, match="refused to fetch file:///etc/passwd"):
        render_pdf(html, tmp_path, [tmp_path], label="test")
    relative = '<html><body><img src="../../etc/passwd"></body></html>'
    with pytest.raises(BuildError, match=r"refused to fetch file:///.*/etc/passwd"):
        render_pdf(relative, tmp_path / "a" / "b", [tmp_path / "a" / "b"], label="test")


def test_renderer_makes_no_network_request(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    url, requests = server
    html = f'<html><head><link rel="stylesheet" href="{url}/x.css"></head><body>x</body></html>'
    with pytest.raises(BuildError, match=f"refused to fetch {url}/x.css"):
        render_pdf(html, tmp_path, [tmp_path], label="test")
    assert requests == []


def test_a_template_that_fetches_from_the_network_fails_the_build(
    content: Path, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    css = templates / "style.css"
    css.write_text(
        f"@import url({url}/evil.css);\n" + css.read_text(encoding="utf-8"), encoding="utf-8"
    )
    output = tmp_path / "output"
    options = BuildOptions(
        content=content,
        output=output,
        templates=templates,
        jobs=1,
        ids=("plain",),
    )
    with pytest.raises(BuildError, match=f"refused to fetch {url}/evil.css"):
        build(options)
    assert requests == []
    assert not output.exists(), "nothing is written when a render fails"


def test_files_inside_content_are_served(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    pdf = render_pdf(
        '<html><body><img src="logo.svg"><p>ok</p></body></html>',
        tmp_path,
        [tmp_path],
        label="test",
    )
    assert pdf.startswith(b"%PDF")


def test_a_release_pointing_at_a_server_causes_no_request(
    content: Path, output: Path, server: tuple[str, list[str]], cli: CliRunner
) -> None:
    url, requests = server
    body = (
        f'Read [the report]({url}/report) and see <img src="{url}/pixel.png">.\n\n'
        f"![tracker]({url}/img.png)\n"
    )
    write_release(content, "pointing", MINIMAL_FRONT, body)
    assert cli("build", "pointing", "--content", content, "--output", output).code == 1, (
        "an image in the text is refused"
    )
    write_release(content, "pointing", MINIMAL_FRONT, body.split("\n\n")[0] + "\n")
    result = cli("build", "pointing", "--content", content, "--output", output)
    assert result.code == 0, result.err
    html = (output / "pointing/2024-03-01/en/pointing-en.html").read_text(encoding="utf-8")
    assert f'<a href="{url}/report">the report</a>' in html
    assert '<img src="http' not in html
    assert requests == [], "rendering fetched nothing from the network"
