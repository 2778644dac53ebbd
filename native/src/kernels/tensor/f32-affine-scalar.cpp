#include "config/kernels.h"
#include "kernels/activation/scalar-activation.h"

namespace corenn {

void f32_affine__scalar(const float* x, float* y, size_t n, float scale, float shift, const corenn_activation_desc& act) {
    for (size_t i = 0; i < n; ++i) y[i] = activate_scalar(act, x[i] * scale + shift);
}

}  // namespace corenn
