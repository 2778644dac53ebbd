#include <cmath>

#include "kernels/rnn/scalar-rnn-tile.h"

namespace corenn {

// Portable LSTM cell: c' = f*c + i*g, h' = o*tanh(c'), per 8-unit tile and batch element. ONNX's
// peepholes add p_i*c and p_f*c (the old c) and p_o*c' to the pre-activations; input_forget sets
// f = 1 - i.
void f32_lstm_cell_h8__scalar(const RnnCellArgs& a, int tile_begin, int tile_end) {
    const size_t Hp = static_cast<size_t>(a.hidden_padded);
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            float pre[4][8];
            scalar::recurrent_part<4, 0, 4>(a, a.h_prev + b * a.h_prev_stride, b, j, pre);
            scalar::add_input_part<0, 4>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre);
            float* c = a.c + b * a.c_stride + 8 * j;
            float* h = a.h_out + b * a.h_out_stride + 8 * j;
            const float* p = a.peephole != nullptr ? a.peephole + 8 * j : nullptr;
            for (int u = 0; u < 8; ++u) {
                const float c_old = c[u];
                const float pre_i = p != nullptr ? pre[0][u] + p[u] * c_old : pre[0][u];
                const float pre_f = p != nullptr ? pre[1][u] + p[Hp + u] * c_old : pre[1][u];
                const float i = sigmoid_scalar(scalar::clip_preactivation(a, pre_i));
                const float f = a.input_forget ? 1.0f - i : sigmoid_scalar(scalar::clip_preactivation(a, pre_f));
                const float g = std::tanh(scalar::clip_preactivation(a, pre[2][u]));
                c[u] = f * c_old + i * g;
                const float pre_o = p != nullptr ? pre[3][u] + p[2 * Hp + u] * c[u] : pre[3][u];
                const float o = sigmoid_scalar(scalar::clip_preactivation(a, pre_o));
                h[u] = o * std::tanh(c[u]);
            }
        }
}

}  // namespace corenn
