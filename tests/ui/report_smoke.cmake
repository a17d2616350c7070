# ui.report_binary: a tiny duel with the CLI, then `resdense-workbench --report RUN -o x.html`
# headless (the ctest entry sets QT_QPA_PLATFORM=offscreen): exit 0 and a self-contained HTML
# file; then a run folder that does not exist: exit 1 and a message on stderr.
# Usage: cmake -DRESDENSE=path/to/resdense -DWORKBENCH=path/to/resdense-workbench -DDIR=scratch
#              -P report_smoke.cmake
if(NOT RESDENSE OR NOT WORKBENCH OR NOT DIR)
  message(FATAL_ERROR "usage: cmake -DRESDENSE=... -DWORKBENCH=... -DDIR=... -P report_smoke.cmake")
endif()
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
execute_process(COMMAND "${RESDENSE}" duel -d shapes:200 --image-size 16 --channels 1 -e 1 -b 20
                        --threads 1 --a cifar-resnet:depth=8 --b densenet-bc:depth=16
                        -o "${DIR}/run"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "resdense duel exited with '${rc}':\n${out}${err}")
endif()

execute_process(COMMAND "${WORKBENCH}" --report "${DIR}/run" -o "${DIR}/x.html"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
message("${out}${err}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "resdense-workbench --report exited with '${rc}', not 0")
endif()
if(NOT EXISTS "${DIR}/x.html")
  message(FATAL_ERROR "resdense-workbench --report wrote no ${DIR}/x.html")
endif()
file(READ "${DIR}/x.html" html)
foreach(needle IN ITEMS "<!DOCTYPE html>" "<h2>Classes</h2>" "data:image/png;base64,"
                        "data:image/svg+xml;base64,")
  string(FIND "${html}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${DIR}/x.html lacks '${needle}'")
  endif()
endforeach()

execute_process(COMMAND "${WORKBENCH}" --report "${DIR}/no-such-run" -o "${DIR}/y.html"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
if(NOT rc STREQUAL "1")
  message(FATAL_ERROR "--report of a missing run exited with '${rc}', not 1")
endif()
string(FIND "${err}" "no-such-run" at)
if(at EQUAL -1)
  message(FATAL_ERROR "--report of a missing run said on stderr: '${err}' (no folder named)")
endif()
if(EXISTS "${DIR}/y.html")
  message(FATAL_ERROR "--report of a missing run left ${DIR}/y.html")
endif()
message("report smoke test: ok")
