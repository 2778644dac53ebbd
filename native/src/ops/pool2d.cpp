#include "ops/pool2d.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "common/error.h"
#include "common/parallel.h"
#include "ops/conv2d.h"
#include "ops/phase_plane.h"

namespace corenn {

namespace {

constexpr int kMaxDim = 1 << 20;

void validate(const corenn_pool2d_desc& d) {
    CORENN_REQUIRE(d.kind == CORENN_POOL_MAX || d.kind == CORENN_POOL_AVG, "pool2d: kind must be 0 (max) or 1 (avg), got %d",
                   d.kind);
    CORENN_REQUIRE(d.global == 0 || d.global == 1, "pool2d: global must be 0 or 1, got %d", d.global);
    CORENN_REQUIRE(d.layout == CORENN_LAYOUT_NCHW || d.layout == CORENN_LAYOUT_NCHW8C,
                   "pool2d: layout must be 0 (NCHW) or 1 (NCHW8c), got %d", d.layout);
    if (d.global) return;
    CORENN_REQUIRE(d.kernel_h >= 1 && d.kernel_w >= 1 && d.kernel_h <= kMaxDim && d.kernel_w <= kMaxDim,
                   "pool2d: kernel must be >= 1 in each dimension, got %dx%d", d.kernel_h, d.kernel_w);
    CORENN_REQUIRE(d.stride_h >= 1 && d.stride_w >= 1 && d.stride_h <= kMaxDim && d.stride_w <= kMaxDim,
                   "pool2d: stride must be >= 1 in each dimension, got %dx%d", d.stride_h, d.stride_w);
    CORENN_REQUIRE(d.dilation_h >= 1 && d.dilation_w >= 1 && d.dilation_h <= kMaxDim && d.dilation_w <= kMaxDim,
                   "pool2d: dilation must be >= 1 in each dimension, got %dx%d", d.dilation_h, d.dilation_w);
    CORENN_REQUIRE(d.kind == CORENN_POOL_MAX || (d.dilation_h == 1 && d.dilation_w == 1),
                   "pool2d: average pooling needs dilation 1, got %dx%d", d.dilation_h, d.dilation_w);
    const int span_h = d.dilation_h * (d.kernel_h - 1) + 1, span_w = d.dilation_w * (d.kernel_w - 1) + 1;
    CORENN_REQUIRE(d.pad_top >= 0 && d.pad_bottom >= 0 && d.pad_top <= span_h / 2 && d.pad_bottom <= span_h / 2 &&
                       d.pad_left >= 0 && d.pad_right >= 0 && d.pad_left <= span_w / 2 && d.pad_right <= span_w / 2,
                   "pool2d: pads (top, left, bottom, right) must be in [0, half the dilated kernel %dx%d], got "
                   "(%d, %d, %d, %d)",
                   span_h, span_w, d.pad_top, d.pad_left, d.pad_bottom, d.pad_right);
    CORENN_REQUIRE(d.ceil_mode == 0 || d.ceil_mode == 1, "pool2d: ceil_mode must be 0 or 1, got %d", d.ceil_mode);
    CORENN_REQUIRE(d.count_include_pad == 0 || d.count_include_pad == 1,
                   "pool2d: count_include_pad must be 0 or 1, got %d", d.count_include_pad);
}

// PyTorch's pooling_output_shape: in ceil mode the last window must start inside the input or
// the begin padding.
int output_extent(int in, int pad_begin, int pad_end, int dilation, int kernel, int stride, bool ceil_mode) {
    const int64_t span = int64_t{in} + pad_begin + pad_end - int64_t{dilation} * (kernel - 1) - 1;
    if (span < 0) return 0;
    int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceil_mode && (out - 1) * stride >= int64_t{in} + pad_begin) --out;
    return static_cast<int>(out);
}

// The effective window geometry: global pooling is one window over the whole plane.
WindowGeometry geometry(const corenn_pool2d_desc& d, int in_h, int in_w) {
    if (d.global) return {in_h, in_w, 1, 1, in_h, in_w, 1, 1, 1, 1, 0, 0};
    int out_h = 0, out_w = 0;
    pool2d_output_shape(d, in_h, in_w, &out_h, &out_w);
    return {in_h,       in_w,       out_h,        out_w,        d.kernel_h, d.kernel_w,
            d.stride_h, d.stride_w, d.dilation_h, d.dilation_w, d.pad_top,  d.pad_left};
}

}  // namespace

// The window clipped to input + end padding when padding counts, else clipped to the input.
float pool_window_count(int o, int in, int pad_begin, int pad_end, int kernel, int stride, bool include_pad) {
    const int start = o * stride - pad_begin;
    const int end = std::min(start + kernel, in + pad_end);
    if (include_pad) return static_cast<float>(end - start);
    return static_cast<float>(std::min(end, in) - std::max(start, 0));
}

