#!/usr/bin/env bash
# Benchmark planfolio on synthetic portfolios.
#
#   bash bench/run.sh [N...]          (default: 1000 10000)
#
# For each corpus style and N: generates N account plans with bench/gen.py
# into $BENCH_DIR/STYLE-N (once; regenerated only when gen.py or the seed
# changed), then
# times `planfolio --root DIR check` and, when the binary has a `build`
# command, `planfolio --root DIR build --out ...`, and measures peak RSS.
# With hugo installed it also builds the same plans as a minimal Hugo site.
#
# Optional tools (nothing fails without them):
#   hyperfine   precise timing (apt-get install hyperfine / cargo install hyperfine)
#   /usr/bin/time   peak RSS (Debian package `time`)
#   hugo        comparison build (apt-get install hugo)
#
# Corpora (CORPORA, default "mixed block"): `mixed` plans of about 8 KB in
# every YAML style people write (flow collections, quoted and block scalars,
# comments); `block` plans of about 7 KB in plain block style only.
#
# Environment knobs: BENCH_DIR (/tmp/planfolio-bench), OUT_DIR (where the
# build-vs-copy comparison writes; $BENCH_DIR, e.g. /dev/shm for tmpfs), RUNS (5), SEED (1),
# CORPORA ("mixed block"), COMMANDS ("check build themes": what to time;
# `themes` times the build of the same corpus with the built-in theme and
# with a site's overrides, each against `cp -r` of its output: (a) the
# built-in theme, (b) an overridden base.html, (c) an overridden
# plan/opportunities.html, (d) a plan/opportunities.html that loops over the
# opportunities in Tera, bench/themes/opportunities-loop.html),
# TODAY (2026-11-23), SKIP_CARGO=1 to use an existing release binary,
# PLANFOLIO_BIN=path to time another binary (e.g. a copy of the previous
# release, for a before/after comparison in one run).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/planfolio-bench}"
OUT_DIR="${OUT_DIR:-$BENCH_DIR}"
RUNS="${RUNS:-5}"
SEED="${SEED:-1}"
TODAY="${TODAY:-2026-11-23}"
read -r -a STYLES <<<"${CORPORA:-mixed block}"
for style in "${STYLES[@]}"; do
  case "$style" in
    mixed | block) ;;
    *) echo "CORPORA: unknown corpus style '$style' (mixed, block)" >&2; exit 2 ;;
  esac
done
read -r -a COMMANDS <<<"${COMMANDS:-check build themes}"
wants() { [[ " ${COMMANDS[*]} " == *" $1 "* ]]; }
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"

for n in "${SIZES[@]}"; do
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bash bench/run.sh [N...]   (N: number of plans, e.g. 1000 10000)" >&2
    exit 2
  fi
done

have() { command -v "$1" >/dev/null 2>&1; }
say() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- machine
say "machine"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "host:     $(uname -srm)"
echo "nproc:    $(nproc)"
cpu="$(grep -m1 -E '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
echo "cpu:      ${cpu:-unknown}"
mem="$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null)"
echo "memory:   ${mem:-unknown}"
load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "load:     ${load:-unknown}"
if awk -v l="${load%% *}" -v n="$(nproc)" 'BEGIN {exit !(l + 0 > n * 0.5)}'; then
  echo "warning:  the machine is busy; timings will be noisy"
fi
if have rustc; then echo "rustc:    $(rustc --version)"; fi
if have hyperfine; then echo "timing:   $(hyperfine --version)"; else echo "timing:   hyperfine not installed; using a date +%s.%N loop (1 warm-up + $RUNS runs, median)"; fi
if [ -x /usr/bin/time ]; then TIME_OK=1; echo "peak RSS: /usr/bin/time -v"; else TIME_OK=0; echo "peak RSS: skipped: /usr/bin/time is missing (Debian package \`time\`)"; fi
if have hugo; then echo "hugo:     $(hugo version 2>/dev/null | head -1)"; fi

# ---------------------------------------------------------------- build planfolio
BIN="${PLANFOLIO_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/planfolio}"
if [ "${SKIP_CARGO:-0}" != 1 ] && [ -z "${PLANFOLIO_BIN:-}" ]; then
  say "cargo build --release"
  if ! (cd "$ROOT" && cargo build --release); then
    echo "error: cargo build --release failed; nothing to benchmark" >&2
    exit 1
  fi
fi
if [ ! -x "$BIN" ]; then
  echo "error: $BIN not found" >&2
  exit 1
fi
HAS_BUILD=0
if "$BIN" build --help >/dev/null 2>&1; then HAS_BUILD=1; fi

