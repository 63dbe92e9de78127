#!/usr/bin/env python3
"""Benchmarks: `make bench`. Prints figures and writes docs/performance.md.

Measures, on this machine, with the realistic documents of benchmarks/generate.py:
- `aacompliance check` per document kind (one process and `--jobs 2`): documents/s, ms per
  document (p50/p99, warm), peak memory, and the ratio to parsing the same files with
  PyYAML's C loader alone;
- 10,000 order forms end to end; where the time goes; the parsers compared;
- "no cliff": time per item from 10 to 10,000 items in one document, per kind;
- documents at the 4 MiB input limit (each kind), and the growth from 1 MiB to 4 MiB;
- bare engines, contract diff, OPA server path, statements, hostile input, cold start.
`AAC_BENCH_QUICK=1` (or `--quick`) runs a reduced set in a few minutes. Not run by the
tests: timings are reported, not asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import ITEMS, MAKERS, at_size, generate, sized  # noqa: E402

OUT = HERE / "out"


def _stats(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": len(samples)}


_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
sys.stderr.buffer.write(proc.stderr[-500:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(proc.returncode, wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def _run_cli(args: list[str], runs: int, ok: tuple[int, ...] = (0, 1, 2),
             timeout: float | None = None) -> tuple[dict, float]:
    """Wall time of a CLI run (median/spread) and its peak RSS in MiB (the largest of its
    processes, measured by a fresh parent so earlier runs do not count)."""
    samples: list[float] = []
    cpus: list[float] = []
    peak = 0.0
    for _ in range(runs):
        with subprocess.Popen([sys.executable, "-c", _MEASURE, sys.executable, "-m", "aacompliance", *args],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True) as child:
            try:
                out, err = child.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)  # the measuring parent and aacompliance under it
                child.communicate()
                raise
        proc = subprocess.CompletedProcess(child.args, child.returncode, out, err)
        if len(proc.stdout.split()) != 4:
            raise SystemExit(f"measuring aacompliance {' '.join(args)} failed: {proc.stderr[-800:]}")
        code, wall, rss, cpu = proc.stdout.split()
        if int(code) not in ok:
            raise SystemExit(f"aacompliance {' '.join(args)} failed ({code}): {proc.stderr[-500:]}")
        samples.append(float(wall))
        cpus.append(float(cpu))
        peak = max(peak, int(rss) / 1024)
    stats = _stats(samples)
    stats["cpu"] = statistics.median(cpus)  # CPU seconds of every process: what contention cannot inflate
    return stats, peak


def _split(files: list[Path]) -> dict:
    """Per-stage CPU time of one process evaluating ``files`` (seconds per document)."""
    from aacompliance import documents
    from aacompliance.util import yamlio
    from aacompliance.pipeline.evaluate import Evaluator, apply_decision
    from aacompliance.documents import KINDS
    from aacompliance.render import render
    from aacompliance.pipeline.results import DocumentResult, Report
    from aacompliance.util.validation import SchemaValidator

    ev = Evaluator()
    ev.engine  # noqa: B018 - load before timing
    t0 = time.process_time()
    texts = [yamlio.read_text(f) for f in files]
    positions = [{} for _ in files]
    parsed = [yamlio.parse(t, str(f), positions=pos) for t, f, pos in zip(texts, files, positions)]
    t1 = time.process_time()
    validators = {k: SchemaValidator(kind.schema) for k, kind in KINDS.items()}
    for doc in parsed:
        assert not validators[doc["kind"]].errors(doc)
    t2 = time.process_time()
    inputs, results = [], []
    for text, doc, f, pos in zip(texts, parsed, files, positions):
        d = documents.Document(str(f), text, doc, pos)
        kind = KINDS[d.kind]
        rev = kind.revision(d, ev.resolver)
        assert not kind.check(d, rev, ev.resolver)
        inputs.append({"kind": d.kind, "document": doc, "contract": rev.ref,
                       "facts": kind.facts(d, rev, ev.resolver) if kind.facts else {}})
        results.append(DocumentResult(str(f), d.kind, "x", rev.ref, document=d))
    t3 = time.process_time()
    decisions = ev.evaluate_inputs(inputs)
    t4 = time.process_time()
    for res, decision in zip(results, decisions):
        apply_decision(res, decision)
    render(Report(results), "json")
    t5 = time.process_time()
    n = len(files)
    return {"parse": (t1 - t0) / n, "validate": (t2 - t1) / n, "revision+facts": (t3 - t2) / n,
            "evaluate": (t4 - t3) / n, "output": (t5 - t4) / n, "total": (t5 - t0) / n,
            "inputs": inputs}


def _bare(engine_name: str, inputs: list[dict], runs: int = 3) -> dict:
    """Seconds per decision on the bare engine, inputs already in memory."""
    from aacompliance.engines import create
    from aacompliance.pipeline.evaluate import Evaluator

    ev = Evaluator()
    engine = create(engine_name)
    engine.load(ev.policies.modules, ev.data_document())
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        engine.decide(inputs)
        samples.append((time.perf_counter() - start) / len(inputs))
    engine.close()
    return _stats(samples)


def _fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


KINDS = ("OrderForm", "Roster", "BenefitUsage", "IncidentLog")

#: Times one document after another in a warm process (what a caller evaluating documents
#: one at a time sees); prints seconds per document.
_PER_DOCUMENT = """
import sys, time
from aacompliance.pipeline.evaluate import Evaluator
ev = Evaluator()
paths = sys.argv[1:]
ev.evaluate_files(paths[:1])  # load the engine, warm the caches
for p in paths:
    t, c = time.perf_counter(), time.process_time()
    ev.evaluate_files([p])
    print(time.perf_counter() - t, time.process_time() - c, flush=True)
