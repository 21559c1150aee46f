"""The package's stages import only downward, and every notebook's imports resolve."""
from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "workbook"

# Lowest first: a module may import its own stage and any stage before it, never one after.
STAGES = ["foundation", "course", "scoring", "learner", "assess", "decisions", "widgets", "build",
          "tutor", "hub", "cli"]
FOUNDATION = {"settings", "errors", "atomic", "spreadsheet"}
# Thin re-exports kept for notebooks already in learners' homes, and the public API.
SHIMS = {"workbook", "workbook.grading", "workbook.assignment_notebook"}


def stage_of(module: str) -> str | None:
    """The stage a `workbook.*` module belongs to (None for the shims)."""
    if module in SHIMS:
        return None
    part = module.split(".")[1]
    return "foundation" if part in FOUNDATION else part


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, module: str | None = None) -> list[tuple[int, str]]:
    """(line, imported workbook module) for every import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = (module or module_name(path)).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("workbook")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            if base.startswith("workbook"):
                found += [(node.lineno, f"{base}.{a.name}" if base == "workbook" else base)
                          for a in node.names]
    return found


def test_every_module_belongs_to_a_known_stage():
    unknown = sorted({module_name(p) for p in PACKAGE.rglob("*.py")
                      if (s := stage_of(module_name(p))) is not None and s not in STAGES})
    assert unknown == [], f"modules outside every stage (add the stage to STAGES): {unknown}"


def test_stages_import_only_downward():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        mine = stage_of(module_name(path))
        if mine is None:
            continue
        for line, target in imports_of(path):
            theirs = stage_of(target)
            if theirs is not None and STAGES.index(theirs) > STAGES.index(mine):
                wrong.append(f"{path.relative_to(PROJECT)}:{line}: {mine} imports {target} ({theirs})")
    assert wrong == []


def test_the_direction_check_sees_an_upward_import(tmp_path):
    """The check above would catch a course module importing a widget."""
    bad = tmp_path / "probe.py"
    bad.write_text("from ..widgets import quiz\n")
    found = imports_of(bad, "workbook.course.probe")
    assert found == [(1, "workbook.widgets")]
    assert STAGES.index(stage_of("workbook.widgets.quiz")) > STAGES.index("course")


def _generated_notebooks() -> list[Path]:
    return sorted([*(PROJECT / "notebooks").rglob("*.ipynb"),
                   *(PROJECT / "assignments" / "source").rglob("*.ipynb")])


def _notebook_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from workbook... import name` in a notebook's code cells."""
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        lines = [line for line in source.splitlines() if not line.lstrip().startswith("%")]
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("workbook"):
                found += [(node.module, a.name) for a in node.names]
            elif isinstance(node, ast.Import):
                found += [(a.name, "") for a in node.names if a.name.startswith("workbook")]
    return found


@pytest.mark.parametrize("path", _generated_notebooks(), ids=lambda p: p.name)
def test_every_import_in_a_generated_notebook_resolves(path):
    for module, name in _notebook_imports(path):
        loaded = importlib.import_module(module)
        assert not name or hasattr(loaded, name) or importlib.util.find_spec(f"{module}.{name}"), \
            f"{path.relative_to(PROJECT)}: from {module} import {name} does not resolve"


def test_generated_notebooks_do_import_the_package():
    """The test above is not vacuous: outcome notebooks and assignments import workbook."""
    importing = [p for p in _generated_notebooks() if _notebook_imports(p)]
    assert len(importing) >= len(_generated_notebooks()) - 1


# The paths notebooks released before the layout change import; they must keep working.
OLD_PATHS = [
    ("workbook.widgets", "quiz"), ("workbook.widgets", "flashcards"),
    ("workbook.widgets.evidence", "EvidenceLog"), ("workbook.widgets.export", "PortfolioExport"),
    ("workbook.widgets.progress", "ProgressView"),
    ("workbook.widgets.reflection", "ReflectiveAccounts"),
    ("workbook.widgets.training_plan", "TrainingPlanBuilder"),
    ("workbook.grading", "check_answered"),
    ("workbook.assignment_notebook", "show_question"),
    ("workbook.assignment_notebook", "show_evidence"),
]


@pytest.mark.parametrize(("module", "name"), OLD_PATHS)
def test_old_notebook_import_paths_still_resolve(module, name):
    assert hasattr(importlib.import_module(module), name)


