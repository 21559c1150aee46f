"""workbook.settings: the one reader of WORKBOOK_* variables, and its defaults."""
from __future__ import annotations

import getpass
from pathlib import Path

from workbook.settings import Settings, acting_user, hub_variables, image_settings


def test_records_folder_is_the_records_setting_else_the_course_folder_in_use(tmp_path):
    unset = Settings.from_env({"WORKBOOK_COURSE_ROOT": str(tmp_path / "course")})
    assert unset.records_folder() == tmp_path / "course"
    assert unset.records_folder(tmp_path / "given") == tmp_path / "given"  # --course-root
    shared = Settings.from_env({"WORKBOOK_RECORDS": str(tmp_path / "records")})
    assert shared.records_folder(tmp_path / "given") == tmp_path / "records"


def test_who_acts_is_the_name_given_else_the_hub_user_else_the_account():
    assert acting_user("amy", {"JUPYTERHUB_USER": "bob"}) == "amy"
    assert acting_user(None, {"JUPYTERHUB_USER": "bob"}) == "bob"
    assert acting_user("", {}) == getpass.getuser()


def test_keys_have_a_default_but_say_whether_they_were_set(tmp_path):
    assert not Settings.from_env({}).keys_set
    assert Settings.from_env({}).keys.name == "keys"
    given = Settings.from_env({"WORKBOOK_KEYS": str(tmp_path)})
    assert given.keys_set and given.keys == tmp_path


def test_learner_file_limit_keeps_its_default_for_a_typo():
    assert Settings.from_env({}).max_learner_file_mb == 5.0
    assert Settings.from_env({"WORKBOOK_MAX_LEARNER_FILE_MB": "five"}).max_learner_file_mb == 5.0
    assert Settings.from_env({"WORKBOOK_MAX_LEARNER_FILE_MB": "0.5"}).max_learner_file_mb == 0.5


def test_hub_variables_are_read_as_given():
    found = hub_variables({"WORKBOOK_HUB_PORT": "9000", "WORKBOOK_HUB_LEARNERS": "a b"})
    assert (found.port, found.learners, found.data) == ("9000", "a b", "")


def test_the_image_gives_tutor_settings_only_to_a_profile_that_says_tutor():
    learner = image_settings({})
    assert not learner.tutor and learner.gradebook_url is None
    assert learner.exchange_url == "http://proxy-public"
    tutor = image_settings({"WORKBOOK_ROLE": "tutor", "WORKBOOK_GRADEBOOK_URL": "postgresql://db",
                            "WORKBOOK_EXCHANGE_URL": "http://hub:8081"})
    assert tutor.tutor and tutor.gradebook_url == "postgresql://db"
    assert tutor.keys == "/srv/workbook/keys" and tutor.exchange_url == "http://hub:8081"
    assert not image_settings({"WORKBOOK_ROLE": "iqa"}).tutor


def test_the_image_config_reads_no_variable_itself():
    text = (Path(__file__).resolve().parent.parent / "deploy" / "image" / "nbgrader_config.py"
            ).read_text(encoding="utf-8")
    assert "image_settings()" in text and "os.environ" not in text
