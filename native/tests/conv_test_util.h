// Conv test helpers shared by conv_test.cpp and conv_nchw8c_test.cpp: problems from lists/conv2d.txt,
// exact small-integer data, a guarded run through the C API and the reference result.
#pragma once

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "problem_list.h"
#include "reference/conv_reference.h"
#include "test_util.h"

namespace corenn::test {

struct ConvProblem {
    corenn_conv2d_desc desc{};
    int batch = 1, in_h = 1, in_w = 1;
    std::string text;
};

inline ConvProblem to_conv(const Problem& p) {
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

inline std::vector<ConvProblem> test_problems() {
    std::vector<ConvProblem> out;
    for (const Problem& p : read_problem_list("conv2d.txt"))
        if (!p.has("bench")) out.push_back(to_conv(p));
    return out;
}

struct Shapes {
    int out_h, out_w;
    size_t x, w, y;
};

inline Shapes shapes_of(const ConvProblem& c) {
    Shapes s{};
    EXPECT_EQ(corenn_conv2d_output_shape(&c.desc, c.in_h, c.in_w, &s.out_h, &s.out_w), CORENN_OK) << c.text;
    const corenn_conv2d_desc& d = c.desc;
    s.x = static_cast<size_t>(c.batch) * d.in_channels * c.in_h * c.in_w;
    s.w = static_cast<size_t>(d.out_channels) * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
    s.y = static_cast<size_t>(c.batch) * d.out_channels * s.out_h * s.out_w;
    return s;
}

// Nonzero integers in [-3, 3]: sums stay exact in float, and an output is rarely zero by chance.
inline std::vector<float> nonzero_ints(size_t n, std::mt19937& rng) {
    std::vector<float> v = random_ints(n, 1, 3, rng);
    std::bernoulli_distribution negative(0.5);
    for (float& x : v)
        if (negative(rng)) x = -x;
    return v;
}

struct ConvData {
    std::vector<float> x, w, bias, residual;
};

// Runs through the C API with a guarded output and a guarded workspace of exactly the reported size.
inline std::vector<float> run_conv(const ConvProblem& c, const ConvData& data, bool with_bias, Isa isa, int threads,
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

inline std::vector<float> reference_conv(const ConvProblem& c, const ConvData& data, bool with_bias) {
    std::vector<float> want(shapes_of(c).y);
    reference::conv2d(c.desc, c.batch, c.in_h, c.in_w, data.x.data(), data.w.data(),
                      with_bias ? data.bias.data() : nullptr, data.residual.data(), want.data());
    return want;
}

inline ConvData integer_data(const ConvProblem& c, std::mt19937& rng) {
    const Shapes s = shapes_of(c);
    return {nonzero_ints(s.x, rng), nonzero_ints(s.w, rng), nonzero_ints(c.desc.out_channels, rng),
            nonzero_ints(s.y, rng)};
}

// A folded BatchNorm that keeps every sum exact in float: small-integer scale and nonzero integer
// shift, set on c (the vectors own the values c points to, so keep them alive while c is used).
struct ExactScaleShift {
    std::vector<float> scale, shift;
};

inline ExactScaleShift set_exact_scale_shift(ConvProblem& c, std::mt19937& rng) {
    ExactScaleShift values{random_ints(c.desc.out_channels, -2, 2, rng), nonzero_ints(c.desc.out_channels, rng)};
    c.desc.scale = values.scale.data();
    c.desc.shift = values.shift.data();
    return values;
}

// Calls check(residual, activation) with c's epilogue set to each residual mode x each activation
// that stays exact on integers (leaky relu 0.5, clip to [clip_low, 5]).
template <typename Check>
void for_every_exact_epilogue(ConvProblem& c, float clip_low, Check check) {
    for (int residual : {CORENN_RESIDUAL_NONE, CORENN_RESIDUAL_BEFORE_ACTIVATION, CORENN_RESIDUAL_AFTER_ACTIVATION})
        for (int act : {CORENN_ACT_IDENTITY, CORENN_ACT_RELU, CORENN_ACT_RELU6, CORENN_ACT_LEAKY_RELU, CORENN_ACT_CLIP}) {
            c.desc.residual = residual;
            c.desc.activation = {act, act == CORENN_ACT_CLIP ? clip_low : 0.5f, 5.0f};
            check(residual, act);
        }
}

}  // namespace corenn::test
