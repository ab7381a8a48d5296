"""Serving latency and throughput: the service over HTTP against the in-process floor and a naive service.

    .venv/bin/python -m benchmarks.serving [--corpus bbc|reuters] [--quick]

Needs Debian's `wrk` (`apt-get install -y wrk`): the command checks for it first and stops with that
hint when it is missing. In one run, on the same queries of the log from benchmarks/querylog.py:

1. the floor: Engine + search() in this process, sequential, no HTTP;
2. the service: gunicorn (gunicorn.conf.py, wsgi:app, 2 workers) loaded by wrk at concurrency 1 and 8;
3. the naive service: `naive_app()` below, a minimal Flask handler that opens the index and a
   searcher on every request and calls the same search(), under gunicorn with 2 workers too.

wrk runs a Lua script that takes the request paths in log order (at concurrency 8 each of its 2
threads takes its own consecutive share); a run ends when the first thread has had its share (from
then on fewer clients are left), or at the duration, whichever comes first. Every server is warmed with
the same first queries before it is measured. Each step also notes the CPU time it cost per query
(workers' CPU for the servers), which the machine's other work changes far less than the latencies.
Figures go to benchmarks/output/serving-<name>.json and are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from benchmarks import querylog
from devtools.server import gunicorn, worker_pids
from searchsvc.search.engine import Engine
from searchsvc.search.ranked import search

WORKERS = 2
# (requests, seconds at most) per step; the service's total stays under gunicorn's max_requests
FULL = {"warm": 100, "floor": 1000, "c1": (1000, 90), "c8": (2000, 90), "naive_c1": (100, 60), "naive_c8": (1000, 90)}
QUICK = {"warm": 10, "floor": 40, "c1": (40, 20), "c8": (80, 20), "naive_c1": (10, 20), "naive_c8": (40, 20)}
TARGET_P50_RATIO = 1.3  # service p50 / floor p50 at concurrency 1, at most
TARGET_THROUGHPUT_RATIO = 3.0  # service / naive requests per second at concurrency 8, at least
TARGET_OVER_PLAIN = 1.2  # service p50 over HTTP at concurrency 1 / plain Whoosh p50 in-process, at most
TARGET_PLAIN_THROUGHPUT = 1.5  # service req/s at concurrency 8 / one plain-Whoosh thread's, at least
WRK_TIMEOUT = "10s"  # a slower answer counts as an error

WRK_SCRIPT = r"""-- written by benchmarks/serving.py: request paths in file order, each thread its own share
-- wrk's own duration is always the -d it was given (its main thread sleeps that long), so each
-- thread notes when it sent its first request and got its last answer, by the monotonic clock
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } wrk_timespec;
int clock_gettime(int clock_id, wrk_timespec *tp);
]]
local function now_us()
  local t = ffi.new("wrk_timespec")
  ffi.C.clock_gettime(1, t)  -- CLOCK_MONOTONIC
  return tonumber(t.tv_sec) * 1e6 + tonumber(t.tv_nsec) / 1e3
