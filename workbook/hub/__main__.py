"""`python -m workbook.hub`: start the course hub and say where it is and who can log in."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from workbook.hub.settings import PASSWORD_ENV, SettingsError, from_env


def main(argv: list[str] | None = None) -> int:
    """Print the URL and demo logins, then run JupyterHub in the foreground."""
    project = Path.cwd()
    config = project / "hub" / "jupyterhub_config.py"
    if not config.is_file():
        print(f"error: {config.name} not found in hub/ (run this from the project folder)",
              file=sys.stderr)
        return 2
    try:
        settings = from_env(project)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    settings.data.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, **{PASSWORD_ENV: settings.password,
                              "WORKBOOK_HUB_PORT": str(settings.port),
                              "WORKBOOK_HUB_DATA": str(settings.data)})
    banner = [f"Course hub: {settings.url}", "Demo logins:", *settings.logins(),
              f"Data (homes, exchange, hub database): {settings.data}", ""]
    print("\n".join(banner), flush=True)
    hub = str(Path(sys.executable).parent / "jupyterhub")
    # The hub writes its proxy's pid file into the working folder: keep that in the data folder.
    os.chdir(settings.data)
    os.execve(hub, [hub, "-f", str(config), *(argv or [])], env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