# ---------------------------------------------------------------- helpers
# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# time_cmd NAME CMD...   -> prints median seconds; allows exit codes 0 and 1
time_cmd() {
  local name="$1"; shift
  if have hyperfine; then
    local json="$RESULTS/$name.json" q=()
    for a in "$@"; do q+=("$(printf '%q' "$a")"); done
    hyperfine --warmup 1 --runs "$RUNS" -i --style basic --export-json "$json" "${q[*]}" >&2 || return 1
    python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
  else
    "$@" >/dev/null 2>&1  # warm-up
    local i s e
    for ((i = 0; i < RUNS; i++)); do
      s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
      awk -v s="$s" -v e="$e" 'BEGIN {printf "%.6f\n", e - s}'
    done | tee "$RESULTS/$name.times" | median
  fi
}

# build_vs_copy TAG DIR: issue 12's target 1. Alternates, RUNS times, a
# build into a fresh folder and `cp -r` of that output into another fresh
# folder (both on $OUT_DIR, deletions untimed), and prints both medians and
# their ratio (target: build <= 2 x copy).
build_vs_copy() {
  local tag="$1" dir="$2" fresh="$OUT_DIR/fresh-$1" copy="$OUT_DIR/copy-$1" i s e
  local bt="$RESULTS/build-fresh-$tag.times" ct="$RESULTS/cp-$tag.times"
  say "build into a fresh folder vs cp -r of its output, $tag (output on $OUT_DIR)"
  : >"$bt"; : >"$ct"
  for ((i = 0; i < RUNS; i++)); do
    rm -rf "$fresh" "$copy"; sync
    s=$(date +%s.%N); "$BIN" --root "$dir" build --out "$fresh" --today "$TODAY" >/dev/null 2>&1; e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN {printf "%.6f\n", e - s}' >>"$bt"
    sync
    s=$(date +%s.%N); cp -r "$fresh" "$copy"; e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN {printf "%.6f\n", e - s}' >>"$ct"
  done
  rm -rf "$fresh" "$copy"
  local b c
  b=$(median <"$bt"); c=$(median <"$ct")
  echo "build (fresh folder): $b s   cp -r of its output: $c s   ratio: $(awk -v a="$b" -v b="$c" 'BEGIN {printf "%.2f", a/b}') (target <= 2)"
  echo "  runs: build $(tr '\n' ' ' <"$bt")| cp $(tr '\n' ' ' <"$ct")"
  row "$n" "$mb" "build-fresh" "$b" "-"
  row "$n" "$mb" "cp -r out" "$c" "-"
}

# theme_variant TAG DIR VARIANT: a copy of the corpus DIR (hard links, so
# instant) with the overrides of VARIANT; prints its folder.
theme_variant() {
  local tag="$1" dir="$2" v="$3" site="$BENCH_DIR/theme-$v-$1"
  rm -rf "$site"
  mkdir -p "$site/theme/templates/plan"
  cp -al "$dir/content" "$site/content"
  cp "$dir/planfolio.yaml" "$site/planfolio.yaml"
  case "$v" in
    a) ;;
    # The built-in file plus one line: any change counts as an override.
    b) cp "$ROOT/theme/templates/base.html" "$site/theme/templates/base.html"
       echo '{# this site'"'"'s frame #}' >>"$site/theme/templates/base.html" ;;
    c) cp "$ROOT/theme/templates/plan/opportunities.html" "$site/theme/templates/plan/opportunities.html"
       echo '{# this site'"'"'s section #}' >>"$site/theme/templates/plan/opportunities.html" ;;
    d) cp "$ROOT/bench/themes/opportunities-loop.html" "$site/theme/templates/plan/opportunities.html" ;;
  esac
  echo "$site"
}