end
local counter, threads = 0, {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[counter] = thread
end
local paths, first, share, sent, received = {}, 0, 0, 0, 0
started, finished = 0, 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  share = math.floor(tonumber(args[2]) / tonumber(args[3]))
  first = id * share
end
function request()
  if sent == 0 then started = now_us() end
  local path = paths[(first + sent) % #paths + 1]
  sent = sent + 1
  return wrk.format("GET", path)
end
function response(status, headers, body)
  received = received + 1
  finished = now_us()
  if received == share then
    io.stderr:write("WRK_THREAD_DONE\n")  -- the caller interrupts wrk once the first thread is done
    io.stderr:flush()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local from, to = math.huge, 0
  for _, t in ipairs(threads) do
    from = math.min(from, t:get("started"))
    to = math.max(to, t:get("finished"))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "elapsed_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, to - from, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


@dataclass
class Figures:
    """One measured step: latencies in milliseconds, throughput in requests per second."""

    name: str
    concurrency: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    throughput: float
    errors: int
    load_before: float
    load_after: float
    notes: dict = field(default_factory=dict)


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def require_wrk() -> str:
    """The path of wrk, or exit with how to install it."""
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is not installed: run `apt-get install -y wrk` (Debian's package), then try again")
    return found


# --- the floor -------------------------------------------------------------------------------------


def floor(root: Path, queries: list[dict], warm: int) -> Figures:
    """Engine + search() in this process, one query after another."""
    engine = Engine(root)
    errors, took = 0, []
    try:
        for query in queries[:warm]:
            with engine.searcher() as searcher:
                search(searcher, querylog.search_request(query))
        before, started, cpu = load1(), time.perf_counter(), time.process_time()
        for query in queries:
            t0 = time.perf_counter()
            try:
                with engine.searcher() as searcher:
                    search(searcher, querylog.search_request(query))
            except Exception:  # counted, like an HTTP error
                errors += 1
            took.append((time.perf_counter() - t0) * 1000)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        engine.close()
    by_kind: dict[str, list[float]] = {}
    for query, ms in zip(queries, took):
        by_kind.setdefault(querylog.kind_of(query), []).append(ms)
    notes = {
        "p50_ms_by_kind": {k: round(statistics.median(v), 2) for k, v in sorted(by_kind.items())},
        "cpu_ms_per_query": round(cpu * 1000 / len(took), 2),
    }
    return in_process("floor (in-process, no HTTP)", took, seconds, errors, before, notes)


def plain_whoosh(root: Path, queries: list[dict], warm: int) -> Figures:
    """The owner's floor: plain Whoosh on the same index, one thread, no facets, no suggestions:
    MultifieldParser(["title", "body"]), top 10, three highlighted body fragments of 160 characters
    per hit; an entity filter as a Term filter."""
    from whoosh import highlight, qparser
    from whoosh import query as wq

    from searchsvc.index.generations import Generations
    from searchsvc.index.schema import open_dir

    ix = open_dir(Generations(root).current())
    errors, took = 0, []
    with ix.searcher() as searcher:
        parser = qparser.MultifieldParser(["title", "body"], ix.schema)

        def run(query: dict) -> None:
            filters = [
                wq.Term(field, value)
                for field, param in (("people", "person"), ("organizations", "org"), ("places", "place"))
                for value in query.get(param, ())
            ]
            q = parser.parse(query["q"]) if query.get("q") else wq.Every()
            results = searcher.search(q, limit=10, filter=wq.And(filters) if filters else None)
            results.fragmenter = highlight.ContextFragmenter(maxchars=160)
            for hit in results:
                hit.highlights("body", top=3)

        for query in queries[:warm]:
            run(query)
        before, started, cpu = load1(), time.perf_counter(), time.process_time()
        for query in queries:
            t0 = time.perf_counter()
            try:
                run(query)
            except Exception:
                errors += 1
            took.append((time.perf_counter() - t0) * 1000)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    notes = {"cpu_ms_per_query": round(cpu * 1000 / len(took), 2)}
    return in_process(
        "plain Whoosh (in-process, title+body, top 10, 3 fragments)", took, seconds, errors, before, notes
    )


def in_process(name: str, took: list[float], seconds: float, errors: int, load_before: float, notes: dict) -> Figures:
    """The figures of queries asked one after another in this process (`took`: each one's ms)."""
    throughput = round(len(took) / seconds, 1)
    return Figures(name, 1, len(took), round(seconds, 2), *_ms(took), throughput, errors, load_before, load1(), notes)


def _ms(took: list[float]) -> list[float]:
    """p50, p95 and p99, interpolated within the measured values."""
    return [percentile(took, p) for p in (50, 95, 99)]


def percentile(values: list[float], percent: int, digits: int = 2) -> float:
    """The percent-th percentile, interpolated within the measured values (one value is every percentile)."""
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return round(cuts[percent - 1], digits)


# --- the naive service -----------------------------------------------------------------------------


def naive_app():
    """A minimal Flask app that opens the index and a searcher on every request (the baseline)."""
    from flask import Flask, request
    from whoosh import index as whoosh_index

    from searchsvc.index.generations import Generations
    from searchsvc.search.page_json import page_data
    from searchsvc.web.response_schemas import SearchPageSchema
    from searchsvc.web.schemas import SearchArgs

    app = Flask("naive")
    generations = Generations(Path(os.environ["SEARCHSVC_INDEX_DIR"]))

    @app.get("/api/search")
    def api_search():
        wanted = SearchArgs().load(request.args)
        ix = whoosh_index.open_dir(str(generations.current()))
        with ix.searcher() as searcher:
            page = search(searcher, wanted)
        return SearchPageSchema().dump(page_data(page))

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app


# --- gunicorn and wrk ------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def workers_rss(master: int) -> list[float]:
    return [rss_mb(pid) for pid in worker_pids(master)]


def write_paths(queries: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(querylog.api_path(q) + "\n" for q in queries), encoding="utf-8")
    return path


def wrk(base: str, paths_file: Path, script: Path, requests: int, seconds: int, concurrency: int, name: str) -> Figures:
    """Replay the first `requests` paths with wrk at a concurrency, for `seconds` at most."""
    threads = min(2, concurrency)
    before, client = load1(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        [
            require_wrk(),
            f"-t{threads}",
            f"-c{concurrency}",
            f"-d{seconds}s",
            f"--timeout={WRK_TIMEOUT}",
            "-s",
            str(script),
            base,
            "--",
            str(paths_file),
            str(requests),
            str(threads),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    other = []
    for line in proc.stderr:  # ends when wrk exits at its duration, if the threads never finish
        if line.strip() == "WRK_THREAD_DONE":
            # SIGINT at the first thread done, not the last: a stopped thread leaves its other
            # connections open with answers it never reads, and each holds a sync worker for 2 s in
            # gunicorn's close_graceful (it waits for the client's FIN). The other thread's last
            # requests then waited 2 to 4 s, and wrk's latency correction made that a p99 of 1-2 s.
            proc.send_signal(signal.SIGINT)
            break
        other.append(line)
    stdout, stderr = proc.communicate(timeout=60)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk's CPU shares the cores with the workers
    client_cpu = used.ru_utime + used.ru_stime - client.ru_utime - client.ru_stime
    line = next((ln for ln in stdout.splitlines() if ln.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures:\n{stdout}\n{''.join(other)}{stderr}")
    raw = json.loads(line.removeprefix("WRK_JSON "))
    seconds_run = raw["elapsed_us"] / 1e6
    kinds = ("connect", "read", "write", "status", "timeout")
    notes = {
        "wrk_errors": {k: raw[k] for k in kinds},
        "client_cpu_ms_per_query": round(client_cpu * 1000 / max(raw["requests"], 1), 2),
    }
    return Figures(
        name,
        concurrency,
        raw["requests"],
        round(seconds_run, 2),
        *(round(raw[k] / 1000, 2) for k in ("p50_us", "p95_us", "p99_us")),
        round(raw["requests"] / seconds_run, 1),
        sum(raw[k] for k in kinds),
        before,
        load1(),
        notes,
    )


def measure_server(
    app: str, label: str, root: Path, out: Path, paths_file: Path, script: Path, plan: dict, prefix: str = ""
) -> tuple[list[Figures], list[float]]:
    """Warm a server, then load it at concurrency 1 and 8; return the figures and workers' RSS (MB)."""
    key = prefix + "c"
    with gunicorn(root, WORKERS, app=app, log_path=out / f"gunicorn-{label}.log") as (base, proc):
        warm = plan["warm"]
        wrk(base, paths_file, script, warm, 30, 2, "warm-up")  # each worker opens its searcher
        runs = []
        for c in (1, 8):
            workers = worker_pids(proc.pid)
            cpu = cpu_seconds(workers)
            run = wrk(base, paths_file, script, *plan[f"{key}{c}"], c, f"{label}, concurrency {c}")
            # what the workers used, including answers wrk had no time to read at the end
            run.notes["cpu_ms_per_query"] = round((cpu_seconds(workers) - cpu) * 1000 / max(run.requests, 1), 2)
            runs.append(run)
        return runs, workers_rss(proc.pid)


def ratios(floor_run: Figures, service: list[Figures], naive: list[Figures], plain: Figures) -> dict:
    p50 = service[0].p50_ms / floor_run.p50_ms
    throughput = service[1].throughput / naive[1].throughput
    errors = floor_run.errors + sum(r.errors for r in service + naive)
    over_plain, plain_throughput = service[0].p50_ms / plain.p50_ms, service[1].throughput / plain.throughput
    return {
        "service_p50_c1_over_plain_whoosh_p50": round(over_plain, 2),
        "target_over_plain": f"<= {TARGET_OVER_PLAIN}",
        "over_plain_met": over_plain <= TARGET_OVER_PLAIN,
        "service_c8_throughput_over_plain_whoosh_one_thread": round(plain_throughput, 2),
        "target_plain_throughput": f">= {TARGET_PLAIN_THROUGHPUT}",
        "plain_throughput_met": plain_throughput >= TARGET_PLAIN_THROUGHPUT,
        "service_p50_over_floor_p50_c1": round(p50, 2),
        "target_p50": f"<= {TARGET_P50_RATIO}",
        "p50_met": p50 <= TARGET_P50_RATIO,
        "service_over_naive_throughput_c8": round(throughput, 2),
        "target_throughput": f">= {TARGET_THROUGHPUT_RATIO}",
        "throughput_met": throughput >= TARGET_THROUGHPUT_RATIO,
        "errors": errors,
        "errors_met": errors == 0,
    }


def table(runs: list[Figures]) -> str:
    lines = [
        "| what | conc. | requests | p50 ms | p95 ms | p99 ms | req/s | CPU ms/query | errors | "
        "load 1-min before/after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.name} | {r.concurrency} | {r.requests} | {r.p50_ms} | {r.p95_ms} | {r.p99_ms} | "
            f"{r.throughput} | {r.notes.get('cpu_ms_per_query', '')} | {r.errors} | "
            f"{r.load_before} / {r.load_after} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    querylog.add_source_arguments(parser)
    parser.add_argument("--output", type=Path, default=querylog.OUTPUT)
    parser.add_argument("--quick", action="store_true", help="a few dozen requests per step, for a smoke run")
    args = parser.parse_args(argv)
    require_wrk()
    plan = QUICK if args.quick else FULL
    sources, fmt = querylog.chosen_sources(args)
    name = "custom" if args.source else args.corpus
    out, root = args.output, args.output / f"index-{name}"
    load_start = os.getloadavg()
    summary = querylog.index_corpus(sources, fmt, root)
    lines, distinct = (200, 60) if args.quick else (querylog.QUERIES, querylog.DISTINCT)
    log = querylog.build_log(sources, fmt, root, size=lines, distinct=distinct)
    log_path = querylog.write_log(log, out / f"querylog-{name}.jsonl")
    queries = querylog.read_log(log_path)
    paths_file = write_paths(queries, out / f"paths-{name}.txt")
    script = out / "replay.lua"
    script.write_text(WRK_SCRIPT)

    floor_run = floor(root, queries[: plan["floor"]], plan["warm"])
    plain = plain_whoosh(root, queries[: plan["floor"]], plan["warm"])
    service, service_rss = measure_server("wsgi:app", "service", root, out, paths_file, script, plan)
    naive, naive_rss = measure_server(
        "benchmarks.serving:naive_app()", "naive", root, out, paths_file, script, plan, prefix="naive_"
    )
    runs = [plain, floor_run, *service, *naive]
    result = {
        "date": date.today().isoformat(),
        "corpus": name,
        "articles": summary.indexed,
        "quick": args.quick,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        },
        "load_average_at_start": [round(x, 2) for x in load_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "query_log": {"file": log_path.name, "lines": len(queries)},
        "runs": [asdict(r) for r in runs],
        "workers_rss_mb": {"service": service_rss, "naive": naive_rss},
        "ratios": ratios(floor_run, service, naive, plain),
    }
    figures = out / f"serving-{name}{'-quick' if args.quick else ''}.json"
    figures.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{summary.indexed} articles, {len(queries)} logged queries; load average at start "
        f"{result['load_average_at_start']}, at end {result['load_average_at_end']}"
    )
    print(table(runs))
    print("workers' RSS after the run (MB): service", service_rss, "naive", naive_rss)
    print(json.dumps(result["ratios"]))
    print(f"figures written to {figures.name}")


if __name__ == "__main__":
    main()