"""


def _per_document(paths: list[Path], timeout: float) -> list[float] | None:
    """CPU seconds per document, warm, one at a time (the engine runs in the process);
    None when it takes longer than ``timeout``."""
    try:
        proc = subprocess.run([sys.executable, "-c", _PER_DOCUMENT, *map(str, paths)], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode:
        raise SystemExit(f"per-document timing failed: {proc.stderr[-800:]}")
    return [float(line.split()[1]) for line in proc.stdout.splitlines()]


def _pyyaml_parse(paths: list[Path]) -> float:
    """CPU seconds to parse ``paths`` with PyYAML's C loader alone (texts already read), best of 3."""
    import yaml

    texts = [p.read_text(encoding="utf-8") for p in paths]
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
        best = min(best, time.process_time() - start)
    return best


def _parsers(paths: list[Path]) -> dict[str, float]:
    """CPU seconds per document for each parser on the same texts (best of 3)."""
    import yaml

    from aacompliance.util import yamlio

    texts = [(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    candidates = {
        "PyYAML C loader (`yaml.load`, `CSafeLoader`)": lambda t, n: yaml.load(t, Loader=yaml.CSafeLoader),
        "PyYAML C composer alone (`yaml.compose`)": lambda t, n: yaml.compose(t, Loader=yaml.CSafeLoader),
        "aacompliance reader as `check` uses it (yaml_rs behind the guard; lines read on demand)":
            lambda t, n: yamlio.parse(t, n),
        "aacompliance reader, libyaml path (YAML 1.2 core, checks, lines of every key)":
            lambda t, n: yamlio._parse_yaml(t, False, {}),
    }
    try:
        import yaml_rs

        candidates["yaml_rs (Rust; no checks, no lines)"] = lambda t, n: yaml_rs.loads(t, parse_datetime=False)
    except ImportError:
        pass
    out = {}
    for name, parse in candidates.items():
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for text, path in texts:
                parse(text, path)
            best = min(best, time.process_time() - start)
        out[name] = best / len(texts)
    return out


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _describe(paths: list[Path], kind: str) -> str:
    from aacompliance.util import yamlio

    sizes = [p.stat().st_size for p in paths]
    items = [len(yamlio.load(p)[ITEMS[kind]]) for p in paths]
    return (f"{len(paths):,} documents, {statistics.mean(sizes) / 1024:.1f} KiB on average "
            f"({min(sizes) / 1024:.1f}–{max(sizes) / 1024:.1f}), {ITEMS[kind]} {min(items)}–{max(items)} "
            f"(mean {statistics.mean(items):.0f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("AAC_BENCH_QUICK")),
                        help="reduced set, a few minutes (also AAC_BENCH_QUICK=1)")
    parser.add_argument("--count", type=int, default=None, help="order forms for the large run")
    parser.add_argument("--runs", type=int, default=None, help="runs per end-to-end measurement")
    parser.add_argument("--write", default=str(ROOT / "docs" / "performance.md"), help="report file ('' = none)")
    args = parser.parse_args()
    quick = args.quick
    count = args.count or (2_000 if quick else 10_000)
    runs = args.runs or (1 if quick else 3)
    per_kind = 300 if quick else 1_000
    cliff_items = (10, 100, 1_000, 10_000)
    budget = 60.0 if quick else 120.0  # seconds before a single measurement is reported as "over"

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    cores = os.cpu_count() or 1
    say("# Performance")
    say()
    say(f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {cores} cores "
        f"(shared with other work while measured), {_cpu_model()}, Python {platform.python_version()}, by "
        f"`make bench` (`benchmarks/run.py`{', quick mode: `AAC_BENCH_QUICK=1`' if quick else ''}). "
        "Median of the runs, spread as min–max. "
        f"Load average when it started: {', '.join(f'{x:.1f}' for x in os.getloadavg())} — other work shares "
        "these cores, so wall times can be inflated; CPU times (user + system, all processes) are given "
        "where that matters.")
    say()
    say("## The documents")
    say()
    say("Generated by `benchmarks/generate.py`, seeded, written as people write YAML: block style with comments, "
        "or one flow mapping per list item (as in `examples/`), chosen per document; dates unquoted, timestamps "
        "quoted. A few documents break a rule on purpose; most benefit-usage documents break a cap (10–100 "
        "sessions a year is more than most caps allow), so locating violations is measured too.")
    say()
    say("- **OrderForm**: 5–40 subscriptions over 2–5 regions and 1–6 legal entities, 1–3 support lines "
        "(the first covering nearly every live subscription), an extra TAM in one document in five.")
    say("- **Roster**: 2–20 contacts, a fifth of them admins, 0–3 extra languages, 1–3 regional slots.")
    say("- **BenefitUsage**: 10–100 sessions over a contract year, 0.5–6 hours each, 95 % of them of the "
        "plan's own benefits, mostly in English.")
    say("- **IncidentLog**: 50–500 incidents over a year, severities 1–4 in proportions 5/20/45/30 %, first "
        "responses log-normal (median about an hour, a tail of days), 2 % still open.")
    say()
    sets = {kind: generate(OUT / f"realistic-{kind.lower()}-{per_kind}", kind, per_kind) for kind in KINDS}
    for kind in KINDS:
        say(f"- {kind}: {_describe(sets[kind], kind)}.")
    say()

    say("## `aacompliance check` on realistic documents")
    say()
    say("End to end from the command line (cold start included, JSON report written); CPU ms per document "
        "from a warm process evaluating one document at a time; parse ratio = `check` in one process ÷ parsing the "
        "same files with PyYAML's C loader alone (`yaml.load(text, Loader=CSafeLoader)`, texts in memory), "
        "both in CPU time.")
    say()
    say("| kind | docs/s, 1 process (wall) | docs/s, 1 process (CPU) | docs/s, `--jobs 2` (wall) | "
        "CPU ms per document p50 / p99 | peak memory | PyYAML parse per doc | `check` (1 process, CPU) ÷ PyYAML parse "
        "| warm `check` per doc (mean, CPU) ÷ PyYAML parse |")
    say("|---|---|---|---|---|---|---|---|---|")
    for kind in KINDS:
        folder = sets[kind][0].parent
        one, peak1 = _run_cli(["check", str(folder), "--format", "json", "--output", str(OUT / "k.json"),
                               "--jobs", "1"], runs)
        two, peak2 = _run_cli(["check", str(folder), "--format", "json", "--output", str(OUT / "k.json"),
                               "--jobs", "2"], runs)
        each = _per_document(sets[kind], timeout=budget * 4) or []
        parse = _pyyaml_parse(sets[kind]) / len(sets[kind])
        n = len(sets[kind])
        p50 = f"{_pct(each, 0.5) * 1000:.2f} / {_pct(each, 0.99) * 1000:.2f}" if each else "over budget"
        say(f"| {kind} | {n / one['median']:,.0f} | {n / one['cpu']:,.0f} | {n / two['median']:,.0f} | {p50} | "
            f"{max(peak1, peak2):.0f} MiB | {parse * 1000:.3f} ms | {one['cpu'] / n / parse:.1f}× | "
            f"{(statistics.mean(each) / parse) if each else float('nan'):.1f}× |")
    say()

    folder = OUT / f"order-forms-{count}"
    files = generate(folder, "OrderForm", count)
    say(f"## `aacompliance check` over {count:,} realistic order forms (end to end)")
    say()
    say("| processes | wall time (median, min–max) | documents/s | CPU time, all processes | peak memory per process |")
    say("|---|---|---|---|---|")
    for jobs in (cores, 1):
        stats, peak = _run_cli(["check", str(folder), "--format", "json", "--output", str(OUT / "report.json"),
                                "--jobs", str(jobs)], runs)
        say(f"| {jobs} (`--jobs {jobs}`) | {stats['median']:.2f} s ({stats['min']:.2f}–{stats['max']:.2f}) | "
            f"{count / stats['median']:,.0f} | {stats['cpu']:.2f} s | {peak:.0f} MiB |")
    say()
    sample = files[: min(2000, len(files))]
    split = _split(sample)
    say(f"## Where the time goes (one process, {len(sample):,} order forms, CPU time per document)")
    say()
    say("Each document is read once, by yaml_rs behind the guard of `util/yamlio.py` (the libyaml reader when "
        "the guard declines); a document with a violation or an error is read a second time, by the libyaml "
        "reader, for the lines of its fields (in `output` below).")
    say()
    say("| stage | time |")
    say("|---|---|")
    for stage in ("parse", "validate", "revision+facts", "evaluate", "output", "total"):
        say(f"| {stage} | {_fmt_ms(split[stage])} |")
    say()
    say("## Parsers (CPU time per document, texts in memory, best of 3)")
    say()
    say("| parser | OrderForm | IncidentLog |")
    say("|---|---|---|")
    compared = {kind: _parsers(sets[kind][:300]) for kind in ("OrderForm", "IncidentLog")}
    for name in compared["OrderForm"]:
        say(f"| {name} | {_fmt_ms(compared['OrderForm'][name])} | {_fmt_ms(compared['IncidentLog'][name])} |")
    say()
    say("`yaml_rs` alone reads `011`, `0x3`, `2_5` as numbers, honours tags, expands aliases and gives no "
        "positions. `check` keeps its result only when a guard proves it is what the libyaml reader would give "
        "(a scan of the text for every form the two read differently, then a walk of the values; "
        "`tests/test_fast_yaml.py` holds both paths equal on generated documents), and reads the text again "
        "with the libyaml reader only to locate an error or a violation.")
    say()

    say("## No cliff: time per item as one document grows")
    say()
    say(f"One document of each kind with 10 to {cliff_items[-1]:,} items in its growing list, evaluated in a "
        f"warm process; CPU µs per item (and CPU seconds for the document). A measurement over {budget:.0f} s is reported as such.")
    say()
    say("| kind (items) | " + " | ".join(f"{n:,}" for n in cliff_items) + " |")
    say("|---|" + "---|" * len(cliff_items))
    for kind in KINDS:
        cells = []
        over = False
        for n in cliff_items:
            if over:
                cells.append("—")
                continue
            path = OUT / "cliff" / f"{kind.lower()}-{n}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(sized(kind, n), encoding="utf-8")
            timed = _per_document([path], timeout=budget)
            if timed is None:
                cells.append(f"over {budget:.0f} s")
                over = True
            else:
                cells.append(f"{timed[0] / n * 1e6:,.0f} µs ({timed[0]:.2f} s)")  # CPU
        say(f"| {kind} ({ITEMS[kind]}) | " + " | ".join(cells) + " |")
    say()

    say("## Documents at the 4 MiB input limit")
    say()
    say("The largest document of each kind under 1 MiB and under 4 MiB (the input limit), `aacompliance check` "
        "from a cold start: wall time (CPU time); the ratio is of CPU times. Targets: ≤ 5 s at 4 MiB, ≤ 4.5× from "
        "1 MiB to 4 MiB.")
    say()
    say("| kind | items at 1 MiB | 1 MiB | items at 4 MiB | 4 MiB | 4 MiB ÷ 1 MiB |")
    say("|---|---|---|---|---|---|")
    for kind in KINDS:
        row = [kind]
        times = []
        for mib in (1, 4):
            if times and times[-1] is None:
                row += ["—", "—"]
                times.append(None)
                continue
            text, items = at_size(kind, mib * 1024 * 1024 - 1024)
            path = OUT / "limit" / f"{kind.lower()}-{mib}mib.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            try:
                stats, _ = _run_cli(["check", str(path), "--format", "json", "--output", str(OUT / "l.json")], 1,
                                    timeout=budget)
                times.append(stats["cpu"])
                row += [f"{items:,}", f"{stats['median']:.2f} s (CPU {stats['cpu']:.2f} s)"]
            except subprocess.TimeoutExpired:
                times.append(None)
                row += [f"{items:,}", f"over {budget:.0f} s"]
        ratio = f"{times[1] / times[0]:.1f}×" if None not in times else "—"
        say("| " + " | ".join(row) + f" | {ratio} |")
    say()

    say("## Bare engines (inputs already in memory, per decision)")
    say()
    say("| engine | time per decision (median, min–max) | decisions/s | end to end, 1 process | end to end ÷ bare |")
    say("|---|---|---|---|---|")
    sample_dir = OUT / "order-forms-sample"
    generate(sample_dir, "OrderForm", len(sample))
    for name in ("regorus", "opa-go"):
        try:
            bare = _bare(name, split["inputs"])
        except Exception as exc:  # noqa: BLE001 - report, don't fail the benchmark
            say(f"| {name} | unavailable: {exc} | | | |")
            continue
        e2e_stats, _ = _run_cli(["check", str(sample_dir), "--engine", name, "--format", "json", "--output",
                                 str(OUT / "e.json"), "--jobs", "1"], runs)
        per_doc = e2e_stats["median"] / len(sample)
        say(f"| {name} | {_fmt_ms(bare['median'])} ({_fmt_ms(bare['min'])}–{_fmt_ms(bare['max'])}) | "
            f"{1 / bare['median']:,.0f} | {_fmt_ms(per_doc)} per document ({len(sample):,} documents, cold "
            f"start included) | {per_doc / bare['median']:.1f}× |")
    say()
    if not quick:
        say("## Contract diff")
        say()
        from aacompliance.terms.diff import diff_revisions
        from aacompliance.terms.store import load_revision
        old = load_revision(ROOT / "contracts" / "technical-support-terms" / "2024-11-18.yaml")
        new = load_revision(ROOT / "tests" / "data" / "revisions" / "2025-06-01.yaml")
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            diff_revisions(old, new)
            samples.append(time.perf_counter() - start)
        stats = _stats(samples)
        say(f"`diff_revisions` of two full revisions (in process): {_fmt_ms(stats['median'])} "
            f"({_fmt_ms(stats['min'])}–{_fmt_ms(stats['max'])}).")
        stats, _ = _run_cli(["diff", "2024-11-18", "tests/data/revisions/2025-06-01.yaml"], max(3, runs))
        say(f"`aacompliance diff 2024-11-18 tests/data/revisions/2025-06-01.yaml` from a cold start: "
            f"{stats['median']:.3f} s ({stats['min']:.3f}–{stats['max']:.3f}).")
        stats, _ = _run_cli(["diff", "2024-11-18", "tests/data/revisions/2025-06-01.yaml", "--impact", str(folder),
                             "--format", "json", "--output", str(OUT / "impact.json")], 1)
        say(f"`diff --impact` over the {count:,} order forms (both revisions, {cores} processes): "
            f"{stats['median']:.2f} s, {2 * count / stats['median']:,.0f} evaluations/s.")
        say()
        say("## OPA server path")
        say()
        say(_opa_section(files[:1000]))
        say()
        say("## Statements (PDF)")
        say()
        say(_statement_section(runs))
        say()
    say("## Hostile input")
    say()
    bomb = OUT / "alias-bomb.yaml"
    _write_alias_bomb(bomb)
    stats, peak = _run_cli(["check", str(bomb)], max(3, runs), ok=(2,))
    say(f"A {bomb.stat().st_size / 1024 / 1024:.1f} MiB YAML alias bomb: rejected in {stats['median']:.2f} s "
        f"({stats['min']:.2f}–{stats['max']:.2f}) from a cold start, peak {peak:.0f} MiB.")
    deep = OUT / "deep.yaml"
    deep.write_text("apiVersion: aacompliance/v1\nkind: OrderForm\nid: " + "[" * 300_000 + "]" * 300_000 + "\n")
    stats, peak = _run_cli(["check", str(deep)], max(3, runs), ok=(2,))
    say(f"300,000 levels of nesting: rejected in {stats['median']:.2f} s, peak {peak:.0f} MiB.")
    say()
    say("## Cold start")
    say()
    stats, peak = _run_cli(["check", "examples/order-form-gold-ok.yaml"], max(5, runs))
    say(f"`aacompliance check examples/order-form-gold-ok.yaml`: {stats['median']:.3f} s "
        f"({stats['min']:.3f}–{stats['max']:.3f}), peak {peak:.0f} MiB.")
    if args.write:
        from aacompliance.util.files import write_atomic
        write_atomic(args.write, "\n".join(lines) + "\n")
        print(f"\nwritten to {args.write}")
    return 0


def _write_alias_bomb(path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile import alias_bomb_text

    path.write_text(alias_bomb_text())


def _opa_section(files: list[Path]) -> str:
    """Per-document latency through an OPA server's REST API, by batch size."""
    import shutil
    sys.path.insert(0, str(ROOT / "tests"))
    from aacompliance.engines import create
    from aacompliance.pipeline.evaluate import Evaluator, Settings, check_paths

    if shutil.which("opa"):
        return "(an `opa` executable is on PATH: start it with the bundle and run `check --engine opa`.)"
    try:
        from opa_rest_double import OpaRestTestDouble
    except ImportError as exc:
        return f"unavailable: {exc}"
    lines = ["No `opa` executable here: measured through the REST API test double in `tests/` (an HTTP "
             "server on loopback evaluating with OPA v1.20.2 embedded), so the figures include real HTTP, "
             "JSON and OPA evaluation, not a production OPA server's.", "",
             "| batch (documents per request) | time per document |", "|---|---|"]
    ev = Evaluator()
    with OpaRestTestDouble() as double:
        create("opa", url=double.url).push(ev.policies.modules, ev.data_document())
        sample = [str(f) for f in files]
        for batch in (1, 8, 32, 128):
            start = time.perf_counter()
            check_paths(sample, Settings(engine="opa", engine_options={"url": double.url, "timeout": 30,
                                                                        "batch": batch}), jobs=1)
            per_doc = (time.perf_counter() - start) / len(sample)
            lines.append(f"| {batch} | {_fmt_ms(per_doc)} |")
    return "\n".join(lines)


def _statement_section(runs: int) -> str:
    import datetime as dt
    import io

    from aacompliance.statement import model, pdf

    paths = [str(ROOT / "examples" / n) for n in ("order-form-silver-missing-region.yaml", "roster-silver.yaml",
                                                    "benefit-usage-silver.yaml")]
    built = model.build(paths, lang="fr", signed_off_by="Bench", role="Bench", date=dt.date(2025, 7, 1))
    data, _ = pdf.render_pdf(built)  # warm up fonts and caches
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        data, _ = pdf.render_pdf(built)
        samples.append(time.perf_counter() - start)
    warm = _stats(samples)
    from pyhanko.pdf_utils.reader import PdfFileReader
    pages = int(PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"])
    cold, peak = _run_cli(["statement", *paths, "--out", str(OUT / "statement.pdf"), "--lang", "fr",
                           "--signed-off-by", "Bench", "--role", "Bench", "--date", "2025-07-01"], max(3, runs))
    return (f"Rendering a {pages}-page statement in a warm process: {warm['median']:.3f} s "
            f"({warm['min']:.3f}–{warm['max']:.3f}).\n\n"
            f"`aacompliance statement` (3 documents, French) from a cold start: {cold['median']:.2f} s "
            f"({cold['min']:.2f}–{cold['max']:.2f}), peak {peak:.0f} MiB.")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    raise SystemExit(main())
