#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "ops/helper_team.h"
#include "ops/phase_scheduler.h"

namespace corenn {
namespace {

// The caller runs index 0 itself; helpers that join get distinct indices below the team size,
// and every body that started has returned when run_with_helpers does.
TEST(HelperTeam, callerRunsIndexZero_helpersDistinct_allReturnedOnExit) {
    for (int team : {1, 2, 3, 8}) {
        for (int call = 0; call < 200; ++call) {
            std::vector<std::atomic<int>> calls(team);
            std::atomic<int> running{0};
            const std::thread::id caller = std::this_thread::get_id();
            bool caller_ran_zero = false;
            auto body = [&](int index) {
                running.fetch_add(1);
                ASSERT_GE(index, 0);
                ASSERT_LT(index, team);
                calls[index].fetch_add(1);
                if (index == 0) caller_ran_zero = std::this_thread::get_id() == caller;
                running.fetch_sub(1);
            };
            run_with_helpers(team, body);
            EXPECT_TRUE(caller_ran_zero) << team;
            EXPECT_EQ(running.load(), 0);
            for (int i = 0; i < team; ++i) EXPECT_LE(calls[i].load(), 1) << team << " " << i;
            EXPECT_EQ(calls[0].load(), 1);
        }
    }
}

// Many phases claimed by whoever runs: every chunk of every phase done exactly once, phases in
// order (a chunk of phase p starts only after all of phase p - 1 completed), home halves first.
TEST(HelperTeam, phaseScheduler_everyChunkOnce_phasesInOrder) {
    constexpr int kPhases = 300, kChunks = 7;
    for (int team : {2, 3}) {
        std::vector<std::atomic<int>> done(kPhases * kChunks);
        std::atomic<int> completed_before_start_violations{0};
        std::vector<std::atomic<int>> finished(kPhases);
        PhaseScheduler scheduler;
        scheduler.open_first(kChunks);
        auto body = [&](int index) {
            for (int p = 0; p < kPhases; ++p) {
                const auto run_claims = [&](bool steal) {
                    for (int chunk = 0; scheduler.claim(static_cast<uint32_t>(p), index % 2 == 1, steal, chunk);) {
                        if (p > 0 && finished[p - 1].load() != kChunks) completed_before_start_violations.fetch_add(1);
                        done[p * kChunks + chunk].fetch_add(1);
                        finished[p].fetch_add(1);
                        scheduler.complete(static_cast<uint32_t>(p), p + 1 < kPhases ? kChunks : 0);
                    }
                };
                scheduler.wait_open(static_cast<uint32_t>(p));
                run_claims(team > 2);
                if (!scheduler.wait_open_briefly(static_cast<uint32_t>(p + 1))) run_claims(true);
            }
        };
        run_with_helpers(team, body);
        for (auto& d : done) ASSERT_EQ(d.load(), 1);
        EXPECT_EQ(completed_before_start_violations.load(), 0);
    }
}

// Helpers of a thread that exits are stopped with it.
TEST(HelperTeam, callingThreadsExit_helpersStop) {
    for (int i = 0; i < 20; ++i) {
        std::atomic<int> sum{0};
        std::thread caller([&] {
            auto body = [&](int index) { sum.fetch_add(index + 1); };
            run_with_helpers(4, body);
        });
        caller.join();
        EXPECT_GE(sum.load(), 1);
    }
}

}  // namespace
}  // namespace corenn
