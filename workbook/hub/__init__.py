"""The course hub: JupyterHub settings, per-user Jupyter config and content delivery."""
