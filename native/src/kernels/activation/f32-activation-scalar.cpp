#include "config/kernels.h"
#include "kernels/activation/scalar-activation.h"

namespace corenn {

void f32_activation__scalar(const corenn_activation_desc& act, const float* x, float* y, size_t n) {
    for (size_t i = 0; i < n; ++i) y[i] = activate_scalar(act, x[i]);
}

}  // namespace corenn
