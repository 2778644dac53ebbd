#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "reference/conv_reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

TEST(Softmax, everyAxisAndShape_everyIsaAndThreadCount_nearReference_identicalAcrossThreads) {
    std::mt19937 rng(41);
    const std::vector<std::vector<int64_t>> shapes = {{10}, {1}, {3, 7}, {2, 1000}, {4, 9, 5}, {2, 3, 17, 11}, {1, 300, 3}};
    for (const auto& shape : shapes)
        for (int axis = -1; axis < static_cast<int>(shape.size()); ++axis)
            for (int log : {0, 1}) {
                const int rank = static_cast<int>(shape.size());
                size_t n = 1;
                for (int64_t d : shape) n *= static_cast<size_t>(d);
                const auto x = random_floats(n, -30, 30, rng);
                std::vector<float> want(n);
                reference::softmax(log == 1, rank, shape.data(), axis < 0 ? axis + rank : axis, x.data(), want.data());
                for (Isa isa : available_isas()) {
                    std::vector<float> results[2];
                    for (int threads : kThreadCounts) {
                        GuardedBuffer y(n);
                        ASSERT_EQ(corenn_softmax_run(log, rank, shape.data(), axis, x.data(), y.data(),
                                                     static_cast<int>(isa), threads),
                                  CORENN_OK)
                            << corenn_last_error();
                        ASSERT_TRUE(y.guards_intact());
                        results[threads - 1] = y.values();
                    }
                    ASSERT_EQ(results[0], results[1]);
                    for (size_t i = 0; i < n; ++i)
                        ASSERT_NEAR(results[0][i], want[i], log ? 2e-5 + 1e-6 * std::fabs(want[i]) : 1e-6 + 1e-5 * want[i])
                            << "rank " << rank << " axis " << axis << " log " << log << " " << isa_name(isa) << " i " << i;
                }
            }
}

TEST(Softmax, largeInputs_doNotOverflow_andInPlaceWorks) {
    std::vector<float> x = {1000.0f, 999.0f, -1000.0f, 1000.0f};
    const int64_t shape[] = {4};
    for (Isa isa : available_isas()) {
        std::vector<float> y = x;
        ASSERT_EQ(corenn_softmax_run(0, 1, shape, 0, y.data(), y.data(), static_cast<int>(isa), 1), CORENN_OK);
        const double e = std::exp(-1.0), sum = 2 + e;
        EXPECT_NEAR(y[0], 1 / sum, 1e-6);
        EXPECT_NEAR(y[1], e / sum, 1e-6);
        EXPECT_EQ(y[2], 0.0f);
        EXPECT_NEAR(y[3], 1 / sum, 1e-6);
    }
}

TEST(Softmax, badArguments_returnInvalidArgumentNamingTheParameter) {
    const int64_t shape[] = {2, 3};
    std::vector<float> x(6), y(6);
    EXPECT_EQ(corenn_softmax_run(0, 2, shape, 2, x.data(), y.data(), CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("axis"), std::string::npos);
    EXPECT_EQ(corenn_softmax_run(0, 2, shape, -3, x.data(), y.data(), CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_softmax_run(2, 2, shape, 0, x.data(), y.data(), CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("log_softmax"), std::string::npos);
    EXPECT_EQ(corenn_softmax_run(0, 0, shape, 0, x.data(), y.data(), CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_softmax_run(0, 2, shape, 1, nullptr, y.data(), CORENN_ISA_AUTO, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_softmax_run(0, 2, shape, 1, x.data(), y.data(), CORENN_ISA_AUTO, 0), CORENN_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace corenn::test
