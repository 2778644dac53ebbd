#include "common/memory.h"

#include <atomic>
#include <cstdlib>

#include "common/error.h"

namespace corenn {

namespace {
std::atomic<int64_t> live{0};
}

void* aligned_alloc_bytes(size_t bytes) {
    // Round up: std::aligned_alloc wants a multiple of the alignment, and 0 must still be freeable.
    size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    if (rounded < bytes) fail(CORENN_OUT_OF_MEMORY, "cannot allocate %zu bytes", bytes);
    void* p = std::aligned_alloc(kAlignment, rounded == 0 ? kAlignment : rounded);
    if (p == nullptr) fail(CORENN_OUT_OF_MEMORY, "cannot allocate %zu bytes", bytes);
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
