# ISA-specific flags go on kernel files only, chosen by the file name's suffix (f32-gemv-8x4-avx2.cpp),
# so the library itself stays x86-64 baseline and loads on any x86-64 CPU.
function(corenn_isa_flags sources)
  foreach(source IN LISTS sources)
    if(source MATCHES "-avx2\\.cpp$")
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma;-mf16c")
    elseif(source MATCHES "-avx512\\.cpp$")
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS
                                  "-mavx2;-mfma;-mf16c;-mavx512f;-mavx512cd;-mavx512bw;-mavx512dq;-mavx512vl")
    endif()
  endforeach()
endfunction()
