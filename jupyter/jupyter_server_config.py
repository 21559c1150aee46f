"""Jupyter server settings of learner pages that need code; the rest is in the .json beside this.

`make lab` reads this folder (JUPYTER_CONFIG_PATH); the course hub copies both files into each
user's config folder (workbook.hub.userconfig).
"""
c = get_config()  # noqa: F821


def set_xsrf_cookie(handler, notebook, cwd):
    """Voilà's pages leave Jupyter's `_xsrf` cookie unset, so the request a page sends as the
    learner leaves it, to shut its kernel down, is refused (403 '_xsrf' missing) and every page
    opened leaves a kernel running. Reading the handler's xsrf_token sets the cookie."""
    _ = handler.xsrf_token


c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
