#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "reference/reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

struct ConvLstmCase {
    int t, b, cin, ch, h, w, kh, kw;
    bool bias, states;
};

void run_case(const ConvLstmCase& k, Isa isa, int threads, std::mt19937& rng) {
    const size_t plane = static_cast<size_t>(k.h) * k.w, state = static_cast<size_t>(k.b) * k.ch * plane;
    const auto x = random_floats(static_cast<size_t>(k.t) * k.b * k.cin * plane, -1, 1, rng);
    const auto w = random_floats(static_cast<size_t>(4) * k.ch * (k.cin + k.ch) * k.kh * k.kw, -0.3f, 0.3f, rng);
    const auto bias = random_floats(static_cast<size_t>(4) * k.ch, -0.5f, 0.5f, rng);
    const auto h0 = random_floats(state, -1, 1, rng), c0 = random_floats(state, -1, 1, rng);
    std::vector<float> want(static_cast<size_t>(k.t) * state);
    reference::convlstm2d(x.data(), w.data(), k.bias ? bias.data() : nullptr, k.states ? h0.data() : nullptr,
                          k.states ? c0.data() : nullptr, want.data(), k.t, k.b, k.cin, k.ch, k.h, k.w, k.kh, k.kw);
    corenn_convlstm2d_desc d{k.cin, k.ch, k.kh, k.kw};
    corenn_convlstm2d* op = nullptr;
    ASSERT_EQ(corenn_convlstm2d_create(&d, w.data(), k.bias ? bias.data() : nullptr, static_cast<int>(isa), &op),
              CORENN_OK)
        << corenn_last_error();
    std::vector<char> ws(corenn_convlstm2d_workspace_size(op, k.t, k.b, k.h, k.w) + 64);
    void* aligned = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(ws.data()) + 63) / 64 * 64);
    GuardedBuffer y(want.size()), hn(state), cn(state);
    ASSERT_EQ(corenn_convlstm2d_run(op, k.t, k.b, k.h, k.w, x.data(), k.states ? h0.data() : nullptr,
                                    k.states ? c0.data() : nullptr, y.data(), hn.data(), cn.data(), aligned, threads),
              CORENN_OK)
        << corenn_last_error();
    EXPECT_TRUE(y.guards_intact() && hn.guards_intact() && cn.guards_intact());
    const double tol = 2e-5 * std::log2(static_cast<double>((k.cin + k.ch) * k.kh * k.kw) + 2) * (k.t + 1);
    for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(y.data()[i], want[i], tol) << isa_label(isa, threads) << " at " << i;
    for (size_t i = 0; i < state; ++i) ASSERT_EQ(hn.data()[i], y.data()[(k.t - 1) * state + i]);
    corenn_convlstm2d_destroy(op);
}

TEST(ConvLstm2d, randomCases_everyIsaAndThreadCount_matchReference) {
    std::mt19937 rng(9);
    const ConvLstmCase cases[] = {{3, 2, 3, 5, 6, 7, 3, 3, true, false}, {2, 1, 1, 8, 5, 5, 5, 5, true, true},
                                  {4, 3, 2, 3, 4, 9, 3, 5, false, true}, {1, 1, 4, 1, 1, 1, 1, 1, true, false},
                                  {5, 1, 2, 9, 8, 3, 3, 1, true, true}};
    const int64_t live = corenn_live_allocations();
    for (const ConvLstmCase& k : cases)
        for (Isa isa : available_isas())
            for (int threads : kThreadCounts) run_case(k, isa, threads, rng);
    EXPECT_EQ(corenn_live_allocations(), live);
}

TEST(ConvLstm2d, badArguments_returnInvalidArgument) {
    std::vector<float> w(4 * 2 * 3 * 9, 0.1f);
    corenn_convlstm2d* op = nullptr;
    corenn_convlstm2d_desc even{1, 2, 2, 3};
    EXPECT_EQ(corenn_convlstm2d_create(&even, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("odd"), std::string::npos);
    corenn_convlstm2d_desc zero{0, 2, 3, 3};
    EXPECT_EQ(corenn_convlstm2d_create(&zero, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    corenn_convlstm2d_desc good{1, 2, 3, 3};
    EXPECT_EQ(corenn_convlstm2d_create(&good, nullptr, nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    ASSERT_EQ(corenn_convlstm2d_create(&good, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_OK);
    float x[4] = {}, y[8] = {};
    std::vector<char> ws(corenn_convlstm2d_workspace_size(op, 1, 1, 2, 2) + 64);
    EXPECT_EQ(corenn_convlstm2d_run(op, 1, 1, 0, 2, x, nullptr, nullptr, y, nullptr, nullptr, ws.data(), 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_convlstm2d_run(op, 1, 1, 2, 2, nullptr, nullptr, nullptr, y, nullptr, nullptr, ws.data(), 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_convlstm2d_run(op, 1, 1, 2, 2, x, nullptr, nullptr, y, nullptr, nullptr, nullptr, 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_convlstm2d_run(op, 1, 1, 2, 2, x, nullptr, nullptr, y, nullptr, nullptr, ws.data(), 0),
              CORENN_INVALID_ARGUMENT);
    corenn_convlstm2d_destroy(op);
}

}  // namespace
}  // namespace corenn::test
