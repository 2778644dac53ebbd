// OpenBLAS is always called single-threaded from inside our own parallel regions (DESIGN.md:
// never oversubscribe); the conv family sets that once, on its first create.
#pragma once

#include <cblas.h>

#include <mutex>

namespace corenn {

inline void use_single_threaded_openblas() {
    static std::once_flag once;
    std::call_once(once, [] { openblas_set_num_threads(1); });
}

}  // namespace corenn
