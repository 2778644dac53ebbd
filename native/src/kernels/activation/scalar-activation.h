// Scalar activations shared by the generic kernels. NaN propagates as in PyTorch: every comparison
// is written so that a NaN input takes the branch that returns it.
#pragma once

#include <corenn/corenn.h>

#include <cmath>

namespace corenn {

inline float relu_scalar(float x) { return x < 0.0f ? 0.0f : x; }
inline float clip_scalar(float x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }
inline float sigmoid_scalar(float x) { return 1.0f / (1.0f + std::exp(-x)); }

inline float activate_scalar(const corenn_activation_desc& act, float x) {
    switch (act.kind) {
        case CORENN_ACT_RELU: return relu_scalar(x);
        case CORENN_ACT_LEAKY_RELU: return x < 0.0f ? act.alpha * x : x;
        case CORENN_ACT_SIGMOID: return sigmoid_scalar(x);
        case CORENN_ACT_TANH: return std::tanh(x);
        case CORENN_ACT_RELU6: return clip_scalar(x, 0.0f, 6.0f);
        case CORENN_ACT_HARDSWISH: return x * clip_scalar(x + 3.0f, 0.0f, 6.0f) * (1.0f / 6.0f);
        case CORENN_ACT_CLIP: return clip_scalar(x, act.alpha, act.beta);
        default: return x;
    }
}

}  // namespace corenn
