#include <cstddef>

#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn {

namespace {

// NB blocks of 8 columns x MR rows: NB weight loads and MR broadcasts feed NB*MR independent FMA
// chains (12 for the full 24x4 tile). Each output is one chain over k from zero, then + bias, so
// edge tiles sum in exactly the same order as full ones.
template <int NB, int MR>
void tile(const RnnGemmArgs& a, const float* const* x, float* const* y, int block) {
    const size_t block_stride = static_cast<size_t>(a.k) * 8;
    const float* w = a.w + block * block_stride;
    __m256 acc[MR][NB];
    // Fully unrolled so the accumulators live in registers (GCC otherwise keeps the array on the
    // stack and stores every accumulator on every iteration, halving the FMA rate).
#pragma GCC unroll 4
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 3
        for (int n = 0; n < NB; ++n) acc[m][n] = _mm256_setzero_ps();
    for (int i = 0; i < a.k; ++i) {
        __m256 wv[NB];
#pragma GCC unroll 3
        for (int n = 0; n < NB; ++n) wv[n] = _mm256_load_ps(w + n * block_stride + static_cast<size_t>(i) * 8);
#pragma GCC unroll 4
        for (int m = 0; m < MR; ++m) {
            const __m256 xv = _mm256_broadcast_ss(x[m] + i);
#pragma GCC unroll 3
            for (int n = 0; n < NB; ++n) acc[m][n] = _mm256_fmadd_ps(wv[n], xv, acc[m][n]);
        }
    }
#pragma GCC unroll 4
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 3
        for (int n = 0; n < NB; ++n) {
            const int col = (block + n) * 8;
            _mm256_store_ps(y[m] + col, _mm256_add_ps(acc[m][n], _mm256_load_ps(a.bias + col)));
        }
}

using TileFn = void (*)(const RnnGemmArgs&, const float* const*, float* const*, int);
constexpr TileFn kTiles[3][4] = {
    {tile<1, 1>, tile<1, 2>, tile<1, 3>, tile<1, 4>},
    {tile<2, 1>, tile<2, 2>, tile<2, 3>, tile<2, 4>},
    {tile<3, 1>, tile<3, 2>, tile<3, 3>, tile<3, 4>},
};

}  // namespace

// Column groups outermost: a group's weights (24 x k floats) stay in L1 while all rows pass by.
void f32_rnn_gemm_24x4__avx2(const RnnGemmArgs& a, int m_begin, int m_end, int block_begin, int block_end) {
    for (int block = block_begin; block < block_end; block += 3) {
        const int nb = block_end - block < 3 ? block_end - block : 3;
        for (int m = m_begin; m < m_end; m += 4) {
            const int mr = m_end - m < 4 ? m_end - m : 4;
            const float* x[4];
            float* y[4];
            for (int r = 0; r < mr; ++r) {
                const int row = m + r;
                x[r] = a.x + (row / a.batch) * a.x_t_stride + (row % a.batch) * a.x_b_stride;
                y[r] = a.y + row * a.y_row_stride;
            }
            kTiles[nb - 1][mr - 1](a, x, y, block);
        }
    }
}

}  // namespace corenn
