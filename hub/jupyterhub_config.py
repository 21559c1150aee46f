# JupyterHub config for the course hub on 127.0.0.1. The logic lives in workbook.hub
# (settings from WORKBOOK_HUB_* variables, per-user config, course delivery); `make hub` starts it.
from pathlib import Path

from workbook.hub.hubconfig import apply
from workbook.hub.settings import from_env

settings = from_env(Path(__file__).resolve().parent.parent)
if settings.password_generated:
    print("Demo password for every login: " + settings.password, flush=True)
apply(c, settings)  # noqa: F821  (c is JupyterHub's config object)
