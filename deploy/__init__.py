"""Deployment beyond one machine: the single-user image and the Zero to JupyterHub config."""
