# Finds bytedeco's OpenBLAS (cblas.h and libopenblas.so.0) under the folders in OPENBLAS_ROOTS
# (a ;-list; build.sh fills it from JavaCPP's BUILD_PATH or the local Maven repository) and
# defines the imported target corenn::openblas.
set(OPENBLAS_ROOTS "" CACHE STRING "Folders holding include/cblas.h and libopenblas.so.0")

find_path(OPENBLAS_INCLUDE_DIR cblas.h PATHS ${OPENBLAS_ROOTS} PATH_SUFFIXES include NO_DEFAULT_PATH)
find_file(OPENBLAS_LIBRARY libopenblas.so.0 PATHS ${OPENBLAS_ROOTS} PATH_SUFFIXES lib NO_DEFAULT_PATH)
if(NOT OPENBLAS_INCLUDE_DIR OR NOT OPENBLAS_LIBRARY)
  message(FATAL_ERROR "OpenBLAS not found under OPENBLAS_ROOTS='${OPENBLAS_ROOTS}' "
                      "(run native/build.sh, which extracts it from org.bytedeco:openblas)")
endif()

# Linked by full path so DT_NEEDED is the soname libopenblas.so.0: at run time JavaCPP has already
# loaded that soname from the openblas jar, and the dynamic loader reuses it.
add_library(corenn::openblas SHARED IMPORTED)
set_target_properties(corenn::openblas PROPERTIES
  IMPORTED_LOCATION "${OPENBLAS_LIBRARY}"
  IMPORTED_NO_SONAME FALSE
  INTERFACE_INCLUDE_DIRECTORIES "${OPENBLAS_INCLUDE_DIR}")
get_filename_component(OPENBLAS_LIBRARY_DIR "${OPENBLAS_LIBRARY}" DIRECTORY)
