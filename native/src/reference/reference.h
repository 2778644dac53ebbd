// Naive reference kernels: the ground truth every fast kernel is tested against. Written for
// obviousness, accumulating in double; never used on a hot path.
#pragma once

#include <corenn/corenn.h>

namespace corenn::reference {

double activate(const corenn_activation_desc& act, double x);

// y[n][o] = act(b[o] + sum_i x[n][i] * w[o][i])
void dense(const float* x, const float* w, const float* b, float* y, int batch, int in, int out,
           const corenn_activation_desc& act);

}  // namespace corenn::reference
