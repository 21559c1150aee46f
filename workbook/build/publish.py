"""`workbook publish DEST`: the course tree learners may have, and nothing else.

The project repository is for tutors: it holds the summative banks (`assessment/`), the answer
keys (`keys/`) and the nbgrader course (`assignments/`). Learners get a published tree: the
learner notebooks, the package (whose data are the formative banks and course content) and
what installs it. The tree is checked before it replaces DEST: a file that holds a text of a
summative item or of an answer key stops the publication. DEST may be a git checkout (the
public repository nbgitpuller pulls from): its `.git` is kept and its files are replaced.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from workbook.assess.assessment import Assessment, load_assessments
from workbook.course.model import Course, Question
from workbook.errors import Failure, Refusal

#: what is copied from the project, and nothing else
PUBLISHED = ("notebooks", "workbook", "pyproject.toml", "environment.yml", "jupyter")
#: written into DEST: the list of published files (and the sign that DEST may be replaced)
MANIFEST = ".workbook-published.json"
#: summative texts shorter than this are common phrases ("Regulation 9"), not the item
MIN_CHARS = 25
_SKIPPED = {"__pycache__", ".ipynb_checkpoints"}

__all__ = ["MANIFEST", "PUBLISHED", "private_texts", "publish", "published_files"]

README = """# {title}: learner workbook

This is the learners' copy of the course workbook: the notebooks and the `workbook` package
they use. It is published from the tutors' repository by `workbook publish`, and has no
assessment questions or answer keys. Open `notebooks/index.ipynb` to start.

Install: `pip install .` (Python 3.11 or later), then `jupyter lab notebooks/index.ipynb`.
"""


def published_files(project: Path) -> dict[str, Path]:
    """{relative path: source file} of everything learners may have, from the project."""
    files = {}
    for name in PUBLISHED:
        top = project / name
        for path in [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []:
            relative = path.relative_to(project)
            if path.is_file() and not _skipped(relative):
                files[relative.as_posix()] = path
    return files


def _skipped(relative: Path) -> bool:
    return any(part in _SKIPPED or part.startswith(".") or part.endswith(".egg-info")
               for part in relative.parts) or relative.suffix == ".pyc"


def private_texts(assessments: list[Assessment], keys: Path | None = None) -> list[str]:
    """Texts of the summative items, written prompts and answer keys: none may be published."""
    found: set[str] = set()
    for assessment in assessments:
        for question in assessment.questions:
            found.update(_question_texts(question))
        found.update(w.prompt for w in assessment.written)
        found.update(w.guidance for w in assessment.written)
    for path in sorted(keys.glob("*.json")) if keys and keys.is_dir() else []:
        document = json.loads(path.read_text(encoding="utf-8"))
        for question in document.get("questions", []):
            found.update(_key_texts(question))
    return sorted(t.strip() for t in found if len(t.strip()) >= MIN_CHARS)


def _question_texts(question: Question) -> Iterator[str]:
    yield from (question.stem, question.scenario, question.explanation)
    for option in question.options:
        yield from (option.text, option.feedback)
    for part in question.parts:
        yield from _question_texts(part)


def _key_texts(question: dict) -> Iterator[str]:
    yield from (str(question.get(k) or "") for k in ("stem", "scenario", "explanation"))
    for option in question.get("options", []):
        yield from (str(option.get("text") or ""), str(option.get("feedback") or ""))
    for part in question.get("parts", []):
        yield from _key_texts(part)


def leaks(folder: Path, texts: list[str]) -> list[str]:
    """One line per file under `folder` that holds a private text ([] when none does)."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_text(encoding="utf-8", errors="replace")
        # notebooks keep text in JSON strings: compare with escapes undone as well
        unescaped = content.replace('\\"', '"').replace("\\n", "\n")
        hit = next((t for t in texts if t in content or t in unescaped), None)
        if hit is not None:
            found.append(f"{path.relative_to(folder)}: holds the tutor-only text "
                         f"\"{hit[:60]}{'...' if len(hit) > 60 else ''}\"")
    return found


def publish(course: Course, project: Path, assessment: Path, keys: Path, dest: Path) -> list[str]:
    """Write the learner tree into `dest` (replacing an earlier publication); its files."""
    dest = Path(dest)
    existing = [p for p in dest.iterdir() if p.name != ".git"] if dest.is_dir() else []
    if existing and not (dest / MANIFEST).is_file():
        raise Refusal(f"{dest}: not empty and not a published tree (no {MANIFEST}); "
                      "give a new folder or an earlier publication")
    if dest.exists() and not dest.is_dir():
        raise Refusal(f"{dest}: not a folder")
    files = published_files(project)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".publish-", dir=dest.parent) as tmp:
        staging = Path(tmp)
        for relative, source in files.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, staging / relative)
        (staging / "README.md").write_text(README.format(title=course.title), encoding="utf-8")
        found = leaks(staging, private_texts(load_assessments(course, assessment), keys))
        if found:
            raise Failure("\n".join([*found, f"nothing published to {dest}: tutor-only text "
                                     "would reach learners"]))
        written = sorted([*files, "README.md"])
        manifest = {"schema": 1, "files": {name: _sha256(staging / name) for name in written}}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        # everything here is public: readable by every account whatever the umask (the hub's
        # delivery reads it as each learner)
        for path in [staging, *staging.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        dest.mkdir(exist_ok=True)
        dest.chmod(0o755)
        for old in existing:
            shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
        for item in staging.iterdir():
            shutil.move(str(item), dest / item.name)
    return written


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
