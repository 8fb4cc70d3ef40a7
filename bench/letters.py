"""Invitation letters: CPU time to produce the PDF of 600 letters (issue 15: >= 200 letters/s).

    python bench/letters.py                       # 600 letters, best of 3 runs
    python bench/letters.py --letters 2000 --runs 1
    python bench/letters.py --profile             # plus the 25 costliest functions (cProfile)
    python bench/letters.py --out /tmp/letters.pdf

What it does: migrates a throwaway SQLite database (in a temporary directory, removed at the
end), creates an organization, an assembly with a long-ish question, a recruitment with a
registration deadline, and N households spread over every language in settings.LANGUAGES,
plus some with no language and one the site does not have (both print in English), with one
invitation draw of N invitations. Then it times `invitation_letters_render` in CPU seconds
(time.process_time, database queries included), and prints letters per CPU second against
the 200/s target, the ratio, the pages and the PDF's size. Exit code 1 if a run misses the
target or the PDF does not have one page per letter.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = 200.0  # letters per CPU second (issue 15)

STREETS = [
    "Calle de la Peña",
    "Avenida de Andalucía",
    "Rue de l’Église",
    "High Street",
    "Plaça de l’Àngel",
    "Camí de Muñoz",
]


def setup(letters: int) -> Any:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from assemblea.accounts.models import OrganizationKind
    from assemblea.accounts.services import organization_create
    from assemblea.assemblies.services import assembly_create
    from assemblea.recruitment import services
    from assemblea.recruitment.invitations import new_code
    from assemblea.recruitment.models import Household, Invitation, InvitationDraw

    user = get_user_model().objects.create_user(username="organizer", password="x" * 20)
    city = organization_create(
        actor=user, name="City of Benchville", kind=OrganizationKind.GOVERNMENT
    )
    assembly = assembly_create(
        actor=user,
        organization=city,
        title="Benchville Citizens’ Assembly on Streets and Squares",
        kind="civic_one_time",
        question=(
            "How should Benchville make its streets safe for children, older people and "
            "everyone who walks or cycles, within the “Vision Zero” budget?"
        ),
        planned_size=30,
    )
    recruitment = services.recruitment_start(
        actor=user,
        assembly=assembly,
        category=assembly.categories.get(),
        privacy_notice="We keep it safe.",
        registration_deadline=timezone.now() + timezone.timedelta(days=30),
    )
    languages = [code for code, _name in settings.LANGUAGES] + ["", "xx"]
    households = Household.objects.bulk_create(
        Household(
            recruitment=recruitment,
            key=f"h{number}",
            address=f"{STREETS[number % len(STREETS)]} {number}, 3º {'ABCD'[number % 4]}\n"
            f"{28000 + number % 90} Benchville",
            area=f"area {number % 5}",
            language=languages[number % len(languages)],
        )
        for number in range(letters)
    )
    draw = InvitationDraw.objects.create(
        recruitment=recruitment, seed="bench", size=letters, digest="0" * 64
    )
    codes: set[str] = set()
    while len(codes) < letters:
        codes.add(new_code())
    Invitation.objects.bulk_create(
        Invitation(draw=draw, household=household, code=code)
        for household, code in zip(households, sorted(codes), strict=True)
    )
    return recruitment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", type=Path, help="write the (last) PDF there")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="letters-bench-"))
    os.environ["ASSEMBLEA_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assemblea.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        recruitment = setup(options.letters)
        from django.utils import translation

        from assemblea.recruitment import letters as letters_module

        render = getattr(letters_module, "invitation_letters_render", None)
        if render is None:  # before the progress API existed: the view's function
            render = letters_module.invitation_letters_pdf
        url = "https://assemblea.example.org/register/benchville/"
        translation.activate("en")
        render(recruitment, url)  # warm up: translation catalogues, font files
        results = []
        pdf = b""
        for _run in range(options.runs):
            from assemblea.recruitment.models import Recruitment

            fresh = Recruitment.objects.get(pk=recruitment.pk)  # no cached relations
            started = time.process_time()
            pdf = render(fresh, url)
            results.append(time.process_time() - started)
        best = min(results)
        rate = options.letters / best
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        qr = letters_module._segno() if hasattr(letters_module, "_segno") else None
        print(f"letters: {options.letters}, runs: {options.runs}, pages: {pages}")
        print(f"QR codes: {'yes, segno ' + qr.__version__ if qr else 'no (segno not installed)'}")
        print("CPU seconds per run: " + ", ".join(f"{seconds:.3f}" for seconds in results))
        print(
            f"best: {best:.3f} s CPU = {rate:.0f} letters/s "
            f"(target {TARGET:.0f}/s, ratio {rate / TARGET:.2f}x)"
        )
        print(
            f"PDF size: {len(pdf) / 1024:.0f} KiB ({len(pdf) / options.letters:.0f} bytes/letter)"
        )
        if options.out:
            options.out.write_bytes(pdf)
            print(f"written to {options.out}")
        if options.profile:
            fresh = Recruitment.objects.get(pk=recruitment.pk)
            profiler = cProfile.Profile()
            profiler.enable()
            render(fresh, url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
        return 0 if rate >= TARGET and pages == options.letters else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
