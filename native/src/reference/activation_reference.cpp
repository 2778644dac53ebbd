#include <cmath>

#include "reference/reference.h"

namespace corenn::reference {

double activate(const corenn_activation_desc& act, double x) {
    if (std::isnan(x)) return x;
    switch (act.kind) {
        case CORENN_ACT_RELU: return x > 0 ? x : 0;
        case CORENN_ACT_LEAKY_RELU: return x > 0 ? x : act.alpha * x;
        case CORENN_ACT_SIGMOID: return 1 / (1 + std::exp(-x));
        case CORENN_ACT_TANH: return std::tanh(x);
        case CORENN_ACT_RELU6: return std::fmin(std::fmax(x, 0.0), 6.0);
        case CORENN_ACT_HARDSWISH: return x * std::fmin(std::fmax(x + 3, 0.0), 6.0) / 6;
        case CORENN_ACT_CLIP: return std::fmin(std::fmax(x, static_cast<double>(act.alpha)), static_cast<double>(act.beta));
        default: return x;
    }
}

}  // namespace corenn::reference
