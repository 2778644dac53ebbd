#include "ops/conv2d.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <thread>

#include "common/error.h"
#include "ops/activation.h"
#include "ops/layout_nchw8c.h"
#include "ops/openblas_threads.h"

namespace corenn {

namespace {

// Caps that keep every index product far inside int64 and every GEMM dimension inside int.
constexpr int kMaxDim = 1 << 20;
constexpr int64_t kMaxWeights = int64_t{1} << 31;
// Below this many channels the Winograd transforms cost more than the products they save.
constexpr int kWinogradMinChannels = 16;

void validate(const corenn_conv2d_desc& d) {
    CORENN_REQUIRE(d.in_channels >= 1 && d.in_channels <= kMaxDim, "conv2d: in_channels must be in [1, %d], got %d",
                   kMaxDim, d.in_channels);
    CORENN_REQUIRE(d.out_channels >= 1 && d.out_channels <= kMaxDim,
                   "conv2d: out_channels must be in [1, %d], got %d", kMaxDim, d.out_channels);
    CORENN_REQUIRE(d.groups >= 1, "conv2d: groups must be >= 1, got %d", d.groups);
    CORENN_REQUIRE(d.in_channels % d.groups == 0, "conv2d: in_channels must be divisible by groups, got %d and %d",
                   d.in_channels, d.groups);
    CORENN_REQUIRE(d.out_channels % d.groups == 0,
                   "conv2d: out_channels must be divisible by groups, got %d and %d", d.out_channels, d.groups);
    CORENN_REQUIRE(d.kernel_h >= 1 && d.kernel_w >= 1 && d.kernel_h <= kMaxDim && d.kernel_w <= kMaxDim,
                   "conv2d: kernel must be >= 1 in each dimension, got %dx%d", d.kernel_h, d.kernel_w);
    CORENN_REQUIRE(d.stride_h >= 1 && d.stride_w >= 1 && d.stride_h <= kMaxDim && d.stride_w <= kMaxDim,
                   "conv2d: stride must be >= 1 in each dimension, got %dx%d", d.stride_h, d.stride_w);
    CORENN_REQUIRE(d.dilation_h >= 1 && d.dilation_w >= 1 && d.dilation_h <= kMaxDim && d.dilation_w <= kMaxDim,
                   "conv2d: dilation must be >= 1 in each dimension, got %dx%d", d.dilation_h, d.dilation_w);
    CORENN_REQUIRE(d.pad_top >= 0 && d.pad_left >= 0 && d.pad_bottom >= 0 && d.pad_right >= 0 &&
                       d.pad_top <= kMaxDim && d.pad_left <= kMaxDim && d.pad_bottom <= kMaxDim &&
                       d.pad_right <= kMaxDim,
                   "conv2d: pads (top, left, bottom, right) must be in [0, %d], got (%d, %d, %d, %d)", kMaxDim,
                   d.pad_top, d.pad_left, d.pad_bottom, d.pad_right);
    const int64_t weights = int64_t{d.out_channels} * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
    CORENN_REQUIRE(weights <= kMaxWeights, "conv2d: weight must have <= 2^31 elements, got %lld",
                   static_cast<long long>(weights));
    CORENN_REQUIRE(d.residual >= CORENN_RESIDUAL_NONE && d.residual <= CORENN_RESIDUAL_AFTER_ACTIVATION,
                   "conv2d: residual must be 0 (none), 1 (before activation) or 2 (after), got %d", d.residual);
    validate_activation(d.activation, "conv2d");
    for (int layout : {d.input_layout, d.output_layout})
        CORENN_REQUIRE(layout == CORENN_LAYOUT_NCHW || layout == CORENN_LAYOUT_NCHW8C,
                       "conv2d: input_layout and output_layout must be 0 (NCHW) or 1 (NCHW8c), got %d", layout);
    const bool blocked = d.input_layout == CORENN_LAYOUT_NCHW8C || d.output_layout == CORENN_LAYOUT_NCHW8C;
    const char* why_not = nchw8c_unsupported_reason(d);
    CORENN_REQUIRE(!blocked || why_not == nullptr, "conv2d: the NCHW8c layout is not supported here: %s", why_not);
}

int output_extent(int in, int pad_begin, int pad_end, int dilation, int kernel, int stride) {
    const int64_t span = int64_t{in} + pad_begin + pad_end - int64_t{dilation} * (kernel - 1) - 1;
    return span < 0 ? 0 : static_cast<int>(span / stride + 1);
}

// The ordered implementation list: the first whose conditions hold wins; with CORENN_VERBOSE=1
// every rejection says why.
ConvPath choose(const corenn_conv2d_desc& d, const KernelTable& k, Isa isa, std::string* name,
                bool talk = verbose()) {
    char problem[160];
    std::snprintf(problem, sizeof problem, "conv2d %d->%d k%dx%d s%dx%d d%dx%d g%d", d.in_channels, d.out_channels,
                  d.kernel_h, d.kernel_w, d.stride_h, d.stride_w, d.dilation_h, d.dilation_w, d.groups);
    auto reject = [&](const char* what, const char* why) {
        if (talk) std::fprintf(stderr, "corenn: %s: %s rejected: %s\n", problem, what, why);
    };
    auto pick = [&](ConvPath path, const std::string& what) {
        *name = what;
        if (talk) std::fprintf(stderr, "corenn: %s: chose %s\n", problem, what.c_str());
        return path;
    };
    const std::string direct = std::string("conv2d-direct-nchw8c+") + k.f32_conv2d_nchw8c_name;
    if (d.input_layout == CORENN_LAYOUT_NCHW8C || d.output_layout == CORENN_LAYOUT_NCHW8C) {
        reject("the NCHW implementations", "the input or output layout is NCHW8c");
        return pick(ConvPath::direct_nchw8c, direct);
    }
    const char* why_not_first = first_layer_unsupported_reason(d);
    if (why_not_first == nullptr) why_not_first = first_layer_loses_reason(d, isa);
    // One input channel with groups 1 is also depthwise (multiplier out_channels): the first-layer
    // kernel is faster there, as it reads each input vector once per 4 output channels.
    const bool single_plane = d.in_channels == 1 && why_not_first == nullptr;
    const char* depthwise = k.f32_dwconv2d_unpadded != nullptr ? k.f32_dwconv2d_unpadded_name : k.f32_dwconv2d_name;
    if (d.groups == d.in_channels && !single_plane) {
        if (d.in_channels == 1) reject(k.f32_conv2d_first_name, why_not_first);
        return pick(ConvPath::depthwise, depthwise);
    }
    reject(depthwise, single_plane ? "one input channel: the first-layer kernel is faster"
                                   : "not depthwise (in_channels / groups != 1)");
    const bool unpadded_1x1 = d.kernel_h == 1 && d.kernel_w == 1 && d.pad_top == 0 && d.pad_left == 0 &&
                              d.pad_bottom == 0 && d.pad_right == 0;
    const char* sgemm_wins = unpadded_1x1 ? pointwise_loses_to_sgemm(d, isa) : "needs a 1x1 kernel and no padding";
    if (sgemm_wins == nullptr) return pick(ConvPath::pointwise, k.f32_conv1x1_gemm_name);
    reject(k.f32_conv1x1_gemm_name, sgemm_wins);
    const bool pointwise = unpadded_1x1 && d.stride_h == 1 && d.stride_w == 1;
    const std::string epilogue = std::string("+") + k.f32_conv_epilogue_name;
    if (pointwise) return pick(ConvPath::gemm_1x1, "conv2d-1x1-sgemm" + epilogue);
    reject("conv2d-1x1-sgemm", "needs a 1x1 kernel, stride 1 and no padding");
    if (why_not_first == nullptr) return pick(ConvPath::first_layer, k.f32_conv2d_first_name);
    reject(k.f32_conv2d_first_name, why_not_first);
    const bool winograd_shape = d.kernel_h == 3 && d.kernel_w == 3 && d.stride_h == 1 && d.stride_w == 1 &&
                                d.dilation_h == 1 && d.dilation_w == 1 && d.groups == 1;
    const std::string winograd = std::string("conv2d-winograd43-sgemm+") + k.f32_winograd43_input_name + "+" +
                                 k.f32_winograd43_output_name;
    if (winograd_shape && d.in_channels >= kWinogradMinChannels && d.out_channels >= kWinogradMinChannels)
        return pick(ConvPath::winograd43, winograd);
    reject(winograd.c_str(), winograd_shape ? "fewer than 16 input or output channels: the transforms would dominate"
                                            : "needs a 3x3 kernel, stride 1, dilation 1 and groups 1");
    const char* why_not_direct = nchw8c_unsupported_reason(d);
    if (why_not_direct == nullptr) why_not_direct = nchw8c_loses_reason(d, k);
    if (why_not_direct == nullptr) return pick(ConvPath::direct_nchw8c, direct);
    reject(direct.c_str(), why_not_direct);
    return pick(ConvPath::im2col_gemm, "conv2d-im2col-sgemm" + epilogue);
}

}  // namespace

void conv2d_output_shape(const corenn_conv2d_desc& d, int in_h, int in_w, int* out_h, int* out_w) {
    validate(d);
    CORENN_REQUIRE(in_h >= 1 && in_w >= 1 && in_h <= kMaxDim * 16 && in_w <= kMaxDim * 16,
                   "conv2d: input height and width must be in [1, 2^24], got %dx%d", in_h, in_w);
    CORENN_REQUIRE(int64_t{in_h} * in_w < (int64_t{1} << 31),
                   "conv2d: an input plane must have < 2^31 elements, got %dx%d", in_h, in_w);
    const int h = output_extent(in_h, d.pad_top, d.pad_bottom, d.dilation_h, d.kernel_h, d.stride_h);
    const int w = output_extent(in_w, d.pad_left, d.pad_right, d.dilation_w, d.kernel_w, d.stride_w);
    CORENN_REQUIRE(h >= 1 && w >= 1,
                   "conv2d: the dilated kernel %dx%d does not fit the padded input %dx%d (output would be %dx%d)",
                   d.dilation_h * (d.kernel_h - 1) + 1, d.dilation_w * (d.kernel_w - 1) + 1,
                   in_h + d.pad_top + d.pad_bottom, in_w + d.pad_left + d.pad_right, h, w);
    CORENN_REQUIRE(int64_t{h} * w < (int64_t{1} << 31), "conv2d: an output plane must have < 2^31 elements, got %dx%d",
                   h, w);
    *out_h = h;
    *out_w = w;
}

bool conv2d_prefers_nchw8c(const corenn_conv2d_desc& desc, Isa isa) {
    validate(desc);
    corenn_conv2d_desc d = desc;
    d.input_layout = d.output_layout = CORENN_LAYOUT_NCHW;
    std::string name;
    const KernelTable& k = kernels(isa);
    // Inside a chain there are no conversions: the direct kernel wins wherever NCHW would fall back
    // to im2col, except with fewer than 8 channels per group, where most of each block is padding.
    return choose(d, k, isa, &name, false) == ConvPath::im2col_gemm && nchw8c_unsupported_reason(d) == nullptr &&
           k.f32_conv2d_nchw8c == &f32_conv2d_nchw8c_2x6__avx2 && d.in_channels / d.groups >= kChannelBlock;
}

corenn_conv2d* conv2d_create(const corenn_conv2d_desc& desc, const float* weight, const float* bias, Isa isa) {
    validate(desc);
    CORENN_REQUIRE(weight != nullptr, "conv2d: weight must not be null");
    use_single_threaded_openblas();

    auto op = std::make_unique<corenn_conv2d>();
    const int out = desc.out_channels;
    op->desc = desc;
    op->desc.scale = nullptr;
    op->desc.shift = nullptr;
    op->kernels = &kernels(isa);
    op->epilogue = ConvEpilogue{desc.activation, desc.residual};
    const size_t count = static_cast<size_t>(out) * (desc.in_channels / desc.groups) * desc.kernel_h * desc.kernel_w;
    op->weight = FloatBuffer(count);
    std::copy(weight, weight + count, op->weight.data());
    op->scale = FloatBuffer(static_cast<size_t>(out));
    op->shift = FloatBuffer(static_cast<size_t>(out));
    for (int o = 0; o < out; ++o) {
        const float scale = desc.scale != nullptr ? desc.scale[o] : 1.0f;
        op->scale.data()[o] = scale;
        op->shift.data()[o] = (bias != nullptr ? bias[o] * scale : 0.0f) + (desc.shift != nullptr ? desc.shift[o] : 0.0f);
    }
    op->path = choose(desc, *op->kernels, isa, &op->name);
    if (op->path == ConvPath::winograd43) winograd_transform_weights(*op);
    if (op->path == ConvPath::direct_nchw8c) nchw8c_pack_weights(*op);
    if (op->path == ConvPath::pointwise) pointwise_pack_weights(*op);
    if (op->path == ConvPath::first_layer) first_layer_pack_weights(*op);
    return op.release();
}

namespace {

size_t scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    switch (op.path) {
        case ConvPath::depthwise: return depthwise_scratch_floats(op, s);
        case ConvPath::winograd43: return winograd_scratch_floats(op, s);
        case ConvPath::pointwise: return pointwise_scratch_floats(op, s);
        case ConvPath::first_layer: return first_layer_scratch_floats(op, s);
        case ConvPath::gemm_1x1:
        case ConvPath::im2col_gemm:
        case ConvPath::direct_nchw8c: break;  // direct_nchw8c sizes its workspace itself
    }
    return gemm_scratch_floats(op, s);
}

}  // namespace

