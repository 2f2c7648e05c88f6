#!/usr/bin/env bash
# Renders the worked example's report to docs/report-example.html and, with
# headless Chromium (apt-get install chromium), to docs/report-example.png.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product abcxyz
.build/release/abcxyz report fixtures/example/transactions.csv --format html -o docs/report-example.html
shot=$(mktemp --suffix=.png)
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,4200 \
    --screenshot="$shot" "file://$PWD/docs/report-example.html" 2>/dev/null
python3 Tests/Browser/png_tool.py crop "$shot" docs/report-example.png
rm -f "$shot"
echo "wrote docs/report-example.html and docs/report-example.png"
