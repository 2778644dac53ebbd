#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "reference/reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

struct DenseCase {
    int batch, in, out;
    bool bias;
};

std::vector<DenseCase> edge_cases() {
    std::vector<DenseCase> cases;
    for (int batch : {1, 2, 3, 4, 7, 33})
        for (int in : {1, 3, 8, 9, 17, 64, 131})
            for (int out : {1, 7, 8, 9, 13, 127, 129, 300}) cases.push_back({batch, in, out, (in + out) % 2 == 0});
    return cases;
}

// Runs the case through the C API at one ISA level and thread count, checking guard floats.
std::vector<float> run_dense(const DenseCase& c, const std::vector<float>& x, const std::vector<float>& w,
                             const std::vector<float>& b, const corenn_activation_desc& act, Isa isa, int threads) {
    corenn_dense_desc desc{c.in, c.out, act};
    corenn_dense* op = nullptr;
    EXPECT_EQ(corenn_dense_create(&desc, w.data(), c.bias ? b.data() : nullptr, static_cast<int>(isa), &op), CORENN_OK)
        << corenn_last_error();
    GuardedBuffer y(static_cast<size_t>(c.batch) * c.out);
    EXPECT_EQ(corenn_dense_run(op, c.batch, x.data(), y.data(), threads), CORENN_OK) << corenn_last_error();
    EXPECT_TRUE(y.guards_intact());
    corenn_dense_destroy(op);
    return y.values();
}

TEST(Dense, smallIntegers_everyIsaAndThreadCount_matchReferenceExactly) {
    std::mt19937 rng(1);
    const corenn_activation_desc identity{CORENN_ACT_IDENTITY, 0, 0};
    for (const DenseCase& c : edge_cases()) {
        const auto x = random_ints(static_cast<size_t>(c.batch) * c.in, -3, 3, rng);
        const auto w = random_ints(static_cast<size_t>(c.out) * c.in, -3, 3, rng);
        const auto b = random_ints(static_cast<size_t>(c.out), -5, 5, rng);
        std::vector<float> want(static_cast<size_t>(c.batch) * c.out);
        reference::dense(x.data(), w.data(), c.bias ? b.data() : nullptr, want.data(), c.batch, c.in, c.out, identity);
        if (c.in >= 8 && c.batch * c.out >= 8) {
            ASSERT_LT(zero_fraction(want), 0.3);
        }
        for (Isa isa : available_isas())
            for (int threads : kThreadCounts)
                ASSERT_EQ(run_dense(c, x, w, b, identity, isa, threads), want)
                    << "batch " << c.batch << " in " << c.in << " out " << c.out << " " << isa_label(isa, threads);
    }
}

TEST(Dense, fusedActivations_matchReference_andIdenticalAcrossThreads) {
    std::mt19937 rng(2);
    for (int kind : {CORENN_ACT_RELU, CORENN_ACT_LEAKY_RELU, CORENN_ACT_SIGMOID, CORENN_ACT_TANH}) {
        const corenn_activation_desc act{kind, 0.01f, 0};
        for (DenseCase c : {DenseCase{1, 256, 130, true}, DenseCase{2, 33, 17, false}, DenseCase{48, 200, 300, true}}) {
            const auto x = random_floats(static_cast<size_t>(c.batch) * c.in, -1, 1, rng);
            const auto w = random_floats(static_cast<size_t>(c.out) * c.in, -0.2f, 0.2f, rng);
            const auto b = random_floats(static_cast<size_t>(c.out), -0.5f, 0.5f, rng);
            std::vector<float> want(static_cast<size_t>(c.batch) * c.out);
            reference::dense(x.data(), w.data(), c.bias ? b.data() : nullptr, want.data(), c.batch, c.in, c.out, act);
            for (Isa isa : available_isas()) {
                const auto one = run_dense(c, x, w, b, act, isa, 1);
                const auto two = run_dense(c, x, w, b, act, isa, 2);
                ASSERT_EQ(one, two) << "kind " << kind << " " << isa_name(isa);
                for (size_t i = 0; i < want.size(); ++i)
                    ASSERT_NEAR(one[i], want[i], 2e-5 + 2e-5 * std::fabs(want[i])) << "kind " << kind;
            }
        }
    }
}

TEST(Dense, kernelChoice_gemvForSmallBatch_sgemmForLarge) {
    const std::vector<float> w(64 * 32, 1.0f);
    corenn_dense_desc desc{32, 64, {CORENN_ACT_IDENTITY, 0, 0}};
    corenn_dense* op = nullptr;
    ASSERT_EQ(corenn_dense_create(&desc, w.data(), nullptr, CORENN_ISA_GENERIC, &op), CORENN_OK);
    EXPECT_STREQ(corenn_dense_kernel(op, 1), "f32-gemv-8x1-scalar");
    EXPECT_STREQ(corenn_dense_kernel(op, 64), "openblas-sgemm");
    corenn_dense_destroy(op);
    if (isa_best() >= Isa::avx2) {
        ASSERT_EQ(corenn_dense_create(&desc, w.data(), nullptr, CORENN_ISA_AVX2, &op), CORENN_OK);
        EXPECT_STREQ(corenn_dense_kernel(op, 1), "f32-gemv-8x4-avx2");
        corenn_dense_destroy(op);
    }
}

TEST(Dense, badArguments_returnInvalidArgument_andLeakNothing) {
    const int64_t live_before = corenn_live_allocations();
    const std::vector<float> w(12, 1.0f);
    corenn_dense* op = reinterpret_cast<corenn_dense*>(0x1);
    corenn_dense_desc desc{0, 3, {CORENN_ACT_IDENTITY, 0, 0}};
    EXPECT_EQ(corenn_dense_create(&desc, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(op, nullptr);
    EXPECT_NE(std::string(corenn_last_error()).find("in_features"), std::string::npos);
    desc = {4, 3, {CORENN_ACT_IDENTITY, 0, 0}};
    EXPECT_EQ(corenn_dense_create(&desc, nullptr, nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_dense_create(&desc, w.data(), nullptr, CORENN_ISA_AUTO, nullptr), CORENN_INVALID_ARGUMENT);
    desc = {1 << 20, 1 << 20, {CORENN_ACT_IDENTITY, 0, 0}};
    EXPECT_EQ(corenn_dense_create(&desc, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    desc = {4, 3, {42, 0, 0}};
    EXPECT_EQ(corenn_dense_create(&desc, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);

    desc = {4, 3, {CORENN_ACT_IDENTITY, 0, 0}};
    ASSERT_EQ(corenn_dense_create(&desc, w.data(), nullptr, CORENN_ISA_AUTO, &op), CORENN_OK);
    float x[4] = {1, 2, 3, 4}, y[3];
    EXPECT_EQ(corenn_dense_run(op, -1, x, y, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_dense_run(op, 1, nullptr, y, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_dense_run(op, 1, x, y, 0), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_dense_run(nullptr, 1, x, y, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_dense_run(op, 0, nullptr, nullptr, 1), CORENN_OK);
    corenn_dense_destroy(op);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

}  // namespace
}  // namespace corenn::test
