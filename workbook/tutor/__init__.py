"""Tutor operations: grade a whole cohort in one command, and report on it."""
