#include "config/kernels.h"
#include "kernels/activation/scalar-activation.h"

namespace corenn {

// One 8-row block at a time, one accumulator per row, inputs in order.
void f32_gemv_8x1__scalar(const float* w_packed, const float* bias, const float* x, float* y, int in,
                          int rows, int block_begin, int block_end, const corenn_activation_desc& act) {
    for (int b = block_begin; b < block_end; ++b) {
        const float* w = w_packed + static_cast<size_t>(b) * in * 8;
        float acc[8] = {};
        for (int i = 0; i < in; ++i)
            for (int r = 0; r < 8; ++r) acc[r] += w[i * 8 + r] * x[i];
        for (int r = 0; r < 8 && b * 8 + r < rows; ++r)
            y[b * 8 + r] = activate_scalar(act, acc[r] + bias[b * 8 + r]);
    }
}

}  // namespace corenn
