"""``make bench``: every benchmark in turn, each in its own process so memory figures stay separate."""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = (
    "benchmarks.bench_summarizer",
    "benchmarks.bench_ingest",
    "benchmarks.bench_delivery",
    "benchmarks.bench_chats",
    "benchmarks.bench_personal",
    "benchmarks.bench_search",
    "benchmarks.bench_reindex",
    "benchmarks.bench_storage_size",
    "benchmarks.bench_postgres",
    "benchmarks.bench_processes",
    "benchmarks.bench_schedule",
)


def main() -> int:
    failed = []
    for module in BENCHMARKS:
        print(f"\n=== {module} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", module], check=False)
        print(f"--- {module}: exit {result.returncode}, {time.perf_counter() - started:.1f} s", flush=True)
        if result.returncode != 0:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
