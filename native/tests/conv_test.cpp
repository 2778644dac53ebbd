#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "conv_test_util.h"
#include "test_util.h"

namespace corenn::test {
namespace {

// oneDNN's acceptance bound for Winograd against direct convolution.
constexpr double kWinogradMaxError = 2e-5;

double relative_l2_error(const std::vector<float>& got, const std::vector<float>& want) {
    double error = 0, norm = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        error += (static_cast<double>(got[i]) - want[i]) * (static_cast<double>(got[i]) - want[i]);
        norm += static_cast<double>(want[i]) * want[i];
    }
    return norm == 0 ? std::sqrt(error) : std::sqrt(error / norm);
}

TEST(Conv2d, listedProblems_smallIntegers_everyIsaAndThreadCount_matchReferenceExactly) {
    const int64_t live_before = corenn_live_allocations();
    std::mt19937 rng(3);
    for (const ConvProblem& c : test_problems()) {
        const Shapes s = shapes_of(c);
        const Problem listed(c.text);
        ASSERT_EQ(s.out_h, listed.get("oh", s.out_h)) << c.text;
        ASSERT_EQ(s.out_w, listed.get_any({"ow", "oh"}, s.out_w)) << c.text;
        const ConvData data = integer_data(c, rng);
        for (bool with_bias : {true, false}) {
            const std::vector<float> want = reference_conv(c, data, with_bias);
            if (with_bias) {
                ASSERT_LT(zero_fraction(want), 0.3) << c.text;
            }
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts) {
                    std::string kernel;
                    const std::vector<float> got = run_conv(c, data, with_bias, isa, threads, &kernel);
                    // Winograd's transforms round (1/6, 1/24...): it gets the error bound instead.
                    if (kernel.find("winograd") != std::string::npos) {
                        ASSERT_LE(relative_l2_error(got, want), kWinogradMaxError) << c.text << " " << kernel;
                    } else {
                        ASSERT_EQ(got, want) << c.text << (with_bias ? " bias " : " no bias ") << isa_label(isa, threads);
                    }
                }
        }
    }
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

// 3x3 stride-1 problems with >= 16 channels take the Winograd path: float data, every edge of
// the 4x4 tiling (sizes 1..4 mod 4, asymmetric pads, a kernel larger than the input), blocks of
// several small images (a batch split across blocks) and of tile rows of one large image,
// the residual + relu epilogue; the error against the double-precision direct reference stays
// within oneDNN's bound, and the result is bit-identical for any thread count (a single block split
// between the threads, as for batch 1 of a small plane, or whole blocks per thread).
TEST(Conv2d, winograd_floatData_relativeL2ErrorWithinBound_andIdenticalAcrossThreads) {
    std::mt19937 rng(6);
    for (const char* text : {"mb2ic16ih9oc16kh3ph1", "mb1ic17ih13iw10oc19kh3", "mb1ic24ih6iw7oc16kh3pt2pl0pb1pr2",
                             "mb1ic16ih2oc16kh3ph2", "mb3ic16ih5iw23oc33kh3ph1", "mb3ic16ih20iw24oc17kh3ph1",
                             "mb1ic64ih56oc64kh3ph1"}) {
        ConvProblem c = to_conv(Problem(text));
        c.desc.residual = CORENN_RESIDUAL_BEFORE_ACTIVATION;
        c.desc.activation = {CORENN_ACT_RELU, 0, 0};
        const Shapes s = shapes_of(c);
        const ConvData data{random_floats(s.x, -1, 1, rng), random_floats(s.w, -0.5f, 0.5f, rng),
                            random_floats(c.desc.out_channels, -0.5f, 0.5f, rng), random_floats(s.y, -1, 1, rng)};
        const std::vector<float> want = reference_conv(c, data, true);
        for (Isa isa : available_isas()) {
            std::string kernel;
            const std::vector<float> one = run_conv(c, data, true, isa, 1, &kernel);
            ASSERT_NE(kernel.find("winograd43"), std::string::npos) << text << " chose " << kernel;
            ASSERT_EQ(one, run_conv(c, data, true, isa, 2)) << text << " " << isa_name(isa);
            ASSERT_LE(relative_l2_error(one, want), kWinogradMaxError) << text << " " << isa_name(isa);
        }
    }
}

// scale/shift/residual/activation chosen so the epilogue stays exact in float.
TEST(Conv2d, fusedEpilogue_scaleShiftResidualRelu_exactOnEveryPath) {
    std::mt19937 rng(4);
    for (const char* text : {"mb2ic8ih6oc7kh1", "mb1ic5ih7oc6kh3ph1sh2", "g6mb2ic6ih9oc12kh3ph1",
                             "g8mb1ic8ih5oc8kh5ph2dh2", "g3mb2ic3ih6iw17oc6kh3ph1", "g2mb1ic2ih9iw33oc2kh3sh2ph1",
                             "g2mb1ic2ih3iw70oc2kh3pt2pl0pb1pr2"}) {
        ConvProblem c = to_conv(Problem(text));
        const ConvData data = integer_data(c, rng);
        const ExactScaleShift folded = set_exact_scale_shift(c, rng);
        for_every_exact_epilogue(c, -4.0f, [&](int residual, int act) {
            const std::vector<float> want = reference_conv(c, data, true);
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts)
                    ASSERT_EQ(run_conv(c, data, true, isa, threads), want)
                        << text << " residual " << residual << " act " << act << " " << isa_label(isa, threads);
        });
    }
}

