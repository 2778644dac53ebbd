// Naive references of the convolution family (see reference.h): double accumulation, no blocking.
#pragma once

#include <corenn/corenn.h>

namespace corenn::reference {

// x: [batch, C, in_h, in_w]   w: [O, C/groups, kh, kw]   bias: [O] or null   residual, y: [batch, O, out_h, out_w]
// y = epilogue((sum + bias) * scale + shift) as stated in corenn.h; out_h/out_w from the formula there.
void conv2d(const corenn_conv2d_desc& d, int batch, int in_h, int in_w, const float* x, const float* w,
            const float* bias, const float* residual, float* y);

// x: [batch, channels, in_h, in_w] -> y: [batch, channels, out_h, out_w], PyTorch's max_pool2d /
// avg_pool2d loops (global: one window over the plane). Averages sum in double and divide in float.
void pool2d(const corenn_pool2d_desc& d, int batch, int channels, int in_h, int in_w, const float* x, float* y);

// x, y: [batch, channels, spatial]; gamma/beta may be null.
void batchnorm(int batch, int channels, long spatial, float epsilon, const float* mean, const float* var,
               const float* gamma, const float* beta, const corenn_activation_desc& act, const float* x, float* y);

// Broadcasting a (+ or *) b into y of the broadcast shape (numpy's rules), by full index arithmetic.
void eltwise(int kind, int rank_a, const int64_t* shape_a, const float* a, int rank_b, const int64_t* shape_b,
             const float* b, float* y);

// Softmax / log-softmax over `axis` (>= 0) in double.
void softmax(bool log, int rank, const int64_t* shape, int axis, const float* x, float* y);

}  // namespace corenn::reference
