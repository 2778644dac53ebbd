// Naive reference kernels: the ground truth every fast kernel is tested against. Written for
// obviousness, accumulating in double; never used on a hot path.
#pragma once

#include <corenn/corenn.h>

namespace corenn::reference {

double activate(const corenn_activation_desc& act, double x);

// y[n][o] = act(b[o] + sum_i x[n][i] * w[o][i])
void dense(const float* x, const float* w, const float* b, float* y, int batch, int in, int out,
           const corenn_activation_desc& act);

// ConvLSTM2d (corenn.h layouts), same padding, gates i, f, g, o; h0/c0 may be null (zeros).
void convlstm2d(const float* x, const float* w, const float* b, const float* h0, const float* c0, float* y,
                int seq_len, int batch, int cin, int ch, int height, int width, int kh, int kw);

}  // namespace corenn::reference
