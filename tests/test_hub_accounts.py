"""The hub's accounts file: hashed passwords, lockout, one-time passwords (no hub running)."""
from __future__ import annotations

import pytest

from workbook.errors import Refusal
from workbook.hub.accounts import Accounts
from workbook.hub.login_throttle import (
    FIRST_WAIT,
    MAX_FAILED,
    MAX_WAIT,
    TooManyAttempts,
    wait_after,
)


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


def test_guessing_from_one_address_waits_longer_each_time():
    assert [wait_after(n) for n in range(MAX_FAILED)] == [0.0] * MAX_FAILED
    assert [wait_after(n) for n in range(MAX_FAILED, MAX_FAILED + 3)] == \
        [FIRST_WAIT, 2 * FIRST_WAIT, 4 * FIRST_WAIT]
    assert wait_after(MAX_FAILED + 50) == MAX_WAIT


def test_a_guesser_slows_only_their_own_address_never_the_real_user(tmp_path):
    accounts = Accounts(tmp_path)
    password = accounts.add("amy", "learner")
    for _ in range(MAX_FAILED):
        assert not accounts.check("amy", "wrong", "10.0.0.9", now=1000.0)
    # the guesser's address must wait, even with the right password, and is told how long
    with pytest.raises(TooManyAttempts, match="wait 30 seconds, then try again"):
        accounts.check("amy", password, "10.0.0.9", now=1000.0)
    # the user, from their own device, logs in at once
    assert accounts.check("amy", password, "10.0.0.2", now=1000.0)
    # after the wait the guesser may try once more; another failure doubles the wait
    assert not accounts.check("amy", "wrong", "10.0.0.9", now=1000.0 + FIRST_WAIT)
    with pytest.raises(TooManyAttempts, match="wait 60 seconds"):
        accounts.check("amy", "wrong", "10.0.0.9", now=1000.0 + FIRST_WAIT)
    # a good password clears that address's count; a reset clears them all
    assert accounts.check("amy", password, "10.0.0.9", now=1000.0 + 3 * FIRST_WAIT)
    for _ in range(MAX_FAILED):
        accounts.check("amy", "wrong", "10.0.0.9", now=5000.0)
    new = accounts.reset_password("amy")
    assert accounts.check("amy", new, "10.0.0.9", now=5000.0)
    assert not accounts.check("amy", password, "10.0.0.9", now=5000.0)


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
