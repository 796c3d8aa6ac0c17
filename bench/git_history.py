#!/usr/bin/env python3
"""Builds a git repository of a synthetic portfolio with many commits, for
timing `planfolio diff` and `build` with history.

    python3 bench/git_history.py SITE_DIR REPO_DIR [COMMITS [PLANS_PER_COMMIT]]

Copies SITE_DIR (made by bench/gen.py) into REPO_DIR, commits it, then makes
COMMITS-1 more commits (default 200 in all), each editing PLANS_PER_COMMIT
plans (default 3), dated across the twelve months before 2026-11-23.
"""
import datetime
import os
import random
import re
import shutil
import subprocess
import sys


def git(repo, *args, date=None):
    env = dict(os.environ)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", "-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def main():
    site, repo = sys.argv[1], sys.argv[2]
    commits = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    per_commit = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    if os.path.exists(repo):
        shutil.rmtree(repo)
    shutil.copytree(site, repo)
    rng = random.Random(7)
    start = datetime.datetime(2025, 11, 24, 12, 0, 0)
    step = (datetime.datetime(2026, 11, 22, 12, 0, 0) - start) / commits
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial portfolio", date=start.isoformat())
    accounts = os.path.join(repo, "content", "accounts")
    plans = sorted(os.listdir(accounts))
    for i in range(1, commits):
        for name in rng.sample(plans, per_commit):
            path = os.path.join(accounts, name)
            text = open(path, encoding="utf-8").read()
            # Change how we stand with a few contacts, which can move the segment.
            for _ in range(3):
                level = rng.choice(["strong", "good", "neutral", "weak", "poor"])
                spots = [m.start() for m in re.finditer(r"relationship: [a-z]+", text)]
                if spots:
                    at = rng.choice(spots)
                    end = text.index("\n", at)
                    text = text[:at] + "relationship: " + level + text[end:]
            # A line in the body, so every commit changes its plans even
            # when the random levels happen to be the same.
            text += f"\nUpdate {i}.\n"
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        git(repo, "commit", "-q", "-am", f"update plans {i}", date=(start + step * i).isoformat())
    print(f"{repo}: {commits} commits")


if __name__ == "__main__":
    main()
