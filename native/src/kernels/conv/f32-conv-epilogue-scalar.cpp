#include "kernels/conv/scalar-epilogue.h"

namespace corenn {

void f32_conv_epilogue__scalar(float* y, const float* residual, size_t ld, int rows, int count, const float* scale,
                               const float* shift, const ConvEpilogue& e) {
    for (int r = 0; r < rows; ++r) {
        float* row = y + r * ld;
        const float* res = residual != nullptr ? residual + r * ld : nullptr;
        for (int j = 0; j < count; ++j)
            row[j] = conv_epilogue_scalar(row[j], scale[r], shift[r], res != nullptr ? res + j : nullptr, e);
    }
}

}  // namespace corenn
