"""JupyterHub configuration for the course hub, applied to the config object `c`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from workbook.course.loader import load_course
from workbook.errors import Refusal
from workbook.hub.accounthome import prepare_account_home
from workbook.hub.authenticator import TEMPLATES, landing_page
from workbook.hub.homes import IQA_PAGE_PATH, TUTOR_PAGE_PATH, prepare_home
from workbook.hub.journals import log_notes, prepare_all
from workbook.hub.permissions import prepare_data_folder, prepare_records, protect_tutor_files
from workbook.hub.roles import ROLES, hub_roles
from workbook.hub.settings import HubSettings

DEMO_SPAWNER = "jupyterhub.spawner.SimpleLocalProcessSpawner"
SPAWNER = "workbook.hub.spawner.AccountSpawner"
AUTHENTICATOR = "workbook.hub.authenticator.WorkbookAuthenticator"
# Where a server opens: everyone meets their own page shown by Voilà, which runs it as it opens
# (no "Run All", no code to break): learners the course home, tutors the assessor's page, IQAs
# theirs. JupyterLab, with its terminal and formgrader, is a link away on each page.
DEFAULT_URL = "/lab/tree/notebooks/index.ipynb"
LEARNER_URL = "/voila/render/notebooks/index.ipynb"
ROLE_URLS = {"learner": LEARNER_URL, "tutor": f"/voila/render/{TUTOR_PAGE_PATH}",
             "iqa": f"/voila/render/{IQA_PAGE_PATH}"}
# Each server's address-space cap (RLIMIT_AS, see workbook.hub.spawner). Address space runs well
# above resident memory (a learner's server uses under 400 MB, docs/capacity.md): 2 GiB leaves
# room while stopping one runaway notebook from taking the machine.
MEMORY_LIMIT = "2G"


def make_pre_spawn_hook(settings: HubSettings):
    """The hook JupyterHub calls before each spawn: deliver the course, set the user's env."""
    prepare = prepare_account_home if settings.separate_accounts else prepare_home

    def pre_spawn_hook(spawner: Any) -> None:
        name = spawner.user.name
        if settings.accounts.must_change(name):
            # (the login already sent them there; this stops a direct start)
            raise Refusal(f"{name} has a one-time password: choose your own first at "
                          f"{settings.url}hub/change-password")
        environment, delivery = prepare(settings, name)
        spawner.environment.update(environment)
        spawner.default_url = default_url(settings.role(name))
        spawner.log.info("course delivery for %s: %s", name, delivery.summary())

    return pre_spawn_hook


def default_url(role: str) -> str:
    """The page a user's server opens on: the course home for learners, the assessor's page for
    tutors, the IQA's page for IQAs (each in Voilà); JupyterLab for any other role."""
    return ROLE_URLS.get(role, DEFAULT_URL)


def prepare(settings: HubSettings) -> list[str]:
    """Before the hub starts: permissions (as root) and, on a fresh data folder, the demo
    accounts; returns the lines to print once (see demo_logins)."""
    settings.data.mkdir(parents=True, exist_ok=True)
    if settings.separate_accounts:
        prepare_data_folder(settings)
        prepare_records(settings)
        # every tutor's and IQA's journal files, before any of them can make another's
        roles = {name: settings.role(name) for name in {*settings.accounts.roles(),
                                                        *settings.demo_users()}}
        log_notes(prepare_all(settings.records, roles, [u.slug for u in load_course().units]))
        protect_tutor_files(settings.project, ROLES["tutor"].unix_group or "tutor")
    return demo_logins(settings)


def demo_logins(settings: HubSettings) -> list[str]:
    """On a fresh data folder, make the demo accounts; lines to print once, one `name password`
    line per login ([] when the accounts were made before)."""
    made = settings.accounts.add_demo_users(settings.demo_users())
    if not made:
        return []
    return ["Demo logins (shown this once; passwords are stored hashed):",
            *(f"{name} {password}" for name, password in made),
            f"Tutors' formgrader: {settings.url}user/<tutor>/formgrader", ""]


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

    c.JupyterHub.authenticator_class = AUTHENTICATOR
    c.WorkbookAuthenticator.data_folder = str(settings.data)
    c.Authenticator.any_allow_config = True  # check_allowed: only users with an account
    c.JupyterHub.template_paths = [str(TEMPLATES)]
    c.JupyterHub.default_url = landing_page
    # Groups from the accounts at start; a user added later gets the group's scopes at the
    # next restart (their server's role is read at every spawn).
    roles = settings.accounts.roles()
    c.JupyterHub.load_groups = {
        role.hub_group: {"users": sorted(name for name, r in roles.items() if r == role.name)}
        for role in ROLES.values()}
    c.JupyterHub.load_roles = hub_roles()

    if settings.separate_accounts:
        # each server as its user's account: never root, so never --allow-root
        c.JupyterHub.spawner_class = SPAWNER
        c.Spawner.mem_limit = MEMORY_LIMIT
    else:
        # a single-user demo: every server runs as the hub's own (non-root) user
        c.JupyterHub.spawner_class = DEMO_SPAWNER
        c.SimpleLocalProcessSpawner.home_dir_template = str(settings.homes / "{username}")
    c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    c.Spawner.default_url = DEFAULT_URL
    c.Spawner.pre_spawn_hook = make_pre_spawn_hook(settings)
    # A class logging in together queues on the machine's CPU (each server start costs ~3-5 s of
    # CPU; docs/capacity.md measured 20 at once on 2 cores at ~70 s): a slow start is not a failure.
    c.Spawner.http_timeout = 180
    c.Spawner.start_timeout = 90
