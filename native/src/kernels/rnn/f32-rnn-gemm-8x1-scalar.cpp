#include <cstddef>

#include "config/kernels.h"

namespace corenn {

// One 8-column block and one row at a time; each output summed over k in increasing order.
void f32_rnn_gemm_8x1__scalar(const RnnGemmArgs& a, int m_begin, int m_end, int block_begin, int block_end) {
    for (int block = block_begin; block < block_end; ++block) {
        const float* w = a.w + static_cast<size_t>(block) * a.k * 8;
        for (int row = m_begin; row < m_end; ++row) {
            const float* x = a.x + (row / a.batch) * a.x_t_stride + (row % a.batch) * a.x_b_stride;
            float acc[8] = {};
            for (int i = 0; i < a.k; ++i)
                for (int u = 0; u < 8; ++u) acc[u] += w[i * 8 + u] * x[i];
            float* y = a.y + row * a.y_row_stride + block * 8;
            for (int u = 0; u < 8; ++u) y[u] = acc[u] + a.bias[block * 8 + u];
        }
    }
}

}  // namespace corenn
