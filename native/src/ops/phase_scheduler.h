// Hands out the work of a recurrent layer's phases (one or more per timestep) to a team of threads
// without a barrier between phases. A phase opens when every chunk of the previous one is complete;
// threads claim its chunks one at a time, thread 0 from the front and thread 1 from the back. Each
// of the two has a home half and first claims only there (and the other half only while its owner
// has claimed nothing in this phase), so with both running each keeps the same half of the weights
// in its own L2 step after step. A thread that the OS has descheduled claims nothing: the other one
// takes all the chunks and moves on, so a step does not wait for a thread that is not running. A
// thread whose peer started but stalls (preempted inside the phase) takes the rest after a bounded
// wait. Which thread computes a chunk never changes its result.
#pragma once

#include <emmintrin.h>

#include <atomic>
#include <cstdint>
#include <thread>

namespace corenn {

class PhaseScheduler {
public:
    // Opens phase 0 with `chunks` chunks (at most 65535). Call before the team starts.
    void open_first(int chunks) {
        remaining_.store(chunks, std::memory_order_relaxed);
        chunks_.store(static_cast<uint32_t>(chunks), std::memory_order_relaxed);
        word_.store(pack(0, 0, static_cast<uint32_t>(chunks)), std::memory_order_release);
    }

    // Waits until `phase` is open (or already past): a bounded spin, then yielding the core, since
    // on a busy machine the chunk we wait for may belong to a thread that needs this core to finish.
    void wait_open(uint32_t phase) const {
        for (int spins = 0; !is_open(phase); ++spins) {
            if (spins < kSpinsBeforeYield) _mm_pause();
            else std::this_thread::yield();
        }
    }

    // Spins until `phase` is open, at most kSpinsBeforeSteal pauses; true if it opened.
    bool wait_open_briefly(uint32_t phase) const {
        for (int spins = 0; spins < kSpinsBeforeSteal; ++spins) {
            if (is_open(phase)) return true;
            _mm_pause();
        }
        return is_open(phase);
    }

    // Claims the next chunk of `phase`, from the back for odd threads; false when none is left for
    // this thread. Without `steal`, a chunk of the other half only while its owner has claimed none.
    bool claim(uint32_t phase, bool from_back, bool steal, int& chunk) {
        uint64_t w = word_.load(std::memory_order_acquire);
        for (;;) {
            const uint32_t front = (w >> 16) & 0xffff, back = w & 0xffff;
            if (phase_of(w) != phase || front >= back) return false;
            // A stale count (the phase moved on meanwhile) only makes this claim fail or decline.
            const uint32_t end = chunks_.load(std::memory_order_relaxed), half = end / 2;
            if (!steal && (from_back ? back <= half && front != 0 : front >= half && back != end)) return false;
            const uint64_t next = from_back ? pack(phase, front, back - 1) : pack(phase, front + 1, back);
            if (word_.compare_exchange_weak(w, next, std::memory_order_acq_rel, std::memory_order_acquire)) {
                chunk = static_cast<int>(from_back ? back - 1 : front);
                return true;
            }
        }
    }

    // Marks one claimed chunk of `phase` done; the last one opens phase + 1 with `next_chunks`. The
    // release publishes every thread's results of `phase` to whoever then works on phase + 1.
    void complete(uint32_t phase, int next_chunks) {
        if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            remaining_.store(next_chunks, std::memory_order_relaxed);
            chunks_.store(static_cast<uint32_t>(next_chunks), std::memory_order_relaxed);
            word_.store(pack(phase + 1, 0, static_cast<uint32_t>(next_chunks)), std::memory_order_release);
        }
    }

private:
    static constexpr int kSpinsBeforeYield = 2000;  // ~20-100 us of pause: a chunk in flight
    static constexpr int kSpinsBeforeSteal = 500;   // ~5-25 us: a running peer claims well within it
    bool is_open(uint32_t phase) const {
        return static_cast<int32_t>(phase_of(word_.load(std::memory_order_acquire)) - phase) >= 0;
    }
    static uint64_t pack(uint32_t phase, uint32_t front, uint32_t back) {
        return (static_cast<uint64_t>(phase) << 32) | (front << 16) | back;
    }
    static uint32_t phase_of(uint64_t w) { return static_cast<uint32_t>(w >> 32); }

    alignas(64) std::atomic<uint64_t> word_{0};  // phase << 32 | next front chunk << 16 | end of back
    alignas(64) std::atomic<int> remaining_{0};  // chunks of the open phase not yet complete
    std::atomic<uint32_t> chunks_{0};            // chunks of the open phase
};

}  // namespace corenn
