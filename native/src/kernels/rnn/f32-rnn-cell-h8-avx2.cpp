#include "kernels/rnn/avx2-rnn-tile.h"

namespace corenn {

// Vanilla RNN: h' = tanh or relu(W_ih x + b + W_hh h) for 8 units per tile.
void f32_rnn_cell_h8__avx2(const RnnCellArgs& a, int tile_begin, int tile_end) {
    const __m256 zero = _mm256_setzero_ps();
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            __m256 pre[1];
            avx2::recurrent_part<1, 0, 1>(a, a.h_prev + b * a.h_prev_stride, b, j, pre);
            avx2::add_input_part<0, 1>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre);
            const __m256 x = avx2::clip_preactivation(a, pre[0]);
            // max(zero, x) returns x when x is NaN, so relu propagates NaN like PyTorch.
            const __m256 h = a.relu ? _mm256_max_ps(zero, x) : avx2::tanh(x);
            _mm256_store_ps(a.h_out + b * a.h_out_stride + 8 * j, h);
        }
}

}  // namespace corenn
