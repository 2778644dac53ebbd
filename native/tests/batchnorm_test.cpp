#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "reference/conv_reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

std::vector<float> run_batchnorm(const corenn_batchnorm_desc& d, const std::vector<float>& mean,
                                 const std::vector<float>& var, const float* gamma, const float* beta, int batch,
                                 int64_t spatial, const std::vector<float>& x, Isa isa, int threads) {
    corenn_batchnorm* op = nullptr;
    EXPECT_EQ(corenn_batchnorm_create(&d, mean.data(), var.data(), gamma, beta, static_cast<int>(isa), &op), CORENN_OK)
        << corenn_last_error();
    GuardedBuffer y(x.size());
    EXPECT_EQ(corenn_batchnorm_run(op, batch, spatial, x.data(), y.data(), threads), CORENN_OK) << corenn_last_error();
    EXPECT_TRUE(y.guards_intact());
    corenn_batchnorm_destroy(op);
    return y.values();
}

TEST(BatchNorm, shapesAndActivations_everyIsaAndThreadCount_nearReference_identicalAcrossThreads) {
    const int64_t live_before = corenn_live_allocations();
    std::mt19937 rng(21);
    struct Case { int batch, channels; int64_t spatial; bool affine; int act; };
    for (const Case& c : {Case{1, 3, 49, true, CORENN_ACT_IDENTITY}, Case{2, 7, 1, true, CORENN_ACT_RELU},
                          Case{3, 17, 9, false, CORENN_ACT_IDENTITY}, Case{1, 64, 3136, true, CORENN_ACT_RELU6},
                          Case{5, 8, 8, true, CORENN_ACT_SIGMOID}}) {
        const corenn_batchnorm_desc d{c.channels, 1e-5f, {c.act, 0, 0}};
        const auto x = random_floats(static_cast<size_t>(c.batch) * c.channels * c.spatial, -3, 3, rng);
        const auto mean = random_floats(c.channels, -1, 1, rng), var = random_floats(c.channels, 0.1f, 4, rng);
        const auto gamma = random_floats(c.channels, 0.5f, 2, rng), beta = random_floats(c.channels, -1, 1, rng);
        const float* g = c.affine ? gamma.data() : nullptr;
        const float* b = c.affine ? beta.data() : nullptr;
        std::vector<float> want(x.size());
        reference::batchnorm(c.batch, c.channels, static_cast<long>(c.spatial), d.epsilon, mean.data(), var.data(), g, b,
                             d.activation, x.data(), want.data());
        if (c.act == CORENN_ACT_IDENTITY) {
            ASSERT_LT(zero_fraction(want), 0.3);
        }
        for (Isa isa : available_isas()) {
            const auto one = run_batchnorm(d, mean, var, g, b, c.batch, c.spatial, x, isa, 1);
            ASSERT_EQ(one, run_batchnorm(d, mean, var, g, b, c.batch, c.spatial, x, isa, 2)) << isa_name(isa);
            for (size_t i = 0; i < want.size(); ++i)
                ASSERT_NEAR(one[i], want[i], 2e-6 + 2e-6 * std::fabs(want[i])) << "channels " << c.channels << " " << i;
        }
    }
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

TEST(BatchNorm, inPlace_sameAsOutOfPlace) {
    std::mt19937 rng(22);
    const corenn_batchnorm_desc d{5, 1e-3f, {CORENN_ACT_IDENTITY, 0, 0}};
    const auto x = random_floats(2 * 5 * 13, -2, 2, rng);
    const auto mean = random_floats(5, -1, 1, rng), var = random_floats(5, 0.5f, 2, rng);
    corenn_batchnorm* op = nullptr;
    ASSERT_EQ(corenn_batchnorm_create(&d, mean.data(), var.data(), nullptr, nullptr, CORENN_ISA_AUTO, &op), CORENN_OK);
    std::vector<float> out(x.size()), inplace = x;
    ASSERT_EQ(corenn_batchnorm_run(op, 2, 13, x.data(), out.data(), 2), CORENN_OK);
    ASSERT_EQ(corenn_batchnorm_run(op, 2, 13, inplace.data(), inplace.data(), 2), CORENN_OK);
    EXPECT_EQ(out, inplace);
    corenn_batchnorm_destroy(op);
}

TEST(BatchNorm, badArguments_returnInvalidArgumentNamingTheParameter) {
    const std::vector<float> mean(4, 0.0f), var(4, 1.0f), negative(4, -1.0f);
    corenn_batchnorm* op = nullptr;
    corenn_batchnorm_desc d{0, 1e-5f, {CORENN_ACT_IDENTITY, 0, 0}};
    EXPECT_EQ(corenn_batchnorm_create(&d, mean.data(), var.data(), nullptr, nullptr, CORENN_ISA_AUTO, &op),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("channels"), std::string::npos);
    d = {4, -1.0f, {CORENN_ACT_IDENTITY, 0, 0}};
    EXPECT_EQ(corenn_batchnorm_create(&d, mean.data(), var.data(), nullptr, nullptr, CORENN_ISA_AUTO, &op),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("epsilon"), std::string::npos);
    d = {4, 1e-5f, {CORENN_ACT_IDENTITY, 0, 0}};
    EXPECT_EQ(corenn_batchnorm_create(&d, mean.data(), negative.data(), nullptr, nullptr, CORENN_ISA_AUTO, &op),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("var + epsilon"), std::string::npos);
    EXPECT_EQ(corenn_batchnorm_create(&d, nullptr, var.data(), nullptr, nullptr, CORENN_ISA_AUTO, &op),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("mean"), std::string::npos);
    EXPECT_EQ(op, nullptr);
    ASSERT_EQ(corenn_batchnorm_create(&d, mean.data(), var.data(), nullptr, nullptr, CORENN_ISA_AUTO, &op), CORENN_OK);
    std::vector<float> x(8), y(8);
    EXPECT_EQ(corenn_batchnorm_run(op, -1, 2, x.data(), y.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_batchnorm_run(op, 1, -2, x.data(), y.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("spatial"), std::string::npos);
    EXPECT_EQ(corenn_batchnorm_run(op, 1, 2, nullptr, y.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_batchnorm_run(op, 1, 2, x.data(), y.data(), 0), CORENN_INVALID_ARGUMENT);
    corenn_batchnorm_destroy(op);
}

}  // namespace
}  // namespace corenn::test
