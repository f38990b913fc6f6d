"""Benchmarks (not tests): the project's build against a plain-SQL baseline, by world size.

    .venv/bin/python -m benchmarks.run [--sizes 200,10000,100000,1000000] [--namesakes]

For each size N: generate (or reuse) the landing zone `talentflow sample --people N --seed 7`
under data/bench/<N>; run `talentflow build` on it as a subprocess in a scratch directory,
timing every stage (from the step events of the run's own Dagster instance) and sampling the
resident memory of the whole process tree every 0.2 s; run the plain-SQL baseline
(benchmarks/baseline.sql; its probabilistic linking step is the project's own splink model,
timed on its own in both) the same way; compare the two sets of marts row by row
(benchmarks/compare.py). With --namesakes, the largest size also runs as a namesake-heavy
world: the same landing zone with every person's name replaced by one of a small pool, so that
many different people share a name (as with common Chinese names).

Writes BENCHMARKS.md and benchmarks/results.json (results of sizes not run this time are kept
from the previous file). Nothing asserts on time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks import compare as comparison

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA_DIR = REPO_ROOT / "data" / "bench"
REPORT = REPO_ROOT / "BENCHMARKS.md"
RESULTS = Path(__file__).with_name("results.json")
STAGES = ("landing", "staging", "linking", "marts", "checks", "publish")
POLL_SECONDS = 0.2
SEED = 7
AS_OF_YEAR = 2025
HOME_COUNTRY = "CN"
NAMESAKE_POOL = 5000
# The venue of the refresh benchmark: this share of the OpenReview notes and profiles lines.
VENUE_SHARE = 0.01
VENUE_FOLDERS = ("openreview/notes", "openreview/profiles")


# ------------------------------------------------------------------------------ measuring
def _rss_by_pid() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, resident bytes) of every process, read from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
            with open(f"/proc/{entry.name}/statm", "rb") as handle:
                resident = int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        fields = stat[stat.rindex(b")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), resident)
    return table


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (psutil when installed)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            parent = psutil.Process(root)
            total = parent.memory_info().rss
            for child in parent.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            return total
        except psutil.Error:
            return 0
    table = _rss_by_pid()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += table.get(pid, (0, 0))[1]
        stack.extend(children.get(pid, []))
    return total


def measured(command: list[str], env: dict[str, str], log: Path, cwd: Path = REPO_ROOT) -> dict:
    """Run `command`, output to `log`; wall seconds, peak RSS of its process tree, exit code."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = 0
    with log.open("wb") as out:
        started_at = time.time()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        done = threading.Event()

        def poll() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(process.pid))
                done.wait(POLL_SECONDS)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted: take the child's whole session down with us
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            os.wait4(process.pid, 0)
            raise
        finally:
            done.set()
        seconds = time.perf_counter() - start
        poller.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": seconds,
        "started_at": started_at,
        "ended_at": started_at + seconds,
        "peak_rss_bytes": peak,
        # the largest single process among those waited for (the kernel's own account)
        "max_process_rss_bytes": usage.ru_maxrss * 1024,
        "exit_code": process.returncode,
        "log": str(log),
    }


# ---------------------------------------------------------------------------------- worlds
def generate(people: int, out: Path) -> dict:
    """`talentflow sample` into `out`, unless a complete earlier one is there."""
    marker = out / ".complete.json"
    if marker.exists():
        return json.loads(marker.read_text("utf-8")) | {"reused": True}
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "talentflow"), "sample", "--people", str(people), "--seed", str(SEED)]
    result = measured(
        [*command, "--out", str(out)], dict(os.environ), out.parent / f"{out.name}.log"
    )
    if result["exit_code"] != 0:
        raise RuntimeError(f"talentflow sample failed, see {result['log']}")
    info = {
        "people": people,
        "seed": SEED,
        "generate_seconds": result["seconds"],
        "counts": _sample_counts(Path(result["log"]).read_text("utf-8", errors="replace")),
        "landing_bytes": _landing_bytes(out),
    }
    marker.write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    return info | {"reused": False}


def _sample_counts(output: str) -> dict[str, int]:
    match = re.search(r"^wrote .*?: (.*)$", output, re.MULTILINE)
    pairs = re.findall(r"([a-z_]+) ([\d,]+)", match.group(1)) if match else []
    return {name: int(count.replace(",", "")) for name, count in pairs}


def _landing_bytes(landing: Path) -> int:
    return sum(
        p.stat().st_size
        for folder in ("openreview", "careers")
        for p in (landing / folder).rglob("*")
        if p.is_file()
    )


