#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "nchw8c_test_util.h"
#include "problem_list.h"
#include "reference/conv_reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

struct ConvProblem {
    corenn_conv2d_desc desc{};
    int batch = 1, in_h = 1, in_w = 1;
    std::string text;
};

ConvProblem to_conv(const Problem& p) {
    ConvProblem c;
    corenn_conv2d_desc& d = c.desc;
    d.groups = static_cast<int>(p.get("g", 1));
    d.in_channels = static_cast<int>(p.get("ic", 1));
    d.out_channels = static_cast<int>(p.get("oc", 1));
    d.kernel_h = static_cast<int>(p.get("kh", 1));
    d.kernel_w = static_cast<int>(p.get_any({"kw", "kh"}, 1));
    d.stride_h = static_cast<int>(p.get("sh", 1));
    d.stride_w = static_cast<int>(p.get_any({"sw", "sh"}, 1));
    d.dilation_h = static_cast<int>(p.get("dh", 1));
    d.dilation_w = static_cast<int>(p.get_any({"dw", "dh"}, 1));
    d.pad_top = static_cast<int>(p.get_any({"pt", "ph"}, 0));
    d.pad_bottom = static_cast<int>(p.get_any({"pb", "ph"}, 0));
    d.pad_left = static_cast<int>(p.get_any({"pl", "pw", "ph"}, 0));
    d.pad_right = static_cast<int>(p.get_any({"pr", "pw", "ph"}, 0));
    d.activation = {CORENN_ACT_IDENTITY, 0, 0};
    c.batch = static_cast<int>(p.get("mb", 1));
    c.in_h = static_cast<int>(p.get("ih", 1));
    c.in_w = static_cast<int>(p.get_any({"iw", "ih"}, 1));
    c.text = p.text();
    return c;
}

std::vector<ConvProblem> test_problems() {
    std::vector<ConvProblem> out;
    for (const Problem& p : read_problem_list("conv2d.txt"))
        if (!p.has("bench")) out.push_back(to_conv(p));
    return out;
}

struct Shapes {
    int out_h, out_w;
    size_t x, w, y;
};

Shapes shapes_of(const ConvProblem& c) {
    Shapes s{};
    EXPECT_EQ(corenn_conv2d_output_shape(&c.desc, c.in_h, c.in_w, &s.out_h, &s.out_w), CORENN_OK) << c.text;
    const corenn_conv2d_desc& d = c.desc;
    s.x = static_cast<size_t>(c.batch) * d.in_channels * c.in_h * c.in_w;
    s.w = static_cast<size_t>(d.out_channels) * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
    s.y = static_cast<size_t>(c.batch) * d.out_channels * s.out_h * s.out_w;
    return s;
}

// Nonzero integers in [-3, 3]: sums stay exact in float, and an output is rarely zero by chance.
std::vector<float> nonzero_ints(size_t n, std::mt19937& rng) {
    std::vector<float> v = random_ints(n, 1, 3, rng);
    std::bernoulli_distribution negative(0.5);
    for (float& x : v)
        if (negative(rng)) x = -x;
    return v;
}

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

struct ConvData {
    std::vector<float> x, w, bias, residual;
};

