// The conv epilogue for one value, shared by the generic conv kernels (formula in corenn.h).
#pragma once

#include "config/kernels.h"
#include "kernels/activation/scalar-activation.h"

namespace corenn {

inline float conv_epilogue_scalar(float acc, float scale, float shift, const float* residual, const ConvEpilogue& e) {
    float t = acc * scale + shift;
    if (e.residual == CORENN_RESIDUAL_BEFORE_ACTIVATION) t += *residual;
    t = activate_scalar(e.activation, t);
    if (e.residual == CORENN_RESIDUAL_AFTER_ACTIVATION) t += *residual;
    return t;
}

}  // namespace corenn
