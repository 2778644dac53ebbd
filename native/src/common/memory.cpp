#include "common/memory.h"

#include <sys/mman.h>

#include <atomic>
#include <cstdlib>

#include "common/error.h"

namespace corenn {

namespace {
std::atomic<int64_t> live{0};

// Buffers of 2 MiB and more (recurrent input projections, workspaces, model arenas) start on a
// 2 MiB boundary and ask for transparent huge pages: with 4 KiB pages a 13 MB buffer streamed
// every call misses the TLB on every page, and its cache-set placement changes from process to
// process (the same LSTM b32 call measured 23 or 35 ms depending on the JVM run). Where THP is
// "never" the advice is ignored and nothing else changes.
constexpr size_t kHugePage = size_t{2} << 20;
}

void* aligned_alloc_bytes(size_t bytes) {
    // Round up: std::aligned_alloc wants a multiple of the alignment, and 0 must still be freeable.
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    if (rounded < bytes) fail(CORENN_OUT_OF_MEMORY, "cannot allocate %zu bytes", bytes);
    const bool huge = rounded >= kHugePage;
    if (huge) {
        rounded = (rounded + kHugePage - 1) / kHugePage * kHugePage;
        if (rounded < bytes) fail(CORENN_OUT_OF_MEMORY, "cannot allocate %zu bytes", bytes);
    }
    void* p = std::aligned_alloc(huge ? kHugePage : kAlignment, rounded == 0 ? kAlignment : rounded);
    if (p == nullptr) fail(CORENN_OUT_OF_MEMORY, "cannot allocate %zu bytes", bytes);
    if (huge) madvise(p, rounded, MADV_HUGEPAGE);
    live.fetch_add(1, std::memory_order_relaxed);
    return p;
}

void aligned_free(void* p) {
    if (p == nullptr) return;
    std::free(p);
    live.fetch_sub(1, std::memory_order_relaxed);
}

void count_live(int delta) { live.fetch_add(delta, std::memory_order_relaxed); }
int64_t live_allocations() { return live.load(std::memory_order_relaxed); }

}  // namespace corenn
