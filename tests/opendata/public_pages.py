"""Print the visible text of every public page of one assembly, as JSON, in crawl order.

Run as a script against an instance (its settings come from the environment): the
round-trip test runs it on the exporting and on the importing instance and compares.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser

import django

# Conversations and participatory budgets are not in the open data yet (they have their own
# exports: Polis files and .pb files), so an imported assembly has none of them.
SKIPPED = (
    ".pdf",
    ".ics",
    ".rss",
    "/manage/",
    "/network/",
    "/conversations/",
    "/budgets/",
    "open-data.json",
    "open-data.zip",
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def crawl(slug: str, limit: int = 400) -> list[tuple[str, str]]:
    from django.test import Client

    client = Client(SERVER_NAME="testserver")
    start = f"/a/{slug}/"
    queue = [start, *(f"{start}{section}/" for section in ("record", "report", "resolutions"))]
    seen, pages = set(queue), []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200:
            pages.append((url, f"HTTP {response.status_code}"))
            continue
        kind = response.get("Content-Type", "")
        body = response.content.decode()
        if "html" not in kind:
            pages.append((url, body))
            continue
        parser = _Page()
        parser.feed(body)
        pages.append((url, re.sub(r"\s+", " ", " ".join(parser.text)).strip()))
        for href in parser.links:
            href = href.split("#")[0]
            skipped = any(part in href for part in SKIPPED)
            if href.startswith(start) and href not in seen and not skipped:
                seen.add(href)
                queue.append(href)
    return pages


if __name__ == "__main__":
    django.setup()
    json.dump(crawl(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=0)
