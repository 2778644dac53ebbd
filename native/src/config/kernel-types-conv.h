// Function types of the conv family's kernel slots (see kernels.h). Included inside namespace corenn.

// The fused epilogue of a convolution, shared by every conv path (corenn.h states the formula;
// the conv bias is already folded into shift: shift = bias * scale + bn_shift).
struct ConvEpilogue {
    corenn_activation_desc activation;
    int residual;  // corenn_residual_mode
};

// Applies the epilogue in place to `rows` output channels of `count` consecutive pixels each:
// row r is y[r * ld .. r * ld + count), its residual (if any) residual[r * ld ..], and it uses
// scale[r] and shift[r].
using f32_conv_epilogue_fn = void (*)(float* y, const float* residual, size_t ld, int rows, int count,
                                      const float* scale, const float* shift, const ConvEpilogue& e);

// One input plane of a sliding-window op (depthwise conv, pooling), read from a padded copy that
// is split by column phase so that every stride becomes unit stride: phase p, row r, column j
// holds padded column j * stride_w + p of padded row r (ops/phase_plane.h builds it). Output
// pixel (oh, ow) tap (kh, kw) then reads phase (kw * dilation_w) % stride_w, row
// oh * stride_h + kh * dilation_h, column ow + (kw * dilation_w) / stride_w. Phase rows are
// `row_stride` floats apart and wide enough for a whole vector past out_w (kernels may read, never
// use, those lanes); phases are `phase_stride` floats apart.
struct PhasePlane {
    const float* phases;
    size_t phase_stride;
    int row_stride;
    int kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w;
    int out_h, out_w;
};

// Computes one output plane y: [out_h, out_w] of a depthwise conv from `plane` (zero-padded) with
// weights w: [kernel_h, kernel_w], then applies the epilogue (scale and shift of this channel,
// residual plane or null).
using f32_dwconv2d_fn = void (*)(const PhasePlane& plane, const float* w, float scale, float shift,
                                 const float* residual, float* y, const ConvEpilogue& e);

// One output plane of max pooling (plane padded with -inf) or average pooling (padded with 0;
// y = window sum / (rows[oh] * cols[ow]), the divisor split by axis as PyTorch's is; cols has
// out_w rounded up to 8 entries). Max propagates NaN. Taps are summed in (kh, kw) order by
// every implementation, so all ISA levels give identical averages.
using f32_maxpool2d_fn = void (*)(const PhasePlane& plane, float* y);
using f32_avgpool2d_fn = void (*)(const PhasePlane& plane, const float* rows, const float* cols, float* y);