void pool2d_output_shape(const corenn_pool2d_desc& d, int in_h, int in_w, int* out_h, int* out_w) {
    validate(d);
    CORENN_REQUIRE(in_h >= 1 && in_w >= 1 && in_h <= kMaxDim * 16 && in_w <= kMaxDim * 16,
                   "pool2d: input height and width must be in [1, 2^24], got %dx%d", in_h, in_w);
    CORENN_REQUIRE(int64_t{in_h} * in_w < (int64_t{1} << 31),
                   "pool2d: an input plane must have < 2^31 elements, got %dx%d", in_h, in_w);
    if (d.global) {
        *out_h = *out_w = 1;
        return;
    }
    const int h = output_extent(in_h, d.pad_top, d.pad_bottom, d.dilation_h, d.kernel_h, d.stride_h, d.ceil_mode);
    const int w = output_extent(in_w, d.pad_left, d.pad_right, d.dilation_w, d.kernel_w, d.stride_w, d.ceil_mode);
    CORENN_REQUIRE(h >= 1 && w >= 1, "pool2d: the dilated kernel %dx%d does not fit the padded input %dx%d",
                   d.dilation_h * (d.kernel_h - 1) + 1, d.dilation_w * (d.kernel_w - 1) + 1,
                   in_h + d.pad_top + d.pad_bottom, in_w + d.pad_left + d.pad_right);
    CORENN_REQUIRE(int64_t{h} * w < (int64_t{1} << 31), "pool2d: an output plane must have < 2^31 elements, got %dx%d",
                   h, w);
    *out_h = h;
    *out_w = w;
}

corenn_pool2d* pool2d_create(const corenn_pool2d_desc& desc, Isa isa) {
    validate(desc);
    auto op = std::make_unique<corenn_pool2d>();
    op->desc = desc;
    op->kernels = &kernels(isa);
    op->name = desc.kind == CORENN_POOL_MAX ? op->kernels->f32_maxpool2d_name : op->kernels->f32_avgpool2d_name;
    if (desc.layout == CORENN_LAYOUT_NCHW8C) op->name = desc.kind == CORENN_POOL_MAX ? "maxpool2d-nchw8c" : "avgpool2d-nchw8c";
    if (verbose())
        std::fprintf(stderr, "corenn: pool2d %s%s: chose %s (the only implementation at this ISA level)\n",
                     desc.kind == CORENN_POOL_MAX ? "max" : "avg", desc.global ? " global" : "", op->name.c_str());
    return op.release();
}

size_t pool2d_workspace_size(const corenn_pool2d& op, int in_h, int in_w) {
    const WindowGeometry g = geometry(op.desc, in_h, in_w);
    // Per thread: the phase-split plane, then the row and column divisors (average only).
    const size_t per_thread = phase_layout(g).floats() + g.out_h + (g.out_w + 7) / 8 * 8;
    const size_t slice = (per_thread * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
    return slice * static_cast<size_t>(conv_workspace_slots()) + kAlignment;
}

void pool2d_run(const corenn_pool2d& op, int batch, int channels, int in_h, int in_w, const float* x, float* y,
                void* workspace, int threads) {
    const corenn_pool2d_desc& d = op.desc;
    const WindowGeometry g = geometry(d, in_h, in_w);
    if (d.layout == CORENN_LAYOUT_NCHW8C)
        return pool2d_nchw8c_run(d, g, d.global ? 0 : d.pad_bottom, d.global ? 0 : d.pad_right, batch, channels, x, y,
                                 std::min(threads, conv_workspace_slots()));
    const PhaseLayout layout = phase_layout(g);
    const size_t per_thread = layout.floats() + g.out_h + (g.out_w + 7) / 8 * 8;
    const size_t slice = (per_thread * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment / sizeof(float);
    CORENN_REQUIRE(workspace != nullptr, "pool2d: workspace must not be null (this input needs %zu bytes)",
                   pool2d_workspace_size(op, in_h, in_w));
    const auto address = reinterpret_cast<uintptr_t>(workspace);
    float* scratch = reinterpret_cast<float*>((address + kAlignment - 1) / kAlignment * kAlignment);
    threads = std::min(threads, conv_workspace_slots());
    const bool max = d.kind == CORENN_POOL_MAX, include_pad = d.count_include_pad != 0 && !d.global;
    const size_t in_plane = static_cast<size_t>(in_h) * in_w, out_plane = static_cast<size_t>(g.out_h) * g.out_w;
    parallel_for(threads, int64_t{batch} * channels, [&](int64_t u0, int64_t u1) {
        float* phases = scratch + static_cast<size_t>(omp_thread_index()) * slice;
        float* rows = phases + layout.floats();
        float* cols = rows + g.out_h;
        if (!max) {
            const int pad_bottom = d.global ? 0 : d.pad_bottom, pad_right = d.global ? 0 : d.pad_right;
            for (int oh = 0; oh < g.out_h; ++oh)
                rows[oh] = pool_window_count(oh, in_h, g.pad_top, pad_bottom, g.kernel_h, g.stride_h, include_pad);
            for (int ow = 0; ow < (g.out_w + 7) / 8 * 8; ++ow)
                cols[ow] = ow < g.out_w ? pool_window_count(ow, in_w, g.pad_left, pad_right, g.kernel_w, g.stride_w, include_pad)
                                        : 1.0f;
        }
        fill_plane(layout, max ? -INFINITY : 0.0f, phases);
        for (int64_t u = u0; u < u1; ++u) {
            const PhasePlane plane = split_plane(g, layout, x + static_cast<size_t>(u) * in_plane, phases);
            if (max) op.kernels->f32_maxpool2d(plane, y + static_cast<size_t>(u) * out_plane);
            else op.kernels->f32_avgpool2d(plane, rows, cols, y + static_cast<size_t>(u) * out_plane);
        }
    });
}

}  // namespace corenn