TEST(Conv2d, floatData_sigmoidTanhHardswish_nearReference_andBitIdenticalAcrossThreads) {
    std::mt19937 rng(5);
    for (const char* text : {"mb1ic16ih12oc24kh1", "mb2ic6ih10oc9kh3ph1", "g12mb1ic12ih15oc12kh3sh2ph1",
                             "g4mb1ic4ih9oc8kh5ph2", "g3mb2ic3ih5iw33oc3kh3ph1", "g2mb1ic2ih9iw31oc4kh3sh2pt0pl2pb2pr0"}) {
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
                const std::vector<float> one = run_conv(c, data, true, isa, 1);
                ASSERT_EQ(one, run_conv(c, data, true, isa, 2)) << text << " " << isa_name(isa);
                for (size_t i = 0; i < want.size(); ++i)
                    ASSERT_NEAR(one[i], want[i], 1e-5 + 1e-5 * std::fabs(want[i])) << text << " act " << act;
            }
        }
    }
}

// The workspace serves one slice per logical CPU; asking for more threads than that must neither
// overrun it (guards) nor change the result.
TEST(Conv2d, moreThreadsThanWorkspaceSlots_clampedAndIdentical) {
    std::mt19937 rng(7);
    for (const char* text : {"g16mb2ic16ih13oc16kh3ph1", "mb2ic16ih12oc16kh3ph1", "mb1ic5ih9oc7kh3sh2ph1"}) {
        const ConvProblem c = to_conv(Problem(text));
        const ConvData data = integer_data(c, rng);
        for (Isa isa : available_isas())
            ASSERT_EQ(run_conv(c, data, true, isa, 64), run_conv(c, data, true, isa, 1)) << text << " " << isa_name(isa);
    }
}

// Sets CORENN_CONV1X1 for one scope (the 1x1 path is otherwise chosen by a CPU-dependent rule).
struct Conv1x1Path {
    explicit Conv1x1Path(const char* path) { setenv("CORENN_CONV1X1", path, 1); }
    ~Conv1x1Path() { unsetenv("CORENN_CONV1X1"); }
};

// Our 1x1 GEMM kernel at each level.
std::string own_1x1_kernel(Isa isa) {
    switch (isa) {
        case Isa::generic: return "f32-conv1x1-gemm-6x16-scalar";
        case Isa::avx2: return "f32-conv1x1-gemm-6x16-avx2";
        case Isa::avx512: return "f32-conv1x1-gemm-8x48-avx512";
    }
    return "";
}

