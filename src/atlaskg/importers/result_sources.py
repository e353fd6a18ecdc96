"""Benchmark results kept in repositories and wheels, extracted into the project's own pinned
dataset files (datasets/results/<dataset>.json), so `atlaskg build` reads them offline.

Each extractor reads a local copy (a git checkout of models.dev or aider, the ai-atlas-nexus wheel)
and returns one document: where it came from (repository or package, commit or version, date,
licence, attribution, the command that re-extracts it) and its results in one shape. Results
whose cited source is a leaderboard that does not allow republishing its data (Artificial
Analysis, OpenRouter's benchmark pages, LMArena) are left out and counted, with the reason.
`atlaskg extract-results` is the command; importers.results converts the files.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tomllib
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from atlaskg.core.errors import AtlasError
from atlaskg.core.files import write_atomic
from atlaskg.importers.common import APACHE, MIT

NOT_REPUBLISHED = {  # host -> why its numbers are not copied
    "artificialanalysis.ai": "Artificial Analysis's terms do not allow republishing its benchmark data",
    "openrouter.ai": "OpenRouter's benchmark pages relay Artificial Analysis's data, which may not be republished",
    "lmarena.ai": "LMArena's leaderboard data may not be republished",
}
AIDER_BOARDS = {"polyglot_leaderboard.yml": "Aider Polyglot", "edit_leaderboard.yml": "Aider Code Editing",
                "refactor_leaderboard.yml": "Aider Refactoring"}
MODEL_CATALOGUES = {  # result datasets whose results belong to a record of a model -> that record
    "models-dev": "models/<developer>/<model>.toml",
    "ai-atlas-nexus": "an aimodels entry with its model card",
}
_AIDER_DATA = "aider/website/_data"
_AIDER_MODEL = re.compile(r"--model\s+(\S+)")
_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*$")


def extract(dataset: str, path: Path) -> dict:
    """The document of `dataset` (models-dev, aider, ai-atlas-nexus) read from `path`."""
    extractors = {"models-dev": models_dev, "aider": aider, "ai-atlas-nexus": ai_atlas_nexus}
    if dataset not in extractors:
        raise AtlasError(f"unknown results dataset '{dataset}' (known: {', '.join(extractors)})")
    return extractors[dataset](Path(path))


def models_dev(checkout: Path) -> dict:
    """The [[benchmarks]] tables of models/<developer>/<model>.toml in a models.dev checkout."""
    files = sorted((checkout / "models").glob("*/*.toml"))
    if not files:
        raise AtlasError(f"{checkout}: no models/<developer>/<model>.toml files (not a models.dev checkout)")
    excluded: Counter[str]  # host -> benchmark results left out
    results, excluded = [], Counter()
    for file in files:
        relative = file.relative_to(checkout).as_posix()
        try:
            record = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise AtlasError(f"{file}: not TOML: {err}") from None
        for index, table in enumerate(record.get("benchmarks", [])):
            host = _host(table.get("source", ""))
            if host in NOT_REPUBLISHED:
                excluded[host] += 1
                continue
            results.append(_result(
                model=f"{file.parent.name}/{file.stem}", model_name=record.get("name"),
                identifier=f"{file.parent.name}/{file.stem}", benchmark=table["name"], score=table["score"],
                metric=table.get("metric"), source=table.get("source"), date=_text(table.get("date")),
                location=f"{relative}#benchmarks[{index}]",
                setting={k: str(table[k]) for k in ("harness", "variant", "dataset", "version") if k in table}))
    return _document("models-dev", "models.dev: model metadata with sourced benchmark results",
                     "https://github.com/anomalyco/models.dev", MIT, "models.dev contributors (MIT)",
                     *_git_pin(checkout), results, excluded)


def aider(checkout: Path) -> dict:
    """aider's polyglot, code-editing and refactoring leaderboards (aider/website/_data/*.yml)."""
    results = []
    for board, benchmark in AIDER_BOARDS.items():
        file = checkout / _AIDER_DATA / board
        if not file.is_file():
            raise AtlasError(f"{checkout}: no {_AIDER_DATA}/{board} (not an aider checkout)")
        entries = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        for index, entry in enumerate(entries):
            label = str(entry["model"])
            command = _AIDER_MODEL.search(str(entry.get("command", "")))
            parenthesis = _PARENTHESIS.search(label)
            setting = {"edit format": str(entry["edit_format"])}
            for key in ("reasoning_effort", "thinking_tokens"):
                if entry.get(key) is not None:
                    setting[key.replace("_", " ")] = str(entry[key])
            if parenthesis and not setting.keys() & {"reasoning effort", "thinking tokens"}:
                setting["as named"] = parenthesis.group(1)
            if entry.get("editor_model"):
                setting["editor model"] = str(entry["editor_model"])
            results.append(_result(  # the refactoring board gives one attempt only (pass_rate_1)
                model=label, model_name=_PARENTHESIS.sub("", label),
                identifier=command.group(1) if command and "--architect" not in entry.get("command", "") else None,
                benchmark=benchmark, score=entry.get("pass_rate_2", entry.get("pass_rate_1")), metric="percent correct",
                source="https://aider.chat/docs/leaderboards/", date=_text(entry.get("date")),
                location=f"{_AIDER_DATA}/{board}#{index}", setting=setting,
                details={k: entry[k] for k in ("pass_rate_1", "percent_cases_well_formed", "total_cost",
                                               "test_cases", "command", "versions") if k in entry}))
    return _document("aider", "aider LLM leaderboards", "https://github.com/Aider-AI/aider", APACHE,
                     "Paul Gauthier and aider contributors (Apache-2.0)", *_git_pin(checkout), results, Counter())


