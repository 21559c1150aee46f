"""Summative assessment: the tutor-only banks, answer keys, responses files, preflights, the
nbgrader naming contract and what assignment notebooks call. Imports course, scoring, learner."""