bool is_unpadded_1x1(const corenn_conv2d_desc& d) {
    return d.kernel_h == 1 && d.kernel_w == 1 && d.pad_top == 0 && d.pad_left == 0 && d.pad_bottom == 0 &&
           d.pad_right == 0;
}

TEST(Conv2d, own1x1Gemm_listedProblemsAndEpilogues_everyIsaAndThreadCount_matchReferenceExactly) {
    const Conv1x1Path own("own");
    std::mt19937 rng(8);
    int checked = 0;
    for (ConvProblem c : test_problems()) {
        if (!is_unpadded_1x1(c.desc) || c.desc.groups == c.desc.in_channels) continue;  // depthwise comes first
        const ConvData data = integer_data(c, rng);
        const std::vector<float> scale = random_ints(c.desc.out_channels, -2, 2, rng);
        const std::vector<float> shift = nonzero_ints(c.desc.out_channels, rng);
        for (int variant = 0; variant < 3; ++variant) {
            // plain; scale/shift + residual before relu; residual after relu6
            c.desc.scale = variant == 0 ? nullptr : scale.data();
            c.desc.shift = variant == 0 ? nullptr : shift.data();
            c.desc.residual = variant == 0 ? CORENN_RESIDUAL_NONE
                              : variant == 1 ? CORENN_RESIDUAL_BEFORE_ACTIVATION
                                             : CORENN_RESIDUAL_AFTER_ACTIVATION;
            c.desc.activation = {variant == 0 ? CORENN_ACT_IDENTITY : variant == 1 ? CORENN_ACT_RELU : CORENN_ACT_RELU6,
                                 0, 0};
            const std::vector<float> want = reference_conv(c, data, true);
            if (variant == 0) {
                ASSERT_LT(zero_fraction(want), 0.3) << c.text;  // relu zeroes about half of the others
            }
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts) {
                    std::string kernel;
                    ASSERT_EQ(run_conv(c, data, true, isa, threads, &kernel), want)
                        << c.text << " variant " << variant << " " << isa_label(isa, threads);
                    ASSERT_EQ(kernel, own_1x1_kernel(isa)) << c.text;
                }
            ++checked;
        }
    }
    EXPECT_GE(checked, 3 * 14);
}

// Every residual mode x every activation that stays exact, on the own kernel at every level, on
// problems at the edges of both tiles (17 rows: 8 + 8 + 1 and 6 + 6 + 5; 49 pixels: 48 + 1 and
// 16 x 3 + 1; K 300 in blocks; a stride).
TEST(Conv2d, own1x1Gemm_everyEpilogue_tileEdges_matchReferenceExactly) {
    const Conv1x1Path own("own");
    std::mt19937 rng(10);
    for (const char* text : {"mb2ic300ih7oc17kh1", "mb1ic7ih13iw5oc15kh1sh2sw1"}) {
        ConvProblem c = to_conv(Problem(text));
        const ConvData data = integer_data(c, rng);
        const ExactScaleShift folded = set_exact_scale_shift(c, rng);
        for_every_exact_epilogue(c, -4.0f, [&](int residual, int act) {
            const std::vector<float> want = reference_conv(c, data, true);
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts) {
                    std::string kernel;
                    ASSERT_EQ(run_conv(c, data, true, isa, threads, &kernel), want)
                        << text << " residual " << residual << " act " << act << " " << isa_label(isa, threads);
                    ASSERT_EQ(kernel, own_1x1_kernel(isa)) << text;
                }
        });
    }
}

