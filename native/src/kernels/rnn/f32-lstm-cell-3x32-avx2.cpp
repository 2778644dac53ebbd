#include "kernels/rnn/avx2-rnn-rows.h"
#include "kernels/rnn/avx2-rnn-tile.h"

namespace corenn {

namespace {

// W_hh h of 3 batch rows x 32 columns (gates i, f, g, o of 8 units): 12 accumulators, one weight
// load per 3 FMAs; the cell update then runs on the accumulators, as in f32-lstm-cell-h8-avx2.cpp.
template <int MR>
void lstm_rows(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    avx2::prefetch_next_xproj<0, 4, MR>(a, elements, j);
    __m256 pre[MR][4];
    avx2::recurrent_rows<4, 0, 4, MR>(a.w + static_cast<size_t>(j) * a.k * 32, in, a.k, pre);
#pragma GCC unroll 3
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        avx2::add_input_part<0, 4>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre[m]);
        const __m256 i = avx2::sigmoid(avx2::clip_preactivation(a, pre[m][0]));
        const __m256 f = avx2::sigmoid(avx2::clip_preactivation(a, pre[m][1]));
        const __m256 g = avx2::tanh(avx2::clip_preactivation(a, pre[m][2]));
        const __m256 o = avx2::sigmoid(avx2::clip_preactivation(a, pre[m][3]));
        float* c = a.c + b * a.c_stride + 8 * j;
        const __m256 c_new = _mm256_fmadd_ps(f, _mm256_load_ps(c), _mm256_mul_ps(i, g));
        _mm256_store_ps(c, c_new);
        _mm256_store_ps(a.h_out + b * a.h_out_stride + 8 * j, _mm256_mul_ps(o, avx2::tanh(c_new)));
    }
}

}  // namespace

// Batched LSTM step over float tiles (a.w): for each tile, the active elements 3 at a time; the
// tile's weights (k*32 floats) stay in L1 while the rows pass by.
void f32_lstm_cell_3x32__avx2(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        avx2::for_each_row_block<3>(a, [&](auto rows, const int* elements) {
            lstm_rows<decltype(rows)::value>(a, j, elements);
        });
}

}  // namespace corenn
