"""The hub's accounts file: hashed passwords, lockout, one-time passwords (no hub running)."""
from __future__ import annotations

import pytest

from workbook.errors import Refusal
from workbook.hub.accounts import LOCK_SECONDS, MAX_FAILED, AccountLocked, Accounts


def test_passwords_are_stored_hashed_and_each_is_checked(tmp_path):
    accounts = Accounts(tmp_path)
    amy, ben = accounts.add("amy", "learner"), accounts.add("ben", "tutor")
    assert amy != ben and len(amy) >= 16
    text = accounts.path.read_text()
    assert amy not in text and ben not in text and "scrypt$" in text
    assert accounts.path.stat().st_mode & 0o777 == 0o600
    assert accounts.check("amy", amy) and not accounts.check("amy", ben)
    assert not accounts.check("nobody", amy)
    assert accounts.roles() == {"amy": "learner", "ben": "tutor"}


def test_repeated_failures_lock_for_a_while_and_a_reset_unlocks(tmp_path):
    accounts = Accounts(tmp_path)
    password = accounts.add("amy", "learner")
    for _ in range(MAX_FAILED):
        assert not accounts.check("amy", "wrong", now=1000.0)
    with pytest.raises(AccountLocked, match="amy is locked after 5 failed logins"):
        accounts.check("amy", password, now=1000.0)
    assert accounts.check("amy", password, now=1000.0 + LOCK_SECONDS + 1)
    for _ in range(MAX_FAILED):
        accounts.check("amy", "wrong", now=5000.0)
    new = accounts.reset_password("amy")
    assert accounts.check("amy", new, now=5000.0) and not accounts.check("amy", password)


def test_a_one_time_password_is_replaced_by_the_users_own(tmp_path):
    accounts = Accounts(tmp_path)
    one_time = accounts.add("amy", "learner")
    assert accounts.must_change("amy")
    with pytest.raises(Refusal, match="at least 10 characters"):
        accounts.change_password("amy", one_time, "short")
    with pytest.raises(Refusal, match="the current password is not right"):
        accounts.change_password("amy", "wrong", "long enough now")
    accounts.change_password("amy", one_time, "long enough now")
    assert not accounts.must_change("amy") and accounts.check("amy", "long enough now")
    assert not accounts.check("amy", one_time)


def test_demo_accounts_are_made_once_and_not_one_time(tmp_path):
    accounts = Accounts(tmp_path)
    made = accounts.add_demo_users({"learner1": "learner", "tutor1": "tutor"})
    assert [name for name, _ in made] == ["learner1", "tutor1"]
    assert not accounts.must_change("learner1")
    assert accounts.add_demo_users({"learner1": "learner"}) == []


@pytest.mark.parametrize("name, role, message", [
    ("../etc", "learner", "'../etc' is not a plain user name"),
    ("Amy", "learner", "'Amy' is not a plain user name"),
    ("amy", "admin", "no role 'admin': use one of learner, tutor, iqa"),
])
def test_bad_names_and_roles_are_refused(tmp_path, name, role, message):
    with pytest.raises(Refusal, match=message.replace("(", r"\(")):
        Accounts(tmp_path).add(name, role)


def test_a_damaged_accounts_file_is_refused_naming_it(tmp_path):
    accounts = Accounts(tmp_path)
    accounts.path.write_text("{not json")
    with pytest.raises(Refusal) as refused:
        accounts.check("amy", "x")
    assert str(accounts.path) in str(refused.value) and "damaged" in str(refused.value)
