"""Production refuses to run insecurely, and `check --deploy` is clean for the documented
production configuration (README, "Configuration")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The documented production configuration (README's configuration table).
PRODUCTION = {
    "ASSEMBLEA_DEBUG": "false",
    "ASSEMBLEA_SECRET_KEY": GOOD_KEY,
    "ASSEMBLEA_BASE_URL": "https://assemblea.example.org",
    "ASSEMBLEA_ALLOWED_HOSTS": "assemblea.example.org",
    "ASSEMBLEA_TRUSTED_PROXIES": "127.0.0.1",
    "ASSEMBLEA_HSTS_PRELOAD": "true",
}
SHOWN = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "TRUSTED_PROXIES",
    "API_TRUSTED_PROXIES",
]


def _run(
    args: list[str], environment: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Not the test run's own (e.g. DJANGO_ALLOW_ASYNC_UNSAFE, set for Playwright).
        if not key.startswith(("ASSEMBLEA_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "assemblea.config.settings",
            "ASSEMBLEA_VAR_DIR": str(tmp_path),
            "PYTHONPATH": str(REPO / "src"),
        }
    )
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _settings(environment: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}))"
    )
    return _run(["-c", script], environment, tmp_path)


@pytest.mark.parametrize(
    ("key", "says"),
    [
        (None, "ASSEMBLEA_SECRET_KEY is not set"),
        ("", "ASSEMBLEA_SECRET_KEY is not set"),
        ("insecure-development-key-set-ASSEMBLEA_SECRET_KEY-in-production", "development key"),
        ("django-insecure-" + "x1y2z3" * 10, "development key"),
        ("short-but-secret", "too short"),
        ("a" * 60, "too short"),
    ],
)
def test_debug_off_refuses_a_missing_public_or_weak_secret_key(
    key: str | None, says: str, tmp_path: Path
) -> None:
    environment = {"ASSEMBLEA_DEBUG": "false"}
    if key is not None:
        environment["ASSEMBLEA_SECRET_KEY"] = key
    result = _settings(environment, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert says in result.stderr
    assert "set ASSEMBLEA_SECRET_KEY to a long random value" in result.stderr


def test_debug_on_needs_no_key_and_uses_the_development_one(tmp_path: Path) -> None:
    result = _settings({}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DEBUG"] is True


def test_behind_an_https_proxy_the_base_url_gives_origin_secure_cookies_hsts(
    tmp_path: Path,
) -> None:
    result = _settings(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["DEBUG"] is False
    assert shown["ALLOWED_HOSTS"] == ["assemblea.example.org"]
    assert shown["CSRF_TRUSTED_ORIGINS"] == ["https://assemblea.example.org"]
    assert shown["SESSION_COOKIE_SECURE"] is True
    assert shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert shown["SECURE_SSL_REDIRECT"] is True
    # Django's own header setting would believe X-Forwarded-Proto from anyone.
    assert shown["SECURE_PROXY_SSL_HEADER"] is None
    assert shown["TRUSTED_PROXIES"] == ["127.0.0.1"]
    assert shown["API_TRUSTED_PROXIES"] == ["127.0.0.1"]


def test_the_ssl_redirect_can_be_turned_off_and_the_old_proxy_variable_still_works(
    tmp_path: Path,
) -> None:
    environment = {
        key: value for key, value in PRODUCTION.items() if key != "ASSEMBLEA_TRUSTED_PROXIES"
    }
    environment |= {"ASSEMBLEA_SSL_REDIRECT": "false", "ASSEMBLEA_API_TRUSTED_PROXIES": "10.0.0.5"}
    result = _settings(environment, tmp_path)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["TRUSTED_PROXIES"] == ["10.0.0.5"]
    assert shown["API_TRUSTED_PROXIES"] == ["10.0.0.5"]


def test_check_deploy_is_clean_for_the_documented_production_configuration(
    tmp_path: Path,
) -> None:
    result = _run(
        ["-m", "assemblea.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_readme_documents_the_production_configuration() -> None:
    readme = (REPO / "README.md").read_text()
    for variable in PRODUCTION:
        assert f"`{variable}`" in readme, variable
