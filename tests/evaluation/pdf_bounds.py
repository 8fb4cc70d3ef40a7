"""Everything a PDF draws lies on its page: rectangles (`re`) and text positions (`Td`,
`Tm`), read from each page's content stream with pypdf and tested against the media box."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ContentStream


def pdf_outside_marks(data: bytes) -> list[str]:
    """What lies outside its page's media box, as 'page N: op (x, y, w, h)' strings."""
    reader = PdfReader(io.BytesIO(data))
    problems: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        edges = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        stream = ContentStream(page.get_contents(), reader)
        for operands, operator in stream.operations:
            op = operator.decode()
            values = [float(v) for v in operands if isinstance(v, int | float) or _numeric(v)]
            if op == "re" and len(values) == 4:
                x, y, w, h = values
                if not (_inside(edges, x, y) and _inside(edges, x + w, y + h)):
                    problems.append(f"page {number}: re {values}")
            elif (op in ("Td", "TD") and len(values) == 2) or (op == "Tm" and len(values) == 6):
                x, y = values[-2:]
                if not _inside(edges, x, y):
                    problems.append(f"page {number}: {op} {values}")
    return problems


def _inside(edges: tuple[float, float, float, float], x: float, y: float) -> bool:
    left, bottom, right, top = edges
    return left - 0.01 <= x <= right + 0.01 and bottom - 0.01 <= y <= top + 0.01


def _numeric(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True
