#include "kernels/rnn/avx2-rnn-tile.h"

namespace corenn {

namespace {

// OnnxExtras adds ONNX's peepholes (p_i, p_f times the old c; p_o times the new one) and
// input_forget (f = 1 - i); the plain PyTorch cell is compiled without either test.
template <bool OnnxExtras>
void lstm_tiles(const RnnCellArgs& a, int tile_begin, int tile_end) {
    const float* peephole = OnnxExtras ? a.peephole : nullptr;
    const size_t Hp = static_cast<size_t>(a.hidden_padded);
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            const float* h_prev = a.h_prev + b * a.h_prev_stride;
            __m256 pre[4];
            avx2::recurrent_part<4, 0, 4>(a, h_prev, b, j, pre);
            avx2::add_input_part<0, 4>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre);
            float* c = a.c + b * a.c_stride + 8 * j;
            const __m256 c_old = _mm256_load_ps(c);
            if (OnnxExtras && peephole != nullptr) {
                pre[0] = _mm256_fmadd_ps(_mm256_load_ps(peephole + 8 * j), c_old, pre[0]);
                pre[1] = _mm256_fmadd_ps(_mm256_load_ps(peephole + Hp + 8 * j), c_old, pre[1]);
            }
            const __m256 i = avx2::sigmoid(avx2::clip_preactivation(a, pre[0]));
            const __m256 f = OnnxExtras && a.input_forget ? _mm256_sub_ps(_mm256_set1_ps(1.0f), i)
                                                          : avx2::sigmoid(avx2::clip_preactivation(a, pre[1]));
            const __m256 g = avx2::tanh(avx2::clip_preactivation(a, pre[2]));
            const __m256 c_new = _mm256_fmadd_ps(f, c_old, _mm256_mul_ps(i, g));
            if (OnnxExtras && peephole != nullptr)
                pre[3] = _mm256_fmadd_ps(_mm256_load_ps(peephole + 2 * Hp + 8 * j), c_new, pre[3]);
            const __m256 o = avx2::sigmoid(avx2::clip_preactivation(a, pre[3]));
            _mm256_store_ps(c, c_new);
            _mm256_store_ps(a.h_out + b * a.h_out_stride + 8 * j, _mm256_mul_ps(o, avx2::tanh(c_new)));
        }
}

}  // namespace

// Gates i, f, g, o of 8 hidden units stay in registers from the recurrent GEMV through the cell
// update: c' = f*c + i*g, h' = o*tanh(c'). The tile's weights (k*4*8 floats) are reused from L1 by
// the other batch elements.
void f32_lstm_cell_h8__avx2(const RnnCellArgs& a, int tile_begin, int tile_end) {
    if (a.peephole != nullptr || a.input_forget) lstm_tiles<true>(a, tile_begin, tile_end);
    else lstm_tiles<false>(a, tile_begin, tile_end);
}

}  // namespace corenn
