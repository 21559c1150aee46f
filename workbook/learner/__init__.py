"""A learner's own documents: the store and one reader and writer per format (quiz answers,
evidence, reflective accounts, training plans), coverage, progress, the portfolio exports and
the marks returned with feedback. Imports the course and scoring, never assessment or widgets."""
