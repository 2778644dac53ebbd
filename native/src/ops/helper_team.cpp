#include "ops/helper_team.h"

#include <emmintrin.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace corenn {

namespace {

// About 0.5 ms of pause (15-100 ns each) after a job before sleeping: calls and layers follow each
// other within that, and a helper woken from sleep on a busy machine arrives milliseconds late.
constexpr int kSpinsBeforeSleep = 30000;
constexpr int kSpinsBeforeYield = 2000;  // the caller waiting for a helper still inside its body

// One calling thread's helpers and the job they may join. A job is published by bumping `posted`;
// a helper joins by incrementing `inside` and then checking `open`, the caller closes the job by
// clearing `open` and then waiting for `inside` to drop to zero. Both sides use sequentially
// consistent operations on the two flags, so a helper either sees the job closed and leaves, or
// the caller sees it inside and waits for it: no helper touches a job after run returns.
class Helpers {
public:
    ~Helpers() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : threads_) t.join();
    }

    void run(int team, HelperBody body, void* context) {
        while (static_cast<int>(threads_.size()) < team - 1) threads_.emplace_back([this] { serve(); });
        body_ = body;
        context_ = context;
        team_ = team;
        next_index_.store(1, std::memory_order_relaxed);
        open_.store(true, std::memory_order_seq_cst);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            posted_.fetch_add(1, std::memory_order_seq_cst);
        }
        if (sleeping_.load(std::memory_order_seq_cst) > 0) wake_.notify_all();
        body(context, 0);
        open_.store(false, std::memory_order_seq_cst);
        for (int spins = 0; inside_.load(std::memory_order_seq_cst) != 0; ++spins) {
            if (spins < kSpinsBeforeYield) _mm_pause();
            else std::this_thread::yield();
        }
    }

private:
    void serve() {
        uint64_t seen = 0;
        for (;;) {
            for (int spins = 0; posted_.load(std::memory_order_acquire) == seen && spins < kSpinsBeforeSleep; ++spins)
                _mm_pause();
            if (posted_.load(std::memory_order_acquire) == seen) {
                std::unique_lock<std::mutex> lock(mutex_);
                sleeping_.fetch_add(1, std::memory_order_seq_cst);
                wake_.wait(lock, [&] { return stop_ || posted_.load(std::memory_order_acquire) != seen; });
                sleeping_.fetch_sub(1, std::memory_order_relaxed);
                if (stop_) return;
            }
            seen = posted_.load(std::memory_order_acquire);
            inside_.fetch_add(1, std::memory_order_seq_cst);
            if (open_.load(std::memory_order_seq_cst)) {
                const int index = next_index_.fetch_add(1, std::memory_order_relaxed);
                if (index < team_) body_(context_, index);
            }
            inside_.fetch_sub(1, std::memory_order_seq_cst);
        }
    }

    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;  // guarded by mutex_
    HelperBody body_ = nullptr;
    void* context_ = nullptr;
    int team_ = 1;
    alignas(64) std::atomic<uint64_t> posted_{0};
    alignas(64) std::atomic<bool> open_{false};
    std::atomic<int> inside_{0};
    std::atomic<int> next_index_{1};
    std::atomic<int> sleeping_{0};
};

}  // namespace

void run_with_helpers(int team, HelperBody body, void* context) {
    if (team <= 1) {
        body(context, 0);
        return;
    }
    thread_local std::unique_ptr<Helpers> helpers;
    if (!helpers) helpers = std::make_unique<Helpers>();
    helpers->run(team, body, context);
}

}  // namespace corenn