TEST(Conv2d, own1x1Gemm_floatData_bitIdenticalAcrossThreads_nearReference) {
    const Conv1x1Path own("own");
    std::mt19937 rng(9);
    for (const char* text : {"mb2ic300ih12oc70kh1", "mb1ic64ih30oc32kh1sh2", "mb3ic20ih7oc9kh1"}) {
        ConvProblem c = to_conv(Problem(text));
        const Shapes s = shapes_of(c);
        const ConvData data{random_floats(s.x, -1, 1, rng), random_floats(s.w, -0.5f, 0.5f, rng),
                            random_floats(c.desc.out_channels, -0.5f, 0.5f, rng), random_floats(s.y, -1, 1, rng)};
        c.desc.residual = CORENN_RESIDUAL_BEFORE_ACTIVATION;
        for (int act : {CORENN_ACT_HARDSWISH, CORENN_ACT_SIGMOID, CORENN_ACT_TANH}) {
            c.desc.activation = {act, 0, 0};
            const std::vector<float> want = reference_conv(c, data, true);
            for (Isa isa : available_isas()) {
                std::string kernel;
                const std::vector<float> one = run_conv(c, data, true, isa, 1, &kernel);
                ASSERT_EQ(kernel, own_1x1_kernel(isa)) << text;
                ASSERT_EQ(one, run_conv(c, data, true, isa, 2)) << text << " " << isa_name(isa);
                for (size_t i = 0; i < want.size(); ++i)
                    ASSERT_NEAR(one[i], want[i], 1e-4 + 1e-4 * std::fabs(want[i])) << text << " act " << act << " "
                                                                                  << isa_name(isa);
            }
        }
    }
}

