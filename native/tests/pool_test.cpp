#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "nchw8c_test_util.h"
#include "problem_list.h"
#include "reference/conv_reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

struct PoolProblem {
    corenn_pool2d_desc desc{};
    int batch = 1, channels = 1, in_h = 1, in_w = 1;
    std::string text;
};

PoolProblem to_pool(const Problem& p) {
    PoolProblem c;
    corenn_pool2d_desc& d = c.desc;
    d.kind = p.has("avg") ? CORENN_POOL_AVG : CORENN_POOL_MAX;
    d.global = p.has("global") ? 1 : 0;
    d.kernel_h = static_cast<int>(p.get("kh", 1));
    d.kernel_w = static_cast<int>(p.get_any({"kw", "kh"}, 1));
    d.stride_h = static_cast<int>(p.get("sh", d.kernel_h));
    d.stride_w = static_cast<int>(p.get_any({"sw", "sh"}, d.kernel_w));
    if (!p.has("sw") && !p.has("sh")) d.stride_w = d.kernel_w;
    d.dilation_h = static_cast<int>(p.get("dh", 1));
    d.dilation_w = static_cast<int>(p.get_any({"dw", "dh"}, 1));
    d.pad_top = static_cast<int>(p.get_any({"pt", "ph"}, 0));
    d.pad_bottom = static_cast<int>(p.get_any({"pb", "ph"}, 0));
    d.pad_left = static_cast<int>(p.get_any({"pl", "pw", "ph"}, 0));
    d.pad_right = static_cast<int>(p.get_any({"pr", "pw", "ph"}, 0));
    d.ceil_mode = p.has("ceil") ? 1 : 0;
    d.count_include_pad = p.has("incl") ? 1 : 0;
    c.batch = static_cast<int>(p.get("mb", 1));
    c.channels = static_cast<int>(p.get("ic", 1));
    c.in_h = static_cast<int>(p.get("ih", 1));
    c.in_w = static_cast<int>(p.get_any({"iw", "ih"}, 1));
    c.text = p.text();
    return c;
}

std::vector<float> run_pool(const PoolProblem& c, const std::vector<float>& x, Isa isa, int threads) {
    int out_h = 0, out_w = 0;
    EXPECT_EQ(corenn_pool2d_output_shape(&c.desc, c.in_h, c.in_w, &out_h, &out_w), CORENN_OK) << corenn_last_error();
    corenn_pool2d* op = nullptr;
    EXPECT_EQ(corenn_pool2d_create(&c.desc, static_cast<int>(isa), &op), CORENN_OK) << corenn_last_error();
    if (op == nullptr) return {};
    const size_t bytes = corenn_pool2d_workspace_size(op, c.in_h, c.in_w);
    GuardedBuffer workspace((bytes + 3) / 4, 0.0f);
    GuardedBuffer y(static_cast<size_t>(c.batch) * c.channels * out_h * out_w);
    EXPECT_EQ(corenn_pool2d_run(op, c.batch, c.channels, c.in_h, c.in_w, x.data(), y.data(), workspace.data(), threads),
              CORENN_OK)
        << corenn_last_error();
    EXPECT_TRUE(y.guards_intact()) << c.text << " " << isa_label(isa, threads);
    EXPECT_TRUE(workspace.guards_intact()) << c.text << " " << isa_label(isa, threads);
    corenn_pool2d_destroy(op);
    return y.values();
}

std::vector<float> reference_pool(const PoolProblem& c, const std::vector<float>& x) {
    int out_h = 0, out_w = 0;
    EXPECT_EQ(corenn_pool2d_output_shape(&c.desc, c.in_h, c.in_w, &out_h, &out_w), CORENN_OK);
    std::vector<float> want(static_cast<size_t>(c.batch) * c.channels * out_h * out_w);
    reference::pool2d(c.desc, c.batch, c.channels, c.in_h, c.in_w, x.data(), want.data());
    return want;
}

