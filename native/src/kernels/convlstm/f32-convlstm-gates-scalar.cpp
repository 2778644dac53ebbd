#include <cmath>

#include "config/kernels.h"
#include "kernels/activation/scalar-activation.h"

namespace corenn {

void f32_convlstm_gates__scalar(const float* gx, const float* gh, size_t gate_stride, float* c, float* h, size_t n) {
    for (size_t p = 0; p < n; ++p) {
        const float i = sigmoid_scalar(gx[p] + gh[p]);
        const float f = sigmoid_scalar(gx[gate_stride + p] + gh[gate_stride + p]);
        const float g = std::tanh(gx[2 * gate_stride + p] + gh[2 * gate_stride + p]);
        const float o = sigmoid_scalar(gx[3 * gate_stride + p] + gh[3 * gate_stride + p]);
        c[p] = f * c[p] + i * g;
        h[p] = o * std::tanh(c[p]);
    }
}

}  // namespace corenn
