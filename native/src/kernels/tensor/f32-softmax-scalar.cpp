#include <cmath>

#include "config/kernels.h"

namespace corenn {

void f32_softmax__scalar(const float* x, float* y, int n, size_t stride, size_t columns, bool log) {
    for (size_t col = 0; col < columns; ++col) {
        float max = x[col];
        for (int i = 1; i < n; ++i) max = std::fmax(max, x[i * stride + col]);
        float sum = 0.0f;
        for (int i = 0; i < n; ++i) sum += std::exp(x[i * stride + col] - max);
        if (log) {
            // (x - max) first: exact for the large entries, so log(sum) is not lost in max's rounding.
            const float log_sum = std::log(sum);
            for (int i = 0; i < n; ++i) y[i * stride + col] = (x[i * stride + col] - max) - log_sum;
        } else {
            const float inverse = 1.0f / sum;
            for (int i = 0; i < n; ++i) y[i * stride + col] = std::exp(x[i * stride + col] - max) * inverse;
        }
    }
}

}  // namespace corenn