TEST(Pool2d, listedProblems_integers_everyIsaAndThreadCount_matchReferenceExactly) {
    const int64_t live_before = corenn_live_allocations();
    std::mt19937 rng(11);
    for (const Problem& p : read_problem_list("pool2d.txt")) {
        if (p.has("bench")) continue;
        const PoolProblem c = to_pool(p);
        int out_h = 0, out_w = 0;
        ASSERT_EQ(corenn_pool2d_output_shape(&c.desc, c.in_h, c.in_w, &out_h, &out_w), CORENN_OK)
            << c.text << ": " << corenn_last_error();
        ASSERT_EQ(out_h, p.get("oh", out_h)) << c.text;
        ASSERT_EQ(out_w, p.get_any({"ow", "oh"}, out_w)) << c.text;
        // All-negative inputs for max: padding that leaked in as 0 would win every border window.
        const std::vector<float> x = c.desc.kind == CORENN_POOL_MAX
                                         ? random_ints(static_cast<size_t>(c.batch) * c.channels * c.in_h * c.in_w, -60, -1, rng)
                                         : random_ints(static_cast<size_t>(c.batch) * c.channels * c.in_h * c.in_w, -9, 9, rng);
        const std::vector<float> want = reference_pool(c, x);
        ASSERT_LT(zero_fraction(want), 0.3) << c.text;
        for (Isa isa : available_isas())
            for (int threads : kThreadCounts)
                ASSERT_EQ(run_pool(c, x, isa, threads), want) << c.text << " " << isa_label(isa, threads);
    }
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

TEST(Pool2d, ceilMode_lastWindowStartingInRightPadding_isDropped) {
    // PyTorch: 5 wide, kernel 2, stride 2, pad 1, ceil -> 3 (a 4th window would start in the padding).
    const PoolProblem c = to_pool(Problem("max_mb1ic1ih5kh2sh2ph1ceil"));
    int out_h = 0, out_w = 0;
    ASSERT_EQ(corenn_pool2d_output_shape(&c.desc, 5, 5, &out_h, &out_w), CORENN_OK);
    EXPECT_EQ(out_h, 3);
    EXPECT_EQ(out_w, 3);
    const PoolProblem floor_mode = to_pool(Problem("max_mb1ic1ih8kh3sh2"));
    ASSERT_EQ(corenn_pool2d_output_shape(&floor_mode.desc, 8, 8, &out_h, &out_w), CORENN_OK);
    EXPECT_EQ(out_h, 3);
    const PoolProblem ceil_mode = to_pool(Problem("max_mb1ic1ih8kh3sh2ceil"));
    ASSERT_EQ(corenn_pool2d_output_shape(&ceil_mode.desc, 8, 8, &out_h, &out_w), CORENN_OK);
    EXPECT_EQ(out_h, 4);
}

TEST(Pool2d, avgFloatData_everyIsa_identical_andNearReference) {
    std::mt19937 rng(12);
    for (const char* text : {"avg_mb2ic9ih15kh3sh2ph1ceilincl", "avg_mb1ic4ih9global", "avg_mb1ic3ih12kh2"}) {
        const PoolProblem c = to_pool(Problem(text));
        const std::vector<float> x = random_floats(static_cast<size_t>(c.batch) * c.channels * c.in_h * c.in_w, -1, 1, rng);
        const std::vector<float> want = reference_pool(c, x);
        const std::vector<float> generic = run_pool(c, x, Isa::generic, 1);
        for (Isa isa : available_isas()) ASSERT_EQ(run_pool(c, x, isa, 2), generic) << text << " " << isa_name(isa);
        for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(generic[i], want[i], 1e-6) << text;
    }
}

TEST(Pool2d, maxPropagatesNaN_andIgnoresPadding) {
    const PoolProblem c = to_pool(Problem("max_mb1ic2ih6kh3sh1ph1"));
    std::vector<float> x(2 * 36, -5.0f);
    x[14] = NAN;
    for (Isa isa : available_isas()) {
        const std::vector<float> y = run_pool(c, x, isa, 1);
        for (int oh = 0; oh < 6; ++oh)
            for (int ow = 0; ow < 6; ++ow) {
                const bool sees_nan = std::abs(oh - 2) <= 1 && std::abs(ow - 2) <= 1;
                const float v = y[oh * 6 + ow];
                if (sees_nan) EXPECT_TRUE(std::isnan(v)) << oh << "," << ow << " " << isa_name(isa);
                else EXPECT_EQ(v, -5.0f) << oh << "," << ow << " " << isa_name(isa);
            }
        for (int i = 36; i < 72; ++i) EXPECT_EQ(y[i], -5.0f);
    }
}

TEST(Pool2d, badArguments_returnInvalidArgumentNamingTheParameter_andLeakNothing) {
    const int64_t live_before = corenn_live_allocations();
    const corenn_pool2d_desc good = to_pool(Problem("max_kh3sh2ph1")).desc;
    auto expect_error = [&](corenn_pool2d_desc d, const char* word) {
        corenn_pool2d* op = reinterpret_cast<corenn_pool2d*>(0x1);
        EXPECT_EQ(corenn_pool2d_create(&d, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT) << word;
        EXPECT_EQ(op, nullptr);
        EXPECT_NE(std::string(corenn_last_error()).find(word), std::string::npos) << corenn_last_error();
    };
    corenn_pool2d_desc d = good;
    d.kind = 2;
    expect_error(d, "kind");
    d = good;
    d.kernel_w = 0;
    expect_error(d, "kernel");
    d = good;
    d.stride_h = 0;
    expect_error(d, "stride");
    d = good;
    d.pad_left = 2;
    expect_error(d, "pads");
    d = good;
    d.kind = CORENN_POOL_AVG;
    d.dilation_h = 2;
    expect_error(d, "dilation");
    d = good;
    d.ceil_mode = 5;
    expect_error(d, "ceil_mode");
    d = good;
    d.count_include_pad = -1;
    expect_error(d, "count_include_pad");
    int oh = 0, ow = 0;
    d = to_pool(Problem("max_kh5")).desc;
    EXPECT_EQ(corenn_pool2d_output_shape(&d, 3, 9, &oh, &ow), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("does not fit"), std::string::npos);

    corenn_pool2d* op = nullptr;
    ASSERT_EQ(corenn_pool2d_create(&good, CORENN_ISA_AUTO, &op), CORENN_OK);
    std::vector<float> x(2 * 3 * 8 * 8), y(2 * 3 * 4 * 4);
    std::vector<char> workspace(corenn_pool2d_workspace_size(op, 8, 8));
    EXPECT_EQ(corenn_pool2d_run(op, 2, 3, 8, 8, x.data(), y.data(), workspace.data(), 0), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("threads"), std::string::npos);
    EXPECT_EQ(corenn_pool2d_run(op, 2, 3, 8, 8, x.data(), y.data(), nullptr, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("workspace"), std::string::npos);
    EXPECT_EQ(corenn_pool2d_run(op, -1, 3, 8, 8, x.data(), y.data(), workspace.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_pool2d_run(op, 2, 3, 8, 8, nullptr, y.data(), workspace.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_pool2d_run(op, 2, 3, 0, 8, x.data(), y.data(), workspace.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_pool2d_run(op, 2, 3, 8, 8, x.data(), y.data(), workspace.data(), 2), CORENN_OK);
    corenn_pool2d_destroy(op);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

// The NCHW8c layout: every listed problem (and float data for average) gives exactly the NCHW
// result, with the padding lanes left zero.
TEST(Pool2dNchw8c, listedProblems_matchNchwExactly_everyIsaAndThreadCount_paddingLanesZero) {
    std::mt19937 rng(21);
    for (const Problem& p : read_problem_list("pool2d.txt")) {
        if (p.has("bench")) continue;
        PoolProblem c = to_pool(p);
        int out_h = 0, out_w = 0;
        ASSERT_EQ(corenn_pool2d_output_shape(&c.desc, c.in_h, c.in_w, &out_h, &out_w), CORENN_OK);
        const size_t in_plane = static_cast<size_t>(c.in_h) * c.in_w, out_plane = static_cast<size_t>(out_h) * out_w;
        const size_t count = static_cast<size_t>(c.batch) * c.channels * in_plane;
        const std::vector<float> x = c.desc.kind == CORENN_POOL_MAX ? random_ints(count, -60, -1, rng)
                                                                     : random_floats(count, -1, 1, rng);
        const std::vector<float> want = run_pool(c, x, Isa::generic, 1);
        c.desc.layout = CORENN_LAYOUT_NCHW8C;
        const std::vector<float> xb = to_nchw8c(x, c.batch, c.channels, in_plane);
        for (Isa isa : available_isas())
            for (int threads : kThreadCounts) {
                corenn_pool2d* op = nullptr;
                ASSERT_EQ(corenn_pool2d_create(&c.desc, static_cast<int>(isa), &op), CORENN_OK) << corenn_last_error();
                EXPECT_NE(std::string(corenn_pool2d_kernel(op)).find("nchw8c"), std::string::npos);
                std::vector<char> workspace(corenn_pool2d_workspace_size(op, c.in_h, c.in_w));
                GuardedBuffer y(blocked_floats(c.batch, c.channels, out_plane), 5.0f);
                ASSERT_EQ(corenn_pool2d_run(op, c.batch, c.channels, c.in_h, c.in_w, xb.data(), y.data(),
                                            workspace.data(), threads),
                          CORENN_OK)
                    << corenn_last_error();
                corenn_pool2d_destroy(op);
                ASSERT_TRUE(y.guards_intact()) << c.text;
                ASSERT_EQ(from_nchw8c(y.values(), c.batch, c.channels, out_plane), want) << c.text << " "
                                                                                         << isa_label(isa, threads);
                const std::vector<float> padding = padding_lanes(y.values(), c.batch, c.channels, out_plane);
                ASSERT_EQ(padding, std::vector<float>(padding.size(), 0.0f)) << c.text;
            }
    }
}

TEST(Pool2dNchw8c, badLayout_isRejected) {
    corenn_pool2d_desc d{};
    d.kind = CORENN_POOL_MAX;
    d.kernel_h = d.kernel_w = d.stride_h = d.stride_w = d.dilation_h = d.dilation_w = 2;
    d.layout = 3;
    corenn_pool2d* op = nullptr;
    EXPECT_EQ(corenn_pool2d_create(&d, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("layout"), std::string::npos);
}

}  // namespace
}  // namespace corenn::test
