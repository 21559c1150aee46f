"""Assessment decisions as a centre records them, in the tutor-only nbgrader course folder.

Owns: assessors' decisions per learner and criterion (met / not yet met, the evidence they rest
on, feedback, who and when; append-only history), what each learner submitted for a unit
(evidence snapshot and declaration of authenticity), internal quality assurance (sampling plans
and agree/disagree verdicts, kept apart from the decisions), the standing of every decision and
which learners are ready to claim, and the decisions written into nbgrader's feedback pages.
May import course, scoring, learner and assess; never widgets, build, tutor, hub or cli.
"""
