"""Security checks of a deployment config: who can log in, and who can mount the answer keys.

Refused:
- the chart's default `dummy` authenticator (any password works) and JupyterHub's shared-password
  authenticator (everyone knows everyone's password), and any shared password setting;
- `allow_all` without an allow-list (`allowed_users` or `allowed_groups`): anyone the sign-on
  knows (every student of the college) would get a server;
- NativeAuthenticator's `open_signup` (accounts without anyone's approval);
- the answer keys' volume (custom.workbook.tutorKeys) mounted anywhere but the profiles only
  tutors may start, or not read-only, or not mounted where WORKBOOK_KEYS points;
- the records volumes (custom.workbook.records): decisions written from anything but the tutor
  profile, IQA plans and verdicts from anything but the IQA profile, either mounted by a profile
  others may start or in every pod. Every pod runs as one uid, so these mounts are all that keeps
  an IQA from changing a decision and a tutor from writing a verdict.
"""
from __future__ import annotations

from typing import Any

from .values import dotted

REFUSED_AUTHENTICATORS = {
    "dummy": "accepts any password",
    "jupyterhub.auth.DummyAuthenticator": "accepts any password",
    "shared-password": "gives everyone one shared password",
    "jupyterhub.authenticators.shared.SharedPasswordAuthenticator":
        "gives everyone one shared password",
}
SHARED_PASSWORDS = {("DummyAuthenticator", "password"),
                    ("SharedPasswordAuthenticator", "user_password"),
                    ("SharedPasswordAuthenticator", "admin_password")}
ALLOW_LISTS = ("allowed_users", "allowed_groups")
TUTOR_GROUP = "tutors"
#: custom.workbook.records key -> the one profile that may write the volume
RECORDS_WRITERS = {"decisionsClaim": "tutor", "iqaClaim": "iqa"}
#: the groups whose profiles may mount the records (read-only unless they are the writer)
RECORDS_READERS = ("tutors", "iqa")


def auth_problems(values: dict[str, Any]) -> list[str]:
    """Authenticators and settings that let people in without their own credentials."""
    config = values.get("hub", {}).get("config", {})
    problems = []
    name = config.get("JupyterHub", {}).get("authenticator_class")
    if name in REFUSED_AUTHENTICATORS:
        problems.append(f"hub.config.JupyterHub.authenticator_class: {name!r} "
                        f"{REFUSED_AUTHENTICATORS[name]}; use the college's sign-on "
                        "(e.g. generic-oauth) or NativeAuthenticator")
    for section, settings in config.items():
        if not isinstance(settings, dict):
            continue
        for key in sorted(settings):
            if (section, key) in SHARED_PASSWORDS and settings[key]:
                problems.append(f"{dotted(['hub', 'config', section, key])}: a shared password "
                                "lets anyone log in as anyone")
        if settings.get("allow_all") and not any(settings.get(k) for k in ALLOW_LISTS):
            problems.append(f"{dotted(['hub', 'config', section, 'allow_all'])}: everyone the "
                            "sign-on knows could log in; set allowed_groups or allowed_users")
        if section == "NativeAuthenticator" and settings.get("open_signup"):
            problems.append("hub.config.NativeAuthenticator.open_signup: accounts would need no "
                            "approval")
    return problems


def _mounts(volume_mounts: Any) -> list[dict]:
    """Volume mounts given as KubeSpawner's list or dict (keyed by any name)."""
    if isinstance(volume_mounts, dict):
        return [m for m in volume_mounts.values() if isinstance(m, dict)]
    return [m for m in volume_mounts or [] if isinstance(m, dict)]


def _keys_volume_names(volumes: Any, claim: str) -> set[str]:
    """Names of the volumes in `volumes` that are the keys' claim."""
    listed = volumes.values() if isinstance(volumes, dict) else volumes or []
    return {str(v.get("name")) for v in listed if isinstance(v, dict)
            and (v.get("persistentVolumeClaim") or {}).get("claimName") == claim}


