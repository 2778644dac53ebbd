// Conv2d: create validates the descriptor, picks one implementation from an ordered list and
// prepacks what it needs; run executes it over NCHW tensors with the fused epilogue.
#pragma once

#include <corenn/corenn.h>

#include <string>

#include "common/memory.h"
#include "config/kernels.h"

namespace corenn {

enum class ConvPath {
    depthwise,     // groups == in_channels: f32_dwconv2d per input plane
    pointwise,     // 1x1, no padding: our register-blocked GEMM with the epilogue fused (conv2d_pointwise.cpp)
    gemm_1x1,      // 1x1, stride 1, no padding: x is already the GEMM's B operand
    winograd43,    // 3x3, stride 1, dilation 1, groups 1: Winograd F(4x4, 3x3), 36 sgemms per tile block
    im2col_gemm,   // everything else: im2col tiles into the workspace, then sgemm
    direct_nchw8c, // direct conv on the channel-blocked layout (conv2d_nchw8c.cpp); NCHW sides converted
    first_layer,   // groups 1, 1..4 input channels: f32_conv2d_first per output row (conv2d_first.cpp)
};

// Sizes of one run().
struct ConvShape {
    int batch, in_h, in_w, out_h, out_w;
};

}  // namespace corenn

// A created conv2d op: immutable, shared by every caller thread.
struct corenn_conv2d {
    corenn_conv2d_desc desc{};  // scale/shift pointers cleared: the values live in the buffers below
    corenn::ConvPath path = corenn::ConvPath::im2col_gemm;
    const corenn::KernelTable* kernels = nullptr;
    corenn::ConvEpilogue epilogue{};
    corenn::FloatBuffer weight;  // [O][C/groups * kh * kw]: OIHW as given; row-major A of sgemm, taps of dwconv
                                 // (released once winograd43 has transformed it)
    corenn::FloatBuffer winograd_weight;  // [36][O][C]: G g G^T per (o, c), winograd43 only
    corenn::PointwiseKernel pointwise{};  // the 1x1 GEMM kernel and its tile, pointwise only
    corenn::FloatBuffer pointwise_weight;  // [groups][ceil(O/g / R)][C/g][R] (R: pointwise's tile_rows), pointwise only
                                           // (weight released)
    corenn::FloatBuffer first_weight;  // [ceil(O / 8)][C * kh * kw][8], first_layer only (weight released)
    corenn::FloatBuffer scale;   // [O]
    corenn::FloatBuffer shift;   // [O]: bias * scale + bn shift
    // direct_nchw8c only: weights [OB][IB/groups][kh][kw][8 in][8 out] (OB, IB: channel blocks,
    // zero past the channels), and scale, shift, keep (1, or 0 past O) per padded channel [OB * 8].
    corenn::FloatBuffer nchw8c_weight, nchw8c_scale, nchw8c_shift, nchw8c_keep;
    std::string name;            // what corenn_conv2d_kernel reports
    corenn::LiveObject live;
};

namespace corenn {

void conv2d_output_shape(const corenn_conv2d_desc& d, int in_h, int in_w, int* out_h, int* out_w);
corenn_conv2d* conv2d_create(const corenn_conv2d_desc& desc, const float* weight, const float* bias, Isa isa);
// Whether a model should run this conv inside a chain of NCHW8c ops (corenn_conv2d_prefers_nchw8c).
bool conv2d_prefers_nchw8c(const corenn_conv2d_desc& desc, Isa isa);
size_t conv2d_workspace_size(const corenn_conv2d& op, const ConvShape& s);
void conv2d_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                void* workspace, int threads);

// Per path (conv2d_depthwise.cpp, conv2d_gemm.cpp): floats of scratch for one thread, and the run.
size_t depthwise_scratch_floats(const corenn_conv2d& op, const ConvShape& s);
void depthwise_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                   float* scratch, size_t scratch_floats, int threads);
size_t gemm_scratch_floats(const corenn_conv2d& op, const ConvShape& s);
void gemm_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
              float* scratch, size_t scratch_floats, int threads);

void winograd_transform_weights(corenn_conv2d& op);
size_t winograd_scratch_floats(const corenn_conv2d& op, const ConvShape& s);
void winograd_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                  float* scratch, size_t scratch_floats, int threads);

// The channel-blocked direct path (conv2d_nchw8c.cpp). Unsupported: the reason, else null.
const char* nchw8c_unsupported_reason(const corenn_conv2d_desc& d);
// Why the direct path loses to im2col + GEMM on an NCHW problem (conversions included), or null if it wins.
const char* nchw8c_loses_reason(const corenn_conv2d_desc& d, const KernelTable& k);
void nchw8c_pack_weights(corenn_conv2d& op);
size_t nchw8c_workspace_bytes(const corenn_conv2d& op, const ConvShape& s);
void nchw8c_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                void* workspace, int threads);
// Null if our 1x1 kernel should run this unpadded 1x1 conv, else why OpenBLAS should (measured rule).
const char* pointwise_loses_to_sgemm(const corenn_conv2d_desc& d, Isa isa);
void pointwise_pack_weights(corenn_conv2d& op);
size_t pointwise_scratch_floats(const corenn_conv2d& op, const ConvShape& s);
void pointwise_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                   float* scratch, size_t scratch_floats, int threads);

// The first-layer path (conv2d_first.cpp). Unsupported: the reason, else null.
const char* first_layer_unsupported_reason(const corenn_conv2d_desc& d);
// Why im2col + sgemm (or depthwise, for one input channel) should run a supported problem (measured
// rule, CORENN_CONV_FIRST=own|off overrides it), or null if the first-layer kernel should.
const char* first_layer_loses_reason(const corenn_conv2d_desc& d, Isa isa);
void first_layer_pack_weights(corenn_conv2d& op);
size_t first_layer_scratch_floats(const corenn_conv2d& op, const ConvShape& s);
void first_layer_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                     float* scratch, size_t scratch_floats, int threads);

// Threads the workspace serves (the logical CPUs): run never uses more.
int conv_workspace_slots();

}  // namespace corenn
