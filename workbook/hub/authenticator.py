"""JupyterHub authenticator over the hub's accounts file (workbook.hub.accounts).

Each user logs in with their own password, checked against its scrypt hash; five wrong ones in
a row lock the account for a while. Only users with an account may log in.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode

from workbook.hub.accounts import AccountLocked, Accounts


class WorkbookAuthenticator(Authenticator):
    """Own password per user, hashed, with lockout after repeated failures."""

    data_folder = Unicode(help="The hub's data folder (holds accounts.json)", config=True)

    @property
    def accounts(self) -> Accounts:
        """The accounts file."""
        return Accounts(Path(self.data_folder))

    async def authenticate(self, handler, data: dict) -> str | None:
        """The user name when the password is theirs; None otherwise (and when locked)."""
        name = self.normalize_username(data.get("username", ""))
        password = data.get("password", "")
        try:
            # scrypt takes ~50 ms: off the hub's event loop
            good = await asyncio.to_thread(self.accounts.check, name, password)
        except AccountLocked as exc:
            self.log.warning("login refused: %s", exc.message)
            return None
        if not good:
            self.log.warning("failed login for %r", name)
            return None
        return name

    def check_allowed(self, username: str, authentication: dict | None = None) -> bool:
        """Only users with an account."""
        return username in self.accounts.roles()