def _pool(size: int) -> list[str]:
    """`size` distinct romanized Chinese names, "Given Surname", in a fixed order."""
    surnames = (
        "Wang",
        "Li",
        "Zhang",
        "Liu",
        "Chen",
        "Yang",
        "Zhao",
        "Huang",
        "Zhou",
        "Wu",
        "Xu",
        "Sun",
        "Hu",
        "Zhu",
        "Gao",
        "Lin",
        "He",
        "Guo",
        "Ma",
        "Luo",
        "Liang",
        "Song",
        "Zheng",
        "Xie",
        "Han",
        "Tang",
        "Feng",
        "Yu",
        "Dong",
        "Xiao",
    )
    syllables = (
        "Wei",
        "Fang",
        "Min",
        "Jing",
        "Lei",
        "Jun",
        "Yang",
        "Yong",
        "Jie",
        "Tao",
        "Ming",
        "Chao",
        "Hui",
        "Yan",
        "Xin",
        "Hao",
        "Yu",
        "Peng",
        "Zhi",
        "Qiang",
        "Lin",
        "Ying",
        "Kai",
        "Bo",
        "Rui",
        "Xiao",
        "Long",
        "Hong",
        "Jian",
        "Ning",
        "Shu",
        "Yi",
        "Han",
        "Zi",
        "Chen",
        "Lu",
        "Hua",
        "Qing",
    )
    given = list(syllables) + [a + b.lower() for a in syllables for b in syllables if a != b]
    names = [f"{g} {s}" for s in surnames for g in given]
    random.Random(size).shuffle(names)
    if size > len(names):
        raise ValueError(f"the namesake pool holds at most {len(names):,} names")
    return names[:size]


def _pooled(name: object, pool: list[str]) -> object:
    """The pool name standing in for `name`: the same for "Wei Zhang" and "Zhang Wei"."""
    if not isinstance(name, str) or not re.search(r"[A-Za-z]", name):
        return name  # Han-script and missing names stay
    key = " ".join(sorted(name.lower().split()))
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return pool[int.from_bytes(digest, "big") % len(pool)]


def _rewrite_lines(source: Path, target: Path, rewrite) -> None:
    """Copy a JSONL file (plain or gzip) line by line, `rewrite` applied to each object."""
    reader = gzip.open if source.name.endswith(".gz") else open
    writer = gzip.open if target.name.endswith(".gz") else open
    with (
        reader(source, "rt", encoding="utf-8") as lines,
        writer(target, "wt", encoding="utf-8") as out,
    ):
        for line in lines:
            body = line.rstrip("\n")
            try:
                record = json.loads(body)
            except ValueError:
                out.write(line)  # a malformed line stays malformed
                continue
            if isinstance(record, dict):
                rewrite(record)
                body = json.dumps(record, ensure_ascii=False, sort_keys=True)
            out.write(body + "\n")


def write_namesakes(source: Path, target: Path, pool_size: int = NAMESAKE_POOL) -> dict:
    """A namesake-heavy copy of a landing zone: every romanized name (OpenReview names, career
    full/first/last names) replaced by one of `pool_size` names, the same original name always
    by the same pool name (so a person's profiles still agree); everything else unchanged
    (hard links). Streams line by line."""
    marker = target / ".complete.json"
    if marker.exists():
        return json.loads(marker.read_text("utf-8")) | {"reused": True}
    shutil.rmtree(target, ignore_errors=True)
    pool = _pool(pool_size)

    def profile(record: dict) -> None:
        names = (record.get("content") or {}).get("names")
        for entry in names if isinstance(names, list) else []:
            if isinstance(entry, dict):
                entry["fullname"] = _pooled(entry.get("fullname"), pool)

    def career(record: dict) -> None:
        if "full_name" in record:
            record["full_name"] = _pooled(record["full_name"], pool)
        first, last = record.get("first_name"), record.get("last_name")
        if isinstance(first, str) and isinstance(last, str):
            record["first_name"], record["last_name"] = str(_pooled(f"{first} {last}", pool)).split(
                " ", 1
            )

    start = time.perf_counter()
    rewriters = {"openreview/profiles": profile, "careers/profiles": career}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        if relative.name.startswith("."):
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        folder = relative.parent.as_posix()
        if folder in rewriters and path.name.endswith((".jsonl", ".jsonl.gz")):
            _rewrite_lines(path, destination, rewriters[folder])
        else:
            try:
                os.link(path, destination)
            except OSError:
                shutil.copy2(path, destination)
    info = json.loads((source / ".complete.json").read_text("utf-8"))
    info |= {
        "namesake_pool": pool_size,
        "namesake_seconds": time.perf_counter() - start,
        "landing_bytes": _landing_bytes(target),
    }
    marker.write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    return info | {"reused": False}


# ----------------------------------------------------------------------------------- stages
def stage_of(step_key: str, materialized: set[str], checked: bool) -> str:
    """The benchmark stage of a Dagster step, by the schemas of the assets it materializes."""
    schemas = {key.split("/")[0] for key in materialized}
    if "published" in schemas or "publish" in step_key:
        return "publish"
    if "raw" in schemas:
        return "landing"
    if "marts" in schemas:
        return "marts"
    if schemas & {"staging", "registry"}:
        return "staging"
    if schemas:
        return "linking"  # intermediate only: organization resolution and splink
    return "checks" if checked or "_gx_" in step_key else "other"


