// Checks shared by every C entry point: the ABI re-validates what Java already checked, because the
// header is public and C callers get no other protection.
#pragma once

#include "common/error.h"
#include "common/parallel.h"

namespace corenn {

inline void require_threads(int threads, const char* op) {
    CORENN_REQUIRE(threads >= 1 && threads <= max_threads_allowed(), "%s: threads must be in [1, %d], got %d", op,
                   max_threads_allowed(), threads);
}

template <typename T>
void require_not_null(const T* p, const char* op, const char* what) {
    CORENN_REQUIRE(p != nullptr, "%s: %s must not be null", op, what);
}

}  // namespace corenn
