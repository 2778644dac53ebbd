#include <cmath>

#include "kernels/rnn/scalar-rnn-tile.h"

namespace corenn {

// Portable LSTM cell: c' = f*c + i*g, h' = o*tanh(c'), per 8-unit tile and batch element.
void f32_lstm_cell_h8__scalar(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            float pre[4][8];
            scalar::recurrent_part<4, 0, 4>(a, a.h_prev + b * a.h_prev_stride, b, j, pre);
            scalar::add_input_part<0, 4>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre);
            float* c = a.c + b * a.c_stride + 8 * j;
            float* h = a.h_out + b * a.h_out_stride + 8 * j;
            for (int u = 0; u < 8; ++u) {
                const float i = sigmoid_scalar(scalar::clip_preactivation(a, pre[0][u]));
                const float f = sigmoid_scalar(scalar::clip_preactivation(a, pre[1][u]));
                const float g = std::tanh(scalar::clip_preactivation(a, pre[2][u]));
                const float o = sigmoid_scalar(scalar::clip_preactivation(a, pre[3][u]));
                c[u] = f * c[u] + i * g;
                h[u] = o * std::tanh(c[u]);
            }
        }
}

}  // namespace corenn
