// The f32_rnn_gemm kernels (the input projection of many timesteps) on their own, at every ISA level:
// any row range and any range of 8-column blocks (odd starts and ends split the 16-column blocks of
// the avx512 packing), against exact sums; nothing outside the ranges is written, since two threads
// write neighbouring column ranges of the same rows at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "common/memory.h"
#include "config/kernels.h"
#include "test_util.h"

namespace corenn::test {
namespace {

constexpr float kUntouched = -777.0f;

struct GemmCase {
    int timesteps, batch, k, columns;  // columns: a multiple of 8, as D*G*Hp is
};

// W [columns][k] packed as the op packs it for `isa`: [ceil(N/W)][k][W], zero columns past N.
FloatBuffer pack(const std::vector<float>& w, int k, int columns, Isa isa) {
    const int block = rnn_gemm_block(isa);
    FloatBuffer packed(static_cast<size_t>((columns + block - 1) / block) * block * k);
    for (int n = 0; n < columns; ++n)
        for (int i = 0; i < k; ++i)
            packed.data()[(static_cast<size_t>(n / block) * k + i) * block + n % block] =
                w[static_cast<size_t>(n) * k + i];
    return packed;
}

void check_ranges(const GemmCase& c, std::mt19937& rng) {
    const int rows = c.timesteps * c.batch, blocks = c.columns / 8;
    // x: (seq, batch, k) with a gap after each row, so the strides are not the packed ones.
    const int64_t x_b_stride = c.k + 3, x_t_stride = c.batch * x_b_stride;
    const std::vector<float> x = random_ints(static_cast<size_t>(c.timesteps) * x_t_stride, -4, 4, rng);
    const std::vector<float> w = random_ints(static_cast<size_t>(c.columns) * c.k, -4, 4, rng);
    // bias and y rows 32-byte aligned, as the op's are; y has 8 floats of margin on either side.
    FloatBuffer bias(c.columns);
    const std::vector<float> bias_values = random_ints(c.columns, -8, 8, rng);
    std::copy(bias_values.begin(), bias_values.end(), bias.data());
    const int64_t y_row_stride = c.columns + 8;
    constexpr int kMargin = 8;
    for (Isa isa : available_isas()) {
        const FloatBuffer packed = pack(w, c.k, c.columns, isa);
        for (int trial = 0; trial < 6; ++trial) {
            auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
            const int block_begin = trial == 0 ? 0 : pick(0, blocks - 1);
            const int block_end = trial == 0 ? blocks : pick(block_begin + 1, blocks);
            const int m_begin = trial == 0 ? 0 : pick(0, rows - 1);
            const int m_end = trial == 0 ? rows : pick(m_begin + 1, rows);
            FloatBuffer y_buffer(static_cast<size_t>(rows) * y_row_stride + 2 * kMargin);
            std::fill(y_buffer.data(), y_buffer.data() + y_buffer.size(), kUntouched);
            float* y = y_buffer.data() + kMargin;
            const RnnGemmArgs args{x.data(), x_t_stride, x_b_stride, c.batch,     c.k,
                                   packed.data(), bias.data(), y,    y_row_stride};
            kernels(isa).f32_rnn_gemm(args, m_begin, m_end, block_begin, block_end);
            const std::string what = std::string(isa_name(isa)) + " T" + std::to_string(c.timesteps) + " B" +
                                     std::to_string(c.batch) + " k" + std::to_string(c.k) + " N" +
                                     std::to_string(c.columns) + " rows [" + std::to_string(m_begin) + ", " +
                                     std::to_string(m_end) + ") blocks [" + std::to_string(block_begin) + ", " +
                                     std::to_string(block_end) + ")";
            for (int i = 0; i < kMargin; ++i)
                ASSERT_TRUE(y_buffer.data()[i] == kUntouched && y_buffer.data()[y_buffer.size() - 1 - i] == kUntouched)
                    << what << " wrote past y";
            for (int m = 0; m < rows; ++m) {
                const float* xm = x.data() + (m / c.batch) * x_t_stride + (m % c.batch) * x_b_stride;
                for (int64_t n = 0; n < y_row_stride; ++n) {
                    const float got = y[m * y_row_stride + n];
                    const bool inside = m >= m_begin && m < m_end && n >= 8 * block_begin && n < 8 * block_end;
                    if (!inside) {
                        ASSERT_EQ(got, kUntouched) << what << " wrote row " << m << " column " << n;
                        continue;
                    }
                    double want = bias_values[n];
                    for (int i = 0; i < c.k; ++i) want += static_cast<double>(xm[i]) * w[n * c.k + i];
                    ASSERT_EQ(got, static_cast<float>(want)) << what << " row " << m << " column " << n;
                }
            }
        }
    }
}

// Row counts around the tiles (4 rows at avx2, 6 and panels of 24 at avx512), column blocks
// around 16-column pairs and 64-column groups, k = 1 and primes.
TEST(RnnGemm, anyRowAndColumnBlockRange_exactSums_nothingWrittenOutside) {
    std::mt19937 rng(90);
    const GemmCase cases[] = {{1, 1, 1, 8},    {3, 5, 7, 24},   {2, 13, 1, 40},  {5, 5, 31, 56},
                              {7, 4, 17, 104}, {4, 9, 13, 200}, {1, 25, 64, 16}, {6, 1, 3, 72}};
    for (const GemmCase& c : cases) {
        check_ranges(c, rng);
        if (HasFatalFailure()) return;
    }
}

}  // namespace
}  // namespace corenn::test
