# ui.smoke_binary: runs `resdense-workbench --smoke-test` and passes only when it exits 0 AND
# prints its verdict line with "ok" as the whole verdict, e.g.
#   smoke test: window shown, title "ResDense Workbench", ok
# (app/gui/main.cpp prints the error in place of "ok", and "hidden" for a window not shown).
# Usage: cmake -DWORKBENCH=path/to/resdense-workbench -P smoke_test.cmake
if(NOT WORKBENCH)
  message(FATAL_ERROR "usage: cmake -DWORKBENCH=path/to/resdense-workbench -P smoke_test.cmake")
endif()
execute_process(COMMAND "${WORKBENCH}" --smoke-test
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
message("${out}${err}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "resdense-workbench --smoke-test exited with '${rc}', not 0")
endif()
# One whole line: at the start of the output or after a newline, up to the end of the line.
string(REGEX MATCH "(^|\n)smoke test: window shown, title \"[^\"\n]*\", ok(\r?\n|$)" line "${out}")
if(NOT line)
  message(FATAL_ERROR "no line 'smoke test: window shown, title \"...\", ok' in the output")
endif()
