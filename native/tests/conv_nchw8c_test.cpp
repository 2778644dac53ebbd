// The channel-blocked layout NCHW8c (input_layout / output_layout): every listed problem in every
// layout combination against the NCHW reference, the fused epilogue with its padding lanes, the
// layout conversions, and which convs a model should chain on NCHW8c.
#include <gtest/gtest.h>

#include <random>

#include "conv_test_util.h"
#include "nchw8c_test_util.h"

namespace corenn::test {
namespace {

struct Layouts {
    int in, out;
};

bool nchw8c_supported(const corenn_conv2d_desc& d) {
    return d.groups == 1 || ((d.in_channels / d.groups) % 8 == 0 && (d.out_channels / d.groups) % 8 == 0);
}

// run_conv with x (and residual, y) in the given layouts, converted by the test's own code; y comes
// back as NCHW, and the padding lanes of a blocked y in *padding.
std::vector<float> run_conv_in_layouts(ConvProblem c, const ConvData& data, Layouts layouts, Isa isa, int threads,
                                       std::string* kernel, std::vector<float>* padding) {
    c.desc.input_layout = layouts.in;
    c.desc.output_layout = layouts.out;
    const Shapes s = shapes_of(c);
    const size_t in_plane = static_cast<size_t>(c.in_h) * c.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    const int out_channels = c.desc.out_channels;
    const bool blocked_out = layouts.out == CORENN_LAYOUT_NCHW8C;
    const std::vector<float> x =
        layouts.in == CORENN_LAYOUT_NCHW8C ? to_nchw8c(data.x, c.batch, c.desc.in_channels, in_plane) : data.x;
    const std::vector<float> residual =
        blocked_out ? to_nchw8c(data.residual, c.batch, out_channels, out_plane) : data.residual;
    corenn_conv2d* op = nullptr;
    EXPECT_EQ(corenn_conv2d_create(&c.desc, data.w.data(), data.bias.data(), static_cast<int>(isa), &op), CORENN_OK)
        << corenn_last_error() << " " << c.text;
    if (op == nullptr) return {};
    *kernel = corenn_conv2d_kernel(op);
    const size_t bytes = corenn_conv2d_workspace_size(op, c.batch, c.in_h, c.in_w);
    GuardedBuffer workspace((bytes + sizeof(float) - 1) / sizeof(float), 0.0f);
    GuardedBuffer y(blocked_out ? blocked_floats(c.batch, out_channels, out_plane) : s.y);
    EXPECT_EQ(corenn_conv2d_run(op, c.batch, c.in_h, c.in_w, x.data(),
                                c.desc.residual != CORENN_RESIDUAL_NONE ? residual.data() : nullptr, y.data(),
                                bytes > 0 ? workspace.data() : nullptr, threads),
              CORENN_OK)
        << corenn_last_error() << " " << c.text;
    EXPECT_TRUE(y.guards_intact()) << c.text << " " << isa_label(isa, threads);
    EXPECT_TRUE(workspace.guards_intact()) << c.text << " " << isa_label(isa, threads);
    corenn_conv2d_destroy(op);
    padding->clear();
    if (!blocked_out) return y.values();
    *padding = padding_lanes(y.values(), c.batch, out_channels, out_plane);
    return from_nchw8c(y.values(), c.batch, out_channels, out_plane);
}

constexpr Layouts kBlockedLayouts[] = {{CORENN_LAYOUT_NCHW8C, CORENN_LAYOUT_NCHW8C},
                                       {CORENN_LAYOUT_NCHW, CORENN_LAYOUT_NCHW8C},
                                       {CORENN_LAYOUT_NCHW8C, CORENN_LAYOUT_NCHW}};

TEST(Conv2dNchw8c, listedProblems_smallIntegers_everyLayoutIsaAndThreadCount_matchReferenceExactly) {
    const int64_t live_before = corenn_live_allocations();
    std::mt19937 rng(11);
    int covered = 0;
    for (const ConvProblem& c : test_problems()) {
        if (!nchw8c_supported(c.desc)) continue;
        ++covered;
        const ConvData data = integer_data(c, rng);
        const std::vector<float> want = reference_conv(c, data, true);
        for (Layouts layouts : kBlockedLayouts)
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts) {
                    std::string kernel;
                    std::vector<float> padding;
                    const std::vector<float> got = run_conv_in_layouts(c, data, layouts, isa, threads, &kernel, &padding);
                    ASSERT_NE(kernel.find("nchw8c"), std::string::npos) << c.text << " chose " << kernel;
                    ASSERT_EQ(got, want) << c.text << " layouts " << layouts.in << layouts.out << " "
                                         << isa_label(isa, threads);
                    ASSERT_EQ(padding, std::vector<float>(padding.size(), 0.0f)) << c.text;
                }
    }
    EXPECT_GE(covered, 30);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

// scale/shift, both residual modes and activations, exact; clip to [1, 5] maps 0 to 1, so the
// padding lanes stay zero only if the kernel masks them after the epilogue.
TEST(Conv2dNchw8c, fusedEpilogue_exact_andPaddingLanesStayZero) {
    std::mt19937 rng(12);
    for (const char* text : {"mb2ic5ih7iw9oc7kh3ph1", "mb1ic9ih6oc13kh3sh2ph1", "g2mb1ic16ih5oc16kh3ph1"}) {
        ConvProblem c = to_conv(Problem(text));
        const ConvData data = integer_data(c, rng);
        const ExactScaleShift folded = set_exact_scale_shift(c, rng);
        for_every_exact_epilogue(c, 1.0f, [&](int residual, int act) {
            const std::vector<float> want = reference_conv(c, data, true);
            for (Layouts layouts : kBlockedLayouts)
                for (Isa isa : available_isas())
                    for (int threads : kThreadCounts) {
                        std::string kernel;
                        std::vector<float> padding;
                        ASSERT_EQ(run_conv_in_layouts(c, data, layouts, isa, threads, &kernel, &padding), want)
                            << text << " residual " << residual << " act " << act << " " << isa_label(isa, threads);
                        ASSERT_EQ(padding, std::vector<float>(padding.size(), 0.0f)) << text << " act " << act;
                    }
        });
    }
}

TEST(Conv2dNchw8c, floatData_sigmoid_nearReference_bitIdenticalAcrossThreads_paddingZero) {
    std::mt19937 rng(13);
    for (const char* text : {"mb2ic6ih10iw14oc9kh3ph1", "mb1ic64ih12oc40kh3ph1", "mb3ic16ih1iw50oc17kh1kw3pw1"}) {
        ConvProblem c = to_conv(Problem(text));
        c.desc.residual = CORENN_RESIDUAL_BEFORE_ACTIVATION;
        c.desc.activation = {CORENN_ACT_SIGMOID, 0, 0};
        const Shapes s = shapes_of(c);
        const ConvData data{random_floats(s.x, -1, 1, rng), random_floats(s.w, -0.5f, 0.5f, rng),
                            random_floats(c.desc.out_channels, -0.5f, 0.5f, rng), random_floats(s.y, -1, 1, rng)};
        const std::vector<float> want = reference_conv(c, data, true);
        for (Isa isa : available_isas()) {
            std::string kernel;
            std::vector<float> padding;
            const Layouts blocked = kBlockedLayouts[0];
            const std::vector<float> one = run_conv_in_layouts(c, data, blocked, isa, 1, &kernel, &padding);
            ASSERT_EQ(padding, std::vector<float>(padding.size(), 0.0f)) << text;
            ASSERT_EQ(one, run_conv_in_layouts(c, data, blocked, isa, 2, &kernel, &padding)) << text;
            for (size_t i = 0; i < want.size(); ++i)
                ASSERT_NEAR(one[i], want[i], 1e-5 + 1e-5 * std::fabs(want[i])) << text << " " << isa_name(isa);
        }
    }
}

TEST(Conv2dNchw8c, layoutConvert_matchesNaiveConversion_andRoundTrips) {
    std::mt19937 rng(14);
    for (int channels : {1, 7, 8, 9, 17}) {
        const int batch = 2, h = 3, w = 5;
        const size_t plane = static_cast<size_t>(h) * w;
        const std::vector<float> x = random_floats(static_cast<size_t>(batch) * channels * plane, -1, 1, rng);
        ASSERT_EQ(corenn_layout_floats(CORENN_LAYOUT_NCHW8C, batch, channels, h, w),
                  blocked_floats(batch, channels, plane));
        for (int threads : kThreadCounts) {
            GuardedBuffer blocked(blocked_floats(batch, channels, plane), 99.0f);
            ASSERT_EQ(corenn_layout_convert(CORENN_LAYOUT_NCHW, CORENN_LAYOUT_NCHW8C, batch, channels, h, w, x.data(),
                                            blocked.data(), threads),
                      CORENN_OK);
            ASSERT_TRUE(blocked.guards_intact());
            ASSERT_EQ(blocked.values(), to_nchw8c(x, batch, channels, plane)) << channels;
            GuardedBuffer back(x.size());
            ASSERT_EQ(corenn_layout_convert(CORENN_LAYOUT_NCHW8C, CORENN_LAYOUT_NCHW, batch, channels, h, w,
                                            blocked.data(), back.data(), threads),
                      CORENN_OK);
            ASSERT_TRUE(back.guards_intact());
            ASSERT_EQ(back.values(), x) << channels;
        }
    }
    float one = 0;
    EXPECT_EQ(corenn_layout_convert(2, CORENN_LAYOUT_NCHW, 1, 1, 1, 1, &one, &one, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("from"), std::string::npos);
    EXPECT_EQ(corenn_layout_convert(0, 1, 1, -1, 1, 1, &one, &one, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_layout_convert(0, 1, 1, 1, 1, 1, nullptr, &one, 1), CORENN_INVALID_ARGUMENT);
}

TEST(Conv2dNchw8c, badLayouts_returnInvalidArgumentNamingTheReason) {
    const std::vector<float> w(64 * 64 * 9, 1.0f);
    auto create_error = [&](const char* text, int in_layout, int out_layout) {
        ConvProblem c = to_conv(Problem(text));
        c.desc.input_layout = in_layout;
        c.desc.output_layout = out_layout;
        corenn_conv2d* op = nullptr;
        EXPECT_EQ(corenn_conv2d_create(&c.desc, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
        EXPECT_EQ(op, nullptr);
        return std::string(corenn_last_error());
    };
    EXPECT_NE(create_error("ic8oc8kh3", 2, 0).find("input_layout"), std::string::npos);
    EXPECT_NE(create_error("ic8oc8kh3", 0, -1).find("output_layout"), std::string::npos);
    EXPECT_NE(create_error("g8ic8oc8kh3", 1, 1).find("multiples of 8"), std::string::npos);
    EXPECT_NE(create_error("g2ic12oc16kh3", 0, 1).find("NCHW8c"), std::string::npos);
}

// Which convs a model chains on NCHW8c: those NCHW would run as im2col, with >= 8 channels per group.
TEST(Conv2dNchw8c, prefersNchw8c_onlyWhereNchwWouldRunIm2col) {
    auto prefers = [](const char* text, Isa isa) {
        const ConvProblem c = to_conv(Problem(text));
        return corenn_conv2d_prefers_nchw8c(&c.desc, static_cast<int>(isa));
    };
    for (const char* text : {"ic16oc16kh3ph1sh2", "ic12oc12kh3ph1", "ic16oc16kh3ph2dh2", "g2ic16oc32kh3ph1",
                             "ic16oc16kh1sh2", "ic8oc16kh1kw3pw1"}) {
        EXPECT_EQ(prefers(text, Isa::generic), 0) << text;
        if (isa_best() >= Isa::avx2) {
            EXPECT_EQ(prefers(text, Isa::avx2), 1) << text;
        }
    }
    if (isa_best() >= Isa::avx2) {
        for (const char* text : {"ic16oc16kh3ph1", "ic16oc16kh1", "g8ic8oc8kh3ph1", "ic3oc16kh3sh2ph1", "g2ic12oc16kh3"})
            EXPECT_EQ(prefers(text, Isa::avx2), 0) << text;
    }
    EXPECT_EQ(corenn_conv2d_prefers_nchw8c(nullptr, CORENN_ISA_AUTO), 0);
    EXPECT_NE(std::string(corenn_last_error()).find("desc"), std::string::npos);
}

}  // namespace
}  // namespace corenn::test
