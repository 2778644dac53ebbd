# ISA-specific flags go on kernel files only, chosen by the file name's suffix (f32-gemv-8x4-avx2.cpp),
# so the library itself stays x86-64 baseline and loads on any x86-64 CPU.
function(corenn_isa_flags sources)
  foreach(source IN LISTS sources)
    if(source MATCHES "-avx2\\.cpp$")
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma;-mf16c")
    elseif(source MATCHES "-avx512\\.cpp$")
      # GCC 12 warns inside its own avx512fintrin.h (the _mm512_undefined_* idiom it uses for
      # set1/cast intrinsics; -Wuninitialized once they are inlined deeply enough), a known false
      # positive; it is silenced for these files only.
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS
                                  "-mavx2;-mfma;-mf16c;-mavx512f;-mavx512cd;-mavx512bw;-mavx512dq;-mavx512vl;-Wno-maybe-uninitialized;-Wno-uninitialized")
    endif()
  endforeach()
endfunction()
