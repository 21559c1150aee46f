"""Checks the chart schema cannot make: KubeSpawner traits, hub scopes, extra config, images.

There is no Kubernetes here, so the hub's extra config runs against a traitlets `Config` (the
object JupyterHub itself hands to config files) filled the way the chart's own
jupyterhub_config.py fills it, with a stand-in for the chart's `z2jh` helper module.
"""
from __future__ import annotations

import sys
import types
from typing import Any

from traitlets.config import Config, Configurable

from .values import dotted

_SCOPE_FILTERS = ("user", "group", "server", "service")


def _hub_classes() -> dict[str, type[Configurable]]:
    """The configurable classes of the chart's hub whose settings hub.config may hold."""
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.proxy import ConfigurableHTTPProxy
    from jupyterhub.spawner import Spawner
    from kubespawner import KubeSpawner

    return {cls.__name__: cls for cls in
            (JupyterHub, Authenticator, ConfigurableHTTPProxy, Spawner, KubeSpawner)}


def traits_of(name: str) -> set[str]:
    """Names of the configurable traits of hub class `name` (e.g. what kubespawner_override
    may set for KubeSpawner)."""
    return set(_hub_classes()[name].class_traits(config=True))


def hub_config_problems(values: dict[str, Any]) -> list[str]:
    """hub.config settings that are not traits of their class (a typo the hub would only warn
    about in its log). Classes from authenticator packages not installed here are not checked."""
    problems = []
    for section, settings in values.get("hub", {}).get("config", {}).items():
        if section not in _hub_classes():
            continue
        for key in sorted(set(settings) - traits_of(section)):
            problems.append(f"{dotted(['hub', 'config', section, key])}: not a {section} setting")
    return problems


def profile_problems(values: dict[str, Any]) -> list[str]:
    """kubespawner_override keys that are not KubeSpawner traits; duplicate or missing slugs."""
    traits = traits_of("KubeSpawner")
    problems: list[str] = []
    seen: set[str] = set()
    profiles = values.get("singleuser", {}).get("profileList", [])
    for i, profile in enumerate(profiles):
        where = ["singleuser", "profileList", i]
        slug = profile.get("slug")
        if not slug:
            problems.append(f"{dotted(where)}: no slug (the group rule in extra/ needs one)")
        elif slug in seen:
            problems.append(f"{dotted(where + ['slug'])}: {slug!r} is used twice")
        seen.add(slug or "")
        overrides = [(where, profile.get("kubespawner_override", {}))]
        for name, option in profile.get("profile_options", {}).items():
            for key, choice in option.get("choices", {}).items():
                overrides.append((where + ["profile_options", name, "choices", key],
                                  choice.get("kubespawner_override", {})))
        for place, override in overrides:
            for key in sorted(set(override) - traits):
                problems.append(f"{dotted(place + ['kubespawner_override', key])}: "
                                f"not a KubeSpawner setting")
    return problems


def scope_problems(values: dict[str, Any]) -> list[str]:
    """Role scopes JupyterHub does not know, bad filters, and roles naming unknown groups."""
    from jupyterhub.scopes import scope_definitions

    hub = values.get("hub", {})
    groups = set(hub.get("config", {}).get("JupyterHub", {}).get("load_groups", {}))
    services = set(hub.get("services", {}))
    problems = []
    for name, role in hub.get("loadRoles", {}).items():
        where = ["hub", "loadRoles", name]
        for i, scope in enumerate(role.get("scopes", [])):
            base, _, scope_filter = scope.partition("!")
            if base not in scope_definitions:
                problems.append(f"{dotted(where + ['scopes', i])}: {base!r} is not a "
                                f"JupyterHub scope")
            kind = scope_filter.partition("=")[0]
            if scope_filter and kind not in _SCOPE_FILTERS:
                problems.append(f"{dotted(where + ['scopes', i])}: filter {scope_filter!r} "
                                f"must be one of {', '.join(_SCOPE_FILTERS)}")
        for group in sorted(set(role.get("groups", [])) - groups):
            problems.append(f"{dotted(where + ['groups'])}: group {group!r} is not in "
                            f"hub.config.JupyterHub.load_groups")
        for service in sorted(set(role.get("services", [])) - services):
            problems.append(f"{dotted(where + ['services'])}: service {service!r} is not in "
                            f"hub.services")
    return problems


def image_problems(values: dict[str, Any]) -> list[str]:
    """Init containers (course delivery) must run the single-user image itself."""
    single = values.get("singleuser", {})
    image = f"{single.get('image', {}).get('name')}:{single.get('image', {}).get('tag')}"
    places: list[tuple[list[str | int], Any]] = [
        (["singleuser", "initContainers"], single.get("initContainers", []))]
    for i, profile in enumerate(single.get("profileList", [])):
        override = profile.get("kubespawner_override", {})
        if "init_containers" in override:
            places.append((["singleuser", "profileList", i, "kubespawner_override",
                            "init_containers"], override["init_containers"]))
    problems = []
    for where, containers in places:
        for j, container in enumerate(containers):
            if container.get("image") != image:
                problems.append(f"{dotted(where + [j, 'image'])}: {container.get('image')!r} "
                                f"is not the single-user image {image!r}")
    return problems


def hub_config(values: dict[str, Any]) -> Config:
    """A hub config object filled from `values` the way the chart's jupyterhub_config.py does."""
    c = Config()
    hub = values.get("hub", {})
    for section, settings in hub.get("config", {}).items():
        for key, value in settings.items():
            c[section][key] = value
    c.KubeSpawner.profile_list = values.get("singleuser", {}).get("profileList", [])
    c.JupyterHub.load_roles = [dict(role, name=name) for name, role in
                               hub.get("loadRoles", {}).items()]
    return c


def run_extra_config(values: dict[str, Any]) -> tuple[Config, list[str]]:
    """Execute hub.extraConfig snippets in key order (as the chart does) against hub_config()."""
    c = hub_config(values)
    problems = []
    previous = sys.modules.get("z2jh")
    sys.modules["z2jh"] = _z2jh_module(values)
    try:
        for name, code in sorted(values.get("hub", {}).get("extraConfig", {}).items()):
            try:
                exec(compile(code, f"hub.extraConfig.{name}", "exec"), {"c": c})
            except Exception as exc:  # any failure here would crash the hub pod at start
                problems.append(f"hub.extraConfig.{name}: fails: {type(exc).__name__}: {exc}")
    finally:
        if previous is None:
            sys.modules.pop("z2jh", None)
        else:
            sys.modules["z2jh"] = previous
    return c, problems


def _z2jh_module(values: dict[str, Any]) -> types.ModuleType:
    """The chart's z2jh helper as extra config sees it: get_config("a.b.c", default)."""
    module = types.ModuleType("z2jh")

    def get_config(key: str, default: Any = None) -> Any:
        value: Any = values
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        return value

    module.get_config = get_config  # type: ignore[attr-defined]
    return module
