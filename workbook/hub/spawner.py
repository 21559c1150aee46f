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
    """LocalProcessSpawner that caps each server's memory, and stops a server left running by
    a hub that listened elsewhere."""

    #: the hub API address the running server was started with (kept in the spawner's state)
    started_api_url = ""
    _stopping_stale = False

    def get_state(self) -> dict:
        """JupyterHub's state (the pid), and the hub API address the server was given."""
        state = super().get_state()
        if self.started_api_url:
            state["hub_api_url"] = self.started_api_url
        return state

    def load_state(self, state: dict) -> None:
        """Restore the state after a hub restart."""
        super().load_state(state)
        self.started_api_url = str(state.get("hub_api_url") or "")

    def clear_state(self) -> None:
        """Forget the stopped server."""
        super().clear_state()
        self.started_api_url = ""

    async def start(self):
        """Start the server (JupyterHub's way), remembering which hub address it was given."""
        self.started_api_url = self.hub.api_url
        return await super().start()

    async def poll(self):
        """None while the server runs and can reach this hub. A server that outlived a hub
        which listened on another address (a crash, then a restart on a new port) would answer
        its user with 500 Internal Server Error at every request, since it checks each login
        with the hub at the old address: it is stopped instead, and its user starts afresh."""
        status = await super().poll()
        stale = self.started_api_url and self.started_api_url != self.hub.api_url
        if status is None and stale and not self._stopping_stale:
            self.log.warning("stopping %s's server: started for the hub at %s, which now "
                             "listens at %s", self.user.name, self.started_api_url,
                             self.hub.api_url)
            self._stopping_stale = True   # stop() polls while it waits: no second stop
            try:
                await self.stop(now=True)
            finally:
                self._stopping_stale = False
            self.clear_state()
            return 0
        return status

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
