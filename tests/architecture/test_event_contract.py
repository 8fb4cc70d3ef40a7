"""The event log's contract, across every app: each verb is registered by its app's
`ready()` (so it reads as text wherever Django runs, not only once the URLconf is loaded), and
each declares the data keys it carries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src"

_PROBE = """
import importlib, json, pkgutil
import django
django.setup()
from assemblea.core.events import registered_verbs
import assemblea
at_setup = {code: verb.declared for code, verb in registered_verbs().items()}
constants = {}
for module in pkgutil.iter_modules(assemblea.__path__):
    if not module.ispkg:
        continue
    try:
        events = importlib.import_module(f"assemblea.{module.name}.events")
    except ModuleNotFoundError:
        continue
    for name, value in vars(events).items():
        if name.isupper() and isinstance(value, str) and value.startswith(module.name + "."):
            constants[value] = module.name
print(json.dumps({"at_setup": at_setup, "constants": constants}))
"""


def _probe() -> dict[str, dict[str, object]]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "assemblea.config.settings",
        "PYTHONPATH": str(SOURCE),
    }
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_every_verb_is_registered_when_django_is_set_up_and_declares_its_keys() -> None:
    found = _probe()
    at_setup = found["at_setup"]
    assert found["constants"], "no event verbs found"
    missing = sorted(code for code in found["constants"] if code not in at_setup)
    assert missing == [], "verbs an app's ready() does not register"
    undeclared = sorted(code for code, declared in at_setup.items() if not declared)
    assert undeclared == [], "verbs registered without their keys (use core.events.verb)"
