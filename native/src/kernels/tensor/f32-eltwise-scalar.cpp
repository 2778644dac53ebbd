#include "config/kernels.h"

namespace corenn {

void f32_eltwise__scalar(int kind, const float* a, int a_step, const float* b, int b_step, float* y, size_t n) {
    if (kind == CORENN_ELTWISE_ADD)
        for (size_t i = 0; i < n; ++i) y[i] = a[i * a_step] + b[i * b_step];
    else
        for (size_t i = 0; i < n; ++i) y[i] = a[i * a_step] * b[i * b_step];
}

}  // namespace corenn