# themes_vs_copy TAG DIR: issue 20's target 2. For each run, builds each
# theme variant (a)-(d) into a fresh folder and copies that output with
# `cp -r`, interleaved so that all share the machine's state; prints each
# variant's median build, median copy and their ratio (targets: (a)-(c)
# <= 2, (d) <= 3).
themes_vs_copy() {
  local tag="$1" dir="$2" v i s e site
  say "themes: build vs cp -r of its output, $tag (output on $OUT_DIR)"
  declare -A sites
  for v in a b c d; do sites[$v]="$(theme_variant "$tag" "$dir" "$v")"; : >"$RESULTS/theme-$v-build.times"; : >"$RESULTS/theme-$v-cp.times"; done
  for v in a b c d; do  # warm-up, and a check that each variant builds
    if ! "$BIN" --root "${sites[$v]}" build --out "$OUT_DIR/theme-fresh" --today "$TODAY" >/dev/null 2>&1; then
      echo "error: variant ($v) does not build:" >&2
      "$BIN" --root "${sites[$v]}" build --out "$OUT_DIR/theme-fresh" --today "$TODAY" 2>&1 | tail -n 5 >&2
      return 1
    fi
    rm -rf "$OUT_DIR/theme-fresh"
  done
  for ((i = 0; i < RUNS; i++)); do
    for v in a b c d; do
      rm -rf "$OUT_DIR/theme-fresh" "$OUT_DIR/theme-copy"; sync
      s=$(date +%s.%N); "$BIN" --root "${sites[$v]}" build --out "$OUT_DIR/theme-fresh" --today "$TODAY" >/dev/null 2>&1; e=$(date +%s.%N)
      awk -v s="$s" -v e="$e" 'BEGIN {printf "%.6f\n", e - s}' >>"$RESULTS/theme-$v-build.times"
      sync
      s=$(date +%s.%N); cp -r "$OUT_DIR/theme-fresh" "$OUT_DIR/theme-copy"; e=$(date +%s.%N)
      awk -v s="$s" -v e="$e" 'BEGIN {printf "%.6f\n", e - s}' >>"$RESULTS/theme-$v-cp.times"
    done
  done
  rm -rf "$OUT_DIR/theme-fresh" "$OUT_DIR/theme-copy"
  local b c label target
  for v in a b c d; do
    case "$v" in
      a) label="built-in theme"; target=2 ;;
      b) label="own base.html"; target=2 ;;
      c) label="own plan/opportunities.html"; target=2 ;;
      d) label="opportunities looped in Tera"; target=3 ;;
    esac
    b=$(median <"$RESULTS/theme-$v-build.times"); c=$(median <"$RESULTS/theme-$v-cp.times")
    printf '(%s) %-30s build %8.3f s   cp -r %8.3f s   ratio %5.2f (target <= %s)\n' "$v" "$label" "$b" "$c" "$(awk -v a="$b" -v b="$c" 'BEGIN {print a/b}')" "$target"
    echo "    runs: build $(tr '\n' ' ' <"$RESULTS/theme-$v-build.times")| cp $(tr '\n' ' ' <"$RESULTS/theme-$v-cp.times")"
    row "$n" "$mb" "theme ($v)" "$b" "-"
  done
  for v in a b c d; do rm -rf "${sites[$v]}"; done
}

# rss_cmd CMD...  -> prints peak RSS in MiB, or "n/a"
rss_cmd() {
  if [ "$TIME_OK" != 1 ]; then echo "n/a"; return; fi
  local log; log="$(mktemp)"
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local kb; kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$log")
  rm -f "$log"
  if [ -n "$kb" ]; then awk -v k="$kb" 'BEGIN {printf "%.1f MiB\n", k/1024}'; else echo "n/a"; fi
}

# a minimal Hugo site over the same content (front matter is plain YAML)
make_hugo_site() {
  local src="$1" dst="$2"
  rm -rf "$dst"
  mkdir -p "$dst/layouts/_default"
  cp -r "$src/content" "$dst/content"
  cat >"$dst/hugo.toml" <<'EOF'
baseURL = "https://example.invalid/"
title = "Key Accounts (benchmark)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
EOF
  cat >"$dst/layouts/_default/baseof.html" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><title>{{ with .Params.name }}{{ . }}{{ else }}{{ .Title }}{{ end }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
EOF
  cat >"$dst/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<h1>{{ .Params.name }}</h1>
<p>Owner: {{ .Params.owner }} {{ with .Params.status }}· {{ .partnership }} · reviewed {{ .last_review }}{{ end }}</p>
{{ with .Params.objectives }}<h2>Objectives</h2><ul>{{ range . }}<li>{{ .title | markdownify }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.goals }}<h2>Goals</h2><ul>{{ range . }}<li>{{ .title }} — {{ .status }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.contacts }}<h2>Contacts</h2><table>{{ range . }}<tr><td>{{ .name }}</td><td>{{ .role }}</td><td>{{ .relationship }}</td></tr>{{ end }}</table>{{ end }}
{{ with .Params.opportunities }}<h2>Opportunities</h2><ul>{{ range . }}<li>{{ .name }}: {{ .stage }} {{ .value }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.actions }}<h2>Actions</h2><ul>{{ range . }}<li>{{ .title }} ({{ .owner }}, {{ .due }})</li>{{ end }}</ul>{{ end }}
{{ .TableOfContents }}{{ .Content }}{{ end }}
EOF
  cat >"$dst/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ with .Params.name }}{{ . }}{{ else }}{{ .Title }}{{ end }}</a></li>{{ end }}</ul>{{ end }}
EOF
  cp "$dst/layouts/_default/list.html" "$dst/layouts/index.html"
}

