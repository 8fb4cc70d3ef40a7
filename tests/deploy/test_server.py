"""`assemblea serve` (gunicorn, from the environment) and where an installed app writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assemblea import cli
from assemblea.config.server import server_options

REPO = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_serve_reads_binds_workers_and_threads_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("ASSEMBLEA_BIND", "127.0.0.1:8001, 127.0.0.1:8002")
    monkeypatch.setenv("ASSEMBLEA_WORKERS", "3")
    monkeypatch.setenv("ASSEMBLEA_THREADS", "8")
    options = server_options()
    assert options["bind"] == ["127.0.0.1:8001", "127.0.0.1:8002"]
    assert (options["workers"], options["threads"]) == (3, 8)
    assert options["worker_class"] == "uvicorn_worker.UvicornWorker"  # ASGI: live streams
    # Flags win over the environment.
    assert server_options(bind=["unix:/run/a.sock"], workers=1)["bind"] == ["unix:/run/a.sock"]


def test_serve_defaults_to_loopback_and_logs_no_query_strings(monkeypatch) -> None:
    for name in ("ASSEMBLEA_BIND", "ASSEMBLEA_WORKERS", "ASSEMBLEA_THREADS"):
        monkeypatch.delenv(name, raising=False)
    options = server_options()
    assert options["bind"] == ["127.0.0.1:8000"]
    assert options["accesslog"] is None  # gunicorn's access log has query strings
    # Only the app decides which proxies' X-Forwarded-Proto count.
    assert options["secure_scheme_headers"] == {}


@pytest.mark.parametrize("value", ["many", "0", "-2"])
def test_serve_refuses_a_bad_number(monkeypatch, value: str) -> None:
    monkeypatch.setenv("ASSEMBLEA_WORKERS", value)
    with pytest.raises(SystemExit, match="ASSEMBLEA_WORKERS"):
        server_options()


def test_the_cli_has_serve() -> None:
    args = cli.build_parser().parse_args(["serve", "--bind", "127.0.0.1:9000", "--threads", "2"])
    assert (args.command, args.bind, args.threads) == ("serve", ["127.0.0.1:9000"], 2)


def _installed_copy(tmp_path: Path) -> Path:
    """The package alone, as a wheel installs it (no pyproject.toml beside it)."""
    site = tmp_path / "site-packages"
    shutil.copytree(
        REPO / "src" / "assemblea",
        site / "assemblea",
        ignore=shutil.ignore_patterns("__pycache__", "*.ttf", "locale"),
    )
    return site


def _settings_of(site: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ASSEMBLEA_", "DJANGO_", "XDG_")) and key != "DATABASE_URL"
    }
    env.update({"PYTHONPATH": str(site), "HOME": str(site.parent / "home"), **environment})
    return subprocess.run(
        [sys.executable, "-c", "import assemblea.config.settings as s; print(s.VAR_DIR)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_installed_app_in_production_requires_its_var_dir(tmp_path: Path) -> None:
    site = _installed_copy(tmp_path)
    production = {"ASSEMBLEA_DEBUG": "false", "ASSEMBLEA_SECRET_KEY": GOOD_KEY}
    refused = _settings_of(site, **production)
    assert refused.returncode != 0
    assert "ASSEMBLEA_VAR_DIR is not set" in refused.stderr
    assert not (site / "var").exists() and not (tmp_path / "var").exists()
    chosen = _settings_of(site, **production, ASSEMBLEA_VAR_DIR=str(tmp_path / "data"))
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.strip() == str(tmp_path / "data")


def test_an_installed_app_in_debug_writes_to_the_users_data_directory(tmp_path: Path) -> None:
    site = _installed_copy(tmp_path)
    result = _settings_of(site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "home" / ".local" / "share" / "assemblea")


def test_a_source_checkout_keeps_var_beside_the_code() -> None:
    from django.conf import settings

    if os.environ.get("ASSEMBLEA_VAR_DIR"):
        pytest.skip("ASSEMBLEA_VAR_DIR is set for this run")
    assert settings.VAR_DIR == REPO / "var"