def build_stages(dagster_home: Path) -> dict:
    """Seconds per step and per stage of the latest run recorded in `dagster_home`."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        runs = instance.get_runs(limit=1)
        if not runs:
            return {}
        run = runs[0]
        entries = instance.all_logs(run.run_id)
    steps: dict[str, dict] = {}
    run_start = run_end = None
    for entry in entries:
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type_value
        if kind in ("PIPELINE_START", "RUN_START"):
            run_start = entry.timestamp
        elif kind in ("PIPELINE_SUCCESS", "PIPELINE_FAILURE", "RUN_SUCCESS", "RUN_FAILURE"):
            run_end = entry.timestamp
        if not entry.step_key:
            continue
        step = steps.setdefault(
            entry.step_key, {"start": None, "end": None, "assets": set(), "checked": False}
        )
        if kind == "STEP_START":
            step["start"] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            step["end"] = entry.timestamp
        elif kind == "ASSET_MATERIALIZATION":
            step["assets"].add(event.asset_key.to_user_string())
        elif kind == "ASSET_CHECK_EVALUATION":
            step["checked"] = True
    rows = []
    for key, step in steps.items():
        if step["start"] is None or step["end"] is None:
            continue
        rows.append(
            {
                "step": key,
                "stage": stage_of(key, step["assets"], step["checked"]),
                "seconds": step["end"] - step["start"],
                "assets": len(step["assets"]),
            }
        )
    stages = {stage: 0.0 for stage in STAGES}
    for row in rows:
        stages[row["stage"]] = stages.get(row["stage"], 0.0) + row["seconds"]
    return {
        "run_id": run.run_id,
        "run_started_at": run_start,
        "run_ended_at": run_end,
        "run_seconds": (run_end - run_start) if run_start and run_end else None,
        "stages": stages,
        "steps": sorted(rows, key=lambda r: -r["seconds"]),
    }


def dbt_figures(log: Path, dbt_log: Path | None = None) -> dict:
    """From the build's output and dbt's own log (`talentflow build` writes it to
    DAGSTER_HOME/last_build_dbt.log and shows a progress bar instead): dbt invocations, the
    seconds dbt itself reports for running models and tests ("Finished running … (5.61s)"),
    and how many invocations re-parsed the whole project instead of parsing partially."""
    texts = []
    for path in (log, dbt_log):
        try:
            texts.append(path.read_text("utf-8", errors="replace") if path else "")
        except OSError:
            texts.append("")
    text = "\n".join(texts)
    if not text.strip():
        return {}
    runs = [float(x) for x in re.findall(r"^Finished running .*\(([\d.]+)s\)\.?$", text, re.M)]
    # "<time> +0000 - dagster - INFO - <job> - <run> - <step> - Running dbt command: …"
    stamps: dict[str, dict[str, float]] = {}
    for when, step, event in re.findall(
        r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+0000 - dagster - \w+ - .*? - (\S+) - "
        r"(Running|Finished) dbt command",
        text,
        re.M,
    ):
        moment = dt.datetime.strptime(when, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
        stamps.setdefault(step, {})[event] = moment.timestamp()
    process = sum(s["Finished"] - s["Running"] for s in stamps.values() if len(s) == 2)
    return {
        "invocations": max(
            len(re.findall(r"Running dbt command:", text)),
            len(re.findall(r"^Running with dbt=", text, re.M)),
        ),
        # wall time of the dbt processes, to the second (the log's resolution)
        "process_seconds": process,
        "run_seconds": sum(runs),
        "full_reparses": len(
            re.findall(r"^Unable to do partial parsing because config vars", text, re.M)
        ),
    }


def splink_step_seconds(steps: list[dict]) -> float | None:
    """Seconds of the build's splink step (the asset intermediate/splink_link_scores)."""
    found = [s["seconds"] for s in steps if s["step"].endswith("splink_link_scores")]
    return sum(found) if found else None


# -------------------------------------------------------------------------------- one world
def build_environment(landing: Path, work: Path) -> dict[str, str]:
    """The environment of `talentflow build` of `landing` into the scratch directory `work`,
    with a Dagster instance of its own there."""
    from orchestration.instance import ensure_instance

    dagster_home = work / "dagster_home"
    ensure_instance(dagster_home)
    return {
        **os.environ,
        "TALENTFLOW_LANDING_DIR": str(landing),
        "TALENTFLOW_WAREHOUSE": str(work / "warehouse.duckdb"),
        "TALENTFLOW_PUBLISH_DIR": str(work / "published"),
        "TALENTFLOW_AS_OF_YEAR": str(AS_OF_YEAR),
        "TALENTFLOW_HOME_COUNTRY": HOME_COUNTRY,
        "DAGSTER_HOME": str(dagster_home),
    }