def test_readme_lists_every_stage_and_every_variable():
    from workbook.settings import VARIABLES

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for folder in sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")):
        assert f"| `{folder}/` |" in readme, f"README's layout table lacks workbook/{folder}/"
    for name in VARIABLES:
        assert f"| `{name}` |" in readme, f"README's settings table lacks {name}"
    used = set()
    for path in _environment_readers():
        used |= set(re.findall(r"\bWORKBOOK_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert used - set(VARIABLES) == set(), "variables read but not listed in workbook/settings.py"


def test_readme_lists_every_variable_read_from_elsewhere():
    from workbook.settings import OTHER_VARIABLES

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for name in OTHER_VARIABLES:
        assert f"`{name}`" in readme, f"README's table of other variables lacks {name}"


# The environment, as modules reach it: os.environ, os.getenv, or a mapping named env/environ.
ENVIRONMENTS = {"environ", "env"}


def _is_environment(node: ast.AST) -> bool:
    if isinstance(node, ast.IfExp):  # (os.environ if env is None else env)
        return _is_environment(node.body) or _is_environment(node.orelse)
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id in ENVIRONMENTS


def environment_reads(source: str) -> list[tuple[int, str]]:
    """(line, variable) for every read of a named environment variable in Python source: a
    `.get`/`.pop` or `[...]` of the environment, `getenv`, or `"X" in environ`,
    the name given literally or through a module-level constant."""
    tree = ast.parse(source)
    constants = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                 for t in node.targets if isinstance(t, ast.Name)}

    def name(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return constants.get(node.id) if isinstance(node, ast.Name) else None

    found = []
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in {"get", "pop"} \
                    and _is_environment(func.value):
                key = name(node.args[0])
            elif (isinstance(func, ast.Attribute) and func.attr == "getenv") or \
                    (isinstance(func, ast.Name) and func.id == "getenv"):
                key = name(node.args[0])
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) \
                and _is_environment(node.value):
            key = name(node.slice)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 \
                and isinstance(node.ops[0], (ast.In, ast.NotIn)) and _is_environment(node.comparators[0]):
            key = name(node.left)
        if key is not None:
            found.append((node.lineno, key))
    return found


def _environment_readers() -> list[Path]:
    """Every Python file of the package, the deployment and the hub's config."""
    return sorted([*PACKAGE.rglob("*.py"), *(PROJECT / "deploy").rglob("*.py"),
                   *(PROJECT / "hub").glob("*.py")])


def test_only_settings_reads_workbook_variables():
    """Every other module asks workbook.settings. The text of the course's generated
    nbgrader_config.py (workbook/build/assignments.py) is a string here, not code, so it is not
    read as code: nbgrader runs it from the course folder, with defaults relative to that file."""
    settings = PACKAGE / "settings.py"
    wrong = [f"{path.relative_to(PROJECT)}:{line}: reads {name}"
             for path in _environment_readers() if path != settings
             for line, name in environment_reads(path.read_text(encoding="utf-8"))
             if name.startswith("WORKBOOK_")]
    assert wrong == [], "read these through workbook.settings"


def test_every_variable_read_is_listed_in_settings():
    from workbook.settings import OTHER_VARIABLES, VARIABLES

    read = {name for path in _environment_readers()
            for _, name in environment_reads(path.read_text(encoding="utf-8"))}
    assert read - set(VARIABLES) - set(OTHER_VARIABLES) == set()
    assert {"JUPYTERHUB_USER", "WORKBOOK_ROLE", "WORKBOOK_HUB_PORT"} <= read  # the scan sees reads


def test_the_variable_check_sees_each_way_of_reading():
    source = (
        'import os\nfrom os import environ, getenv\nNAME = "WORKBOOK_A"\n'
        'os.environ.get("WORKBOOK_B")\nos.environ[NAME]\ngetenv("WORKBOOK_C")\n'
        'env.pop("WORKBOOK_D", None)\n"WORKBOOK_E" in environ\n'
        'os.environ["WORKBOOK_F"] = "1"\nchild = {"WORKBOOK_G": "1"}\n'
        'message = "WORKBOOK_H is not set"\n(os.environ if given is None else given).get(NAME)\n')
    assert environment_reads(source) == [(4, "WORKBOOK_B"), (5, "WORKBOOK_A"), (6, "WORKBOOK_C"),
                                         (7, "WORKBOOK_D"), (8, "WORKBOOK_E"), (12, "WORKBOOK_A")]


def _is_module(dotted: str) -> bool:
    path = PROJECT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def renamed_imports(source: str) -> list[tuple[int, str]]:
    """(line, 'module as name') for each package module imported under the name of another
    package module (as `scoring as grading` was, while workbook/grading.py is another module)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("workbook"):
            found += [(node.lineno, f"{alias.name} as {alias.asname}") for alias in node.names
                      if alias.asname and alias.asname != alias.name
                      and _is_module(f"{node.module}.{alias.name}")
                      and (_is_module(f"{node.module}.{alias.asname}")
                           or _is_module(f"workbook.{alias.asname}"))]
    return found


def test_package_modules_are_imported_under_their_own_names():
    renamed = {str(p.relative_to(PROJECT)): hits for p in sorted(PACKAGE.rglob("*.py"))
               if (hits := renamed_imports(p.read_text(encoding="utf-8")))}
    assert renamed == {}
    assert renamed_imports("from workbook import scoring as grading\n") == \
        [(1, "scoring as grading")]
