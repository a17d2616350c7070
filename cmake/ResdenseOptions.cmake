# Shared compiler settings: every target links resdense_options instead of touching global flags.
add_library(resdense_options INTERFACE)
add_library(resdense::options ALIAS resdense_options)
target_compile_features(resdense_options INTERFACE cxx_std_20)
target_compile_options(resdense_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -pedantic -Wnon-virtual-dtor>
  # GCC 12 warns falsely inside libstdc++'s std::string operator+ (GCC bug 105651).
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
# Hardening as Debian builds its own packages (lintian looks for it in the .deb's programs).
set(resdense_hardened "$<AND:$<CXX_COMPILER_ID:GNU,Clang>,$<NOT:$<CONFIG:Debug>>>")
target_compile_options(resdense_options INTERFACE $<${resdense_hardened}:-fstack-protector-strong>)
target_compile_definitions(resdense_options INTERFACE $<${resdense_hardened}:_FORTIFY_SOURCE=2>)
target_link_options(resdense_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:LINKER:-z,relro,-z,now>)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

# ccache when present: the torch headers make every translation unit expensive on 2 cores.
find_program(RESDENSE_CCACHE ccache)
if(RESDENSE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  # Precompiled headers and ccache only cooperate with this sloppiness. The base directory makes
  # paths inside the checkout relative, so another clone of it (CI's) hits the same cache.
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CMAKE_COMMAND}" -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}"
      "${RESDENSE_CCACHE}")
endif()
