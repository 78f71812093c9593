# xnet_glob(OUT PATTERN...) — files matching the patterns, sorted, filtered by
# XNET_ONLY (a file is kept when its base name, without a leading "test_",
# "fuzz_" or "bench_", starts with one of the prefixes).
function(xnet_glob out)
  file(GLOB files CONFIGURE_DEPENDS ${ARGN})
  list(SORT files)
  if(XNET_ONLY)
    set(kept "")
    foreach(f IN LISTS files)
      get_filename_component(base "${f}" NAME_WE)
      string(REGEX REPLACE "^(test|fuzz|bench)_" "" base "${base}")
      foreach(prefix IN LISTS XNET_ONLY)
        string(FIND "${base}" "${prefix}" at)
        if(at EQUAL 0)
          list(APPEND kept "${f}")
          break()
        endif()
      endforeach()
    endforeach()
    set(files ${kept})
  endif()
  set(${out} ${files} PARENT_SCOPE)
endfunction()

# xnet_add_library_pair(NAME OUTPUT SOURCES...) — a shared library NAME and a
# static one NAME_static, both called OUTPUT on disk, built from one object
# library so every source compiles once.
function(xnet_add_library_pair name output)
  add_library(${name}_objects OBJECT ${ARGN})
  add_library(${name} SHARED $<TARGET_OBJECTS:${name}_objects>)
  add_library(${name}_static STATIC $<TARGET_OBJECTS:${name}_objects>)
  set_target_properties(${name} ${name}_static PROPERTIES OUTPUT_NAME ${output})
  set_target_properties(${name} PROPERTIES VERSION ${PROJECT_VERSION}
                                           SOVERSION ${PROJECT_VERSION_MAJOR})
endfunction()
