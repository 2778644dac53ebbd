// First-layer convolution (groups 1, 1..4 input channels, NCHW): the stem of an image network,
// where im2col + GEMM multiplies a K of only in_channels * kh * kw (27 for 3 channels x 3x3).
// Per work unit (one image, a band of output rows) the input rows the band reads are copied once
// into the thread's scratch, zero-padded and split by column phase (ops/phase_plane.h), one such
// band per input channel; then the microkernel computes each output row for every output
// channel from it, reading each input vector once per 4 output channels. Units are fixed by the
// problem, and every output is summed in the same tap order whoever computes it, so results are
// bit-identical for any thread count.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "common/parallel.h"
#include "ops/conv2d.h"
#include "ops/phase_plane.h"

namespace corenn {

namespace {

constexpr int kBlock = kFirstLayerChannelBlock;
constexpr int kMaxInChannels = 4;
// Each column phase holds a vector of slack per row: a larger stride would copy mostly padding.
constexpr int kMaxStride = 8;
// Measured at 1 thread (native/bench/conv_timing.cpp, benchmarks/KERNELS.md): the AVX2 kernel beat
// im2col + sgemm on every stem; it lost above this many taps (AlexNet's 3->96 k11 s4, 363 taps,
// 1.15x slower) and, with one input channel and fewer output channels than its tile, to the
// depthwise 3x3 kernel (1.1-1.7x faster for 1-2 channels, equal for 3). The AVX-512 kernel won
// both of those too (AlexNet's stem 1.4x faster than im2col, one channel equal or faster).
constexpr int kMaxFastTaps = 256;
constexpr int kTileChannels = 4;

// Up to 2^31 for a valid descriptor, so in 64 bits; at most kFirstLayerMaxTaps once supported.
int64_t taps_of(const corenn_conv2d_desc& d) { return int64_t{d.in_channels} * d.kernel_h * d.kernel_w; }

// Output rows per work unit: about 8 units per image (work for every thread, little halo of
// rows read twice), at most 16 rows so a band of input stays well inside L2.
int band_rows(const ConvShape& s) { return std::clamp((s.out_h + 7) / 8, 1, 16); }

// The sliding-window geometry of the `rows` output rows from row0: padded input rows from
// row0 * stride_h on, so the band's top padding is what is left of pad_top (negative inside).
WindowGeometry band_geometry(const corenn_conv2d_desc& d, const ConvShape& s, int rows, int row0) {
    return {s.in_h,     s.in_w,       rows,         s.out_w,    d.kernel_h,  d.kernel_w,
            d.stride_h, d.stride_w,   d.dilation_h, d.dilation_w, d.pad_top - row0 * d.stride_h, d.pad_left};
}

}  // namespace

const char* first_layer_unsupported_reason(const corenn_conv2d_desc& d) {
    if (d.groups != 1) return "needs groups 1";
    if (d.in_channels > kMaxInChannels) return "more than 4 input channels";
    if (taps_of(d) > kFirstLayerMaxTaps) return "more than 512 taps (in_channels x kernel_h x kernel_w)";
    if (d.stride_h > kMaxStride || d.stride_w > kMaxStride) return "stride over 8: the phase split would be mostly padding";
    return nullptr;
}

const char* first_layer_loses_reason(const corenn_conv2d_desc& d, Isa isa) {
    const char* forced = std::getenv("CORENN_CONV_FIRST");
    if (forced != nullptr && std::strcmp(forced, "own") == 0) return nullptr;
    if (forced != nullptr && std::strcmp(forced, "off") == 0) return "CORENN_CONV_FIRST=off";
    const f32_conv2d_first_fn kernel = kernels(isa).f32_conv2d_first;
    if (kernel == &f32_conv2d_first__scalar) return "generic level: OpenBLAS's own SIMD kernels are faster than a scalar loop";
    if (kernel != &f32_conv2d_first_4x24__avx2) return nullptr;  // the AVX-512 kernel won every measured shape
    if (d.in_channels == 1 && d.kernel_h == 3 && d.kernel_w == 3 && d.out_channels < kTileChannels)
        return "one input channel, 3x3 and fewer than 4 output channels: the depthwise 3x3 kernel is faster";
    if (taps_of(d) > kMaxFastTaps) return "more than 256 taps: sgemm's long K runs near its peak";
    return nullptr;
}

void first_layer_pack_weights(corenn_conv2d& op) {
    const int out = op.desc.out_channels, taps = static_cast<int>(taps_of(op.desc));
    const int blocks = (out + kBlock - 1) / kBlock;
    op.first_weight = FloatBuffer(static_cast<size_t>(blocks) * taps * kBlock);
    float* packed = op.first_weight.data();
    std::fill(packed, packed + op.first_weight.size(), 0.0f);
    for (int o = 0; o < out; ++o)
        for (int t = 0; t < taps; ++t)
            packed[(static_cast<size_t>(o / kBlock) * taps + t) * kBlock + o % kBlock] =
                op.weight.data()[static_cast<size_t>(o) * taps + t];
    op.weight = FloatBuffer();
}

size_t first_layer_scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    const int rows = band_rows(s);
    return phase_layout(band_geometry(op.desc, s, rows, 0)).floats() * static_cast<size_t>(op.desc.in_channels);
}

