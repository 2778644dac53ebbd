// Builds the padded, column-phase-split copy of one input plane that sliding-window kernels read
// (PhasePlane in config/kernel-types-conv.h): depthwise conv pads with 0, max pooling with -inf.
#pragma once

#include <cstddef>

#include "config/kernels.h"

namespace corenn {

struct WindowGeometry {
    int in_h, in_w, out_h, out_w;
    int kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w;
    int pad_top, pad_left;
};

struct PhaseLayout {
    int rows;        // padded rows the outputs read
    int row_stride;  // floats per phase row: the vector-rounded output width plus the widest tap
    size_t phase_stride;
    size_t floats() const { return phase_stride * static_cast<size_t>(phases); }
    int phases;      // stride_w
};

PhaseLayout phase_layout(const WindowGeometry& g);

// Fills `dst` (layout.floats() floats) from plane x: [in_h, in_w]; everything outside the input
// gets pad_value. Returns the PhasePlane that describes it.
PhasePlane split_plane(const WindowGeometry& g, const PhaseLayout& layout, const float* x, float pad_value,
                       float* dst);

}  // namespace corenn
