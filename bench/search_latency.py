#!/usr/bin/env python3
"""Time to first search results in a real browser, from disk (file://).

    python3 bench/search_latency.py SITE_DIR [RUNS] [QUERY ...]

Starts chromedriver (headless Chromium), and RUNS times (default 5) per
query: opens SITE_DIR/index.html afresh, focuses the search box, types the
query (one `input` event, as a paste) and waits for the first result. The
time is measured in the page, from the focus to the results being shown,
so it includes loading the manifest, the token shards and the entry shards.
Prints each time and the median per query, in ms. Needs chromedriver and
chromium on PATH (or CHROMEDRIVER / CHROMIUM set). With SCREENSHOT=path,
saves a screenshot of the last query's results.
"""
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

DEFAULT_QUERIES = ["predi", "renewal", "market consolidating", "chloe"]

MEASURE_JS = """
var query = arguments[0], done = arguments[arguments.length - 1];
var input = document.getElementById("search-input");
var list = document.getElementById("search-results");
var t0 = performance.now();
input.focus();
input.value = query;
input.dispatchEvent(new Event("input", {bubbles: true}));
(function wait() {
  var hit = list && !list.hidden && list.querySelector("[role=option][data-url]");
  var none = list && !list.hidden && list.querySelector(".sr-empty");
  if (hit || none) {
    var first = hit ? hit.querySelector(".sr-title").textContent : "(no match)";
    done([performance.now() - t0, first, document.querySelectorAll("script[src*='search']").length]);
  } else if (performance.now() - t0 > 30000) {
    done([-1, "timeout", 0]);
  } else {
    setTimeout(wait, 2);
  }
})();
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"{}").get("value")


def main():
    site = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    queries = sys.argv[3:] or DEFAULT_QUERIES
    port = free_port()
    driver = subprocess.Popen([os.environ.get("CHROMEDRIVER", "chromedriver"), f"--port={port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,900"]}}}}
        session = call(base, "POST", "/session", caps)["sessionId"]
        s = f"/session/{session}"
        call(base, "POST", s + "/timeouts", {"script": 60000})
        url = "file://" + os.path.join(site, "index.html")
        for q in queries:
            times = []
            for _ in range(runs):
                call(base, "POST", s + "/url", {"url": url})
                ms, first, files = call(base, "POST", s + "/execute/async", {"script": MEASURE_JS, "args": [q]})
                times.append(ms)
                print(f"{q!r}: {ms:.0f} ms, first: {first!r}, {files} index files", flush=True)
            print(f"{q!r}: median {statistics.median(times):.0f} ms over {runs} runs", flush=True)
        if os.environ.get("SCREENSHOT"):
            png = call(base, "GET", s + "/screenshot")
            with open(os.environ["SCREENSHOT"], "wb") as f:
                f.write(base64.b64decode(png))
        call(base, "DELETE", s)
    finally:
        driver.terminate()
        driver.wait()


if __name__ == "__main__":
    main()
