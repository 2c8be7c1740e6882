#!/usr/bin/env bash
# Lighthouse (mobile profile) on each page type of the built site, served on 127.0.0.1.
# Writes bench/results/lighthouse.md with the four scores and the transfer size of each page.
#
#   bench/lighthouse.sh            (CHROMIUM=/path/to/chrome to use another browser)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PORT=${PORT:-8731}
CHROME=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROME" ] || { echo "lighthouse.sh: no Chromium at $CHROME; install Debian's chromium or set CHROMIUM" >&2; exit 1; }

(cd bench && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
  || { echo "lighthouse.sh: could not install Lighthouse from bench/package-lock.json" >&2; exit 1; }

RUNS=$ROOT/bench/.runs
rm -rf "$RUNS" && mkdir -p "$RUNS"
SITE_URL="http://127.0.0.1:$PORT/" ./dev build -d "$RUNS/site" >/dev/null 2>&1

.venv/bin/python bench/serve.py "$PORT" "$RUNS/site" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 1

for entry in "explainer:" "outlet:outlets/timeslive/" "comparison:comparison/" "index-of-outlets:outlets/" \
             "method:method/"; do
  name=${entry%%:*}
  path=${entry#*:}
  CHROME_PATH=$CHROME node bench/node_modules/lighthouse/cli/index.js "http://127.0.0.1:$PORT/$path" \
    --quiet --output=json --output-path="$RUNS/$name.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
done

.venv/bin/python bench/lighthouse_report.py "$RUNS" "$CHROME" > bench/results/lighthouse.md
cat bench/results/lighthouse.md
