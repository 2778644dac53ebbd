#include "kernels/rnn/avx2-rnn-tile.h"

namespace corenn {

namespace {

// h' = (1 - z) * n + z * h, written as n + z * (h - n): one FMA.
inline __m256 blend_state(__m256 z, __m256 n, __m256 h_prev) {
    return _mm256_fmadd_ps(z, _mm256_sub_ps(h_prev, n), n);
}

}  // namespace

// GRU gates r, z, n of 8 units per tile. Pass 0 (PyTorch, linear_before_reset=1) does the whole
// step in registers. ONNX's default multiplies r into h before W_hn, which needs every unit's r
// first: pass 1 stores z and r*h, the op waits for all threads, pass 2 finishes with W_hn (r*h).
void f32_gru_cell_h8__avx2(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            const float* h_prev = a.h_prev + b * a.h_prev_stride;
            const float* xrow = a.xproj + a.rows[b] * a.xproj_row_stride;
            const __m256 h_old = _mm256_load_ps(h_prev + 8 * j);
            const __m256 b_hn = _mm256_load_ps(a.bias_hn + 8 * j);
            float* h_out = a.h_out + b * a.h_out_stride + 8 * j;
            if (a.gru_pass == 0) {
                __m256 rec[3];
                avx2::recurrent_part<3, 0, 3>(a, h_prev, b, j, rec);
                __m256 rz[2] = {rec[0], rec[1]};
                avx2::add_input_part<0, 2>(a, xrow, j, rz);
                const __m256 r = avx2::sigmoid(avx2::clip_preactivation(a, rz[0]));
                const __m256 z = avx2::sigmoid(avx2::clip_preactivation(a, rz[1]));
                const __m256 xn = _mm256_load_ps(xrow + 2 * static_cast<size_t>(a.hidden_padded) + 8 * j);
                const __m256 n_pre = _mm256_fmadd_ps(r, _mm256_add_ps(rec[2], b_hn), xn);
                const __m256 n = avx2::tanh(avx2::clip_preactivation(a, n_pre));
                _mm256_store_ps(h_out, blend_state(z, n, h_old));
            } else if (a.gru_pass == 1) {
                __m256 rz[2];
                avx2::recurrent_part<3, 0, 2>(a, h_prev, b, j, rz);
                avx2::add_input_part<0, 2>(a, xrow, j, rz);
                const __m256 r = avx2::sigmoid(avx2::clip_preactivation(a, rz[0]));
                const __m256 z = avx2::sigmoid(avx2::clip_preactivation(a, rz[1]));
                _mm256_store_ps(a.gru_z + b * a.gru_stride + 8 * j, z);
                _mm256_store_ps(a.gru_rh + b * a.gru_stride + 8 * j, _mm256_mul_ps(r, h_old));
            } else {
                __m256 n_pre[1];
                avx2::recurrent_part<3, 2, 1>(a, a.gru_rh + b * a.gru_stride, b, j, n_pre);
                const __m256 xn = _mm256_load_ps(xrow + 2 * static_cast<size_t>(a.hidden_padded) + 8 * j);
                const __m256 n_sum = _mm256_add_ps(xn, _mm256_add_ps(n_pre[0], b_hn));
                const __m256 n = avx2::tanh(avx2::clip_preactivation(a, n_sum));
                _mm256_store_ps(h_out, blend_state(_mm256_load_ps(a.gru_z + b * a.gru_stride + 8 * j), n, h_old));
            }
        }
}

}  // namespace corenn
