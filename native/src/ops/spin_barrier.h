// A barrier for the per-timestep hand-off between threads of one recurrent layer. A step takes
// microseconds, so waiting threads spin (with pause) and only after many spins yield the core;
// they never sleep in the OS, whose wake-up alone would cost more than a step.
#pragma once

#include <emmintrin.h>

#include <atomic>
#include <thread>

namespace corenn {

class SpinBarrier {
public:
    void reset(int threads) {
        threads_ = threads;
        arrived_.store(0, std::memory_order_relaxed);
    }

    void wait() {
        const unsigned generation = generation_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == threads_) {
            arrived_.store(0, std::memory_order_relaxed);
            generation_.fetch_add(1, std::memory_order_release);
            return;
        }
        for (int spins = 0; generation_.load(std::memory_order_acquire) == generation; ++spins) {
            if (spins < kSpinsBeforeYield) _mm_pause();
            else std::this_thread::yield();
        }
    }

private:
    static constexpr int kSpinsBeforeYield = 1000;  // 10-50 us of pause instructions: a few steps
    alignas(64) std::atomic<int> arrived_{0};
    alignas(64) std::atomic<unsigned> generation_{0};
    int threads_ = 1;
};

}  // namespace corenn
