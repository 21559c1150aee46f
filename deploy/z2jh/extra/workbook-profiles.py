# hub.extraConfig "workbook-profiles": offer each user only the profiles their hub groups allow.
# custom.workbook.profileGroups in config.yaml maps a profile slug to the groups that may start it.
# KubeSpawner validates a requested profile against this same list, so a learner cannot start
# the tutor profile through the API either. Users in no course group get the chart's defaults,
# which are the learner's settings.
from z2jh import get_config

_workbook_profiles = list(c.KubeSpawner.profile_list)  # noqa: F821  (c: the hub's config)
_workbook_allowed = get_config("custom.workbook.profileGroups", {})


def workbook_profile_list(spawner):
    """The profiles this user's groups allow, in config order."""
    groups = {group.name for group in spawner.user.groups}
    return [profile for profile in _workbook_profiles
            if groups & set(_workbook_allowed.get(profile["slug"], []))]


c.KubeSpawner.profile_list = workbook_profile_list  # noqa: F821
