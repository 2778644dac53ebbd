// Conv2d as a direct convolution over the channel-blocked layout NCHW8c. Work units are
// (image, group, output row, pair of output blocks), pairs fastest: the units a thread gets are
// contiguous, so it keeps a band of input rows (and the group's weights, when they fit) in its
// own L2 while it runs every output block over them. Each output value is computed by one unit
// in a fixed tap order, so results are bit-identical for any thread count. NCHW inputs and
// outputs are converted in the workspace around the blocked run.
#include <algorithm>

#include "common/error.h"
#include "common/parallel.h"
#include "ops/conv2d.h"
#include "ops/layout_nchw8c.h"

namespace corenn {

namespace {

int group_in_blocks(const corenn_conv2d_desc& d) { return channel_blocks(d.in_channels / d.groups); }
int group_out_blocks(const corenn_conv2d_desc& d) { return channel_blocks(d.out_channels / d.groups); }

size_t aligned_floats(size_t floats) {
    return (floats * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment / sizeof(float);
}

// Workspace parts, in floats: the blocked input (if x is NCHW), the blocked output and residual
// (if y is NCHW).
struct Nchw8cScratch {
    size_t x, y, residual;
};

Nchw8cScratch scratch_of(const corenn_conv2d& op, const ConvShape& s) {
    const corenn_conv2d_desc& d = op.desc;
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    Nchw8cScratch parts{0, 0, 0};
    if (d.input_layout == CORENN_LAYOUT_NCHW) parts.x = aligned_floats(nchw8c_floats(s.batch, d.in_channels, in_plane));
    if (d.output_layout == CORENN_LAYOUT_NCHW) {
        parts.y = aligned_floats(nchw8c_floats(s.batch, d.out_channels, out_plane));
        if (d.residual != CORENN_RESIDUAL_NONE) parts.residual = parts.y;
    }
    return parts;
}

}  // namespace

const char* nchw8c_unsupported_reason(const corenn_conv2d_desc& d) {
    if (d.groups == 1) return nullptr;
    if ((d.in_channels / d.groups) % kChannelBlock != 0 || (d.out_channels / d.groups) % kChannelBlock != 0)
        return "with groups > 1, the input and output channels of each group must be multiples of 8";
    return nullptr;
}

const char* nchw8c_loses_reason(const corenn_conv2d_desc& d, const KernelTable& k) {
    if (k.f32_conv2d_nchw8c != &f32_conv2d_nchw8c_2x6__avx2)
        return "the scalar direct kernel is slower than im2col + OpenBLAS sgemm";
    // Measured at 1 thread (benchmarks/RESULTS.md): with the two conversions an NCHW call needs,
    // the direct kernel does not beat im2col + sgemm on any listed shape; it pays off only inside
    // a chain of ops that exchange NCHW8c (input_layout / output_layout).
    return "with NCHW on both sides the two layout conversions cost more than the direct kernel saves";
}

void nchw8c_pack_weights(corenn_conv2d& op) {
    const corenn_conv2d_desc& d = op.desc;
    const int group_in = d.in_channels / d.groups;
    const int in_blocks = group_in_blocks(d), out_blocks = group_out_blocks(d) * d.groups;
    const size_t taps = static_cast<size_t>(d.kernel_h) * d.kernel_w;
    op.nchw8c_weight = FloatBuffer(static_cast<size_t>(out_blocks) * in_blocks * taps * 64);
    op.nchw8c_scale = FloatBuffer(static_cast<size_t>(out_blocks) * kChannelBlock);
    op.nchw8c_shift = FloatBuffer(static_cast<size_t>(out_blocks) * kChannelBlock);
    op.nchw8c_keep = FloatBuffer(static_cast<size_t>(out_blocks) * kChannelBlock);
    float* packed = op.nchw8c_weight.data();
    for (int o = 0; o < d.out_channels; ++o) {
        // With groups > 1 every group's channels are whole blocks, so block o / 8 is in group o / group_out.
        const int ob = o / kChannelBlock, ol = o % kChannelBlock;
        for (int c = 0; c < group_in; ++c)
            for (size_t t = 0; t < taps; ++t)
                packed[((static_cast<size_t>(ob) * in_blocks + c / kChannelBlock) * taps + t) * 64 +
                       (c % kChannelBlock) * kChannelBlock + ol] =
                    op.weight.data()[(static_cast<size_t>(o) * group_in + c) * taps + t];
        op.nchw8c_scale.data()[o] = op.scale.data()[o];
        op.nchw8c_shift.data()[o] = op.shift.data()[o];
        op.nchw8c_keep.data()[o] = 1.0f;
    }
    op.weight = FloatBuffer();  // the packed copy is all run() reads
}

size_t nchw8c_workspace_bytes(const corenn_conv2d& op, const ConvShape& s) {
    const Nchw8cScratch parts = scratch_of(op, s);
    const size_t floats = parts.x + parts.y + parts.residual;
    return floats == 0 ? 0 : floats * sizeof(float) + kAlignment;
}

void nchw8c_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                void* workspace, int threads) {
    const corenn_conv2d_desc& d = op.desc;
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    const Nchw8cScratch parts = scratch_of(op, s);
    float* scratch = nullptr;
    if (parts.x + parts.y + parts.residual > 0) {
        CORENN_REQUIRE(workspace != nullptr, "conv2d: workspace must not be null (this input needs %zu bytes)",
                       nchw8c_workspace_bytes(op, s));
        const auto address = reinterpret_cast<uintptr_t>(workspace);
        scratch = reinterpret_cast<float*>((address + kAlignment - 1) / kAlignment * kAlignment);
    }
    const float* xb = x;
    float* yb = y;
    const float* rb = residual;
    if (parts.x > 0) {
        nchw_to_nchw8c(s.batch, d.in_channels, in_plane, x, scratch, threads);
        xb = scratch;
    }
    if (parts.y > 0) yb = scratch + parts.x;
    if (parts.residual > 0) {
        nchw_to_nchw8c(s.batch, d.out_channels, out_plane, residual, scratch + parts.x + parts.y, threads);
        rb = scratch + parts.x + parts.y;
    }

    const int groups = d.groups, in_blocks = group_in_blocks(d), out_blocks = group_out_blocks(d);
    const int pairs = (out_blocks + 1) / 2;
    Nchw8cConvGeometry g{};
    g.in_blocks = in_blocks;
    g.in_h = s.in_h;
    g.in_w = s.in_w;
    g.out_h = s.out_h;
    g.out_w = s.out_w;
    g.kernel_h = d.kernel_h;
    g.kernel_w = d.kernel_w;
    g.stride_h = d.stride_h;
    g.stride_w = d.stride_w;
    g.dilation_h = d.dilation_h;
    g.dilation_w = d.dilation_w;
    g.pad_top = d.pad_top;
    g.pad_left = d.pad_left;
    g.x_block_stride = in_plane * kChannelBlock;
    g.w_block_stride = static_cast<size_t>(in_blocks) * d.kernel_h * d.kernel_w * 64;
    g.y_block_stride = out_plane * kChannelBlock;
    const int total_in_blocks = in_blocks * groups, total_out_blocks = out_blocks * groups;
    const f32_conv2d_nchw8c_fn kernel = op.kernels->f32_conv2d_nchw8c;
    parallel_for(threads, int64_t{s.batch} * groups * s.out_h * pairs, [&](int64_t u0, int64_t u1) {
        for (int64_t u = u0; u < u1; ++u) {
            const int pair = static_cast<int>(u % pairs);
            const int oh = static_cast<int>(u / pairs % s.out_h);
            const int group = static_cast<int>(u / pairs / s.out_h % groups);
            const int64_t n = u / pairs / s.out_h / groups;
            const int ob = group * out_blocks + pair * 2, count = std::min(2, out_blocks - pair * 2);
            const size_t y_at = static_cast<size_t>(n * total_out_blocks + ob) * g.y_block_stride;
            const size_t c = static_cast<size_t>(ob) * kChannelBlock;
            kernel(g, xb + static_cast<size_t>(n * total_in_blocks + int64_t{group} * in_blocks) * g.x_block_stride,
                   op.nchw8c_weight.data() + ob * g.w_block_stride, oh, count, op.nchw8c_scale.data() + c,
                   op.nchw8c_shift.data() + c, op.nchw8c_keep.data() + c, rb != nullptr ? rb + y_at : nullptr,
                   yb + y_at, op.epilogue);
        }
    });
    if (parts.y > 0) nchw8c_to_nchw(s.batch, d.out_channels, out_plane, yb, y, threads);
}

}  // namespace corenn