TEST(Conv2d, kernelChoice_followsTheOrderedList) {
    const std::vector<float> w(64 * 64 * 9, 1.0f);
    auto kernel_of = [&](const char* text, Isa isa) {
        const ConvProblem c = to_conv(Problem(text));
        corenn_conv2d* op = nullptr;
        EXPECT_EQ(corenn_conv2d_create(&c.desc, w.data(), nullptr, static_cast<int>(isa), &op), CORENN_OK);
        std::string name = corenn_conv2d_kernel(op);
        corenn_conv2d_destroy(op);
        return name;
    };
    EXPECT_EQ(kernel_of("g8ic8oc8kh3ph1", Isa::generic), "f32-dwconv2d-scalar");
    EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::generic), "conv2d-1x1-sgemm+f32-conv-epilogue-scalar");
    EXPECT_EQ(kernel_of("ic8oc8kh1ph1", Isa::generic), "conv2d-im2col-sgemm+f32-conv-epilogue-scalar");
    EXPECT_EQ(kernel_of("ic8oc8kh3", Isa::generic), "conv2d-im2col-sgemm+f32-conv-epilogue-scalar");
    EXPECT_EQ(kernel_of("ic15oc16kh3ph1", Isa::generic), "conv2d-im2col-sgemm+f32-conv-epilogue-scalar");
    EXPECT_EQ(kernel_of("ic16oc16kh3ph1sh2", Isa::generic), "conv2d-im2col-sgemm+f32-conv-epilogue-scalar");
    EXPECT_EQ(kernel_of("ic16oc16kh3ph1", Isa::generic),
              "conv2d-winograd43-sgemm+f32-winograd43-input-scalar+f32-winograd43-output-scalar");
    if (isa_best() >= Isa::avx2) {
        EXPECT_EQ(kernel_of("ic16oc16kh3ph1", Isa::avx2),
                  "conv2d-winograd43-sgemm+f32-winograd43-input-8t-avx2+f32-winograd43-output-8t-avx2");
        EXPECT_EQ(kernel_of("g8ic8oc16kh3ph1", Isa::avx2), "f32-dwconv2d-8w-avx2");
    }
    if (isa_best() >= Isa::avx512) {
        EXPECT_EQ(kernel_of("g8ic8oc16kh3ph1", Isa::avx512), "f32-dwconv2d-16w-avx512");
        EXPECT_EQ(kernel_of("g8ic8oc8kh5sh3dh2", Isa::avx512), "f32-dwconv2d-16w-avx512");
        // It reads the planes in place: no scratch copy, no workspace.
        const corenn_conv2d_desc depthwise = to_conv(Problem("g8ic8oc8kh3ph1")).desc;
        corenn_conv2d* op = nullptr;
        ASSERT_EQ(corenn_conv2d_create(&depthwise, w.data(), nullptr, CORENN_ISA_AVX512, &op), CORENN_OK);
        EXPECT_EQ(corenn_conv2d_workspace_size(op, 2, 9, 9), 0u);
        corenn_conv2d_destroy(op);
    }
    // Only AVX-512 reads depthwise planes unpadded; below it the slot is empty and reported so.
    EXPECT_NE(std::string(corenn_kernel_report(CORENN_ISA_GENERIC)).find("f32_dwconv2d_unpadded: none"),
              std::string::npos);
    // The 1x1 rule: forced either way, and OpenBLAS for weights over 2 MiB (1024 x 1024 floats = 4 MiB).
    {
        const Conv1x1Path own("own");
        EXPECT_EQ(kernel_of("ic8oc8kh1sh2", Isa::generic), "f32-conv1x1-gemm-6x16-scalar");
        if (isa_best() >= Isa::avx2) {
            EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::avx2), "f32-conv1x1-gemm-6x16-avx2");
        }
        if (isa_best() >= Isa::avx512) {
            EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::avx512), "f32-conv1x1-gemm-8x48-avx512");
            EXPECT_EQ(kernel_of("ic8oc8kh1sh2", Isa::avx512), "f32-conv1x1-gemm-8x48-avx512");
        }
    }
    {
        const Conv1x1Path sgemm("sgemm");
        if (isa_best() >= Isa::avx2) {
            EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::avx2), "conv2d-1x1-sgemm+f32-conv-epilogue-8x-avx2");
        }
        if (isa_best() >= Isa::avx512) {
            EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::avx512), "conv2d-1x1-sgemm+f32-conv-epilogue-16x-avx512");
        }
    }
    if (isa_best() >= Isa::avx2) {
        const corenn_conv2d_desc big = to_conv(Problem("ic1024oc1024kh1")).desc;
        const std::vector<float> big_w(1024 * 1024, 1.0f);
        corenn_conv2d* op = nullptr;
        ASSERT_EQ(corenn_conv2d_create(&big, big_w.data(), nullptr, static_cast<int>(Isa::avx2), &op), CORENN_OK);
        EXPECT_EQ(std::string(corenn_conv2d_kernel(op)), "conv2d-1x1-sgemm+f32-conv-epilogue-8x-avx2");
        corenn_conv2d_destroy(op);
    }
    // At the avx512 level our kernel wins every 1x1 shape, whatever the weight size or stride.
    if (isa_best() >= Isa::avx512) {
        EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::avx512), "f32-conv1x1-gemm-8x48-avx512");
        EXPECT_EQ(kernel_of("ic8oc8kh1sh2", Isa::avx512), "f32-conv1x1-gemm-8x48-avx512");
        const corenn_conv2d_desc big = to_conv(Problem("ic1024oc1024kh1")).desc;
        const std::vector<float> big_w(1024 * 1024, 1.0f);
        corenn_conv2d* op = nullptr;
        ASSERT_EQ(corenn_conv2d_create(&big, big_w.data(), nullptr, static_cast<int>(Isa::avx512), &op), CORENN_OK);
        EXPECT_EQ(std::string(corenn_conv2d_kernel(op)), "f32-conv1x1-gemm-8x48-avx512");
        corenn_conv2d_destroy(op);
    }
}