def bench_world(name: str, landing: Path, work: Path, info: dict) -> dict:
    """Build, baseline and compare one landing zone; the results as a dict."""
    shutil.rmtree(work, ignore_errors=True)
    env = build_environment(landing, work)
    dagster_home, warehouse = Path(env["DAGSTER_HOME"]), Path(env["TALENTFLOW_WAREHOUSE"])
    load_before = os.getloadavg()[0]
    # the manifest parsed for these settings beforehand, as every build but a first finds it:
    # the first world measured would otherwise pay the one parse (about 6 s) alone
    subprocess.run([str(BIN / "talentflow"), "dbt-parse"], env=env, cwd=REPO_ROOT, check=True)
    print(f"[{name}] talentflow build …", file=sys.stderr, flush=True)
    build = measured([str(BIN / "talentflow"), "build"], env, work / "build.log")
    try:
        detail = build_stages(dagster_home)
    except Exception as error:  # the timings are a report, not a reason to stop
        detail = {"error": f"{type(error).__name__}: {error}"}
    build |= detail
    build["dbt"] = dbt_figures(Path(build["log"]), dagster_home / "last_build_dbt.log")
    build["splink_seconds"] = splink_step_seconds(build.get("steps") or [])
    if detail.get("run_seconds") is not None:
        build["startup_seconds"] = detail["run_started_at"] - build["started_at"]
        build["exit_seconds"] = build["ended_at"] - detail["run_ended_at"]

    print(f"[{name}] plain-SQL baseline …", file=sys.stderr, flush=True)
    baseline_db = work / "baseline.duckdb"
    baseline_json = work / "baseline.json"
    command = [
        sys.executable,
        "-m",
        "benchmarks.baseline",
        "--landing",
        str(landing),
        "--database",
        str(baseline_db),
        "--as-of-year",
        str(AS_OF_YEAR),
        "--home-country",
        HOME_COUNTRY,
        "--json",
        str(baseline_json),
    ]
    baseline = measured(command, dict(os.environ), work / "baseline.log")
    if baseline["exit_code"] == 0:
        detail = json.loads(baseline_json.read_text("utf-8"))
        baseline |= {
            "script_seconds": detail["seconds"],
            # the probabilistic step: the project's own splink model, run by the baseline too
            "splink_seconds": detail.get("splink_seconds"),
            "splink_import_seconds": detail.get("splink_import_seconds"),
            "stats": detail["stats"],
            "slowest_statements": sorted(detail["statements"], key=lambda s: -s["seconds"])[:6],
        }

    agreement = None
    if build["exit_code"] == 0 and baseline["exit_code"] == 0:
        print(f"[{name}] comparing marts …", file=sys.stderr, flush=True)
        agreement = comparison.compare(warehouse, baseline_db)
    return {
        "world": name,
        "people": info["people"],
        "seed": info["seed"],
        "namesake_pool": info.get("namesake_pool"),
        "landing": str(landing),
        "warehouse": str(warehouse),
        "landing_bytes": info.get("landing_bytes"),
        "sample_counts": info.get("counts", {}),
        "generate_seconds": info.get("generate_seconds"),
        "build": build,
        "baseline": baseline,
        "agreement": agreement,
        "load_average_1min": {"before": load_before, "after": os.getloadavg()[0]},
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
    }


# ---------------------------------------------------------------------------- venue refresh
def split_venue(landing: Path, base: Path, venue: Path) -> dict[str, int]:
    """`landing` as a landing zone `base` without its last VENUE_SHARE of OpenReview notes and
    profiles, which go to `venue` as one new venue's files (`venue-refresh-*.jsonl`); careers and
    GitHub users hard-linked. Together the two hold every line of `landing`."""
    lines = {}
    for path in sorted(p for p in landing.rglob("*") if p.is_file()):
        relative = path.relative_to(landing)
        if relative.name.startswith("."):
            continue
        (base / relative).parent.mkdir(parents=True, exist_ok=True)
        folder = relative.parent.as_posix()
        if folder not in VENUE_FOLDERS or not path.name.endswith((".jsonl", ".jsonl.gz")):
            os.link(path, base / relative)
            continue
        reader = gzip.open if path.name.endswith(".gz") else open
        with reader(path, "rb") as handle:
            total = sum(1 for _ in handle)
        keep = total - max(1, round(total * VENUE_SHARE))
        (venue / folder).mkdir(parents=True, exist_ok=True)
        with (
            reader(path, "rb") as handle,
            open(base / folder / path.name.removesuffix(".gz"), "wb") as kept,
            open(venue / folder / f"venue-refresh-{path.name.split('.')[0]}.jsonl", "wb") as new,
        ):
            for number, line in enumerate(handle):
                (kept if number < keep else new).write(line)
        lines[folder] = total - keep
    return lines


def bench_refresh(name: str, landing: Path, work: Path, full: dict) -> dict:
    """A build of `landing` without one venue's files, then the refresh: the venue's files
    land and `talentflow build` runs again. Its time against the full build's, and its marts
    against the full build's (benchmarks/compare.py)."""
    shutil.rmtree(work, ignore_errors=True)
    base, venue = work / "landing", work / "venue"
    venue_lines = split_venue(landing, base, venue)
    env = build_environment(base, work)
    dagster_home, warehouse = Path(env["DAGSTER_HOME"]), Path(env["TALENTFLOW_WAREHOUSE"])
    print(f"[{name}] build without the venue …", file=sys.stderr, flush=True)
    before = measured([str(BIN / "talentflow"), "build"], env, work / "before.log")
    for path in venue.rglob("*.jsonl"):
        os.link(path, base / path.relative_to(venue))
    print(f"[{name}] refresh: the venue lands, build again …", file=sys.stderr, flush=True)
    refresh = measured([str(BIN / "talentflow"), "build"], env, work / "refresh.log")
    try:
        refresh |= build_stages(dagster_home)
    except Exception as error:  # the timings are a report, not a reason to stop
        refresh |= {"error": f"{type(error).__name__}: {error}"}
    agreement = None
    if refresh["exit_code"] == 0 and full["build"]["exit_code"] == 0:
        agreement = comparison.compare(warehouse, Path(full["warehouse"]))
    return {
        "venue_lines": venue_lines,
        "before_seconds": before["seconds"],
        "before_exit_code": before["exit_code"],
        "refresh": refresh,
        "full_seconds": full["build"]["seconds"],
        "agreement": agreement,
    }


