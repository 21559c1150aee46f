"""Offline checks of the Zero to JupyterHub config: chart schema, KubeSpawner traits, scopes."""
