# RESDENSE_SANITIZE: a list of sanitizers to build every target of this folder with, e.g.
#   cmake -S . -B build-asan -DRESDENSE_SANITIZE="address;undefined" -DRESDENSE_GUI=OFF
#   cmake -S . -B build-tsan -DRESDENSE_SANITIZE=thread -DRESDENSE_GUI=OFF
# tools/test.sh builds engine_tests with ASan + UBSan in build-asan; tools/tsan.sh runs the
# threading tests under TSan. LibTorch, OpenCV and Qt are not instrumented: see the options and
# suppressions those scripts pass at run time.
set(RESDENSE_SANITIZE "" CACHE STRING "Sanitizers to build with (address, undefined, thread)")
if(RESDENSE_SANITIZE)
  list(JOIN RESDENSE_SANITIZE "," resdense_sanitizers)
  # Frame pointers for useful stacks; UBSan stops at the first finding so that a test fails.
  add_compile_options(-fsanitize=${resdense_sanitizers} -fno-omit-frame-pointer -g1)
  add_link_options(-fsanitize=${resdense_sanitizers})
  if("undefined" IN_LIST RESDENSE_SANITIZE)
    # -fsanitize=vptr needs RTTI of every polymorphic type it checks, and LibTorch's headers
    # define classes whose type info lives in the uninstrumented library, where it can report falsely.
    add_compile_options(-fno-sanitize-recover=undefined -fno-sanitize=vptr)
  endif()
  if("thread" IN_LIST RESDENSE_SANITIZE)
    # The engine's SIMD kernels choose their clone through ifunc resolvers (target_clones), which
    # the dynamic loader runs before TSan's runtime exists: instrumented, they crash at start-up
    # (SIGSEGV in grad_masked_f32's resolver). Those two files are built without TSan; they hold
    # no threads or shared state of their own.
    cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL set_source_files_properties
      ${CMAKE_SOURCE_DIR}/engine/src/models/norm/norm_kernels.cpp
      ${CMAKE_SOURCE_DIR}/engine/src/train/fused_sgd.cpp
      DIRECTORY ${CMAKE_SOURCE_DIR}/engine PROPERTIES COMPILE_OPTIONS -fno-sanitize=thread)
  endif()
  message(STATUS "Sanitizers: ${resdense_sanitizers}")
endif()
