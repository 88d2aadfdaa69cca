# The folder rule of docs/ARCHITECTURE.md, checked on every build: a source may include only headers of its own
# folder and of the folders its folder may use. Run as `cmake -DSOURCE_DIR=... -P cmake/check_layering.cmake`;
# any include that points up the list fails with the file, the line and the rule it breaks.
#
#   kiosk/       the app and composition root   may use every folder below
#   screens/     the SDL2 UI                      kiosk/core/, common/
#   kiosk/core/  the pure session                 common/
#   drivers/     devices and their protocols      common/
#   network/     HTTPS client, API client, sync   common/
#   platform/    the reference platform           common/
#   common/      shared by all                    nothing of ours
#
# tests/ and packaging/ may use any folder and are not checked.
cmake_minimum_required(VERSION 3.25)

set(folders kiosk/core kiosk screens drivers network platform common)
set(allowed_kiosk/core common)
set(allowed_kiosk kiosk/core kiosk screens drivers network platform common)
set(allowed_screens kiosk/core common)
set(allowed_drivers common)
set(allowed_network common)
set(allowed_platform common)
set(allowed_common "")

# The folder a path (relative to the source root) belongs to: the longest folder it starts with.
function(folder_of path out)
  set(found "")
  foreach(f IN LISTS folders)
    string(LENGTH "${f}/" n)
    string(SUBSTRING "${path}" 0 ${n} head)
    if(head STREQUAL "${f}/")
      string(LENGTH "${found}" had)
      string(LENGTH "${f}" has)
      if(has GREATER had)
        set(found "${f}")
      endif()
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

set(problems "")
foreach(from IN LISTS folders)
  if(from STREQUAL "kiosk")
    continue()  # may use everything of ours
  endif()
  file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${from}/*.h" "${SOURCE_DIR}/${from}/*.cpp")
  foreach(source IN LISTS sources)
    folder_of("${source}" owner)
    if(NOT owner STREQUAL from)
      continue()  # a subfolder with its own rule (kiosk/core inside kiosk)
    endif()
    file(STRINGS "${SOURCE_DIR}/${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([^\"]+)\".*" "\\1" header "${line}")
      folder_of("${header}" target)
      if(target STREQUAL "" OR target STREQUAL from)
        continue()  # a system-style path, or the folder itself
      endif()
      if(NOT target IN_LIST allowed_${from})
        string(APPEND problems "\n  ${source}: #include \"${header}\" (${from}/ may use: ${allowed_${from}})")
      endif()
    endforeach()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "layering: includes that point up the folder list (docs/ARCHITECTURE.md):${problems}")
endif()
