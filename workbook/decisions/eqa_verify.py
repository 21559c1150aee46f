"""`workbook eqa verify`: does an EQA pack still hold exactly what its manifest lists?

Reads the pack (the .zip, or the folder it was unpacked into), recomputes every file's SHA-256
and names each file altered, missing or added. The manifest travels inside the pack, so whoever
alters a file could rewrite it too: the centre sends the manifest's own SHA-256 apart from the
pack, and `--expect` checks it.
"""
from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from workbook.decisions.eqa_pack import MANIFEST
from workbook.errors import WorkbookError

LINE = re.compile(r"(?P<hash>[0-9a-f]{64}) [ *](?P<name>.+)")


@dataclass(frozen=True)
class Verification:
    """How many files were checked, the manifest's own SHA-256, and every problem found."""

    files: int
    manifest_sha256: str
    problems: tuple[str, ...]


def read_pack(path: Path) -> tuple[dict[str, bytes], list[str]]:
    """The pack's files (path -> bytes) and problems met reading them."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes()
                for p in sorted(path.rglob("*")) if p.is_file()}, []
    if not path.is_file():
        raise WorkbookError("not found", path)
    if not zipfile.is_zipfile(path):
        raise WorkbookError("not a zip file (an EQA pack is the .zip `workbook eqa pack` wrote)", path)
    files: dict[str, bytes] = {}
    problems = []
    with zipfile.ZipFile(path) as archive:
        names = [i.filename for i in archive.infolist() if not i.is_dir()]
        problems += [f"{name}: in the zip {n} times" for name, n in Counter(names).items() if n > 1]
        for name in dict.fromkeys(names):
            try:
                files[name] = archive.read(name)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                problems.append(f"{name}: altered (its bytes fail the zip's own check: {exc})")
                files[name] = b""
    return files, problems


def verify_pack(path: Path, expect: str | None = None) -> Verification:
    """Check every file against the manifest (and the manifest against `expect`, if given)."""
    files, problems = read_pack(path)
    manifest = files.pop(MANIFEST, None)
    if manifest is None:
        return Verification(len(files), "", (*problems, f"{MANIFEST}: missing"))
    own = hashlib.sha256(manifest).hexdigest()
    if expect and expect.strip().lower() != own:
        problems.append(f"{MANIFEST}: its SHA-256 is {own}, not {expect.strip()} as sent: "
                        "the manifest itself was changed")
    listed: dict[str, str] = {}
    for number, line in enumerate(manifest.decode("utf-8", "replace").splitlines(), 1):
        found = LINE.fullmatch(line)
        if not found:
            problems.append(f"{MANIFEST}:{number}: not '<sha256>  <file>'")
            continue
        listed[found["name"]] = found["hash"]
    bad = {p.split(":", 1)[0] for p in problems}
    for name, digest in sorted(listed.items()):
        if name not in files:
            problems.append(f"{name}: missing (listed in {MANIFEST})")
        elif name not in bad and hashlib.sha256(files[name]).hexdigest() != digest:
            problems.append(f"{name}: altered (its SHA-256 differs from {MANIFEST})")
    problems += [f"{name}: added (not in {MANIFEST})" for name in sorted(set(files) - set(listed))]
    return Verification(len(files), own, tuple(problems))
