"""Lighthouse on the web UI's feed and a post page, mobile profile (prints figures).

    .venv/bin/python -m bench.lighthouse [--base-url http://127.0.0.1:3000] [--runs 3]

Against a running UI (`make dev`, or `DEV_UI=start` for the production build the scores are
meant for) with at least one published post: the post page is the first post the feed links.
Lighthouse (ui/node_modules, npm `lighthouse`) drives Debian's chromium headless; each page is
audited `--runs` times and every run is printed, then the median performance score.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import tempfile
import urllib.request
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "ui"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def first_post(base_url: str) -> str:
    with urllib.request.urlopen(base_url, timeout=30) as response:
        page = response.read().decode()
    found = re.search(r'href="(/p/[^"#?]+)"', page)
    if found is None:
        raise SystemExit(f"no post linked from {base_url}: publish one first")
    return found.group(1)


def audit(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                "npx",
                "lighthouse",
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            cwd=UI,
            env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/local/bin:/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )
        data = json.loads(report.read_text())
    audits = data["audits"]
    scripts = [
        item["transferSize"]
        for item in audits["network-requests"]["details"]["items"]
        if item.get("resourceType") == "Script"
    ]
    return {
        "performance": data["categories"]["performance"]["score"] * 100,
        "accessibility": data["categories"]["accessibility"]["score"] * 100,
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "js_kb": sum(scripts) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:3000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    pages = {"feed": base + "/", "post": base + first_post(base + "/")}
    print(f"{'page':<6} {'run':>3} {'perf':>5} {'a11y':>5} {'LCP ms':>7} {'JS KB':>6}")
    for name, url in pages.items():
        scores = []
        for run in range(1, args.runs + 1):
            found = audit(url)
            scores.append(found["performance"])
            print(
                f"{name:<6} {run:>3} {found['performance']:>5.0f} {found['accessibility']:>5.0f} "
                f"{found['lcp_ms']:>7.0f} {found['js_kb']:>6.0f}"
            )
        print(f"{name:<6} median performance {statistics.median(scores):.0f}  ({url})")


if __name__ == "__main__":
    main()
