"""What the single-user image runs besides JupyterLab: home seeding and role config."""
