"""The size of a production install: the wheel and its runtime dependencies, in a fresh
virtual environment, against the 200 MB target (issue 15).

    python bench/install_size.py [--keep DIR]

Builds the wheel (`pip wheel --no-deps`), creates a virtualenv with `python -m venv`,
installs the wheel into it with pip (from the configured index or local cache), then
prints the size of its site-packages, the biggest distributions, and the verdict. Nothing is
timed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_MB = 200.0


def tree_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the environment here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="assemblea-size-") as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        dist = root / "dist"
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
            check=True,
        )
        wheel = next(dist.glob("assemblea-*.whl"))
        venv = root / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        site = Path(
            subprocess.run(
                [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        empty = tree_size(site)  # pip (and setuptools on older Pythons) come with the venv
        before = {item.name for item in site.iterdir()}
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
        installed = tree_size(site) - empty
        sizes: dict[str, int] = {}
        for item in site.iterdir():
            if item.name in before or item.name.endswith((".dist-info", "__pycache__")):
                continue
            name = item.name.removesuffix(".py").split("-")[0].lower()
            sizes[name] = sizes.get(name, 0) + (
                tree_size(item) if item.is_dir() else item.stat().st_size
            )
        print(f"wheel: {wheel.name}, {wheel.stat().st_size / 1e6:.1f} MB")
        print("biggest installed packages:")
        for name, size in sorted(sizes.items(), key=lambda pair: -pair[1])[:10]:
            print(f"  {name:<24} {size / 1e6:7.1f} MB")
        megabytes = installed / 1e6
        verdict = "within" if megabytes <= TARGET_MB else "OVER"
        print(
            f"production install (wheel + runtime dependencies): {megabytes:.1f} MB "
            f"({verdict} the {TARGET_MB:.0f} MB target)"
        )
        return 0 if megabytes <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
