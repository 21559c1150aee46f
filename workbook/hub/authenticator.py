"""JupyterHub authenticator over the hub's accounts file (workbook.hub.accounts).

Each user logs in with their own password, checked against its scrypt hash; an address that
keeps getting it wrong must wait longer and longer (workbook.hub.login_throttle), and is told so
in words on the login page. Only users with an account may log in. `/hub/change-password`
lets a user choose their own password; one who still has a one-time password is sent there after
logging in, and their server does not start until they have (see workbook.hub.hubconfig).
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.handlers import BaseHandler, LoginHandler
from tornado import web
from traitlets import Unicode

from workbook.errors import Refusal
from workbook.hub.accounts import MIN_PASSWORD, Accounts
from workbook.hub.login_throttle import TooManyAttempts

TEMPLATES = Path(__file__).resolve().parent / "templates"


class ChangePasswordHandler(BaseHandler):
    """The form where a logged-in user replaces their password."""

    async def _page(self, message: str = "", done: bool = False) -> str:
        accounts = self.authenticator.accounts
        return await self.render_template("workbook-password.html", message=message, done=done,
                                    min_length=MIN_PASSWORD,
                                    must_change=accounts.must_change(self.current_user.name))

    @web.authenticated
    async def get(self) -> None:
        """Show the form."""
        self.finish(await self._page())

    @web.authenticated
    async def post(self) -> None:
        """Change the password, or say why not."""
        name = self.current_user.name
        current = self.get_body_argument("current", "")
        new = self.get_body_argument("new", "")
        try:
            await asyncio.to_thread(self.authenticator.accounts.change_password, name, current,
                                    new, self.request.remote_ip or "")
        except (Refusal, TooManyAttempts) as exc:
            self.set_status(400)
            self.finish(await self._page(exc.message))
            return
        self.finish(await self._page("Your password is changed.", done=True))


class WorkbookLoginHandler(LoginHandler):
    """JupyterHub's login page, saying why a login was refused when it is not a wrong password."""

    refusal: str | None = None

    def _render(self, login_error=None, username=None, **kwargs):
        return super()._render(login_error=self.refusal or login_error, username=username,
                               **kwargs)


class WorkbookAuthenticator(Authenticator):
    """Own password per user, hashed; guessing slowed per address."""

    data_folder = Unicode(help="The hub's data folder (holds accounts.json)", config=True)

    @property
    def accounts(self) -> Accounts:
        """The accounts file."""
        return Accounts(Path(self.data_folder))

    async def authenticate(self, handler, data: dict) -> str | None:
        """The user name when the password is theirs; None otherwise (and while waiting)."""
        name = self.normalize_username(data.get("username", ""))
        password = data.get("password", "")
        address = handler.request.remote_ip or ""
        try:
            # scrypt takes ~50 ms: off the hub's event loop
            good = await asyncio.to_thread(self.accounts.check, name, password, address)
        except TooManyAttempts as exc:
            self.log.warning("login for %r from %s refused: must wait", name, address)
            handler.refusal = exc.message
            return None
        if not good:
            self.log.warning("failed login for %r", name)
            return None
        return name

    def check_allowed(self, username: str, authentication: dict | None = None) -> bool:
        """Only users with an account."""
        return username in self.accounts.roles()

    def get_handlers(self, app) -> list:
        """The change-password page (plus the login form JupyterHub gives every authenticator)."""
        return [(r"/login", WorkbookLoginHandler), (r"/change-password", ChangePasswordHandler)]


def landing_page(handler) -> str:
    """Where a user lands after logging in: the change-password page while their password is
    one-time, their server otherwise."""
    user = handler.current_user
    if user is not None and handler.authenticator.accounts.must_change(user.name):
        return f"{handler.hub.base_url}change-password"
    return f"{handler.hub.base_url}spawn"
