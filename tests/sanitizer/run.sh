#!/bin/sh
# Runs a test of a sanitizer build (VIRTCHECK_SANITIZE) with the sanitizers' reports going to
# files in REPORT_DIR (asan.PID, ubsan.PID), for the test and every check it starts.
#   run.sh REPORT_DIR COMMAND [ARGS...]
set -eu
reports=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$reports"
# intercept_tls_get_addr=0: gcc 12's LeakSanitizer misreads the dynamic TLS of dlopen'ed
# libraries on Debian 12 ("DTLS 7 at 0x5c7-0x4000016c9", then "Tracer caught signal 11" and
# exit 1 in check_host_memory -c overcommit=10 on test:///default, every run); without the
# interception it scans static TLS and stacks as before and finishes.
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:detect_stack_use_after_return=1:intercept_tls_get_addr=0"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
exec "$@"
