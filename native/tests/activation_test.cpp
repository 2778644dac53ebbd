#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "reference/reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

constexpr int kAllKinds[] = {CORENN_ACT_IDENTITY, CORENN_ACT_RELU,  CORENN_ACT_LEAKY_RELU, CORENN_ACT_SIGMOID,
                             CORENN_ACT_TANH,     CORENN_ACT_RELU6, CORENN_ACT_HARDSWISH,  CORENN_ACT_CLIP};

corenn_activation_desc desc_for(int kind) {
    corenn_activation_desc act{kind, 0.0f, 0.0f};
    if (kind == CORENN_ACT_LEAKY_RELU) act.alpha = 0.125f;
    if (kind == CORENN_ACT_CLIP) act = {kind, -1.5f, 2.5f};
    return act;
}

std::vector<float> interesting_inputs(size_t n, std::mt19937& rng) {
    std::vector<float> x = random_floats(n, -20.0f, 20.0f, rng);
    const float specials[] = {0.0f, -0.0f, 1e-30f, -1e-30f, 88.0f, -88.0f, 100.0f, -100.0f, 1e30f, -1e30f,
                              std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                              3.0f, -3.0f, 6.0f};
    for (size_t i = 0; i < std::size(specials) && i < n; ++i) x[i * 7 % n] = specials[i];
    return x;
}

TEST(Activation, everyKind_everyIsa_matchesReferenceWithinStatedError) {
    std::mt19937 rng(42);
    for (size_t n : {size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{1000}, size_t{40000}}) {
        const std::vector<float> x = interesting_inputs(n, rng);
        for (int kind : kAllKinds) {
            const corenn_activation_desc act = desc_for(kind);
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts) {
                    GuardedBuffer y(n);
                    ASSERT_EQ(corenn_activation_run(&act, x.data(), y.data(), n, static_cast<int>(isa), threads),
                              CORENN_OK)
                        << corenn_last_error();
                    ASSERT_TRUE(y.guards_intact()) << isa_label(isa, threads);
                    for (size_t i = 0; i < n; ++i) {
                        const double want = reference::activate(act, x[i]);
                        if (std::isnan(want)) {  // hardswish(-inf) = -inf * 0, as in PyTorch
                            ASSERT_TRUE(std::isnan(y.data()[i])) << "kind " << kind << " x=" << x[i];
                            continue;
                        }
                        if (std::isinf(want)) {
                            ASSERT_EQ(y.data()[i], want) << "kind " << kind << " x=" << x[i];
                            continue;
                        }
                        const double tolerance = 1e-6 + 1e-6 * std::fabs(want);
                        ASSERT_NEAR(y.data()[i], want, tolerance)
                            << "kind " << kind << " x=" << x[i] << " " << isa_label(isa, threads);
                    }
                }
        }
    }
}

TEST(Activation, nanInput_propagatesForEveryKind) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> x(19, nan);
    for (int kind : kAllKinds) {
        const corenn_activation_desc act = desc_for(kind);
        for (Isa isa : available_isas()) {
            std::vector<float> y(x.size(), 0.0f);
            ASSERT_EQ(corenn_activation_run(&act, x.data(), y.data(), x.size(), static_cast<int>(isa), 1), CORENN_OK);
            for (float v : y) EXPECT_TRUE(std::isnan(v)) << "kind " << kind << " " << isa_name(isa);
        }
    }
}

// avx512-math.h runs the same operation sequence as avx2-math.h, so the levels agree bit for bit and
// a model gives the same result whichever of the two a CPU has.
TEST(Activation, avx512_bitIdenticalToAvx2) {
    if (isa_best() < Isa::avx512) GTEST_SKIP() << "this CPU has no AVX-512";
    std::mt19937 rng(11);
    const std::vector<float> x = interesting_inputs(40003, rng);
    for (int kind : kAllKinds) {
        const corenn_activation_desc act = desc_for(kind);
        std::vector<float> avx2(x.size()), avx512(x.size());
        ASSERT_EQ(corenn_activation_run(&act, x.data(), avx2.data(), x.size(), CORENN_ISA_AVX2, 1), CORENN_OK);
        ASSERT_EQ(corenn_activation_run(&act, x.data(), avx512.data(), x.size(), CORENN_ISA_AVX512, 1), CORENN_OK);
        for (size_t i = 0; i < x.size(); ++i) {
            if (std::isnan(avx2[i]) && std::isnan(avx512[i])) continue;
            ASSERT_EQ(avx2[i], avx512[i]) << "kind " << kind << " x=" << x[i];
        }
    }
}

TEST(Activation, inPlace_sameAsOutOfPlace) {
    std::mt19937 rng(7);
    const std::vector<float> x = random_floats(1003, -8.0f, 8.0f, rng);
    const corenn_activation_desc act = desc_for(CORENN_ACT_TANH);
    for (Isa isa : available_isas()) {
        std::vector<float> out(x.size()), inplace = x;
        ASSERT_EQ(corenn_activation_run(&act, x.data(), out.data(), x.size(), static_cast<int>(isa), 2), CORENN_OK);
        ASSERT_EQ(corenn_activation_run(&act, inplace.data(), inplace.data(), x.size(), static_cast<int>(isa), 2),
                  CORENN_OK);
        EXPECT_EQ(out, inplace);
    }
}

TEST(Activation, badArguments_returnInvalidArgumentWithMessage) {
    float x = 1.0f, y = 0.0f;
    corenn_activation_desc act{CORENN_ACT_RELU, 0, 0};
    EXPECT_EQ(corenn_activation_run(&act, &x, &y, 1, CORENN_ISA_AUTO, 0), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("threads"), std::string::npos);
    EXPECT_EQ(corenn_activation_run(&act, nullptr, &y, 1, CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_activation_run(nullptr, &x, &y, 1, CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    act.kind = 99;
    EXPECT_EQ(corenn_activation_run(&act, &x, &y, 1, CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("kind"), std::string::npos);
    act = {CORENN_ACT_CLIP, 3.0f, 1.0f};
    EXPECT_EQ(corenn_activation_run(&act, &x, &y, 1, CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    act = {CORENN_ACT_RELU, 0, 0};
    EXPECT_EQ(corenn_activation_run(&act, &x, &y, 1, 7, 1), CORENN_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace corenn::test
