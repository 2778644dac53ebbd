#include "ops/phase_plane.h"

#include <algorithm>
#include <cstring>

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

void fill_plane(const PhaseLayout& layout, float pad_value, float* dst) {
    std::fill(dst, dst + layout.floats(), pad_value);
}

namespace {

// Phase row j <- src[j * Stride + offset]: a compile-time stride lets the compiler vectorise the
// strided read with shuffles.
template <int Stride>
void gather_columns(const float* src, int offset, int stride, float* row, int j_begin, int j_end) {
    const int step = Stride > 0 ? Stride : stride;
    for (int j = j_begin; j < j_end; ++j) row[j] = src[j * step + offset];
}

}  // namespace

PhasePlane split_plane(const WindowGeometry& g, const PhaseLayout& l, const float* x, float* dst) {
    const int first_row = std::max(0, g.pad_top), last_row = std::min(l.rows, g.pad_top + g.in_h);
    for (int p = 0; p < l.phases; ++p) {
        // Phase column j holds input column j * phases + p - pad_left: keep the j inside the input.
        const int offset = p - g.pad_left;
        const int j_begin = offset >= 0 ? 0 : (-offset + l.phases - 1) / l.phases;
        const int j_end = std::min(l.row_stride, offset > g.in_w - 1 ? 0 : (g.in_w - 1 - offset) / l.phases + 1);
        if (j_begin >= j_end) continue;
        for (int r = first_row; r < last_row; ++r) {
            float* row = dst + p * l.phase_stride + static_cast<size_t>(r) * l.row_stride;
            const float* src = x + static_cast<size_t>(r - g.pad_top) * g.in_w;
            switch (l.phases) {
                case 1: std::memcpy(row + j_begin, src + j_begin + offset, sizeof(float) * (j_end - j_begin)); break;
                case 2: gather_columns<2>(src, offset, 2, row, j_begin, j_end); break;
                case 4: gather_columns<4>(src, offset, 4, row, j_begin, j_end); break;
                default: gather_columns<0>(src, offset, l.phases, row, j_begin, j_end); break;
            }
        }
    }
    return PhasePlane{dst, l.phase_stride, l.row_stride, g.kernel_h, g.kernel_w, g.stride_h, g.stride_w,
                      g.dilation_h, g.dilation_w, g.out_h, g.out_w};
}

}  // namespace corenn