// Runs through the C API with a guarded output and a guarded workspace of exactly the reported size.
std::vector<float> run_conv(const ConvProblem& c, const ConvData& data, bool with_bias, Isa isa, int threads,
                            std::string* kernel = nullptr) {
    const Shapes s = shapes_of(c);
    corenn_conv2d* op = nullptr;
    EXPECT_EQ(corenn_conv2d_create(&c.desc, data.w.data(), with_bias ? data.bias.data() : nullptr,
                                   static_cast<int>(isa), &op),
              CORENN_OK)
        << corenn_last_error();
    if (op == nullptr) return {};
    if (kernel != nullptr) *kernel = corenn_conv2d_kernel(op);
    const size_t bytes = corenn_conv2d_workspace_size(op, c.batch, c.in_h, c.in_w);
    GuardedBuffer workspace((bytes + sizeof(float) - 1) / sizeof(float), 0.0f);
    GuardedBuffer y(s.y);
    const float* residual = c.desc.residual != CORENN_RESIDUAL_NONE ? data.residual.data() : nullptr;
    EXPECT_EQ(corenn_conv2d_run(op, c.batch, c.in_h, c.in_w, data.x.data(), residual, y.data(),
                                bytes > 0 ? workspace.data() : nullptr, threads),
              CORENN_OK)
        << corenn_last_error() << " " << c.text;
    EXPECT_TRUE(y.guards_intact()) << c.text << " " << isa_label(isa, threads);
    EXPECT_TRUE(workspace.guards_intact()) << c.text << " " << isa_label(isa, threads);
    corenn_conv2d_destroy(op);
    return y.values();
}

std::vector<float> reference_conv(const ConvProblem& c, const ConvData& data, bool with_bias) {
    std::vector<float> want(shapes_of(c).y);
    reference::conv2d(c.desc, c.batch, c.in_h, c.in_w, data.x.data(), data.w.data(),
                      with_bias ? data.bias.data() : nullptr, data.residual.data(), want.data());
    return want;
}

ConvData integer_data(const ConvProblem& c, std::mt19937& rng) {
    const Shapes s = shapes_of(c);
    return {nonzero_ints(s.x, rng), nonzero_ints(s.w, rng), nonzero_ints(c.desc.out_channels, rng),
            nonzero_ints(s.y, rng)};
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
// within oneDNN's bound, and the result is bit-identical for any thread count.
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
                             "g8mb1ic8ih5oc8kh5ph2dh2"}) {
        ConvProblem c = to_conv(Problem(text));
        const ConvData data = integer_data(c, rng);
        const std::vector<float> scale = random_ints(c.desc.out_channels, -2, 2, rng);
        const std::vector<float> shift = nonzero_ints(c.desc.out_channels, rng);
        c.desc.scale = scale.data();
        c.desc.shift = shift.data();
        for (int residual : {CORENN_RESIDUAL_NONE, CORENN_RESIDUAL_BEFORE_ACTIVATION, CORENN_RESIDUAL_AFTER_ACTIVATION})
            for (int act :
                 {CORENN_ACT_IDENTITY, CORENN_ACT_RELU, CORENN_ACT_RELU6, CORENN_ACT_LEAKY_RELU, CORENN_ACT_CLIP}) {
                c.desc.residual = residual;
                c.desc.activation = {act, act == CORENN_ACT_CLIP ? -4.0f : 0.5f, 5.0f};
                const std::vector<float> want = reference_conv(c, data, true);
                for (Isa isa : available_isas())
                    for (int threads : kThreadCounts)
                        ASSERT_EQ(run_conv(c, data, true, isa, threads), want)
                            << text << " residual " << residual << " act " << act << " " << isa_label(isa, threads);
            }
    }
}

