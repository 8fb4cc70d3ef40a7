"""Every user-facing string is translated: English is the source, Spanish is complete."""

from __future__ import annotations

import ast
import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "assemblea"
SPANISH = PACKAGE / "locale" / "es" / "LC_MESSAGES"


def read_po(path: Path) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """(msgctxt, msgid) → (msgstr forms, fuzzy), with the header left out."""
    entries: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        context, msgid, forms, current = "", "", [], None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith("msgctxt "):
                current, context = "ctxt", ast.literal_eval(line[8:])
            elif line.startswith("msgid "):
                current, msgid = "id", ast.literal_eval(line[6:])
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith("msgstr"):
                current = "str"
                forms.append(ast.literal_eval(line.split(" ", 1)[1]))
            elif line.startswith('"'):
                if current == "ctxt":
                    context += ast.literal_eval(line)
                elif current == "id":
                    msgid += ast.literal_eval(line)
                elif current == "str":
                    forms[-1] += ast.literal_eval(line)
        if msgid:
            entries[(context, msgid)] = (forms, fuzzy)
    return entries


def test_spanish_catalogue_is_complete_and_not_fuzzy():
    entries = read_po(SPANISH / "django.po")
    assert len(entries) > 400
    missing = [msgid for msgid, (forms, _fuzzy) in entries.items() if not all(forms)]
    fuzzy = [msgid for msgid, (_forms, is_fuzzy) in entries.items() if is_fuzzy]
    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    entries = read_po(SPANISH / "django.po")
    with (SPANISH / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for (context, msgid), (forms, _fuzzy) in entries.items():
        if len(forms) == 1:
            found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            assert found == forms[0], msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "assemblea"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "assemblea.config.settings", "PATH": "/usr/bin:/bin"},
    )
    extracted = read_po(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")
    untranslated = [msgid for msgid, (forms, fuzzy) in extracted.items() if not all(forms) or fuzzy]
    assert untranslated == [], "run `make messages` and translate the new strings"
