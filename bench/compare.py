#!/usr/bin/env python3
"""Time `planfolio check` (or `build`) of two binaries on the same corpora, interleaved.

    python3 bench/compare.py OLD_BIN NEW_BIN CORPUS_DIR... [--runs 5] [--today 2026-11-23]
                             [--command build --out DIR]

With `--command build`, each binary builds into a fresh folder under DIR
(default /tmp; deleting the previous output is not timed), and every round
also times `cp -r` of NEW's output into a fresh folder on DIR: issue 12's
target is build <= 2 x that copy, both measured in the same run.

For each corpus, runs OLD and NEW alternately (one warm-up each, then
--runs rounds) under /usr/bin/time, and prints the median wall time, user
and system CPU and peak RSS of each, and NEW/OLD ratios. Alternating keeps
the two under the same load, so the ratio is meaningful on a shared machine
even when the absolute times are not. The load average is printed before
and after.
"""

import argparse
import os
import statistics
import subprocess
import shutil
import tempfile
import time


def run(binary, corpus, today, command="check", out=None):
    extra = []
    if command == "build":
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(["sync"])
        extra = ["--out", out]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as log:
        cmd = ["/usr/bin/time", "-o", log.name, "-f", "%e %U %S %M",
               binary, "--root", corpus, command, "--today", today, *extra]
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        fields = log.read().split()
    if rc not in (0, 1) or len(fields) < 4:
        raise SystemExit(f"{binary} failed on {corpus} (exit {rc})")
    wall, user, sys_, rss = fields[-4:]
    return float(wall), float(user), float(sys_), int(rss) / 1024


def copy(src, dst):
    """Seconds `cp -r src dst` takes into a fresh dst (its removal untimed)."""
    shutil.rmtree(dst, ignore_errors=True)
    subprocess.run(["sync"])
    start = time.monotonic()
    subprocess.run(["cp", "-r", src, dst], check=True)
    return time.monotonic() - start


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--today", default="2026-11-23")
    ap.add_argument("--command", choices=["check", "build"], default="check")
    ap.add_argument("--out", default="/tmp", help="where builds write (with --command build)")
    args = ap.parse_args()
    outs = {w: os.path.join(args.out, f"compare-{w}") for w in ("old", "new")}
    copy_to = os.path.join(args.out, "compare-copy")
    print(f"load before: {load()}; nproc {os.cpu_count()}; {args.runs} runs each, interleaved")
    print(f"{'corpus':<34} {'binary':<6} {'wall s':>7} {'user s':>7} {'sys s':>6} {'RSS MiB':>8}")
    for corpus in args.corpora:
        results = {"old": [], "new": []}
        copies = []
        for which in ("old", "new"):  # warm-up: file cache and binary
            run(getattr(args, which), corpus, args.today, args.command, outs[which])
        for _ in range(args.runs):
            for which in ("old", "new"):
                results[which].append(run(getattr(args, which), corpus, args.today, args.command, outs[which]))
            if args.command == "build":
                copies.append(copy(outs["new"], copy_to))
        medians = {}
        for which in ("old", "new"):
            cols = list(zip(*results[which]))
            medians[which] = [statistics.median(c) for c in cols]
            w, u, s, r = medians[which]
            walls = ", ".join(f"{x[0]:.2f}" for x in results[which])
            print(f"{corpus:<34} {which:<6} {w:7.2f} {u:7.2f} {s:6.2f} {r:8.1f}   (walls: {walls})")
        o, n = medians["old"], medians["new"]
        print(f"{'':<34} {'ratio':<6} {n[0] / o[0]:7.2f} {n[1] / o[1]:7.2f} {'':>6} {n[3] / o[3]:8.2f}")
        if copies:
            c = statistics.median(copies)
            print(f"{'':<34} cp -r of new's output: {c:.2f} s (runs: {', '.join(f'{x:.2f}' for x in copies)}); "
                  f"build / copy: old {o[0] / c:.2f}, new {n[0] / c:.2f} (target <= 2)")
            for d in (*outs.values(), copy_to):
                shutil.rmtree(d, ignore_errors=True)
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
