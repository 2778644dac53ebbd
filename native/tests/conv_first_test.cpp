// The first-layer path (groups 1, 1..4 input channels): the listed problems of that shape through
// f32_conv2d_first at every ISA level (forced with CORENN_CONV_FIRST=own where the measured rule
// would choose im2col or depthwise), every epilogue variant, and the choice rule itself.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "conv_test_util.h"
#include "test_util.h"

namespace corenn::test {
namespace {

// Sets CORENN_CONV_FIRST for one scope.
struct FirstLayerPath {
    explicit FirstLayerPath(const char* path) { setenv("CORENN_CONV_FIRST", path, 1); }
    ~FirstLayerPath() { unsetenv("CORENN_CONV_FIRST"); }
};

bool is_unpadded_1x1(const corenn_conv2d_desc& d) {
    return d.kernel_h == 1 && d.kernel_w == 1 && d.pad_top == 0 && d.pad_left == 0 && d.pad_bottom == 0 &&
           d.pad_right == 0;
}

// The listed problems the first-layer kernel takes when forced (unpadded 1x1 convs go to the 1x1 paths first).
std::vector<ConvProblem> first_layer_problems() {
    std::vector<ConvProblem> out;
    for (const ConvProblem& c : test_problems())
        if (c.desc.groups == 1 && c.desc.in_channels <= 4 && !is_unpadded_1x1(c.desc)) out.push_back(c);
    return out;
}

struct Variant {
    int residual, activation;
};

// Each specialised epilogue of the AVX2 kernel (linear, relu, relu6) and the general one with
// both residual positions; leaky relu's 0.5 and clip's bounds keep the integer data exact.
constexpr Variant kVariants[] = {
    {CORENN_RESIDUAL_NONE, CORENN_ACT_IDENTITY},
    {CORENN_RESIDUAL_NONE, CORENN_ACT_RELU},
    {CORENN_RESIDUAL_NONE, CORENN_ACT_RELU6},
    {CORENN_RESIDUAL_NONE, CORENN_ACT_LEAKY_RELU},
    {CORENN_RESIDUAL_BEFORE_ACTIVATION, CORENN_ACT_RELU},
    {CORENN_RESIDUAL_AFTER_ACTIVATION, CORENN_ACT_CLIP},
};

TEST(Conv2dFirstLayer, listedProblems_everyEpilogue_everyIsaAndThreadCount_matchReferenceExactly) {
    const FirstLayerPath own("own");
    const int64_t live_before = corenn_live_allocations();
    std::mt19937 rng(31);
    int checked = 0;
    for (ConvProblem c : first_layer_problems()) {
        const ConvData data = integer_data(c, rng);
        const std::vector<float> scale = random_ints(c.desc.out_channels, -2, 2, rng);
        const std::vector<float> shift = nonzero_ints(c.desc.out_channels, rng);
        for (const Variant& v : kVariants) {
            const bool plain = v.residual == CORENN_RESIDUAL_NONE && v.activation == CORENN_ACT_IDENTITY;
            c.desc.scale = plain ? nullptr : scale.data();
            c.desc.shift = plain ? nullptr : shift.data();
            c.desc.residual = v.residual;
            c.desc.activation = {v.activation, v.activation == CORENN_ACT_CLIP ? -4.0f : 0.5f, 5.0f};
            const std::vector<float> want = reference_conv(c, data, true);
            if (plain) {
                ASSERT_LT(zero_fraction(want), 0.3) << c.text;  // the activations zero many of the others
            }
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts) {
                    std::string kernel;
                    ASSERT_EQ(run_conv(c, data, true, isa, threads, &kernel), want)
                        << c.text << " residual " << v.residual << " act " << v.activation << " "
                        << isa_label(isa, threads) << " " << kernel;
                    ASSERT_NE(kernel.find("f32-conv2d-first"), std::string::npos) << c.text << " chose " << kernel;
                }
            ++checked;
        }
    }
    EXPECT_GE(checked, 6 * 20);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

// Float data: the sum order is fixed per output, so any thread count gives the same bits; the
// smooth activations stay near the double-precision reference.
TEST(Conv2dFirstLayer, floatData_smoothActivations_nearReference_andBitIdenticalAcrossThreads) {
    const FirstLayerPath own("own");
    std::mt19937 rng(32);
    for (const char* text : {"mb2ic3ih37iw45oc32kh3sh2ph1", "mb1ic3ih29iw35oc19kh7sh2ph3", "mb3ic1ih20iw26oc9kh5ph2",
                             "mb1ic4ih18iw33oc6kh3dh2pt2pl1pb0pr2"}) {
        ConvProblem c = to_conv(Problem(text));
        const Shapes s = shapes_of(c);
        const ConvData data{random_floats(s.x, -1, 1, rng), random_floats(s.w, -0.5f, 0.5f, rng),
                            random_floats(c.desc.out_channels, -0.5f, 0.5f, rng), random_floats(s.y, -1, 1, rng)};
        const std::vector<float> scale = random_floats(c.desc.out_channels, 0.5f, 1.5f, rng);
        c.desc.scale = scale.data();
        c.desc.residual = CORENN_RESIDUAL_BEFORE_ACTIVATION;
        for (int act : {CORENN_ACT_SIGMOID, CORENN_ACT_TANH, CORENN_ACT_HARDSWISH}) {
            c.desc.activation = {act, 0, 0};
            const std::vector<float> want = reference_conv(c, data, true);
            for (Isa isa : available_isas()) {
                std::string kernel;
                const std::vector<float> one = run_conv(c, data, true, isa, 1, &kernel);
                ASSERT_NE(kernel.find("f32-conv2d-first"), std::string::npos) << text << " chose " << kernel;
                ASSERT_EQ(one, run_conv(c, data, true, isa, 2)) << text << " " << isa_name(isa);
                for (size_t i = 0; i < want.size(); ++i)
                    ASSERT_NEAR(one[i], want[i], 1e-5 + 1e-5 * std::fabs(want[i])) << text << " act " << act;
            }
        }
    }
}

std::string kernel_of(const char* text, Isa isa) {
    const ConvProblem c = to_conv(Problem(text));
    const std::vector<float> w(static_cast<size_t>(c.desc.out_channels) * c.desc.in_channels * c.desc.kernel_h *
                                   c.desc.kernel_w,
                               1.0f);
    corenn_conv2d* op = nullptr;
    EXPECT_EQ(corenn_conv2d_create(&c.desc, w.data(), nullptr, static_cast<int>(isa), &op), CORENN_OK);
    std::string name = corenn_conv2d_kernel(op);
    corenn_conv2d_destroy(op);
    return name;
}

TEST(Conv2dFirstLayer, kernelChoice_stemsTakeIt_otherShapesKeepTheirPaths) {
    const std::string im2col_generic = "conv2d-im2col-sgemm+f32-conv-epilogue-scalar";
    // The generic level keeps im2col (OpenBLAS's SIMD beats the scalar loop) unless forced.
    EXPECT_EQ(kernel_of("ic3oc32ih224kh3sh2ph1", Isa::generic), im2col_generic);
    {
        const FirstLayerPath own("own");
        EXPECT_EQ(kernel_of("ic3oc32ih224kh3sh2ph1", Isa::generic), "f32-conv2d-first-scalar");
        EXPECT_EQ(kernel_of("ic1oc1kh3ph1", Isa::generic), "f32-conv2d-first-scalar");
    }
    // Outside the conditions: 5 channels, groups, a stride over 8, an unpadded 1x1.
    EXPECT_EQ(kernel_of("ic5oc8kh3ph1", Isa::generic), im2col_generic);
    EXPECT_EQ(kernel_of("g2ic4oc8kh3ph1", Isa::generic), im2col_generic);
    EXPECT_EQ(kernel_of("ic3oc8kh3sh9", Isa::generic), im2col_generic);
    EXPECT_EQ(kernel_of("ic3oc8kh1", Isa::generic), "conv2d-1x1-sgemm+f32-conv-epilogue-scalar");
    if (isa_best() >= Isa::avx2) {
        const std::string first = "f32-conv2d-first-4x24-avx2";
        EXPECT_EQ(kernel_of("ic3oc32ih224kh3sh2ph1", Isa::avx2), first);
        EXPECT_EQ(kernel_of("ic3oc64ih224kh7sh2ph3", Isa::avx2), first);
        EXPECT_EQ(kernel_of("ic1oc8kh5ph2", Isa::avx2), first);
        EXPECT_EQ(kernel_of("ic4oc5kh3dh2ph2", Isa::avx2), first);
        // One input channel and fewer than 4 outputs: the depthwise kernel (multiplier 1 or 2) wins.
        EXPECT_EQ(kernel_of("ic1oc2kh3ph1", Isa::avx2), "f32-dwconv2d-8w-avx2");
        // More than 256 taps: sgemm's long K wins.
        EXPECT_EQ(kernel_of("ic3oc96kh11sh4", Isa::avx2), "conv2d-im2col-sgemm+f32-conv-epilogue-8x-avx2");
        const FirstLayerPath off("off");
        EXPECT_EQ(kernel_of("ic3oc32ih224kh3sh2ph1", Isa::avx2), "conv2d-im2col-sgemm+f32-conv-epilogue-8x-avx2");
        EXPECT_EQ(kernel_of("ic1oc8kh5ph2", Isa::avx2), "f32-dwconv2d-8w-avx2");
    }
    if (isa_best() >= Isa::avx512) {
        // The AVX-512 kernel also wins AlexNet's long K and a single output plane.
        const std::string first = "f32-conv2d-first-8x48-avx512";
        EXPECT_EQ(kernel_of("ic3oc32ih224kh3sh2ph1", Isa::avx512), first);
        EXPECT_EQ(kernel_of("ic3oc96kh11sh4", Isa::avx512), first);
        EXPECT_EQ(kernel_of("ic1oc1kh3ph1", Isa::avx512), first);
    }
}

}  // namespace
}  // namespace corenn::test
