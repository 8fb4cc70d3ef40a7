"""`assemblea serve`: the production web server, gunicorn running the ASGI app in uvicorn
workers (`uvicorn_worker.UvicornWorker`), so live pages hold their event streams open
without holding a thread each (docs/live.md). `assemblea serve --dev` runs the same app in
one uvicorn process that reloads on code changes (`make run`).

Configured from the environment (flags override):

* ASSEMBLEA_BIND: where to listen, comma-separated `host:port` or `unix:/path`
  (default 127.0.0.1:8000: behind a reverse proxy on the same machine);
* ASSEMBLEA_WORKERS: worker processes (default 2; about one per core);
* ASSEMBLEA_THREADS: accepted and ignored (the gthread workers' setting: an ASGI worker
  runs each request's synchronous code in a thread of its own);
* ASSEMBLEA_TIMEOUT: seconds a worker may stay unresponsive before it is restarted
  (default 60).

Gunicorn writes no access log: the app logs each request itself (core/logging.py), without
query strings, which may carry tokens. Gunicorn's own X-Forwarded-Proto handling is off: the
app believes only ASSEMBLEA_TRUSTED_PROXIES (core/middleware.py), in one place.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

DEFAULT_BIND = "127.0.0.1:8000"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number (it is {value!r}).") from None
    if number < 1:
        raise SystemExit(f"{name} must be at least 1 (it is {number}).")
    return number


def server_options(
    *,
    bind: Sequence[str] | None = None,
    workers: int | None = None,
    threads: int | None = None,
) -> dict[str, Any]:
    """Gunicorn's settings for this environment."""
    binds = list(bind or [])
    if not binds:
        binds = [
            item.strip()
            for item in os.environ.get("ASSEMBLEA_BIND", DEFAULT_BIND).split(",")
            if item.strip()
        ]
    return {
        "bind": binds or [DEFAULT_BIND],
        "workers": workers or _env_int("ASSEMBLEA_WORKERS", 2),
        "threads": threads or _env_int("ASSEMBLEA_THREADS", 4),
        "worker_class": "uvicorn_worker.UvicornWorker",
        "timeout": _env_int("ASSEMBLEA_TIMEOUT", 60),
        "graceful_timeout": 30,
        # Not gunicorn's access log: the app's request log (no query strings, request ids).
        "accesslog": None,
        "errorlog": "-",
        "loglevel": os.environ.get("ASSEMBLEA_LOG_LEVEL", "INFO").lower(),
        # One place decides which proxies are believed: core/middleware.py.
        "secure_scheme_headers": {},
        "forwarded_allow_ips": "127.0.0.1",
        "proc_name": "assemblea",
    }


def serve(
    *,
    bind: Sequence[str] | None = None,
    workers: int | None = None,
    threads: int | None = None,
) -> int:
    """Run gunicorn in the foreground until it is stopped (SIGTERM: graceful)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assemblea.config.settings")
    try:
        from gunicorn.app.base import BaseApplication
    except ModuleNotFoundError:  # pragma: no cover - gunicorn is a runtime dependency
        raise SystemExit("gunicorn is not installed: `pip install gunicorn`.") from None
    options = server_options(bind=bind, workers=workers, threads=threads)
    # Fail here, with the settings' own message, rather than in every worker.
    import django

    django.setup()

    class Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from assemblea.config.asgi import application

            return application

    Application().run()
    return 0


def serve_dev(*, bind: Sequence[str] | None = None) -> int:
    """`make run`: the same ASGI app in one uvicorn process, reloading on code changes."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assemblea.config.settings")
    import uvicorn

    address = (list(bind or []) or [os.environ.get("ASSEMBLEA_BIND", DEFAULT_BIND)])[0]
    host, _, port = address.rpartition(":")
    uvicorn.run(
        "assemblea.config.asgi:application",
        host=host or "127.0.0.1",
        port=int(port),
        reload=True,
        reload_dirs=[os.path.dirname(os.path.dirname(__file__))],
        log_level="warning",
    )
    return 0