TEST(Conv2d, badArguments_returnInvalidArgumentNamingTheParameter_andLeakNothing) {
    const int64_t live_before = corenn_live_allocations();
    const std::vector<float> w(4 * 4 * 9, 1.0f), x(2 * 4 * 5 * 5, 1.0f);
    std::vector<float> y(2 * 4 * 5 * 5);
    auto expect_create_error = [&](corenn_conv2d_desc d, const char* word) {
        corenn_conv2d* op = reinterpret_cast<corenn_conv2d*>(0x1);
        EXPECT_EQ(corenn_conv2d_create(&d, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT) << word;
        EXPECT_EQ(op, nullptr);
        EXPECT_NE(std::string(corenn_last_error()).find(word), std::string::npos) << corenn_last_error();
    };
    const corenn_conv2d_desc good = to_conv(Problem("ic4oc4kh3ph1")).desc;
    corenn_conv2d_desc d = good;
    d.in_channels = 0;
    expect_create_error(d, "in_channels");
    d = good;
    d.groups = 3;
    expect_create_error(d, "divisible by groups");
    d = good;
    d.stride_w = 0;
    expect_create_error(d, "stride");
    d = good;
    d.dilation_h = -1;
    expect_create_error(d, "dilation");
    d = good;
    d.pad_right = -2;
    expect_create_error(d, "pads");
    d = good;
    d.kernel_h = 0;
    expect_create_error(d, "kernel");
    d = good;
    d.residual = 3;
    expect_create_error(d, "residual");
    d = good;
    d.activation.kind = 42;
    expect_create_error(d, "activation");
    corenn_conv2d* op = nullptr;
    EXPECT_EQ(corenn_conv2d_create(&good, nullptr, nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("weight"), std::string::npos);
    EXPECT_EQ(corenn_conv2d_create(nullptr, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_conv2d_create(&good, w.data(), nullptr, CORENN_ISA_AUTO, nullptr), CORENN_INVALID_ARGUMENT);

    int oh = 0, ow = 0;
    d = good;
    d.pad_top = d.pad_bottom = d.pad_left = d.pad_right = 0;
    EXPECT_EQ(corenn_conv2d_output_shape(&d, 2, 5, &oh, &ow), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("does not fit"), std::string::npos);
    EXPECT_EQ(corenn_conv2d_output_shape(&good, 0, 5, &oh, &ow), CORENN_INVALID_ARGUMENT);

    ASSERT_EQ(corenn_conv2d_create(&good, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_OK);
    const size_t bytes = corenn_conv2d_workspace_size(op, 2, 5, 5);
    std::vector<char> workspace(bytes + 1);
    EXPECT_EQ(corenn_conv2d_run(op, -1, 5, 5, x.data(), nullptr, y.data(), workspace.data(), 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("batch"), std::string::npos);
    EXPECT_EQ(corenn_conv2d_run(op, 2, 5, 5, nullptr, nullptr, y.data(), workspace.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_conv2d_run(op, 2, 5, 5, x.data(), nullptr, nullptr, workspace.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_conv2d_run(op, 2, 5, 5, x.data(), x.data(), y.data(), workspace.data(), 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("residual"), std::string::npos);
    EXPECT_EQ(corenn_conv2d_run(op, 2, 5, 5, x.data(), nullptr, y.data(), workspace.data(), 0), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("threads"), std::string::npos);
    if (bytes > 0) {
        EXPECT_EQ(corenn_conv2d_run(op, 2, 5, 5, x.data(), nullptr, y.data(), nullptr, 1), CORENN_INVALID_ARGUMENT);
        EXPECT_NE(std::string(corenn_last_error()).find("workspace"), std::string::npos);
    }
    EXPECT_EQ(corenn_conv2d_run(nullptr, 2, 5, 5, x.data(), nullptr, y.data(), workspace.data(), 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_conv2d_run(op, 0, 5, 5, nullptr, nullptr, nullptr, nullptr, 1), CORENN_OK);
    EXPECT_EQ(corenn_conv2d_workspace_size(op, 1, 0, 5), 0u);
    corenn_conv2d_destroy(op);

    d = good;
    d.residual = CORENN_RESIDUAL_AFTER_ACTIVATION;
    ASSERT_EQ(corenn_conv2d_create(&d, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_OK);
    EXPECT_EQ(corenn_conv2d_run(op, 2, 5, 5, x.data(), nullptr, y.data(), workspace.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("residual"), std::string::npos);
    corenn_conv2d_destroy(op);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

}  // namespace
}  // namespace corenn::test
