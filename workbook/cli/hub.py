"""`workbook hub add-user|reset-password|users`: the course hub's accounts, from a terminal.

Run them on the hub's machine as the user the hub runs as (root on a college VM): the accounts
file is readable by that user only. A new password is printed once, on one line after the name;
the hub keeps only its hash.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from workbook.hub.accounts import Accounts
from workbook.hub.roles import ROLES
from workbook.hub.settings import from_env

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register `hub` and its actions on the main parser."""
    cmd = commands.add_parser("hub", help="the course hub's accounts (add users, reset passwords)")
    actions = cmd.add_subparsers(title="actions", metavar="ACTION")
    act = actions.add_parser("add-user", help="give someone an account; prints their password once")
    act.add_argument("name")
    act.add_argument("--role", choices=list(ROLES), default="learner")
    _data_option(act)
    act.set_defaults(run=_add_user)
    act = actions.add_parser("reset-password",
                             help="a new password for a user (also unlocks them); printed once")
    act.add_argument("name")
    _data_option(act)
    act.set_defaults(run=_reset_password)
    act = actions.add_parser("users", help="list the accounts and their roles")
    _data_option(act)
    act.set_defaults(run=_users)


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None,
                        help="the hub's data folder (default: WORKBOOK_HUB_DATA or hub/data)")


def _accounts(args: argparse.Namespace) -> Accounts:
    return Accounts(args.data.resolve() if args.data else from_env(Path.cwd()).data)


def _add_user(args: argparse.Namespace) -> int:
    print(f"{args.name} {_accounts(args).add(args.name, args.role)}")
    return 0


def _reset_password(args: argparse.Namespace) -> int:
    print(f"{args.name} {_accounts(args).reset_password(args.name)}")
    return 0


def _users(args: argparse.Namespace) -> int:
    for name, role in sorted(_accounts(args).roles().items()):
        print(f"{name} {role}")
    return 0
