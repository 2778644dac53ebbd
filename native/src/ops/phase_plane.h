// Builds the padded, column-phase-split copy of one input plane that sliding-window kernels read
// (PhasePlane in config/kernel-types-conv.h): depthwise conv pads with 0, max pooling with -inf.
// The padding of a buffer is written once (fill_plane) and then every plane of the same geometry
// copies only its input values into it (split_plane): per plane that is one memcpy per input row.
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
    int phases;      // stride_w
    size_t floats() const { return phase_stride * static_cast<size_t>(phases); }
};

PhaseLayout phase_layout(const WindowGeometry& g);

// Sets all layout.floats() floats of dst to pad_value.
void fill_plane(const PhaseLayout& layout, float pad_value, float* dst);

// Copies plane x: [in_h, in_w] into the positions of dst that hold input values; the others keep
// what fill_plane wrote (so call it again whenever the geometry changes). Returns the PhasePlane
// that describes dst.
PhasePlane split_plane(const WindowGeometry& g, const PhaseLayout& layout, const float* x, float* dst);

}  // namespace corenn
