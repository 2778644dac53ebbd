#include <gtest/gtest.h>

#include <random>

#include "reference/conv_reference.h"
#include "test_util.h"

namespace corenn::test {
namespace {

struct Shape {
    std::vector<int64_t> dims;
    size_t elements() const {
        size_t n = 1;
        for (int64_t d : dims) n *= static_cast<size_t>(d);
        return n;
    }
};

TEST(Eltwise, numpyBroadcasting_everyIsaAndThreadCount_matchReferenceExactly) {
    std::mt19937 rng(31);
    const std::vector<std::pair<Shape, Shape>> cases = {
        {{{2, 3, 4, 5}}, {{2, 3, 4, 5}}},  // same shape
        {{{2, 3, 4, 5}}, {{3, 1, 1}}},     // per-channel (NCHW + [C,1,1])
        {{{1, 7, 9, 9}}, {{1, 7, 1, 1}}},
        {{{4, 1, 6}}, {{1, 5, 1}}},        // both broadcast: outer product
        {{{3, 17}}, {{17}}},               // row vector, prime width
        {{{19}}, {{}}},                    // scalar
        {{{}}, {{}}},
        {{{2, 1, 9}}, {{2, 8, 9}}},
        {{{5, 1}}, {{1, 1, 3000}}},
        {{{1, 1}}, {{1, 1}}},
        {{{2, 3, 1, 1, 5}}, {{3, 4, 1, 5}}},
    };
    for (int kind : {CORENN_ELTWISE_ADD, CORENN_ELTWISE_MUL})
        for (const auto& [sa, sb] : cases) {
            int rank = 0;
            int64_t dims[CORENN_MAX_RANK];
            ASSERT_EQ(corenn_eltwise_output_shape(static_cast<int>(sa.dims.size()), sa.dims.data(),
                                                  static_cast<int>(sb.dims.size()), sb.dims.data(), &rank, dims),
                      CORENN_OK)
                << corenn_last_error();
            const Shape sy{{dims, dims + rank}};
            const auto a = random_ints(sa.elements(), -9, 9, rng), b = random_ints(sb.elements(), -9, 9, rng);
            std::vector<float> want(sy.elements());
            reference::eltwise(kind, static_cast<int>(sa.dims.size()), sa.dims.data(), a.data(),
                               static_cast<int>(sb.dims.size()), sb.dims.data(), b.data(), want.data());
            for (Isa isa : available_isas())
                for (int threads : kThreadCounts) {
                    GuardedBuffer y(sy.elements());
                    ASSERT_EQ(corenn_eltwise_run(kind, static_cast<int>(sa.dims.size()), sa.dims.data(), a.data(),
                                                 static_cast<int>(sb.dims.size()), sb.dims.data(), b.data(), y.data(),
                                                 static_cast<int>(isa), threads),
                              CORENN_OK)
                        << corenn_last_error();
                    ASSERT_TRUE(y.guards_intact());
                    ASSERT_EQ(y.values(), want) << "kind " << kind << " rank " << rank << " " << isa_label(isa, threads);
                }
        }
}

TEST(Eltwise, inPlaceIntoTheFullShapedOperand) {
    const int64_t shape_a[] = {2, 3, 4}, shape_b[] = {3, 1};
    std::vector<float> a(24), b = {1, 2, 3};
    for (int i = 0; i < 24; ++i) a[i] = static_cast<float>(i);
    std::vector<float> want(24);
    reference::eltwise(CORENN_ELTWISE_ADD, 3, shape_a, a.data(), 2, shape_b, b.data(), want.data());
    ASSERT_EQ(corenn_eltwise_run(CORENN_ELTWISE_ADD, 3, shape_a, a.data(), 2, shape_b, b.data(), a.data(),
                                 CORENN_ISA_AUTO, 2),
              CORENN_OK);
    EXPECT_EQ(a, want);
}

TEST(Eltwise, badArguments_returnInvalidArgumentNamingTheParameter) {
    const int64_t s34[] = {3, 4}, s5[] = {5}, negative[] = {-1};
    std::vector<float> a(12), b(5), y(12);
    EXPECT_EQ(corenn_eltwise_run(CORENN_ELTWISE_ADD, 2, s34, a.data(), 1, s5, b.data(), y.data(), CORENN_ISA_AUTO, 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("broadcast"), std::string::npos);
    EXPECT_EQ(corenn_eltwise_run(7, 2, s34, a.data(), 2, s34, b.data(), y.data(), CORENN_ISA_AUTO, 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("kind"), std::string::npos);
    EXPECT_EQ(corenn_eltwise_run(CORENN_ELTWISE_MUL, 9, s34, a.data(), 2, s34, b.data(), y.data(), CORENN_ISA_AUTO, 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("rank"), std::string::npos);
    EXPECT_EQ(corenn_eltwise_run(CORENN_ELTWISE_MUL, 1, negative, a.data(), 2, s34, b.data(), y.data(), CORENN_ISA_AUTO, 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_eltwise_run(CORENN_ELTWISE_MUL, 2, s34, nullptr, 2, s34, b.data(), y.data(), CORENN_ISA_AUTO, 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_eltwise_run(CORENN_ELTWISE_MUL, 2, s34, a.data(), 2, s34, b.data(), y.data(), CORENN_ISA_AUTO, 0),
              CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("threads"), std::string::npos);
}

}  // namespace
}  // namespace corenn::test
