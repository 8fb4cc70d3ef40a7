"""The ASGI application: what `assemblea serve` (gunicorn with uvicorn workers) and
`make run` (uvicorn) serve, so live pages can hold their event streams open
(docs/live.md). Ordinary views stay synchronous; Django runs them in a thread per request.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assemblea.config.settings")
django_application = get_asgi_application()

from django.conf import settings  # noqa: E402  (configured by the line above)

# Under ASGI each request runs its synchronous code in a thread of its own, which ends with
# the request: a connection kept open "for the next request" would be kept by a thread that
# is gone, and pile up. Each request closes its connection (Django's advice for ASGI).
for database in settings.DATABASES.values():
    database["CONN_MAX_AGE"] = 0

application: object = django_application
if settings.DEBUG:
    # `make run`: the static files, as runserver serves them (WhiteNoise does with DEBUG off).
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    application = ASGIStaticFilesHandler(django_application)