void first_layer_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                     float* scratch, size_t scratch_floats, int threads) {
    const corenn_conv2d_desc& d = op.desc;
    const int rows = band_rows(s), bands = (s.out_h + rows - 1) / rows;
    const PhaseLayout layout = phase_layout(band_geometry(d, s, rows, 0));
    const size_t channel_floats = layout.floats();
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    // Tap (c, kh, kw) of output column ow reads channel c's band at this offset + ow from the
    // output row's first padded input row.
    ptrdiff_t tap_offset[kFirstLayerMaxTaps];
    int taps = 0;
    for (int c = 0; c < d.in_channels; ++c)
        for (int kh = 0; kh < d.kernel_h; ++kh)
            for (int kw = 0; kw < d.kernel_w; ++kw) {
                const int column = kw * d.dilation_w;
                tap_offset[taps++] = static_cast<ptrdiff_t>(c * channel_floats + (column % d.stride_w) * layout.phase_stride +
                                                            static_cast<size_t>(kh) * d.dilation_h * layout.row_stride +
                                                            column / d.stride_w);
            }
    const f32_conv2d_first_fn kernel = op.kernels->f32_conv2d_first;
    parallel_for(threads, int64_t{s.batch} * bands, [&](int64_t u0, int64_t u1) {
        float* band = scratch + static_cast<size_t>(omp_thread_index()) * scratch_floats;
        std::fill(band, band + channel_floats * d.in_channels, 0.0f);
        bool clean = true;
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t n = u / bands;
            const int row0 = static_cast<int>(u % bands) * rows, count = std::min(rows, s.out_h - row0);
            const WindowGeometry g = band_geometry(d, s, rows, row0);
            // Column padding is the same for every band; padding rows must be zero again where an
            // earlier band copied input rows.
            if (!clean && (g.pad_top > 0 || g.pad_top + s.in_h < layout.rows))
                std::fill(band, band + channel_floats * d.in_channels, 0.0f);
            clean = false;
            for (int c = 0; c < d.in_channels; ++c)
                split_plane(g, layout, x + static_cast<size_t>(n * d.in_channels + c) * in_plane, band + c * channel_floats);
            for (int oh = row0; oh < row0 + count; ++oh) {
                const size_t at = static_cast<size_t>(n) * d.out_channels * out_plane + static_cast<size_t>(oh) * s.out_w;
                FirstLayerRow r{};
                r.x = band + static_cast<size_t>(oh - row0) * d.stride_h * layout.row_stride;
                r.tap_offset = tap_offset;
                r.taps = taps;
                r.w = op.first_weight.data();
                r.channels = d.out_channels;
                r.out_w = s.out_w;
                r.scale = op.scale.data();
                r.shift = op.shift.data();
                r.residual = residual != nullptr ? residual + at : nullptr;
                r.y = y + at;
                r.ld = out_plane;
                r.epilogue = &op.epilogue;
                kernel(r);
            }
        }
    });
}

}  // namespace corenn
