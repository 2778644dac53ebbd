#include "kernels/rnn/avx512-rnn-batch-rows.h"

namespace corenn {

namespace {

using namespace avx512::rnn_batch;

// W_hh h of up to 12 batch rows x 32 columns (gates i, f, g, o of 8 units; per input, the tile's
// [i|f] and [g|o] zmm): 24 accumulators, one weight load per 12 FMAs. The cell update then runs on
// rows in pairs, each gate of the pair regrouped into one zmm ([row m | row m+1] by vshuff32x4), so
// the five transcendentals per unit use all 16 lanes; an odd last row pairs with itself and only its
// half is stored. The arithmetic of each lane is that of f32-lstm-cell-3x32-avx2.cpp.
template <int MR>
void lstm_rows(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    prefetch_next_xproj<0, 4, MR>(a, elements, j);
    const float* w = a.w + static_cast<size_t>(j) * a.k * 32;
    __m512 acc[MR][2];
    recurrent_rows<MR, 2>(
        [w](int i, __m512(&v)[2]) {
            v[0] = _mm512_load_ps(w + static_cast<size_t>(i) * 32);
            v[1] = _mm512_load_ps(w + static_cast<size_t>(i) * 32 + 16);
        },
        in, a.k, acc);
    const size_t Hp = static_cast<size_t>(a.hidden_padded);
#pragma GCC unroll 6
    for (int m = 0; m < MR; m += 2) {
        const bool both = m + 1 < MR;
        const int m2 = both ? m + 1 : m;
        const int b1 = elements[m], b2 = elements[m2];
        const float* x1 = xproj_row(a, b1) + 8 * j;
        const float* x2 = xproj_row(a, b2) + 8 * j;
        const __m512 i_pre = _mm512_add_ps(halves<false>(acc[m][0], acc[m2][0]), pair_load(x1, x2));
        const __m512 f_pre = _mm512_add_ps(halves<true>(acc[m][0], acc[m2][0]), pair_load(x1 + Hp, x2 + Hp));
        const __m512 g_pre = _mm512_add_ps(halves<false>(acc[m][1], acc[m2][1]), pair_load(x1 + 2 * Hp, x2 + 2 * Hp));
        const __m512 o_pre = _mm512_add_ps(halves<true>(acc[m][1], acc[m2][1]), pair_load(x1 + 3 * Hp, x2 + 3 * Hp));
        const __m512 i = avx512::sigmoid(clip_preactivation(a, i_pre));
        const __m512 f = avx512::sigmoid(clip_preactivation(a, f_pre));
        const __m512 g = avx512::tanh(clip_preactivation(a, g_pre));
        const __m512 o = avx512::sigmoid(clip_preactivation(a, o_pre));
        float* c1 = a.c + b1 * a.c_stride + 8 * j;
        float* c2 = a.c + b2 * a.c_stride + 8 * j;
        const __m512 c_new = _mm512_fmadd_ps(f, pair_load(c1, c2), _mm512_mul_ps(i, g));
        pair_store(c1, c2, c_new, both);
        pair_store(a.h_out + b1 * a.h_out_stride + 8 * j, a.h_out + b2 * a.h_out_stride + 8 * j,
                   _mm512_mul_ps(o, avx512::tanh(c_new)), both);
    }
}

}  // namespace

// Batched LSTM step over float tiles (a.w): for each tile, the active elements in balanced blocks
// of up to 12 (even sizes, for the row pairs); the tile's weights (k*32 floats) stay in L1 while
// the blocks pass by.
void f32_lstm_cell_12x32__avx512(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        for_each_row_block<12, 2>(a, [&](auto rows, const int* elements) {
            lstm_rows<decltype(rows)::value>(a, j, elements);
        });
}

}  // namespace corenn
