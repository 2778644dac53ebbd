#include "kernels/rnn/avx2-rnn-tile.h"

namespace corenn {

// Gates i, f, g, o of 8 hidden units stay in registers from the recurrent GEMV through the cell
// update: c' = f*c + i*g, h' = o*tanh(c'). The tile's weights (k*4*8 floats) are reused from L1 by
// the other batch elements.
void f32_lstm_cell_h8__avx2(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            const float* h_prev = a.h_prev + b * a.h_prev_stride;
            __m256 pre[4];
            avx2::recurrent_part<4, 0, 4>(a, h_prev, b, j, pre);
            avx2::add_input_part<0, 4>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre);
            const __m256 i = avx2::sigmoid(avx2::clip_preactivation(a, pre[0]));
            const __m256 f = avx2::sigmoid(avx2::clip_preactivation(a, pre[1]));
            const __m256 g = avx2::tanh(avx2::clip_preactivation(a, pre[2]));
            const __m256 o = avx2::sigmoid(avx2::clip_preactivation(a, pre[3]));
            float* c = a.c + b * a.c_stride + 8 * j;
            const __m256 c_new = _mm256_fmadd_ps(f, _mm256_load_ps(c), _mm256_mul_ps(i, g));
            _mm256_store_ps(c, c_new);
            _mm256_store_ps(a.h_out + b * a.h_out_stride + 8 * j, _mm256_mul_ps(o, avx2::tanh(c_new)));
        }
}

}  // namespace corenn
