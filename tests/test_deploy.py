"""The Zero to JupyterHub config, checked offline: chart schema, KubeSpawner, scopes, extra config.

No Kubernetes here: extra config runs against a traitlets Config filled as the chart fills it
(deploy.z2jh.hubchecks explains the stand-in for the chart's z2jh module).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from deploy.z2jh import hubchecks
from deploy.z2jh.validate import extra_snippets, validate
from deploy.z2jh.values import (
    chart_values,
    helm_merge,
    load_values,
    schema_problems,
    with_extra_config,
)

ROOT = Path(__file__).resolve().parent.parent
Z2JH = ROOT / "deploy" / "z2jh"
CONFIG = Z2JH / "config.yaml"


@pytest.fixture(scope="module")
def values() -> dict:
    """The shipped config merged over the chart defaults, extra/*.py added as extraConfig."""
    return with_extra_config(chart_values(load_values(CONFIG)), extra_snippets(Z2JH / "extra"))


def _write(tmp_path: Path, data: dict) -> Path:
    (tmp_path / "extra").mkdir(exist_ok=True)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_shipped_config_passes_every_check():
    assert validate(CONFIG) == []


def test_merged_values_validate_against_chart_schema(values):
    assert schema_problems(values) == []
    assert values["hub"]["db"]["type"] == "postgres"
    assert values["hub"]["db"]["url"].startswith("postgresql+psycopg2://")
    # chart defaults survive the merge
    assert values["proxy"]["chp"]["image"]["name"]
    assert set(values["hub"]["extraConfig"]) == {"workbook-profiles"}


def test_helm_merge_maps_deep_lists_replaced_null_deletes():
    base = {"a": {"b": 1, "c": 2}, "l": [1, 2], "gone": 3}
    assert helm_merge(base, {"a": {"c": 5}, "l": [9], "gone": None}) == \
        {"a": {"b": 1, "c": 5}, "l": [9]}
    assert base == {"a": {"b": 1, "c": 2}, "l": [1, 2], "gone": 3}


def test_profile_overrides_are_kubespawner_traits(values):
    assert hubchecks.profile_problems(values) == []
    traits = hubchecks.traits_of("KubeSpawner")
    for profile in values["singleuser"]["profileList"]:
        assert set(profile.get("kubespawner_override", {})) <= traits


def test_hub_config_settings_are_traits_of_their_class(values):
    assert hubchecks.hub_config_problems(values) == []
    assert values["hub"]["config"]["KubeSpawner"]["http_timeout"] > 30  # a class starts together
    assert "http_timeout" in hubchecks.traits_of("KubeSpawner")


def test_role_scopes_are_jupyterhub_scopes(values):
    from jupyterhub.scopes import scope_definitions

    assert hubchecks.scope_problems(values) == []
    roles = values["hub"]["loadRoles"]
    for role in roles.values():
        assert {scope.split("!")[0] for scope in role["scopes"]} <= set(scope_definitions)
    assert roles["learner"]["groups"] == ["learners"]
    assert roles["tutor"]["groups"] == ["tutors"]


def test_groups_and_tutor_role_mirror_the_local_hub(values):
    from workbook.hub.roles import ROLES

    assert set(values["hub"]["config"]["JupyterHub"]["load_groups"]) == {"learners", "tutors", "iqa"}
    deployed = set(values["hub"]["loadRoles"]["tutor"]["scopes"])
    assert set(ROLES["tutor"].scopes) <= deployed
    assert deployed - set(ROLES["tutor"].scopes) == {"access:services!service=nbexchange"}
    iqa = values["hub"]["loadRoles"]["iqa"]
    assert (set(iqa["scopes"]), iqa["groups"]) == (set(ROLES["iqa"].scopes), [ROLES["iqa"].hub_group])


def test_no_shared_exchange_volume_and_exchange_service_registered(values):
    single = values["singleuser"]
    assert "nbexchange" in values["hub"]["services"]
    assert not single["storage"].get("extraVolumes")
    assert single["storage"]["type"] == "dynamic"


def test_init_containers_run_the_singleuser_image(values):
    assert hubchecks.image_problems(values) == []
    init = values["singleuser"]["initContainers"][0]
    assert init["command"][0] == "workbook-seed-home"
    assert init["volumeMounts"][0]["mountPath"] == values["singleuser"]["storage"]["homeMountPath"]


def _spawner(*groups: str) -> SimpleNamespace:
    return SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]))


def test_extra_config_offers_tutor_profile_to_tutors_only(values):
    c, problems = hubchecks.run_extra_config(values)
    assert problems == []
    profiles = c.KubeSpawner.profile_list
    assert callable(profiles)
    assert [p["slug"] for p in profiles(_spawner("learners"))] == ["learner"]
    assert [p["slug"] for p in profiles(_spawner("tutors"))] == ["learner", "tutor"]
    iqa = profiles(_spawner("iqa"))
    assert [p["slug"] for p in iqa] == ["iqa"]
    assert iqa[0]["kubespawner_override"]["environment"]["WORKBOOK_ROLE"] == "iqa"
    assert profiles(_spawner()) == []


def test_broken_config_rejected_with_readable_lines(tmp_path):
    config = load_values(CONFIG)
    config["hub"]["db"]["type"] = "postgresql"
    config["singleuser"]["profileList"][1]["kubespawner_override"]["memory_limit"] = "2G"
    config["hub"]["loadRoles"]["tutor"]["scopes"].append("read:everything")
    config["hub"]["config"]["KubeSpawner"]["http_timout"] = 120
    config["hub"]["config"]["GenericOAuthenticator"] = {"client_id": "not checked here"}
    path = _write(tmp_path, config)
    assert validate(path, tmp_path / "extra") == [
        f"{path}: hub.db.type: 'postgresql' is not one of "
        "['sqlite-pvc', 'sqlite-memory', 'mysql', 'postgres', 'other']",
    ]
    config["hub"]["db"]["type"] = "postgres"
    path = _write(tmp_path, config)
    assert validate(path, tmp_path / "extra") == [
        f"{path}: hub.config.KubeSpawner.http_timout: not a KubeSpawner setting",
        f"{path}: singleuser.profileList[1].kubespawner_override.memory_limit: "
        "not a KubeSpawner setting",
        f"{path}: hub.loadRoles.tutor.scopes[7]: 'read:everything' is not a JupyterHub scope",
    ]


def test_failing_extra_config_is_reported(tmp_path):
    path = _write(tmp_path, load_values(CONFIG))
    (tmp_path / "extra" / "broken.py").write_text("c.KubeSpawner.nope = undefined_name\n")
    assert validate(path, tmp_path / "extra") == [
        f"{path}: hub.extraConfig.broken: fails: NameError: name 'undefined_name' is not defined"]


@pytest.mark.slow
def test_cli_exit_codes(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "deploy.check", str(CONFIG)], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: ")
    bad = tmp_path / "config.yaml"
    bad.write_text("hub:\n  db: [unclosed\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "deploy.check", str(bad)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{bad}:3: not valid YAML")
    assert len(result.stderr.strip().splitlines()) == 1


def _problems(tmp_path: Path, change) -> list[str]:
    """deploy.check's problems with the shipped config after `change(config)`, without the path."""
    config = load_values(CONFIG)
    change(config)
    path = _write(tmp_path, config)
    return [line.removeprefix(f"{path}: ") for line in validate(path, tmp_path / "extra")]


def test_dummy_shared_password_and_allow_all_without_a_list_are_refused(tmp_path):
    def dummy(config):
        config["hub"]["config"]["JupyterHub"]["authenticator_class"] = "dummy"
    assert _problems(tmp_path, dummy) == [
        "hub.config.JupyterHub.authenticator_class: 'dummy' accepts any password; use the "
        "college's sign-on (e.g. generic-oauth) or NativeAuthenticator"]

    def chart_default(config):  # no authenticator named: the chart's default is dummy
        del config["hub"]["config"]["JupyterHub"]["authenticator_class"]
    assert _problems(tmp_path, chart_default)[0].startswith(
        "hub.config.JupyterHub.authenticator_class: 'dummy' accepts any password")

    def shared(config):
        config["hub"]["config"]["JupyterHub"]["authenticator_class"] = "shared-password"
        config["hub"]["config"]["SharedPasswordAuthenticator"] = {"user_password": "welcome2college"}
    assert _problems(tmp_path, shared) == [
        "hub.config.JupyterHub.authenticator_class: 'shared-password' gives everyone one shared "
        "password; use the college's sign-on (e.g. generic-oauth) or NativeAuthenticator",
        "hub.config.SharedPasswordAuthenticator.user_password: a shared password lets anyone "
        "log in as anyone"]

    def allow_all(config):
        sso = config["hub"]["config"]["GenericOAuthenticator"]
        del sso["allowed_groups"]
        sso["allow_all"] = True
    assert _problems(tmp_path, allow_all) == [
        "hub.config.GenericOAuthenticator.allow_all: everyone the sign-on knows could log in; "
        "set allowed_groups or allowed_users"]

    def open_signup(config):
        config["hub"]["config"]["JupyterHub"]["authenticator_class"] = "native"
        config["hub"]["config"]["NativeAuthenticator"] = {"open_signup": True}
    assert _problems(tmp_path, open_signup) == [
        "hub.config.NativeAuthenticator.open_signup: accounts would need no approval"]


def test_the_keys_volume_is_mounted_read_only_by_the_tutor_profile_only(tmp_path, values):
    profiles = {p["slug"]: p for p in values["singleuser"]["profileList"]}
    tutor = profiles["tutor"]["kubespawner_override"]
    assert tutor["volume_mounts"]["workbook-tutor-keys"]["readOnly"] is True
    assert tutor["environment"]["WORKBOOK_KEYS"] == "/srv/workbook/keys"
    assert all("workbook-tutor-keys" not in p.get("kubespawner_override", {}).get("volumes", {})
               for slug, p in profiles.items() if slug != "tutor")
    keys = {"name": "keys", "persistentVolumeClaim": {"claimName": "workbook-tutor-keys"}}

    def learner_profile(config):
        config["singleuser"]["profileList"][0]["kubespawner_override"] = {
            "volumes": [keys], "volume_mounts": [{"name": "keys", "mountPath": "/srv/k"}]}
    assert _problems(tmp_path, learner_profile) == [
        "singleuser.profileList[0]: profile 'learner' mounts the answer keys' volume but may be "
        "started by ['learners', 'tutors'], not only tutors"]

    def every_pod(config):
        config["singleuser"]["storage"]["extraVolumes"] = [keys]
        config["singleuser"]["storage"]["extraVolumeMounts"] = [
            {"name": "keys", "mountPath": "/srv/k"}]
    assert _problems(tmp_path, every_pod) == [
        "singleuser.storage.extraVolumes: puts 'workbook-tutor-keys' in every user's pod",
        "singleuser.storage.extraVolumeMounts: mounts the answer keys' volume in every user's pod"]

    def writable(config):
        override = config["singleuser"]["profileList"][1]["kubespawner_override"]
        override["volume_mounts"]["workbook-tutor-keys"]["readOnly"] = False
    assert _problems(tmp_path, writable) == [
        "singleuser.profileList[1]: mount the answer keys' volume readOnly: true"]

    def no_keys(config):
        del config["singleuser"]["profileList"][1]["kubespawner_override"]["volumes"][
            "workbook-tutor-keys"]
    assert _problems(tmp_path, no_keys) == [
        "singleuser.profileList: no tutor profile mounts the answer keys' volume "
        "'workbook-tutor-keys' (autograde would refuse to run)"]


def test_records_are_written_by_one_profile_each_and_read_by_the_other(tmp_path, values):
    profiles = {p["slug"]: p["kubespawner_override"] for p in values["singleuser"]["profileList"]
                if "kubespawner_override" in p}
    mounts = {slug: {m["mountPath"]: m.get("readOnly", False)
                     for m in o.get("volume_mounts", {}).values() if "records" in m["mountPath"]}
              for slug, o in profiles.items()}
    assert mounts["tutor"] == {"/srv/workbook/records/decisions": False,
                               "/srv/workbook/records/plans": True,
                               "/srv/workbook/records/verdicts": True}
    assert mounts["iqa"] == {"/srv/workbook/records/decisions": True,
                             "/srv/workbook/records/plans": False,
                             "/srv/workbook/records/verdicts": False}
    assert "learner" not in profiles or not mounts.get("learner")

    def iqa_writes_decisions(config):
        override = config["singleuser"]["profileList"][2]["kubespawner_override"]
        override["volume_mounts"]["workbook-records-decisions"]["readOnly"] = False
    assert _problems(tmp_path, iqa_writes_decisions) == [
        "singleuser.profileList[2]: profile 'iqa' must mount 'workbook-records-decisions' "
        "readOnly: true (only the tutor profile writes it)"]

    def learners_read_records(config):
        config["singleuser"]["profileList"][0]["kubespawner_override"] = {
            "volumes": [{"name": "r", "persistentVolumeClaim": {"claimName": "workbook-records-iqa"}}],
            "volume_mounts": [{"name": "r", "mountPath": "/srv/r", "readOnly": True}]}
    assert _problems(tmp_path, learners_read_records) == [
        "singleuser.profileList[0]: profile 'learner' mounts 'workbook-records-iqa' but may be "
        "started by ['learners', 'tutors']"]

    def tutor_writes_nothing(config):
        override = config["singleuser"]["profileList"][1]["kubespawner_override"]
        override["volume_mounts"]["workbook-records-decisions"]["readOnly"] = True
    assert _problems(tmp_path, tutor_writes_nothing) == [
        "singleuser.profileList: no tutor profile mounts 'workbook-records-decisions' read-write"]


def test_servers_open_on_the_local_hubs_pages_shown_by_voila(values):
    from workbook.hub.hubconfig import ROLE_URLS

    single = values["singleuser"]
    assert single["defaultUrl"] == ROLE_URLS["learner"] == "/voila/render/notebooks/index.ipynb"
    landing = {p["slug"]: p.get("kubespawner_override", {}).get("default_url", single["defaultUrl"])
               for p in single["profileList"]}
    assert landing == {"learner": "/voila/render/notebooks/index.ipynb",
                       "tutor": "/voila/render/course/tutor/assessor.ipynb",
                       "iqa": "/voila/render/decisions/iqa.ipynb"}
    assert landing == ROLE_URLS
    c, _ = hubchecks.run_extra_config(values)
    tutors = c.KubeSpawner.profile_list(_spawner("tutors"))
    assert [p.get("kubespawner_override", {}).get("default_url") for p in tutors] == \
        [None, ROLE_URLS["tutor"]]


def test_a_landing_page_other_than_the_local_hubs_is_refused(tmp_path):
    def lab_for_learners(config):
        config["singleuser"]["defaultUrl"] = "/lab/tree/notebooks/index.ipynb"
    assert _problems(tmp_path, lab_for_learners) == [
        "singleuser.defaultUrl: '/lab/tree/notebooks/index.ipynb' is not the course home shown "
        "as a page ('/voila/render/notebooks/index.ipynb'), where learners land on the local hub"]

    def tutor_on_the_course_home(config):
        del config["singleuser"]["profileList"][1]["kubespawner_override"]["default_url"]
    assert _problems(tmp_path, tutor_on_the_course_home) == [
        "singleuser.profileList[1]: profile 'tutor' lands on '/voila/render/notebooks/index.ipynb', "
        "not '/voila/render/course/tutor/assessor.ipynb' (the local hub's tutor page; set "
        "kubespawner_override.default_url)"]

    def iqa_in_lab(config):
        override = config["singleuser"]["profileList"][2]["kubespawner_override"]
        override["default_url"] = "/lab/tree/decisions/iqa.ipynb"
    assert _problems(tmp_path, iqa_in_lab) == [
        "singleuser.profileList[2]: profile 'iqa' lands on '/lab/tree/decisions/iqa.ipynb', not "
        "'/voila/render/decisions/iqa.ipynb' (the local hub's iqa page; set "
        "kubespawner_override.default_url)"]


def test_each_profile_seeds_its_users_home_for_its_role(values):
    from deploy.z2jh.landing import seed_role, seeding_problems

    assert seeding_problems(values) == []
    single = values["singleuser"]
    seeded = {}
    for profile in single["profileList"]:
        containers = profile.get("kubespawner_override", {}).get("init_containers",
                                                                 single["initContainers"])
        (command,) = [c["command"] for c in containers if c["command"][0] == "workbook-seed-home"]
        assert command[-2:] == ["--role", profile["slug"]]  # said, not left to a default
        seeded[profile["slug"]] = seed_role(command)
    assert seeded == {"learner": "learner", "tutor": "tutor", "iqa": "iqa"}


def test_a_profile_seeded_for_another_role_is_refused(tmp_path):
    def learners_seeded_as_tutors(config):
        config["singleuser"]["initContainers"][0]["command"][-1] = "tutor"
    assert _problems(tmp_path, learners_seeded_as_tutors) == [
        "singleuser.initContainers: workbook-seed-home seeds the home for 'tutor', not "
        "'learner' (pass --role learner)"]

    def iqa_on_the_chart_seeding(config):
        del config["singleuser"]["profileList"][2]["kubespawner_override"]["init_containers"]
    assert _problems(tmp_path, iqa_on_the_chart_seeding) == [
        "singleuser.profileList[2]: profile 'iqa' runs the chart's init containers, which seed "
        "a learner's home: its page is never delivered (set kubespawner_override.init_containers "
        "with --role iqa)"]

    def tutor_without_seeding(config):
        config["singleuser"]["profileList"][1]["kubespawner_override"]["init_containers"] = []
    assert _problems(tmp_path, tutor_without_seeding) == [
        "singleuser.profileList[1].kubespawner_override.init_containers: no workbook-seed-home "
        "init container: a tutor's home never gets the course (nor the page they land on)"]