# ------------------------------------------------------------------------------- reporting
def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" + uncommitted changes" if git("status", "--porcelain") else "")


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    except (OSError, AttributeError):
        kib = 0
    import duckdb

    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "memory_gib": round(kib / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _mib(value: int | None) -> str:
    return "–" if not value else f"{value / 2**20:,.0f} MiB"


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f} s"


def _splink_cell(build: dict, baseline: dict) -> str:
    """The splink step's seconds in the build and in the baseline."""
    if _build_splink(build) is None or baseline.get("splink_seconds") is None:
        return "–"
    return f"{_build_splink(build):,.1f} s / {baseline['splink_seconds']:,.1f} s"


def _build_splink(build: dict) -> float | None:
    if build.get("splink_seconds") is not None:
        return build["splink_seconds"]
    return splink_step_seconds(build.get("steps") or [])


def _agreement_cell(agreement: dict | None) -> str:
    if not agreement:
        return "not compared"
    marts = agreement.values()
    if all(m.get("agrees") for m in marts):
        return f"exact ({sum(m['rows_total'] for m in marts):,} rows)"
    equal = sum(m.get("rows_equal", 0) for m in marts)
    total = sum(m.get("rows_total", 0) for m in marts)
    return f"{equal:,} / {total:,} rows equal"


NOTES_START, NOTES_END = "<!-- notes: kept when the report is rewritten -->", "<!-- /notes -->"
DEFAULT_NOTES = """## Notes

(Observations written by hand; `benchmarks/run.py` keeps this section when it rewrites the
file.)"""


def kept_notes(report: Path) -> str:
    """The hand-written notes of an earlier report, else a placeholder."""
    try:
        text = report.read_text("utf-8")
    except OSError:
        return DEFAULT_NOTES
    start, end = text.find(NOTES_START), text.find(NOTES_END)
    if start < 0 or end < start:
        return DEFAULT_NOTES
    return text[start + len(NOTES_START) : end].strip()