def ai_atlas_nexus(wheel: Path) -> dict:
    """The evaluation results (aievalresults) of the ai-atlas-nexus wheel, each with the model
    that lists it (hasEvaluation) and the evaluation it is a result of (isResultOf)."""
    match = re.match(r"ai_atlas_nexus-([^-]+)-", wheel.name)
    if match is None:
        raise AtlasError(f"{wheel}: not an ai-atlas-nexus wheel (pip download --no-deps ai-atlas-nexus==X)")
    documents = {}
    try:
        with zipfile.ZipFile(wheel) as archive:
            for name in sorted(archive.namelist()):
                if name.startswith("ai_atlas_nexus/data/knowledge_graph/") and name.endswith(".yaml"):
                    documents[name] = yaml.safe_load(archive.read(name)) or {}
    except (zipfile.BadZipFile, OSError, yaml.YAMLError) as err:
        raise AtlasError(f"{wheel}: cannot read the wheel: {err}") from None
    evaluations, models, listed = {}, {}, {}
    for document in documents.values():
        evaluations.update({e["id"]: e for e in document.get("evaluations") or []})
        for model in document.get("aimodels") or []:
            models[model["id"]] = model
            listed.update({result: model["id"] for result in model.get("hasEvaluation") or []})
    results = []
    for name, document in documents.items():
        for index, entry in enumerate(document.get("aievalresults") or []):
            model = models.get(listed.get(entry["id"], ""), {})
            evaluation = evaluations.get(entry.get("isResultOf"), {})
            namespace = urlsplit((model.get("hasModelCard") or [""])[0]).path.strip("/").split("/")[0]
            as_named = str(entry.get("name") or "").split(" result for ")[0].strip()  # "HumanEval+ pass@1"
            benchmark = evaluation.get("name") or entry.get("isResultOf")
            results.append(_result(
                model=model.get("id") or entry["id"], model_name=model.get("name"),
                identifier="/".join(filter(None, (namespace, model.get("id")))), benchmark=benchmark,
                score=entry["value"], metric=None, source=entry.get("evidence"),
                date=_text(entry.get("dateCreated")), location=f"{name.split('/')[-1]}#aievalresults[{index}]",
                setting={"as named": as_named} if as_named and as_named.lower() != str(benchmark).lower() else {},
                details={"evaluation": entry.get("isResultOf"), "result": entry["id"],
                                     "developer": model.get("isProvidedBy"),
                                     "benchmark_url": evaluation.get("url")}))
    return _document("ai-atlas-nexus", "IBM AI Atlas Nexus: evaluation results", "https://pypi.org/project/ai-atlas-nexus/",
                     APACHE, "IBM Research, AI Atlas Nexus contributors (Apache-2.0)",
                     f"ai-atlas-nexus=={match.group(1)}", _wheel_date(wheel), results, Counter(),
                     sha256=hashlib.sha256(wheel.read_bytes()).hexdigest())


def _result(*, model, model_name, identifier, benchmark, score, metric, source, date, location, setting,
            details=None) -> dict:
    return {"model": model, "model_name": model_name, "identifier": identifier, "benchmark": str(benchmark),
            "score": str(score), "metric": metric, "setting": setting, "source": source, "date": date,
            "location": location, **({"details": details} if details else {})}


def _document(dataset, title, repository, licence, attribution, pin, date, results, excluded, sha256=None) -> dict:
    return {"dataset": dataset, "title": title, "repository": repository, "pin": pin, "date": date,
            **({"wheel_sha256": sha256} if sha256 else {}),
            "licence": licence, "attribution": attribution,
            "extracted_with": f"atlaskg extract-results {dataset} <{'wheel' if dataset == 'ai-atlas-nexus' else 'checkout'}>",
            "excluded": {host: {"results": count, "reason": NOT_REPUBLISHED[host]}
                         for host, count in sorted(excluded.items())},
            "results": results}


def _git_pin(checkout: Path) -> tuple[str, str]:
    """The checkout's commit and its date (YYYY-MM-DD)."""
    try:
        out = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%H %cs"], capture_output=True,
                             text=True, check=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError) as err:
        raise AtlasError(f"{checkout}: not a git checkout, so its commit cannot be pinned ({err})") from None
    return out[0], out[1]


def _wheel_date(wheel: Path) -> str:
    """The newest file date inside the wheel: when that release was made."""
    with zipfile.ZipFile(wheel) as archive:
        newest = max(info.date_time for info in archive.infolist())
    return f"{newest[0]:04d}-{newest[1]:02d}-{newest[2]:02d}"


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _text(value) -> str | None:
    return None if value is None else str(value)


def write(document: dict, path: Path) -> None:
    """The document as stable, reviewable JSON (one result per line block, keys sorted)."""
    write_atomic(path, (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
