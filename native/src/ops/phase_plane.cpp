#include "ops/phase_plane.h"

#include <algorithm>

namespace corenn {

PhaseLayout phase_layout(const WindowGeometry& g) {
    PhaseLayout l;
    l.rows = (g.out_h - 1) * g.stride_h + (g.kernel_h - 1) * g.dilation_h + 1;
    const int width = (g.out_w + 7) / 8 * 8 + (g.kernel_w - 1) * g.dilation_w / g.stride_w;
    l.row_stride = (width + 7) / 8 * 8;
    l.phase_stride = static_cast<size_t>(l.rows) * l.row_stride;
    l.phases = g.stride_w;
    return l;
}

PhasePlane split_plane(const WindowGeometry& g, const PhaseLayout& l, const float* x, float pad_value, float* dst) {
    for (int p = 0; p < l.phases; ++p)
        for (int r = 0; r < l.rows; ++r) {
            float* row = dst + p * l.phase_stride + static_cast<size_t>(r) * l.row_stride;
            const int ih = r - g.pad_top;
            if (ih < 0 || ih >= g.in_h) {
                std::fill(row, row + l.row_stride, pad_value);
                continue;
            }
            const float* src = x + static_cast<size_t>(ih) * g.in_w;
            if (l.phases == 1) {
                // Unit stride: one contiguous copy between the padding, the common case.
                const int begin = std::clamp(g.pad_left, 0, l.row_stride);
                const int end = std::clamp(g.pad_left + g.in_w, begin, l.row_stride);
                std::fill(row, row + begin, pad_value);
                std::copy(src, src + (end - begin), row + begin);
                std::fill(row + end, row + l.row_stride, pad_value);
                continue;
            }
            for (int j = 0; j < l.row_stride; ++j) {
                const int iw = j * l.phases + p - g.pad_left;
                row[j] = iw >= 0 && iw < g.in_w ? src[iw] : pad_value;
            }
        }
    return PhasePlane{dst, l.phase_stride, l.row_stride, g.kernel_h, g.kernel_w, g.stride_h, g.stride_w,
                      g.dilation_h, g.dilation_w, g.out_h, g.out_w};
}

}  // namespace corenn