def render_markdown(results: list[dict], host: dict, notes: str = DEFAULT_NOTES) -> str:
    lines = [
        "# Benchmarks",
        "",
        "The project's build (`talentflow build`: Dagster, dbt-duckdb, splink, Great "
        "Expectations) against a plain-SQL baseline ([`benchmarks/baseline.sql`]"
        "(benchmarks/baseline.sql): one DuckDB script, no framework, except that its "
        "probabilistic linking step is the project's own splink model) on generated worlds "
        "(`talentflow sample --seed 7`), and whether the two agree on every mart. Written by "
        "`make bench` (`.venv/bin/python -m benchmarks.run`); the raw numbers are in "
        "[`benchmarks/results.json`](benchmarks/results.json). Nothing here is a test: no "
        "time is asserted anywhere.",
        "",
        "## Machine",
        "",
        f"- CPU: {host['cpu_model']}, {host['cores']} cores; memory {host['memory_gib']} GiB",
        f"- {host['os']}; Python {host['python']}; DuckDB {host['duckdb']}",
        f"- load average when the report was written: {', '.join(map(str, host['load_average']))}"
        " (the machine is shared: times are wall-clock, not CPU time)",
        f"- report written {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; each world below "
        "names its own date and commit",
        "",
        "## Summary",
        "",
        "| world | build | build peak memory | baseline | baseline peak memory "
        "| build / baseline | splink step, build / baseline | marts agree |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        b, q = r["build"], r["baseline"]
        ratio = f"×{b['seconds'] / q['seconds']:,.1f}" if q.get("seconds") else "–"
        failed = "" if b.get("exit_code") == 0 else " (FAILED)"
        lines.append(
            f"| {r['world']} | {_s(b['seconds'])}{failed} | {_mib(b['peak_rss_bytes'])} "
            f"| {_s(q.get('seconds'))} | {_mib(q.get('peak_rss_bytes'))} | {ratio} "
            f"| {_splink_cell(b, q)} | {_agreement_cell(r['agreement'])} |"
        )
    lines += [
        "",
        "Build and baseline times are wall-clock seconds of the whole command (interpreter "
        "start-up included); peak memory is the largest sum of resident memory over the "
        "process and all its children, sampled every 0.2 s (dbt runs as a child process). "
        "The baseline's probabilistic linking is the project's own splink model "
        "(`score_pairs`, called on the baseline's database): the splink step column gives its "
        "seconds in both, and each world's table the ratio without it.",
    ]
    refreshed = [r for r in results if r.get("venue_refresh")]
    if refreshed:
        lines += [
            "",
            "## Venue refresh",
            "",
            f"A world built without one venue ({VENUE_SHARE:.0%} of its OpenReview notes and "
            "profiles, in files of their own), then built again once the venue's files have "
            "landed, against the full build of the world "
            "([methodology](docs/methodology.md#refreshing-a-venue)).",
            "",
            "| world | venue lines (notes, profiles) | refresh | of which landing | full build "
            "| refresh / full | marts equal to the full build's |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in refreshed:
            v = r["venue_refresh"]
            landing = (v["refresh"].get("stages") or {}).get("landing")
            lines.append(
                f"| {r['world']} | {v['venue_lines'].get('openreview/notes', 0):,}, "
                f"{v['venue_lines'].get('openreview/profiles', 0):,} "
                f"| {_s(v['refresh']['seconds'])} | {_s(landing)} | {_s(v['full_seconds'])} "
                f"| {v['refresh']['seconds'] / v['full_seconds']:.0%} "
                f"| {_agreement_cell(v['agreement'])} |"
            )
    lines += ["", NOTES_START, "", notes, "", NOTES_END]
    for r in results:
        lines += ["", *render_world(r)]
    lines += ["", *METHOD.strip().splitlines()]
    return "\n".join(lines) + "\n"


def render_world(r: dict) -> list[str]:
    b, q = r["build"], r["baseline"]
    given = r.get("sample_counts") or {}
    aliases = {
        "profiles": "openreview_profiles",
        "notes": "openreview_notes",
        "careers": "career_profiles",
        "github": "github_users",
    }
    counts = {short: given.get(short, given.get(long, 0)) for short, long in aliases.items()}
    title = f"## {r['world']}"
    world = (
        f"`talentflow sample --people {r['people']:,} --seed {r['seed']}`"
        + (
            f", names replaced from a pool of {r['namesake_pool']:,} (namesake-heavy)"
            if r.get("namesake_pool")
            else ""
        )
        + f": {counts.get('profiles', 0):,} OpenReview profiles, {counts.get('notes', 0):,} "
        f"notes, {counts.get('careers', 0):,} career profiles, {counts.get('github', 0):,} GitHub "
        f"users, {(r.get('landing_bytes') or 0) / 2**20:,.0f} MiB of landing files. "
        f"Measured {r['measured_at'][:16].replace('T', ' ')} UTC at commit {r['commit']}"
        + (
            f", 1-minute load average {r['load_average_1min']['before']:.1f} before and "
            f"{r['load_average_1min']['after']:.1f} after on {os.cpu_count()} cores."
            if r.get("load_average_1min")
            else "."
        )
    )
    lines = [title, "", world, ""]
    stages = b.get("stages") or {}
    run_total = b.get("run_seconds") or 0
    lines += ["| project build stage | seconds | share of the build |", "| --- | ---: | ---: |"]
    for stage in (*STAGES, *(s for s in stages if s not in STAGES)):
        if stage in stages:
            share = stages[stage] / b["seconds"] if b["seconds"] else 0
            lines.append(f"| {stage} | {stages[stage]:,.1f} | {share:.0%} |")
    if run_total:
        between = run_total - sum(stages.values())
        lines.append(f"| between steps (Dagster) | {between:,.1f} | {between / b['seconds']:.0%} |")
    for key, label in (
        ("startup_seconds", "before the run: imports, Dagster definitions, the run's creation"),
        ("exit_seconds", "after the run: interpreter exit"),
    ):
        if b.get(key) is not None:
            lines.append(f"| {label} | {b[key]:,.1f} | {b[key] / b['seconds']:.0%} |")
    lines += [
        f"| **total (wall)** | **{b['seconds']:,.1f}** | |",
        "",
        "| | project build | plain-SQL baseline | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    if q.get("seconds"):
        lines.append(
            f"| wall time | {_s(b['seconds'])} | {_s(q['seconds'])} "
            f"| ×{b['seconds'] / q['seconds']:,.1f} |"
        )
    splink_build, splink_baseline = _build_splink(b), q.get("splink_seconds")
    if q.get("seconds") and splink_build is not None and splink_baseline is not None:
        rest_build, rest_baseline = b["seconds"] - splink_build, q["seconds"] - splink_baseline
        lines += [
            f"| probabilistic linking: the project's splink model, in both "
            f"| {_s(splink_build)} | {_s(splink_baseline)} "
            f"| ×{splink_build / splink_baseline:,.1f} |",
            f"| wall time without it | {_s(rest_build)} | {_s(rest_baseline)} "
            f"| ×{rest_build / rest_baseline:,.1f} |",
        ]
    if q.get("peak_rss_bytes"):
        lines.append(
            f"| peak memory (process tree) | {_mib(b['peak_rss_bytes'])} "
            f"| {_mib(q['peak_rss_bytes'])} | ×{b['peak_rss_bytes'] / q['peak_rss_bytes']:,.1f} |"
        )
    if b.get("exit_code") != 0:
        lines += ["", f"The build FAILED (exit code {b.get('exit_code')}); log: `{b['log']}`."]
    if q.get("exit_code") != 0:
        lines += ["", f"The baseline FAILED (exit code {q.get('exit_code')}); log: `{q['log']}`."]
    dbt = b.get("dbt") or {}
    dbt_steps = sum(s["seconds"] for s in b.get("steps") or [] if s["step"].startswith("dbt"))
    if dbt.get("invocations") and dbt_steps:
        processes = (
            f"; the dbt processes ran {dbt['process_seconds']:,.0f} s of that (the rest is "
            "Dagster preparing the invocation and turning dbt's results into asset events and "
            "checks), and"
            if dbt.get("process_seconds")
            else ", and"
        )
        lines += [
            "",
            f"dbt: the {dbt['invocations']} dbt steps took {dbt_steps:,.1f} s{processes} dbt "
            f"reports {dbt['run_seconds']:,.1f} s of running models and tests (the rest of the "
            f"process is dbt start-up and parsing). {dbt['full_reparses']} of the "
            f'{dbt["invocations"]} invocations re-parsed the whole project ("Unable to do '
            'partial parsing").',
        ]
    steps = b.get("steps") or []
    if steps:
        top = ", ".join(f"`{s['step']}` {s['seconds']:,.1f} s" for s in steps[:5])
        lines += ["", f"Slowest build steps: {top}."]
    if q.get("slowest_statements"):
        top = ", ".join(
            f"`{s['statement']}` {s['seconds']:,.2f} s" for s in q["slowest_statements"][:4]
        )
        if q.get("splink_seconds") is not None:
            lines += [
                f"Baseline: {q['script_seconds']:,.1f} s from its first statement to its last, "
                f"of which {q['splink_seconds']:,.1f} s in the project's splink model (and "
                f"{q.get('splink_import_seconds') or 0:,.1f} s importing it); slowest steps: "
                f"{top}."
            ]
        else:
            lines += [
                f"Baseline: {q['script_seconds']:,.1f} s in the SQL itself; slowest statements: "
                f"{top}."
            ]
    stats = q.get("stats") or {}
    if stats and "splink_openreview" in stats:
        lines.append(
            f"Linking: {stats.get('links_linkedin', 0):,} links by LinkedIn URL, "
            f"{stats.get('links_github', 0):,} by GitHub login, "
            f"{stats.get('links_probabilistic', 0):,} probabilistic; splink read "
            f"{stats.get('splink_openreview') or 0:,} OpenReview and "
            f"{stats.get('splink_career') or 0:,} career profiles no exact link took and "
            f"scored {stats.get('scored_pairs', 0):,} pairs at or above the threshold "
            f"(u {'estimated from a sample' if stats.get('u_estimated') else 'priors'})."
        )
    elif stats:  # a result of the earlier baseline, which wrote splink's arithmetic in SQL
        lines.append(
            f"Linking: {stats.get('links_linkedin', 0):,} links by LinkedIn URL, "
            f"{stats.get('links_github', 0):,} by GitHub login, "
            f"{stats.get('links_probabilistic', 0):,} probabilistic; "
            f"{stats.get('blocked_pairs', 0):,} candidate pairs share a name key "
            f"(u {'estimated from a sample' if stats.get('u_estimated') else 'priors'})."
        )
    agreement = r.get("agreement")
    lines += [
        "",
        "| mart | rows equal / rows | project rows | baseline rows |",
        "| --- | ---: | ---: | ---: |",
    ]
    if agreement:
        for mart, item in agreement.items():
            if "error" in item:
                lines.append(f"| {mart} | {item['error']} | | |")
                continue
            mark = "" if item["agrees"] else " ✗"
            lines.append(
                f"| {mart} | {item['rows_equal']:,} / {item['rows_total']:,}{mark} "
                f"| {item['rows_project']:,} | {item['rows_baseline']:,} |"
            )
        people = sorted(
            {p for item in agreement.values() for p in item.get("people_differing", [])}
        )
        if people:
            shown = ", ".join(f"`{p}`" for p in people[:20])
            lines += ["", f"People whose researchers rows differ ({len(people):,}): {shown}."]
    else:
        lines.append("| (not compared: a run failed) | | | |")
    return lines


METHOD = """
## How it is measured

- **Worlds.** `talentflow sample --people N --seed 7` into `data/bench/<N>/` (git-ignored),
  reused when a complete one is there. The namesake-heavy world (`--namesakes`) is the largest
  world with every romanized name (OpenReview names, career-profile names) replaced by one of a
  pool of names (default 5,000): the same original name always maps to the same pool name, so a
  person's two profiles still agree, but many more different people share a name — the case
  where splink's name blocking produces the most candidate pairs. The sample
  generator has no knob for this, so the landing zone is rewritten line by line (streaming);
  malformed lines stay malformed, duplicates stay duplicates, other files are hard links.
- **Build.** `.venv/bin/talentflow build` as a subprocess with `TALENTFLOW_LANDING_DIR`,
  `TALENTFLOW_WAREHOUSE`, `TALENTFLOW_PUBLISH_DIR` in a scratch directory
  (`data/bench/runs/<world>/`), `TALENTFLOW_AS_OF_YEAR=2025`, `TALENTFLOW_HOME_COUNTRY=CN`, and
  `DAGSTER_HOME` set to a fresh directory there. Before it, untimed, `talentflow dbt-parse` with
  the same settings: the build finds the dbt manifest current, as every build but a user's first
  does, so that no world pays the one parse alone. After the run, the step start and end events
  are read from that Dagster instance's event log, and each step is put in a stage by the assets
  it materializes: `raw.*` → landing; `staging.*`/`registry.*` (dbt staging models, seeds, their
  dbt tests) → staging; only `intermediate.*` (organization resolution, linkage records, splink)
  → linking; anything in `marts.*` (the dbt step with spells, metrics and marts; builds run
  dbt's data tests, not its unit tests) → marts; steps that only evaluate checks (Great
  Expectations suites on raw, staging, spells and marts) → checks; `published.*` → publish.
  "Between steps" is the run's time outside any step; "before the run" (Python imports, Dagster
  definitions, the run's creation) and "after the run" (interpreter exit) are the wall time
  outside it.
- **Memory.** The resident set of the process and all its descendants, summed, sampled every
  0.2 s from /proc (psutil when installed); the maximum single-process RSS from `wait4` is in
  the JSON as `max_process_rss_bytes`.
- **Baseline.** `python -m benchmarks.baseline` runs `benchmarks/baseline.sql` on a fresh DuckDB
  file: it reads the landing files with `read_json` (typed columns), the seeds and the ROR
  subset with `read_csv`, and writes the five marts. It implements docs/methodology.md#metrics
  in SQL except one step: **the probabilistic linking is the project's own splink model.** Where
  the script says `-- @score_pairs`, the runner calls `score_pairs` of
  `orchestration/defs/linking/splink_model.py` (names read in Python, splink's blocking,
  comparisons and u estimation) on the baseline's own connection, as the Dagster asset does, on
  tables the script built in the shape of the dbt models it reads (`int_linkage_records`,
  `int_linkage_organizations`, `int_exact_links`); the exact links before it and the one-to-one
  greedy assignment after it are SQL. Both sides thus spend about the same time in splink, and
  the ratio measures the rest of the pipeline; the splink step's seconds are reported on their
  own for both (the build's step `intermediate__splink_link_scores`, the baseline's
  `score_pairs` call), with the ratio without them. The baseline's wall time includes importing
  splink (0.4–1.2 s), which the build pays in its start-up.
- **Agreement.** `python -m benchmarks.compare` joins each mart of the build's warehouse with
  the baseline's on the mart's key (null keys match) and compares every shared column: numbers
  within 1e-9, everything else exactly. "exact" means every row of both sides matched and was
  equal.
- **Venue refresh** (`--refresh-sizes`, `make bench` at 10,000 and 100,000 people). The world's
  landing zone is split in two: the last 1% of the lines of its OpenReview notes and profiles
  files go to files of their own, one new venue (`venue-refresh-*.jsonl`), the rest is the
  landing zone before it (careers and GitHub hard-linked). That landing zone is built in a
  fresh warehouse; then the venue's files are linked in and `talentflow build` runs again on the
  same warehouse: the refresh, timed like a build. Its marts are compared with the full build's
  as above (the two landing zones hold the same lines).
"""


# ------------------------------------------------------------------------------------ main
def load_results(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text("utf-8")).get("worlds", [])
    except (OSError, ValueError):
        return []


def _sizes(text: str) -> list[int]:
    """People per world from "10000,100_000"."""
    return [int(size.replace("_", "")) for size in text.split(",") if size.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="200,10000,100000,1000000", help="people per world")
    parser.add_argument(
        "--namesakes", action="store_true", help="also run the largest size namesake-heavy"
    )
    parser.add_argument("--namesake-pool", type=int, default=NAMESAKE_POOL)
    parser.add_argument(
        "--refresh-sizes",
        default="",
        help="sizes (of --sizes) also measured as a venue refresh: built without one venue, "
        "then built again with it",
    )
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="landing zones")
    parser.add_argument("--work-dir", type=Path, help="scratch (default: <data-dir>/runs)")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report from the JSON, run nothing"
    )
    args = parser.parse_args(argv)
    if args.report_only:
        ordered = load_results(args.json)
        args.report.write_text(
            render_markdown(ordered, machine(), kept_notes(args.report)), "utf-8"
        )
        return 0
    sizes = _sizes(args.sizes)
    refresh_sizes = set(_sizes(args.refresh_sizes))
    data_dir = args.data_dir.resolve()
    work_dir = (args.work_dir or data_dir / "runs").resolve()

    worlds = []
    for people in sizes:
        landing = data_dir / str(people)
        print(f"[{people}] landing zone {landing} …", file=sys.stderr, flush=True)
        worlds.append((f"{people:,} people", landing, generate(people, landing)))
    if args.namesakes and sizes:
        people = max(sizes)
        landing = data_dir / f"{people}-namesakes-{args.namesake_pool}"
        print(f"[{people}] namesake-heavy landing zone {landing} …", file=sys.stderr, flush=True)
        generate(people, data_dir / str(people))
        info = write_namesakes(data_dir / str(people), landing, args.namesake_pool)
        worlds.append((f"{people:,} people, namesake-heavy", landing, info))

    results = {r["world"]: r for r in load_results(args.json)}
    exit_code = 0
    for name, landing, info in worlds:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        result = bench_world(name, landing, work_dir / slug, info)
        if not info.get("namesake_pool") and info["people"] in refresh_sizes:
            result["venue_refresh"] = bench_refresh(
                name, landing, work_dir / f"{slug}-refresh", result
            )
        results[name] = result
        if result["agreement"] is None or not all(
            m.get("agrees") for m in result["agreement"].values()
        ):
            exit_code = 1
        ordered = sorted(results.values(), key=lambda r: (r["people"], r.get("namesake_pool") or 0))
        host = machine()
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"machine": host, "worlds": ordered}, indent=2, default=str) + "\n", "utf-8"
        )
        notes = kept_notes(args.report)
        args.report.write_text(render_markdown(ordered, host, notes), "utf-8")
        print(
            "\n".join(render_world(result)) + f"\n\nwrote {args.report} and {args.json}",
            file=sys.stderr,
            flush=True,
        )
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
