"""Where a running server spends a sale (issue 13): start a real server on a throwaway
PostgreSQL database, drive it with bench/loadgen.py generators, sample it with py-spy, and print
the share of samples by function (inclusive) and by repository method.

    .venv/bin/python bench/profile_server.py --mode single --generators 4 --seconds 8
    .venv/bin/python bench/profile_server.py --gil          # only threads holding the GIL (CPU)
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_server_realtime import bench_agent, codes, database  # noqa: E402
from loadgen import run_generators  # noqa: E402
from support.server import start_server  # noqa: E402

_IDLE = ("select (selectors", "wait (threading", "_worker (concurrent", "poll (", "epoll")


def shares(raw: Path, top: int) -> None:
    inclusive, by_repo, total = collections.Counter(), collections.Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        frames = [re.sub(r":\d+\)", ")", f) for f in stack.split(";")]
        if any(k in frames[-1] for k in _IDLE):
            continue
        total += int(n)
        for f in set(frames):
            inclusive[f] += int(n)
        repo = [f for f in frames if "store/repositories" in f and "base.py" not in f]
        if repo:
            by_repo[repo[-1]] += int(n)
    print(f"busy samples: {total}")
    for f, n in inclusive.most_common(top):
        print(f"{100 * n / total:5.1f}%  {f[:140]}")
    print("-- by repository method (inclusive of the wait for PostgreSQL)")
    for f, n in by_repo.most_common(20):
        print(f"{100 * n / total:5.1f}%  {f[:140]}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mode", choices=["single", "batch"], default="single")
    p.add_argument("--generators", type=int, default=1)
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--gil", action="store_true", help="sample only the thread holding the GIL")
    p.add_argument("--top", type=int, default=60)
    args = p.parse_args()
    raw = Path(tempfile.mkdtemp(prefix="pos-prof-")) / "profile.txt"
    with database("postgresql") as url:
        server = start_server(url)
        try:
            agent = bench_agent(server)
            enrollment = codes(server, agent, args.generators)
            spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "-p",
                                    str(server.process.pid), "-d", str(int(args.seconds + 4)), "-r", "200", "-f", "raw",
                                    "-o", str(raw), "--nonblocking", *(["--gil"] if args.gil else [])])
            report = run_generators(server.url, enrollment, mode=args.mode, seconds=args.seconds)
            print(json.dumps(report.summary()))
            spy.wait()
        finally:
            server.stop()
    shares(raw, args.top)


if __name__ == "__main__":
    main()