TEST(Conv2d, floatData_sigmoidTanhHardswish_nearReference_andBitIdenticalAcrossThreads) {
    std::mt19937 rng(5);
    for (const char* text : {"mb1ic16ih12oc24kh1", "mb2ic6ih10oc9kh3ph1", "g12mb1ic12ih15oc12kh3sh2ph1",
                             "g4mb1ic4ih9oc8kh5ph2"}) {
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
                    ASSERT_NE(kernel.find("f32-conv1x1-gemm-6x16"), std::string::npos) << c.text << " chose " << kernel;
                }
            ++checked;
        }
    }
    EXPECT_GE(checked, 3 * 14);
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
        c.desc.activation = {CORENN_ACT_HARDSWISH, 0, 0};
        const std::vector<float> want = reference_conv(c, data, true);
        for (Isa isa : available_isas()) {
            const std::vector<float> one = run_conv(c, data, true, isa, 1);
            ASSERT_EQ(one, run_conv(c, data, true, isa, 2)) << text << " " << isa_name(isa);
            for (size_t i = 0; i < want.size(); ++i)
                ASSERT_NEAR(one[i], want[i], 1e-4 + 1e-4 * std::fabs(want[i])) << text << " " << isa_name(isa);
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
    if (isa_best() == Isa::avx2) {
        EXPECT_EQ(kernel_of("ic16oc16kh3ph1", Isa::avx2),
                  "conv2d-winograd43-sgemm+f32-winograd43-input-8t-avx2+f32-winograd43-output-8t-avx2");
        EXPECT_EQ(kernel_of("g8ic8oc16kh3ph1", Isa::avx2), "f32-dwconv2d-8w-avx2");
    }
    // The 1x1 rule: forced either way, and OpenBLAS for weights over 2 MiB (1024 x 1024 floats = 4 MiB).
    {
        const Conv1x1Path own("own");
        EXPECT_EQ(kernel_of("ic8oc8kh1sh2", Isa::generic), "f32-conv1x1-gemm-6x16-scalar");
        if (isa_best() == Isa::avx2) {
            EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::avx2), "f32-conv1x1-gemm-6x16-avx2");
        }
    }
    {
        const Conv1x1Path sgemm("sgemm");
        if (isa_best() == Isa::avx2) {
            EXPECT_EQ(kernel_of("ic8oc8kh1", Isa::avx2), "conv2d-1x1-sgemm+f32-conv-epilogue-8x-avx2");
        }
    }
    if (isa_best() == Isa::avx2) {
        const corenn_conv2d_desc big = to_conv(Problem("ic1024oc1024kh1")).desc;
        const std::vector<float> big_w(1024 * 1024, 1.0f);
        corenn_conv2d* op = nullptr;
        ASSERT_EQ(corenn_conv2d_create(&big, big_w.data(), nullptr, static_cast<int>(Isa::avx2), &op), CORENN_OK);
        EXPECT_EQ(std::string(corenn_conv2d_kernel(op)), "conv2d-1x1-sgemm+f32-conv-epilogue-8x-avx2");
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

// ---- The channel-blocked layout NCHW8c (input_layout / output_layout) ----

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
        const std::vector<float> scale = random_ints(c.desc.out_channels, -2, 2, rng);
        const std::vector<float> shift = nonzero_ints(c.desc.out_channels, rng);
        c.desc.scale = scale.data();
        c.desc.shift = shift.data();
        for (int residual : {CORENN_RESIDUAL_NONE, CORENN_RESIDUAL_BEFORE_ACTIVATION, CORENN_RESIDUAL_AFTER_ACTIVATION})
            for (int act :
                 {CORENN_ACT_IDENTITY, CORENN_ACT_RELU, CORENN_ACT_RELU6, CORENN_ACT_LEAKY_RELU, CORENN_ACT_CLIP}) {
                c.desc.residual = residual;
                c.desc.activation = {act, act == CORENN_ACT_CLIP ? 1.0f : 0.5f, 5.0f};
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
            }
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
        if (isa_best() == Isa::avx2) {
            EXPECT_EQ(prefers(text, Isa::avx2), 1) << text;
        }
    }
    if (isa_best() == Isa::avx2) {
        for (const char* text : {"ic16oc16kh3ph1", "ic16oc16kh1", "g8ic8oc8kh3ph1", "ic3oc16kh3sh2ph1", "g2ic12oc16kh3"})
            EXPECT_EQ(prefers(text, Isa::avx2), 0) << text;
    }
    EXPECT_EQ(corenn_conv2d_prefers_nchw8c(nullptr, CORENN_ISA_AUTO), 0);
    EXPECT_NE(std::string(corenn_last_error()).find("desc"), std::string::npos);
}

}  // namespace
}  // namespace corenn::test
