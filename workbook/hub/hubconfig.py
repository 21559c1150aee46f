"""JupyterHub configuration for the course hub, applied to the config object `c`."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from workbook.hub.homes import prepare_home
from workbook.hub.settings import HubSettings

SPAWNER = "jupyterhub.spawner.SimpleLocalProcessSpawner"
DEFAULT_URL = "/lab/tree/notebooks/index.ipynb"

# Tutors see who is on the course and their activity (the hub's admin page, read-only use);
# learners keep JupyterHub's default: only their own server.
TUTOR_ROLE = {
    "name": "tutor",
    "description": "Course tutors: see the learners and their servers' activity",
    "scopes": ["self", "admin-ui", "list:users", "read:users", "read:groups",
               "read:servers"],
    "groups": ["tutors"],
}


def make_pre_spawn_hook(settings: HubSettings):
    """The hook JupyterHub calls before each spawn: deliver the course, set the user's env."""

    def pre_spawn_hook(spawner: Any) -> None:
        name = spawner.user.name
        environment, delivery = prepare_home(settings, name)
        spawner.environment.update(environment)
        spawner.log.info("course delivery for %s: %s", name, delivery.summary())

    return pre_spawn_hook


def apply(c: Any, settings: HubSettings) -> None:
    """Set every hub option on `c` (a traitlets Config) from `settings`."""
    settings.data.mkdir(parents=True, exist_ok=True)
    c.JupyterHub.ip = "127.0.0.1"
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [str(settings.proxy_command)]
    c.JupyterHub.db_url = f"sqlite:///{settings.data / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(settings.data / "jupyterhub_cookie_secret")

    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = settings.password
    c.Authenticator.allowed_users = set(settings.learners) | set(settings.tutors)
    c.JupyterHub.load_groups = {
        "learners": {"users": list(settings.learners)},
        "tutors": {"users": list(settings.tutors)},
    }
    c.JupyterHub.load_roles = [TUTOR_ROLE]

    c.JupyterHub.spawner_class = SPAWNER
    c.SimpleLocalProcessSpawner.home_dir_template = str(settings.homes / "{username}")
    c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    # Jupyter refuses to run as root unless told; here the hub (and so every server) may be.
    c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
    c.Spawner.default_url = DEFAULT_URL
    c.Spawner.pre_spawn_hook = make_pre_spawn_hook(settings)
    # A class logging in together queues on the machine's CPU (each server start costs ~3-5 s of
    # CPU; docs/capacity.md measured 20 at once on 2 cores at ~70 s): a slow start is not a failure.
    c.Spawner.http_timeout = 180
    c.Spawner.start_timeout = 90
