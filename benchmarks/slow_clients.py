"""Slow clients: bare gunicorn (2 sync workers) against the same service behind nginx
(deploy/nginx-one-service.conf), on loopback only.

    .venv/bin/python -m benchmarks.slow_clients [--index DIR] [--clients 2] [--interval 5] [--lines 4]

For each setup, `--clients` raw connections send a search's request line and then one header line
every `--interval` seconds (at most `--lines`, fewer once the probe is answered); a second later a
normal search (the probe, /api/search?q=blair) is sent and timed, with a 60 s timeout. Without
--index, the seeds are indexed into a temporary folder first. Figures go to
benchmarks/output/slow_clients.json and are printed as a Markdown table; the write-up is
benchmarks/slow_clients.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path

from devtools.server import NGINX, PROJECT, gunicorn, nginx
from devtools.slow_clients import probe_while_held

PROBE = "/api/search?q=blair"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index folder to serve (default: the seeds, indexed now)")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--lines", type=int, default=4)
    parser.add_argument("--output", type=Path, default=PROJECT / "benchmarks" / "output")
    options = parser.parse_args()
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} is missing: apt-get install -y nginx")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        index = work / "index"
        if options.index:
            shutil.copytree(options.index, index, ignore=shutil.ignore_patterns("*.lock"))
        else:
            from searchsvc.index.indexer import Indexer
            from searchsvc.settings import load_settings

            Indexer(root=index, model=load_settings()["SPACY_MODEL"], workers=1).rebuild([PROJECT / "seeds"])
        rows = []
        with gunicorn(index, workers=2) as (service, _):
            bare = probe_while_held(service, PROBE, options.clients, options.interval, options.lines, probe_timeout=60)
            rows.append({"setup": "bare gunicorn, 2 sync workers", **asdict(bare)})
            with nginx([service.removeprefix("http://")], work / "nginx") as (proxy, _):
                proxied = probe_while_held(
                    proxy, PROBE, options.clients, options.interval, options.lines, probe_timeout=60
                )
                rows.append({"setup": "nginx in front (deploy/nginx-one-service.conf)", **asdict(proxied)})
    figures = {
        "date": date.today().isoformat(),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "clients": options.clients,
        "interval_seconds": options.interval,
        "max_lines": options.lines,
        "probe": PROBE,
        "runs": rows,
    }
    options.output.mkdir(parents=True, exist_ok=True)
    (options.output / "slow_clients.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(
        f"{figures['date']}, load average {' '.join(f'{x:.2f}' for x in figures['load_average'])}, "
        f"{options.clients} slow clients, a header line every {options.interval:g} s (at most {options.lines})\n"
    )
    print(
        "| setup | probe status | probe answered after | answered while the slow clients held | slow clients' answers |"
    )
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['setup']} | {row['probe_status']} | {row['probe_seconds'] * 1000:,.0f} ms | "
            f"{'yes' if row['answered_while_held'] else 'no'} | {', '.join(map(str, row['slow_statuses']))} |"
        )


if __name__ == "__main__":
    main()
