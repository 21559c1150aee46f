"""Jupyter server settings of learner pages that need code; the rest is in the .json beside this.

`make lab` reads this folder (JUPYTER_CONFIG_PATH); the course hub copies both files into each
user's config folder (workbook.hub.userconfig).
"""
import importlib.util
import os
from pathlib import Path

c = get_config()  # noqa: F821

# Pages are drawn by the project's Voilà template `workbook` (Voilà's `lab` without style sheets
# from a CDN), which the package carries: Voilà looks for templates on the Jupyter path.
# (found without importing the package, which a server's start does not need)
TEMPLATES = str(Path(importlib.util.find_spec("workbook").origin).parent  # type: ignore[union-attr]
                / "widgets" / "page_template")
_path = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
os.environ["JUPYTER_PATH"] = os.pathsep.join([TEMPLATES, *(p for p in _path if p != TEMPLATES)])


def set_xsrf_cookie(handler, notebook, cwd):
    """Voilà's pages leave Jupyter's `_xsrf` cookie unset, so the request a page sends as the
    learner leaves it, to shut its kernel down, is refused (403 '_xsrf' missing) and every page
    opened leaves a kernel running. Reading the handler's xsrf_token sets the cookie."""
    _ = handler.xsrf_token


c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie


def local_mathjax(page_config, **_):
    """Voilà's pages load MathJax 2 from a CDN unless both its settings are "null"; then they
    typeset with the MathJax 3 that JupyterLab's own extension carries, from this server."""
    return {**page_config, "fullMathjaxUrl": "null", "mathjaxConfig": "null"}


c.VoilaConfiguration.page_config_hook = local_mathjax
