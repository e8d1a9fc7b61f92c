"""Screenshots of the review server for the README: `make screenshots`.

Serves a copy of the sample content on 127.0.0.1 and photographs the dashboard and the
Russian review page of the anniversary release in Debian's Chromium.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.web.app import create_app  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, free_port, running  # noqa: E402

SHOTS = {"review-dashboard.png": "/", "review-page.png": "/review/january-20-anniversary/ru"}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        port = free_port()
        app = create_app(content, Path(tmp) / "output", port=port, token=None)
        with running(app, port) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in SHOTS.items():
                page.goto(url + path)
                page.screenshot(path=str(ROOT / "docs" / name))
                print(f"docs/{name}")
            browser.close()


if __name__ == "__main__":
    main()
