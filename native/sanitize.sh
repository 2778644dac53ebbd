#!/usr/bin/env bash
# Builds the native library and the C++ tests with AddressSanitizer + UndefinedBehaviorSanitizer in
# their own folder and runs ctest; any report (including a leak at exit) fails the run.
#   CORENN_SANITIZE_BUILD_DIR   where to build (default native/build-sanitize)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build_dir=${CORENN_SANITIZE_BUILD_DIR:-$here/build-sanitize}

CORENN_SANITIZE=address,undefined CORENN_BUILD_DIR="$build_dir" "$here/build.sh"

# halt_on_error turns the first report into a failed test; UBSan also aborts (the build passes
# -fno-sanitize-recover=all) and prints the stack so the log names the line.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)"
