#include <cmath>

#include "kernels/rnn/scalar-rnn-tile.h"

namespace corenn {

// Portable vanilla RNN cell: h' = tanh or relu(W_ih x + b + W_hh h).
void f32_rnn_cell_h8__scalar(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            float pre[1][8];
            scalar::recurrent_part<1, 0, 1>(a, a.h_prev + b * a.h_prev_stride, b, j, pre);
            scalar::add_input_part<0, 1>(a, a.xproj + a.rows[b] * a.xproj_row_stride, j, pre);
            float* h = a.h_out + b * a.h_out_stride + 8 * j;
            for (int u = 0; u < 8; ++u) {
                const float x = scalar::clip_preactivation(a, pre[0][u]);
                h[u] = a.relu ? relu_scalar(x) : std::tanh(x);
            }
        }
}

}  // namespace corenn
