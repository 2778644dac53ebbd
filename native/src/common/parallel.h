// The one place OpenMP is used: ops split their work with parallel_for. Partitions are static and
// contiguous, and every element is computed by exactly one thread in a fixed order, so results do
// not depend on the thread count.
#pragma once

#include <cstdint>

#include "common/denormals.h"

namespace corenn {

int max_threads_allowed();  // a sanity cap on the caller's explicit count
int omp_thread_index();
int omp_thread_count();

// Calls body(begin, end) on `threads` threads over disjoint chunks covering [0, count).
template <typename Body>
void parallel_for(int threads, int64_t count, Body&& body) {
    if (count <= 0) return;
    if (threads > count) threads = static_cast<int>(count);
    if (threads <= 1) {
        DenormalsFlushed scope;
        body(int64_t{0}, count);
        return;
    }
#pragma omp parallel num_threads(threads)
    {
        DenormalsFlushed scope;
        int t = omp_thread_index();
        int n = omp_thread_count();
        int64_t begin = count * t / n;
        int64_t end = count * (t + 1) / n;
        if (begin < end) body(begin, end);
    }
}

}  // namespace corenn