def keys_volume_problems(values: dict[str, Any]) -> list[str]:
    """The keys' volume is mounted read-only by tutor-only profiles, and by nothing else."""
    workbook = values.get("custom", {}).get("workbook", {})
    keys = workbook.get("tutorKeys")
    if not keys or not keys.get("claimName"):
        return ["custom.workbook.tutorKeys.claimName: name the answer keys' volume claim, so that "
                "the check can see who mounts it"]
    claim, path = keys["claimName"], keys.get("mountPath")
    single = values.get("singleuser", {})
    problems = []
    storage = single.get("storage", {})
    if _keys_volume_names(storage.get("extraVolumes"), claim):
        problems.append(f"singleuser.storage.extraVolumes: puts {claim!r} in every user's pod")
    # every name the keys' volume goes by, to find mounts of it outside the tutor profile
    names = _keys_volume_names(storage.get("extraVolumes"), claim) | {claim}
    for profile in single.get("profileList", []):
        names |= _keys_volume_names(profile.get("kubespawner_override", {}).get("volumes"), claim)
    if any(m.get("name") in names for m in _mounts(storage.get("extraVolumeMounts"))):
        problems.append("singleuser.storage.extraVolumeMounts: mounts the answer keys' volume in "
                        "every user's pod")
    for i, container in enumerate(single.get("initContainers", [])):
        if any(m.get("name") in names for m in _mounts(container.get("volumeMounts"))):
            problems.append(f"singleuser.initContainers[{i}]: mounts the answer keys' volume in "
                            "every user's pod")
    allowed = workbook.get("profileGroups", {})
    mounted_by_tutor_profile = False
    for i, profile in enumerate(single.get("profileList", [])):
        override = profile.get("kubespawner_override", {})
        names = _keys_volume_names(override.get("volumes"), claim)
        if not names:
            continue
        where = ["singleuser", "profileList", i]
        slug = profile.get("slug")
        groups = allowed.get(slug, [])
        if groups != [TUTOR_GROUP]:
            problems.append(f"{dotted(where)}: profile {slug!r} mounts the answer keys' volume "
                            f"but may be started by {groups or 'anyone'}, not only {TUTOR_GROUP}")
            continue
        mounts = [m for m in _mounts(override.get("volume_mounts")) if m.get("name") in names]
        if not all(m.get("readOnly") for m in mounts):
            problems.append(f"{dotted(where)}: mount the answer keys' volume readOnly: true")
        if path and path not in {m.get("mountPath") for m in mounts}:
            problems.append(f"{dotted(where)}: the answer keys' volume is not mounted at {path}")
        keys_env = override.get("environment", {}).get("WORKBOOK_KEYS")
        if path and keys_env != path:
            problems.append(f"{dotted(where + ['kubespawner_override', 'environment'])}: "
                            f"WORKBOOK_KEYS is {keys_env!r}, not the keys' mount {path!r}")
        mounted_by_tutor_profile = bool(mounts)
    if not mounted_by_tutor_profile and not problems:
        problems.append(f"singleuser.profileList: no tutor profile mounts the answer keys' "
                        f"volume {claim!r} (autograde would refuse to run)")
    return problems


def records_volume_problems(values: dict[str, Any]) -> list[str]:
    """Each records volume is written by its one profile, read by the other, mounted by no
    other pod; both profiles point WORKBOOK_RECORDS at the records' mount."""
    records = values.get("custom", {}).get("workbook", {}).get("records")
    if not records:
        return ["custom.workbook.records: name the decisions' and the IQA's volume claims "
                "(decisionsClaim, iqaClaim) and their mountPath"]
    single = values.get("singleuser", {})
    storage = single.get("storage", {})
    allowed = values.get("custom", {}).get("workbook", {}).get("profileGroups", {})
    problems = []
    for key, writer in RECORDS_WRITERS.items():
        claim = records.get(key)
        if not claim:
            problems.append(f"custom.workbook.records.{key}: name the volume claim")
            continue
        if _keys_volume_names(storage.get("extraVolumes"), claim):
            problems.append(f"singleuser.storage.extraVolumes: puts {claim!r} in every user's pod")
        written = False
        for i, profile in enumerate(single.get("profileList", [])):
            override = profile.get("kubespawner_override", {})
            names = _keys_volume_names(override.get("volumes"), claim)
            mounts = [m for m in _mounts(override.get("volume_mounts")) if m.get("name") in names]
            if not mounts:
                continue
            where = dotted(["singleuser", "profileList", i])
            slug, groups = profile.get("slug"), allowed.get(profile.get("slug"), [])
            if len(groups) != 1 or groups[0] not in RECORDS_READERS:
                problems.append(f"{where}: profile {slug!r} mounts {claim!r} but may be started "
                                f"by {groups or 'anyone'}")
                continue
            if slug != writer and not all(m.get("readOnly") for m in mounts):
                problems.append(f"{where}: profile {slug!r} must mount {claim!r} readOnly: true "
                                f"(only the {writer} profile writes it)")
            elif slug == writer:
                written = not all(m.get("readOnly") for m in mounts)
            if override.get("environment", {}).get("WORKBOOK_RECORDS") != records.get("mountPath"):
                problems.append(f"{where}: WORKBOOK_RECORDS is not the records' mountPath "
                                f"{records.get('mountPath')!r}")
        if not written:
            problems.append(f"singleuser.profileList: no {writer} profile mounts {claim!r} "
                            "read-write")
    return problems