int conv_workspace_slots() {
    static const int slots = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    return slots;
}

size_t conv2d_workspace_size(const corenn_conv2d& op, const ConvShape& s) {
    if (op.path == ConvPath::direct_nchw8c) return nchw8c_workspace_bytes(op, s);
    const size_t per_thread = scratch_floats(op, s);
    if (per_thread == 0) return 0;
    // Each thread's slice starts on its own cache line; the extra kAlignment lets run() align the
    // caller's pointer.
    const size_t slice = (per_thread * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
    return slice * static_cast<size_t>(conv_workspace_slots()) + kAlignment;
}

void conv2d_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                void* workspace, int threads) {
    threads = std::min(threads, conv_workspace_slots());
    if (op.path == ConvPath::direct_nchw8c) return nchw8c_run(op, s, x, residual, y, workspace, threads);
    const size_t per_thread = scratch_floats(op, s);
    float* scratch = nullptr;
    size_t slice_floats = 0;
    if (per_thread > 0) {
        CORENN_REQUIRE(workspace != nullptr, "conv2d: workspace must not be null (this input needs %zu bytes)",
                       conv2d_workspace_size(op, s));
        const auto address = reinterpret_cast<uintptr_t>(workspace);
        scratch = reinterpret_cast<float*>((address + kAlignment - 1) / kAlignment * kAlignment);
        slice_floats = (per_thread * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment / sizeof(float);
    }
    switch (op.path) {
        case ConvPath::depthwise: return depthwise_run(op, s, x, residual, y, scratch, slice_floats, threads);
        case ConvPath::winograd43: return winograd_run(op, s, x, residual, y, scratch, slice_floats, threads);
        case ConvPath::pointwise: return pointwise_run(op, s, x, residual, y, scratch, slice_floats, threads);
        case ConvPath::first_layer: return first_layer_run(op, s, x, residual, y, scratch, slice_floats, threads);
        case ConvPath::gemm_1x1:
        case ConvPath::im2col_gemm: return gemm_run(op, s, x, residual, y, scratch, slice_floats, threads);
        case ConvPath::direct_nchw8c: return;  // ran above
    }
}

}  // namespace corenn
