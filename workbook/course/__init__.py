"""The course as data: the model (no I/O), YAML loading and validation, the importers of revision
pages, question banks and evidence rules. The course's YAML lives in `data/`.

Imports only the foundation (`workbook.settings`, `workbook.errors`, `workbook.atomic`)."""
