#!/bin/sh
# Fails, printing them, when the sanitizers wrote any report into REPORT_DIR.
#   reports.sh REPORT_DIR
set -eu
reports=$1
found=$(find "$reports" -type f 2>/dev/null | sort)
if [ -z "$found" ]; then
  echo "no sanitizer reports in $reports"
  exit 0
fi
for report in $found; do
  echo "=== $report"
  head -n 60 "$report"
done
echo "sanitizer reports: $(echo "$found" | wc -l)" >&2
exit 1
