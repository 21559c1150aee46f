"""The spawner of a hub run as root: each server as its user's own account, memory limited.

JupyterHub's LocalProcessSpawner already switches to the user's uid, gids and home before it
starts `jupyterhub-singleuser` (the account itself is made by the pre-spawn hook, see
workbook.hub.accounthome); this subclass caps the server's memory (`Spawner.mem_limit`). The cap is RLIMIT_AS (address space) set on the server
process and inherited by its kernels and terminals, each of which gets the same cap: it needs
neither systemd nor a writable cgroup tree, so it works on any Linux VM or container. glibc
reserves address space per thread for malloc arenas, so MALLOC_ARENA_MAX keeps that small and
the cap close to what is really used.
"""
from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

from workbook.hub.userconfig import TERMINAL_SHELL

#: the project's environment: `workbook`, `nbgrader` (and the alembic it runs), jupyter
VENV_BIN = str(Path(sys.executable).parent)


class AccountSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that caps each server's memory."""

    def get_env(self) -> dict:
        """JupyterHub's environment, plus fewer malloc arenas (see the module docstring), a
        shell for JupyterLab's terminals (the account's own shell is nologin: nobody logs in to
        the machine with it, and it would close every terminal at once) and the project's
        environment first on PATH, so the server, its kernels and its terminals find the
        project's commands."""
        env = super().get_env()
        env.setdefault("MALLOC_ARENA_MAX", "2")
        env["SHELL"] = TERMINAL_SHELL
        env["PATH"] = with_venv(env.get("PATH", ""))
        return env

    def make_preexec_fn(self, name: str):
        """Switch to the account (JupyterHub's function) after capping the address space."""
        switch_user = super().make_preexec_fn(name)
        limit = int(self.mem_limit) if self.mem_limit else None

        def preexec() -> None:
            if limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            switch_user()

        return preexec


def with_venv(path: str) -> str:
    """PATH with the project's environment first (once), then what it held."""
    rest = [part for part in path.split(os.pathsep) if part and part != VENV_BIN]
    return os.pathsep.join([VENV_BIN, *(rest or ["/usr/local/bin", "/usr/bin", "/bin"])])
