#include "kernels/rnn/avx2-rnn-rows.h"
#include "kernels/rnn/avx2-rnn-tile.h"

namespace corenn {

namespace {

// W_hh h of 12 batch rows x 8 units: 12 accumulators share each weight vector.
template <int MR>
void rnn_rows(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    avx2::prefetch_next_xproj<0, 1, MR>(a, elements, j);
    __m256 pre[MR][1];
    avx2::recurrent_rows<1, 0, 1, MR>(a.w + static_cast<size_t>(j) * a.k * 8, in, a.k, pre);
    const __m256 zero = _mm256_setzero_ps();
#pragma GCC unroll 12
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        avx2::add_input_part<0, 1>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre[m]);
        const __m256 x = avx2::clip_preactivation(a, pre[m][0]);
        // max(zero, x) returns x when x is NaN, so relu propagates NaN like PyTorch.
        _mm256_store_ps(a.h_out + b * a.h_out_stride + 8 * j, a.relu ? _mm256_max_ps(zero, x) : avx2::tanh(x));
    }
}

}  // namespace

// Batched vanilla RNN step over float tiles (a.w).
void f32_rnn_cell_12x8__avx2(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        avx2::for_each_row_block<12>(a, [&](auto rows, const int* elements) {
            rnn_rows<decltype(rows)::value>(a, j, elements);
        });
}

}  // namespace corenn
