#include "reference/reference.h"

namespace corenn::reference {

void dense(const float* x, const float* w, const float* b, float* y, int batch, int in, int out,
           const corenn_activation_desc& act) {
    for (int n = 0; n < batch; ++n)
        for (int o = 0; o < out; ++o) {
            double sum = b != nullptr ? b[o] : 0.0;
            for (int i = 0; i < in; ++i) sum += static_cast<double>(x[n * in + i]) * w[o * in + i];
            y[n * out + o] = static_cast<float>(activate(act, sum));
        }
}

}  // namespace corenn::reference
