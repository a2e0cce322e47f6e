#!/bin/sh
# Runs a test of a sanitizer build (VIRTCHECK_SANITIZE) with the sanitizers' reports going to
# files in REPORT_DIR (asan.PID, ubsan.PID), for the test and every check it starts.
#   run.sh REPORT_DIR COMMAND [ARGS...]
set -eu
reports=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$reports"
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
exec "$@"