# ---------------------------------------------------------------- corpora and runs
GEN_STAMP="$( (sha256sum "$ROOT/bench/gen.py" 2>/dev/null || cksum "$ROOT/bench/gen.py") | cut -d' ' -f1) seed=$SEED"
ROWS=()
PARTIAL="$RESULTS/partial.txt"  # rows so far, kept if the run is interrupted
: >"$PARTIAL"
row() {
  ROWS+=("$(printf '%-6s %-8s %9s  %-10s %12s %12s' "$style" "$@")")
  printf '%s\n' "${ROWS[-1]}" >>"$PARTIAL"
}

for style in "${STYLES[@]}"; do
for n in "${SIZES[@]}"; do
  tag="$style-$n"
  dir="$BENCH_DIR/$tag"
  stamp="$BENCH_DIR/$tag.stamp"
  if [ -d "$dir/content/accounts" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$GEN_STAMP" ]; then
    say "corpus $tag: present in $dir"
  else
    say "corpus $tag: generating into $dir"
    rm -rf "$dir" "$stamp"
    python3 "$ROOT/bench/gen.py" "$dir" "$n" --seed "$SEED" --style "$style" || { echo "error: gen.py failed" >&2; exit 1; }
    echo "$GEN_STAMP" >"$stamp"
  fi
  bytes=$(du -sb "$dir/content" | cut -f1)
  mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')

  # sanity run: the corpus must check without errors
  say "planfolio check, $tag"
  out="$("$BIN" --root "$dir" check --today "$TODAY" 2>&1)"; rc=$?
  printf '%s\n' "$out" | tail -n 1
  if [ "$rc" -eq 1 ]; then
    echo "warning: check reports errors on the generated corpus (exit 1); timings still taken." \
         "First lines:" >&2
    printf '%s\n' "$out" | grep -m 5 -E '^error' >&2
  elif [ "$rc" -ne 0 ]; then
    echo "error: check could not run (exit $rc); skipping $tag" >&2
    row "$n" "$mb" "check" "failed" "-"
    continue
  fi
  if wants check; then
    t=$(time_cmd "check-$tag" "$BIN" --root "$dir" check --today "$TODAY") || t="failed"
    r=$(rss_cmd "$BIN" --root "$dir" check --today "$TODAY")
    row "$n" "$mb" "check" "$t" "$r"
  fi

  pf_build=""
  if ! wants build; then
    :
  elif [ "$HAS_BUILD" = 1 ]; then
    say "planfolio build, $tag"
    outdir="$BENCH_DIR/out-$tag"
    if "$BIN" --root "$dir" build --out "$outdir" --today "$TODAY" >/dev/null 2>&1; then
      t=$(time_cmd "build-$tag" "$BIN" --root "$dir" build --out "$outdir" --today "$TODAY") || t="failed"
      r=$(rss_cmd "$BIN" --root "$dir" build --out "$outdir" --today "$TODAY")
      echo "output: $(find "$outdir" -type f | wc -l) files, $(du -sh "$outdir" | cut -f1)"
      row "$n" "$mb" "build" "$t" "$r"
      pf_build="$t"
      build_vs_copy "$tag" "$dir"
      if wants themes; then themes_vs_copy "$tag" "$dir"; fi
    else
      echo "build failed (errors in the corpus?); not timed" >&2
      row "$n" "$mb" "build" "failed" "-"
    fi
  else
    echo "(no build command in this binary yet: build not timed)"
  fi

  if wants build && have hugo; then
    say "hugo, $tag"
    hdir="$BENCH_DIR/hugo-$tag"
    make_hugo_site "$dir" "$hdir"
    hcmd=(hugo --source "$hdir" --destination "$BENCH_DIR/hugo-out-$tag" --quiet --cleanDestinationDir)
    if "${hcmd[@]}" >/dev/null 2>&1; then
      t=$(time_cmd "hugo-$tag" "${hcmd[@]}") || t="failed"
      r=$(rss_cmd "${hcmd[@]}")
      row "$n" "$mb" "hugo" "$t" "$r"
      if [ -n "$pf_build" ] && [ "$pf_build" != failed ] && [ "$t" != failed ]; then
        echo "planfolio build / hugo time ratio: $(awk -v a="$pf_build" -v b="$t" 'BEGIN {printf "%.2f", a/b}')"
      fi
    else
      echo "hugo failed on the converted corpus; skipped:" >&2
      "${hcmd[@]}" 2>&1 | tail -n 5 >&2
    fi
  fi
done
done

# ---------------------------------------------------------------- summary
say "summary (median of $RUNS runs, --today $TODAY)"
{
  echo "cpu: ${cpu:-unknown}; nproc: $(nproc); load at start: ${load:-?}; $(date -u '+%Y-%m-%d %H:%M UTC')"
  printf '%-6s %-8s %9s  %-10s %12s %12s\n' "corpus" "plans" "size MB" "command" "median s" "peak RSS"
  printf '%s\n' "${ROWS[@]}"
} | tee "$RESULTS/summary.txt"
echo "(raw results in $RESULTS)"
