#!/usr/bin/env bash
# ThreadSanitizer run of the threading tests (issue 20): the batch loader (its producer thread,
# start/stop thousands of times), the trainer's stop, pause, resume and mid-epoch snapshots, and
# the GUI's training controller (controller_tests: start, pause, snapshot, stop, resume, failure,
# destruction mid-run, quick start/stop cycles). Not in CI: a third build of the engine does not fit CI's hour on two cores next to
# the ASan + UBSan build tools/test.sh makes. Run it by hand after touching threads:
#
#   tools/tsan.sh [extra gtest filter]      (builds build-tsan, engine_tests only, then runs it)
#
# LibTorch and libgomp are not instrumented. TSan cannot see OpenMP's barriers inside them, so
# every parallel kernel would be reported as a race: the tests run with OMP_NUM_THREADS=1 (the
# tests' own configs use one thread too) and the suppressions below ignore races whose stack
# goes through those libraries. Races inside the engine's own code (the loader's producer, the
# trainer's pause/stop/snapshot flags and their condition variables) are still reported, and
# any report fails the run (halt_on_error=1, exitcode 66). Qt is not instrumented either: the
# controller hands everything between its threads over through its own std::mutex (which TSan
# sees) and wakes the GUI thread with an argument-free queued call, so no data crosses threads
# inside Qt's event queue, whose futex-based locks TSan cannot see. The two files with ifunc-dispatched SIMD
# kernels are built without TSan (cmake/ResdenseSanitize.cmake says why).
# Measured once (2 cores): 15 tests, no report, 19.8 s to run; the build about 10 min cold.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
  -DRESDENSE_SANITIZE=thread -DRESDENSE_GUI=ON -DRESDENSE_BENCH=OFF -DRESDENSE_TESTS=ON \
  -DCMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE=PRE_TEST
cmake --build build-tsan --target engine_tests controller_tests -j "$(( $(nproc) < 2 ? 1 : 2 ))"

supp=$(mktemp)
trap 'rm -f "$supp"' EXIT
cat >"$supp" <<'SUPP'
# Uninstrumented libraries: their synchronisation (OpenMP barriers, c10's thread pool) is
# invisible to TSan.
race:libtorch_cpu.so
race:libc10.so
race:libgomp.so
race:libopencv_core.so
called_from_lib:libgomp.so
SUPP
filter="BatchLoader.*:TrainerTest.PauseWaitsAndContinues:TrainerTest.SnapshotsMidEpochLeaveTrainingUntouched"
filter+=":TrainerTest.ResumeAfterAnEpochMatchesAnUninterruptedRun:TrainerTest.ResumeMidEpochMatchesToo"
filter+=":TrainerTest.RefusesAnExistingRunFolderAndBadConfigs${1:+:$1}"
start=$SECONDS
export OMP_NUM_THREADS=1 TSAN_OPTIONS="suppressions=$supp halt_on_error=1 exitcode=66 second_deadlock_stack=1"
build-tsan/tests/engine_tests --gtest_filter="$filter"
QT_QPA_PLATFORM=offscreen build-tsan/tests/ui/controller_tests
echo "tsan: passed in $((SECONDS - start)) s"
