#include <cmath>

#include "kernels/rnn/scalar-rnn-tile.h"

namespace corenn {

// Portable GRU cell; passes as in f32-gru-cell-h8-avx2.cpp (0: whole step with r*(W_hn h + b_hn);
// 1: z and r*h for ONNX's linear_before_reset=0; 2: n = tanh(x_n + W_hn (r*h) + b_hn) and h').
void f32_gru_cell_h8__scalar(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j)
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            const float* h_prev = a.h_prev + b * a.h_prev_stride;
            const float* xrow = a.xproj + a.rows[b] * a.xproj_row_stride;
            const float* xn = xrow + 2 * static_cast<size_t>(a.hidden_padded) + 8 * j;
            const float* b_hn = a.bias_hn + 8 * j;
            const float* h_old = h_prev + 8 * j;
            float* h_out = a.h_out + b * a.h_out_stride + 8 * j;
            if (a.gru_pass == 0) {
                float rec[3][8];
                scalar::recurrent_part<3, 0, 3>(a, h_prev, b, j, rec);
                for (int u = 0; u < 8; ++u) {
                    const float r = sigmoid_scalar(scalar::clip_preactivation(a, rec[0][u] + xrow[8 * j + u]));
                    const float z = sigmoid_scalar(
                        scalar::clip_preactivation(a, rec[1][u] + xrow[a.hidden_padded + 8 * j + u]));
                    const float n = std::tanh(scalar::clip_preactivation(a, xn[u] + r * (rec[2][u] + b_hn[u])));
                    h_out[u] = n + z * (h_old[u] - n);
                }
            } else if (a.gru_pass == 1) {
                float rz[2][8];
                scalar::recurrent_part<3, 0, 2>(a, h_prev, b, j, rz);
                scalar::add_input_part<0, 2>(a, xrow, j, rz);
                float* z_buf = a.gru_z + b * a.gru_stride + 8 * j;
                float* rh_buf = a.gru_rh + b * a.gru_stride + 8 * j;
                for (int u = 0; u < 8; ++u) {
                    z_buf[u] = sigmoid_scalar(scalar::clip_preactivation(a, rz[1][u]));
                    rh_buf[u] = sigmoid_scalar(scalar::clip_preactivation(a, rz[0][u])) * h_old[u];
                }
            } else {
                float n_pre[1][8];
                scalar::recurrent_part<3, 2, 1>(a, a.gru_rh + b * a.gru_stride, b, j, n_pre);
                const float* z_buf = a.gru_z + b * a.gru_stride + 8 * j;
                for (int u = 0; u < 8; ++u) {
                    const float n = std::tanh(scalar::clip_preactivation(a, xn[u] + (n_pre[0][u] + b_hn[u])));
                    h_out[u] = n + z_buf[u] * (h_old[u] - n);
                }
            }
        }
}

}  // namespace corenn
