#!/usr/bin/env bash
# ThreadSanitizer runs of the threading tests (issue 20). Not in CI; run by hand after touching
# threads:
#
#   tools/tsan.sh            the GUI's training controller (controller_tests: start, pause,
#                            snapshot, stop, resume, failure, destruction mid-run, quick
#                            start/stop cycles), its own sources instrumented, linked to build/'s
#                            engine: needs a built build/ (tools/build.sh -DRESDENSE_TESTS=ON);
#                            a minute or two
#   tools/tsan.sh --engine [extra gtest filter]
#                            also a TSan build of the whole engine (build-tsan) and its threading
#                            tests: the batch loader (its producer thread, start/stop thousands
#                            of times), the trainer's stop, pause, resume and mid-epoch snapshots
#
# Uninstrumented libraries: LibTorch, libgomp, Qt. TSan cannot see OpenMP's barriers inside them,
# so every parallel kernel would be reported as a race: the tests run with OMP_NUM_THREADS=1 and
# the suppressions below ignore races whose stack goes through those libraries. Races inside the
# engine's own code (the loader's producer, the trainer's flags and condition variables) and the
# controller's are still reported, and any report fails the run (halt_on_error=1, exitcode 66).
# Qt's own locks are futex-based and invisible to TSan: the controller hands everything between
# its threads over through its own std::mutex, and posts its argument-free wake-up call while
# holding it (so the free of Qt's event on the GUI thread is ordered after its allocation where
# TSan sees it). QtTest's watchdog thread is Qt's alone: interceptors called from libQt6Test and
# the QWaitCondition it destroys at exit are ignored. The two files with ifunc-dispatched SIMD
# kernels are built without TSan (cmake/ResdenseSanitize.cmake says why).
# Measured (2-core AMD EPYC): controller_tests under TSan, 7 passed, no report, 13 s; the
# --engine part: 15 tests, no report, 19.8 s to run (an earlier stop), but its build takes over an
# hour with a cold ccache (10 of 106 objects in 10 min at this stop), about 10 min warm.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(( $(nproc) < 2 ? 1 : 2 ))
supp=$(mktemp)
trap 'rm -f "$supp"' EXIT
cat >"$supp" <<'SUPP'
# Uninstrumented libraries: their synchronisation (OpenMP barriers, c10's thread pool, Qt's
# futex-based locks) is invisible to TSan.
race:libtorch_cpu.so
race:libc10.so
race:libgomp.so
race:libopencv_core.so
called_from_lib:libgomp.so
# QtTest's watchdog thread, and its wait condition destroyed at exit.
called_from_lib:libQt6Test.so
race:QWaitCondition::~QWaitCondition
SUPP
export OMP_NUM_THREADS=1 TSAN_OPTIONS="suppressions=$supp halt_on_error=1 exitcode=66 second_deadlock_stack=1"
start=$SECONDS

[[ -f build/build.ninja ]] || { echo "tools/tsan.sh: build first (tools/build.sh -DRESDENSE_TESTS=ON)" >&2; exit 2; }
cmake --build build --target controller_tests_tsan -j "$jobs"
QT_QPA_PLATFORM=offscreen build/tests/ui/controller_tests_tsan

if [[ ${1:-} == --engine ]]; then
  shift
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
    -DRESDENSE_SANITIZE=thread -DRESDENSE_GUI=OFF -DRESDENSE_BENCH=OFF -DRESDENSE_TESTS=ON \
    -DCMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE=PRE_TEST
  cmake --build build-tsan --target engine_tests -j "$jobs"
  filter="BatchLoader.*:TrainerTest.PauseWaitsAndContinues:TrainerTest.SnapshotsMidEpochLeaveTrainingUntouched"
  filter+=":TrainerTest.ResumeAfterAnEpochMatchesAnUninterruptedRun:TrainerTest.ResumeMidEpochMatchesToo"
  filter+=":TrainerTest.RefusesAnExistingRunFolderAndBadConfigs${1:+:$1}"
  build-tsan/tests/engine_tests --gtest_filter="$filter"
fi
echo "tsan: passed in $((SECONDS - start)) s"
