#!/usr/bin/env python3
"""Edit-to-visible latency of `planfolio serve`.

    python3 bench/serve_latency.py BINARY SITE_DIR [EDITS]

Starts the preview server on a free port, then EDITS times (default 20):
rewrites one plan's `name:` line with a new marker, and polls the plan's page
until the served HTML shows it. Prints each latency and the median, in ms.
"""
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request


def main():
    binary, site = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    accounts = os.path.join(site, "content", "accounts")
    plan = sorted(f for f in os.listdir(accounts) if f.endswith(".md"))[0]
    path = os.path.join(accounts, plan)
    original = open(path, encoding="utf-8").read()
    server = subprocess.Popen(
        [binary, "--root", site, "serve", "--port", "0", "--today", "2026-11-23"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        start = time.time()
        while url is None and time.time() - start < 120:
            line = server.stdout.readline()
            m = re.search(r"Serving at (http://\S+)", line)
            if m:
                url = m.group(1)
        if url is None:
            sys.exit("the server did not start")
        page = url + "accounts/" + plan[:-3] + "/index.html"
        urllib.request.urlopen(page).read()
        time.sleep(1.0)
        latencies = []
        for i in range(edits):
            marker = f"Latency probe {i} {time.time():.6f}"
            text = re.sub(r"^name: .*$", f"name: {marker}", original, count=1, flags=re.M)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                body = urllib.request.urlopen(page).read().decode("utf-8", "replace")
                if marker in body:
                    break
                if time.perf_counter() - t0 > 30:
                    sys.exit(f"edit {i} never became visible")
                time.sleep(0.002)
            ms = (time.perf_counter() - t0) * 1000
            latencies.append(ms)
            print(f"edit {i + 1:2d}: {ms:7.1f} ms", flush=True)
            time.sleep(0.6)  # let the server settle between edits
        print(f"median: {statistics.median(latencies):.1f} ms over {edits} edits "
              f"(min {min(latencies):.1f}, max {max(latencies):.1f})")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
