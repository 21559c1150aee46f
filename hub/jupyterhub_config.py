# JupyterHub config for the course hub on 127.0.0.1. The logic lives in workbook.hub
# (settings from the hub's variables, accounts, per-user config, course delivery);
# `make hub` starts it.
from pathlib import Path

from workbook.hub.hubconfig import apply, prepare
from workbook.hub.settings import from_env

# internal ports as the hub last ran on them: servers that outlived it still reach it
settings = from_env(Path(__file__).resolve().parent.parent, remember_ports=True)
for line in prepare(settings):
    print(line, flush=True)
apply(c, settings)  # noqa: F821  (c is JupyterHub's config object)
