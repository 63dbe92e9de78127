#!/usr/bin/env python3
"""Benchmarks: `make bench`. Prints figures and writes docs/performance.md.

Measures, on this machine:
- end-to-end `aacompliance check` over 10,000 generated order forms (both cores and one),
  median and spread over several runs, peak memory;
- the time split between parsing, validation, evaluation and output (one process);
- the same evaluations on the bare engines with inputs already in memory, and the ratio;
- throughput per document kind (incident logs of 1,000 incidents included);
- `aacompliance check one-file.yaml` from a cold start.
Not run by the tests: timings are reported, not asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import generate, incident_log  # noqa: E402

OUT = HERE / "out"


def _stats(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": len(samples)}


_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
sys.stderr.buffer.write(proc.stderr[-500:])
print(proc.returncode, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _run_cli(args: list[str], runs: int, ok: tuple[int, ...] = (0, 1)) -> tuple[dict, float]:
    """Wall time of a CLI run (median/spread) and its peak RSS in MiB (the largest of its
    processes, measured by a fresh parent so earlier runs do not count)."""
    samples = []
    peak = 0.0
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "aacompliance", *args],
                              cwd=ROOT, capture_output=True, text=True)
        code, wall, rss = proc.stdout.split()
        if int(code) not in ok:
            raise SystemExit(f"aacompliance {' '.join(args)} failed ({code}): {proc.stderr[-500:]}")
        samples.append(float(wall))
        peak = max(peak, int(rss) / 1024)
    return _stats(samples), peak


def _split(files: list[Path]) -> dict:
    """Per-stage time of one process evaluating ``files`` (seconds per document)."""
    from aacompliance import documents
    from aacompliance.util import yamlio
    from aacompliance.pipeline.evaluate import Evaluator, apply_decision
    from aacompliance.documents import KINDS
    from aacompliance.render import render
    from aacompliance.pipeline.results import DocumentResult, Report
    from aacompliance.util.validation import SchemaValidator

    ev = Evaluator()
    ev.engine  # noqa: B018 - load before timing
    t0 = time.perf_counter()
    texts = [yamlio.read_text(f) for f in files]
    parsed = [yamlio.parse(t, str(f)) for t, f in zip(texts, files)]
    t1 = time.perf_counter()
    validators = {k: SchemaValidator(kind.schema) for k, kind in KINDS.items()}
    for doc in parsed:
        assert not validators[doc["kind"]].errors(doc)
    t2 = time.perf_counter()
    inputs, results = [], []
    for text, doc, f in zip(texts, parsed, files):
        d = documents.Document(str(f), text, doc)
        kind = KINDS[d.kind]
        rev = kind.revision(d, ev.resolver)
        assert not kind.check(d, rev, ev.resolver)
        inputs.append({"kind": d.kind, "document": doc, "contract": rev.ref,
                       "facts": kind.facts(d, rev, ev.resolver) if kind.facts else {}})
        results.append(DocumentResult(str(f), d.kind, "x", rev.ref, document=d))
    t3 = time.perf_counter()
    decisions = ev.evaluate_inputs(inputs)
    t4 = time.perf_counter()
    for res, decision in zip(results, decisions):
        apply_decision(res, decision)
    render(Report(results), "json")
    t5 = time.perf_counter()
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="order forms to generate")
    parser.add_argument("--runs", type=int, default=3, help="runs per end-to-end measurement")
    parser.add_argument("--write", default=str(ROOT / "docs" / "performance.md"), help="report file ('' = none)")
    args = parser.parse_args()

    folder = OUT / f"order-forms-{args.count}"
    files = sorted(folder.glob("*.yaml")) if folder.exists() else []
    if len(files) != args.count:
        files = generate(folder, "OrderForm", args.count)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    cores = os.cpu_count() or 1
    say("# Performance")
    say()
    say(f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {cores} cores, "
        f"{_cpu_model()}, Python {platform.python_version()}, by `make bench` (`benchmarks/run.py`). "
        "Median of the runs, spread as min–max.")
    say()
    say(f"## `aacompliance check` over {args.count:,} order forms (end to end)")
    say()
    say("| processes | wall time (median, min–max) | documents/s | peak memory per process |")
    say("|---|---|---|---|")
    e2e = {}
    for jobs in (cores, 1):
        stats, peak = _run_cli(["check", str(folder), "--format", "json", "--output", str(OUT / "report.json"),
                                "--jobs", str(jobs)], args.runs)
        e2e[jobs] = stats
        say(f"| {jobs} (`--jobs {jobs}`) | {stats['median']:.2f} s ({stats['min']:.2f}–{stats['max']:.2f}) | "
            f"{args.count / stats['median']:,.0f} | {peak:.0f} MiB |")
    say()
    sample = files[: min(2000, len(files))]
    split = _split(sample)
    say(f"## Where the time goes (one process, {len(sample):,} order forms, per document)")
    say()
    say("| stage | time |")
    say("|---|---|")
    for stage in ("parse", "validate", "revision+facts", "evaluate", "output", "total"):
        say(f"| {stage} | {_fmt_ms(split[stage])} |")
    say()
    say("## Bare engines (inputs already in memory, per decision)")
    say()
    say("| engine | time per decision (median, min–max) | decisions/s | end to end, 1 process | end to end ÷ bare |")
    say("|---|---|---|---|---|")
    sample_dir = OUT / "order-forms-sample"
    if len(list(sample_dir.glob("*.yaml"))) != len(sample):
        generate(sample_dir, "OrderForm", len(sample))
    for name in ("regorus", "opa-go"):
        try:
            bare = _bare(name, split["inputs"])
        except Exception as exc:  # noqa: BLE001 - report, don't fail the benchmark
            say(f"| {name} | unavailable: {exc} | | | |")
            continue
        e2e_stats, _ = _run_cli(["check", str(sample_dir), "--engine", name, "--format", "json", "--output",
                                 str(OUT / "e.json"), "--jobs", "1"], args.runs)
        per_doc = e2e_stats["median"] / len(sample)
        say(f"| {name} | {_fmt_ms(bare['median'])} ({_fmt_ms(bare['min'])}–{_fmt_ms(bare['max'])}) | "
            f"{1 / bare['median']:,.0f} | {_fmt_ms(per_doc)} per document ({len(sample):,} documents, cold "
            f"start included) | {per_doc / bare['median']:.1f}× |")
    say()
    say("## Other document kinds (end to end, one process)")
    say()
    say("| documents | wall time (median) | documents/s |")
    say("|---|---|---|")
    for kind, count in (("Roster", 2000), ("BenefitUsage", 2000)):
        kfolder = OUT / f"{kind.lower()}-{count}"
        if len(list(kfolder.glob("*.yaml"))) != count:
            generate(kfolder, kind, count)
        stats, _ = _run_cli(["check", str(kfolder), "--format", "json", "--output", str(OUT / "k.json"),
                             "--jobs", "1"], args.runs)
        say(f"| {count:,} {kind} | {stats['median']:.2f} s | {count / stats['median']:,.0f} |")
    import random
    log_path = OUT / "incident-log-1000.yaml"
    log_path.write_text(json.dumps(incident_log(random.Random(3), 1000)), encoding="utf-8")
    stats, _ = _run_cli(["check", str(log_path), "--format", "json", "--output", str(OUT / "k.json")], args.runs)
    say(f"| 1 IncidentLog of 1,000 incidents | {stats['median']:.2f} s | {1 / stats['median']:.1f} |")
    say()
    say("## Contract diff")
    say()
    from aacompliance.terms.store import load_revision
    from aacompliance.terms.diff import diff_revisions
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
    stats, _ = _run_cli(["diff", "2024-11-18", "tests/data/revisions/2025-06-01.yaml"], max(3, args.runs))
    say(f"`aacompliance diff 2024-11-18 tests/data/revisions/2025-06-01.yaml` from a cold start: "
        f"{stats['median']:.3f} s ({stats['min']:.3f}–{stats['max']:.3f}).")
    stats, _ = _run_cli(["diff", "2024-11-18", "tests/data/revisions/2025-06-01.yaml", "--impact", str(folder),
                         "--format", "json", "--output", str(OUT / "impact.json")], 1)
    say(f"`diff --impact` over the {args.count:,} order forms (both revisions, {cores} processes): "
        f"{stats['median']:.2f} s, {2 * args.count / stats['median']:,.0f} evaluations/s.")
    say()
    say("## OPA server path")
    say()
    say(_opa_section(files[:1000]))
    say()
    say("## Statements (PDF)")
    say()
    say(_statement_section(args.runs))
    say()
    say("## Hostile input")
    say()
    bomb = OUT / "alias-bomb.yaml"
    _write_alias_bomb(bomb)
    stats, peak = _run_cli(["check", str(bomb)], max(3, args.runs), ok=(2,))
    say(f"A {bomb.stat().st_size / 1024 / 1024:.1f} MiB YAML alias bomb: rejected in {stats['median']:.2f} s "
        f"({stats['min']:.2f}–{stats['max']:.2f}) from a cold start, peak {peak:.0f} MiB.")
    deep = OUT / "deep.yaml"
    deep.write_text("apiVersion: aacompliance/v1\nkind: OrderForm\nid: " + "[" * 300_000 + "]" * 300_000 + "\n")
    stats, peak = _run_cli(["check", str(deep)], max(3, args.runs), ok=(2,))
    say(f"300,000 levels of nesting: rejected in {stats['median']:.2f} s, peak {peak:.0f} MiB.")
    say()
    say("## Cold start")
    say()
    stats, peak = _run_cli(["check", "examples/order-form-gold-ok.yaml"], max(5, args.runs))
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
