#include <immintrin.h>

#include <array>
#include <cstddef>
#include <utility>

#include "config/kernels.h"

namespace corenn {

namespace {

// NB blocks of 16 columns (one zmm each, weights packed [N/16][k][16]) x MR rows: NB weight loads
// and MR broadcasts feed NB*MR independent FMA chains (24 for the full 6x64 tile, of the 32
// registers). Each output is one chain over k from zero, then + bias, as at the AVX2 level, so edge
// tiles sum in exactly the same order as full ones. masks[n] selects the columns of block n that
// belong to the caller's 8-column blocks; the others are computed but neither read nor stored.
template <int NB, int MR>
void tile(const RnnGemmArgs& a, const float* const* x, float* const* y, int block, const __mmask16* masks) {
    const size_t block_stride = static_cast<size_t>(a.k) * 16;
    const float* w = a.w + block * block_stride;
    __m512 acc[MR][NB];
    // Fully unrolled so the accumulators live in registers.
#pragma GCC unroll 6
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 4
        for (int n = 0; n < NB; ++n) acc[m][n] = _mm512_setzero_ps();
    for (int i = 0; i < a.k; ++i) {
        __m512 wv[NB];
#pragma GCC unroll 4
        for (int n = 0; n < NB; ++n) wv[n] = _mm512_load_ps(w + n * block_stride + static_cast<size_t>(i) * 16);
#pragma GCC unroll 6
        for (int m = 0; m < MR; ++m) {
            const __m512 xv = _mm512_set1_ps(x[m][i]);
#pragma GCC unroll 4
            for (int n = 0; n < NB; ++n) acc[m][n] = _mm512_fmadd_ps(wv[n], xv, acc[m][n]);
        }
    }
#pragma GCC unroll 4
    for (int n = 0; n < NB; ++n) {
        const int col = (block + n) * 16;
        const __m512 bias = _mm512_maskz_loadu_ps(masks[n], a.bias + col);
#pragma GCC unroll 6
        for (int m = 0; m < MR; ++m) _mm512_mask_storeu_ps(y[m] + col, masks[n], _mm512_add_ps(acc[m][n], bias));
    }
}

constexpr int kRows = 6, kBlocks = 4;

template <int NB, int... MR>
constexpr auto row_tiles(std::integer_sequence<int, MR...>) {
    using TileFn = void (*)(const RnnGemmArgs&, const float* const*, float* const*, int, const __mmask16*);
    return std::array<TileFn, kRows>{tile<NB, MR + 1>...};
}

// [column blocks - 1][rows - 1]
constexpr std::array<decltype(row_tiles<1>(std::make_integer_sequence<int, kRows>{})), kBlocks> kTiles = {
    row_tiles<1>(std::make_integer_sequence<int, kRows>{}), row_tiles<2>(std::make_integer_sequence<int, kRows>{}),
    row_tiles<3>(std::make_integer_sequence<int, kRows>{}), row_tiles<4>(std::make_integer_sequence<int, kRows>{})};

}  // namespace

// Panels of 24 rows outermost (their x and y pointers worked out once), then column groups, then the
// panel's four row tiles: a group's weights (64 x k floats) serve them from L1, and a panel's
// outputs (24 rows x all columns) are complete before the next panel starts. All rows per column
// group instead, as at the AVX2 level, measured 1.4x slower here (each group's outputs scattered
// over the whole 13 MB xproj of the b32 LSTM); 12x32 tiles 7% slower than 6x64, 8x48 3%.
// The caller's 8-column blocks [block_begin, block_end) lie in 16-column blocks
// [block_begin / 2, ceil(block_end / 2)); a half outside the range is masked off.
void f32_rnn_gemm_6x64__avx512(const RnnGemmArgs& a, int m_begin, int m_end, int block_begin, int block_end) {
    constexpr int kPanelRows = 4 * kRows;
    const int first = block_begin / 2, last = (block_end + 1) / 2;
    for (int panel = m_begin; panel < m_end; panel += kPanelRows) {
        const int rows = m_end - panel < kPanelRows ? m_end - panel : kPanelRows;
        const float* x[kPanelRows];
        float* y[kPanelRows];
        for (int r = 0; r < rows; ++r) {
            const int row = panel + r;
            x[r] = a.x + (row / a.batch) * a.x_t_stride + (row % a.batch) * a.x_b_stride;
            y[r] = a.y + row * a.y_row_stride;
        }
        for (int block = first; block < last; block += kBlocks) {
            const int nb = last - block < kBlocks ? last - block : kBlocks;
            __mmask16 masks[kBlocks];
            for (int n = 0; n < nb; ++n) {
                const int low = 2 * (block + n);
                const int lower = low >= block_begin ? 0x00ff : 0, upper = low + 1 < block_end ? 0xff00 : 0;
                masks[n] = static_cast<__mmask16>(lower | upper);
            }
            for (int r = 0; r < rows; r += kRows) {
                const int mr = rows - r < kRows ? rows - r : kRows;
                kTiles[nb - 1][mr - 1](a, x + r, y + r, block, masks);
            }
        }
    }
}

}  // namespace corenn
