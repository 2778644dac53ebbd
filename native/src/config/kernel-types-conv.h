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

// 1x1 convolution as a register-blocked GEMM (ops/conv2d_pointwise.cpp prepares the operands) in
// the tile of the kernel's PointwiseGeometry: R = tile_rows output channels x C = panel_cols pixels.
// y[r][j] (+)= sum_k A[r][k] * B[k][j] for rows r < rows and pixels j < cols of one block.
// a: the block's first R-row weight tile, tiles a_tile_stride floats apart, each [kc][R] (rows
// past `rows` are zero). b: ceil(cols/C) panels of C pixels, b_panel_stride floats apart; row k
// of a panel is the C floats at k * b_row_stride. Either b is packed ([kc][C] panels, columns
// past `cols` zero, 64-byte aligned) and `pack` is null, or b is x itself and the kernel copies
// each panel into `pack` (kc * C floats) before using it: x's rows are a plane apart, which would
// thrash L1. Then x holds prefetch_cols >= cols pixels from b on (the rest belongs to the caller's
// next block), which the kernel may prefetch.
// `first`: start from 0, else add to what y holds (an earlier K block); `last`: apply the epilogue
// while the tile is in registers (scale, shift, residual and y are at row 0, pixel 0; rows ld apart).
struct PointwiseBlock {
    const float* a;
    size_t a_tile_stride;
    const float* b;
    size_t b_row_stride, b_panel_stride;
    float* pack;
    int prefetch_cols;
    int kc, rows, cols;
    bool first, last;
    const float* scale;
    const float* shift;
    const float* residual;
    float* y;
    size_t ld;
    const ConvEpilogue* epilogue;
};
// The blocking a 1x1 GEMM kernel is written for: the op packs weights in tiles of tile_rows,
// pixels in panels of panel_cols, and cuts K into blocks of at most max_kc channels.
struct PointwiseGeometry {
    int tile_rows, panel_cols, max_kc;
};
struct PointwiseKernel {
    void (*run)(const PointwiseBlock& block);
    PointwiseGeometry geometry;
};
// A 1x1 GEMM kernel is a function returning its runner and geometry (read once, at create).
using f32_conv1x1_gemm_fn = PointwiseKernel (*)();

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

// One input plane x: [in_h, in_w] of a depthwise conv as it is, unpadded, with its window
// geometry: output pixel (oh, ow) tap (kh, kw) reads row oh * stride_h + kh * dilation_h - pad_top,
// column ow * stride_w + kw * dilation_w - pad_left, and zero where that lies outside the plane.
struct DepthwisePlane {
    const float* x;
    int in_h, in_w;
    int kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w;
    int pad_top, pad_left;
    int out_h, out_w;
};

// The same computation as f32_dwconv2d, read straight from the unpadded plane (no scratch copy);
// it must read nothing outside the plane. Levels without such a kernel leave the slot empty and
// the op copies each plane into a PhasePlane for f32_dwconv2d instead.
using f32_dwconv2d_unpadded_fn = void (*)(const DepthwisePlane& plane, const float* w, float scale, float shift,
                                          const float* residual, float* y, const ConvEpilogue& e);

// One output plane of max pooling (plane padded with -inf) or average pooling (padded with 0;
// y = window sum / (rows[oh] * cols[ow]), the divisor split by axis as PyTorch's is; cols has
// out_w rounded up to 8 entries). Max propagates NaN. Taps are summed in (kh, kw) order by
// every implementation, so all ISA levels give identical averages.
using f32_maxpool2d_fn = void (*)(const PhasePlane& plane, float* y);
using f32_avgpool2d_fn = void (*)(const PhasePlane& plane, const float* rows, const float* cols, float* y);

// y[i] = act(x[i] * scale + shift) for i < n (x == y allowed): one channel of a standalone BatchNorm.
using f32_affine_fn = void (*)(const float* x, float* y, size_t n, float scale, float shift,
                               const corenn_activation_desc& act);

// y[i] = a[i * a_step] (+ or *) b[i * b_step] for i < n, steps 0 (broadcast) or 1; kind is
// corenn_eltwise_kind. y may be a or b.
using f32_eltwise_fn = void (*)(int kind, const float* a, int a_step, const float* b, int b_step, float* y, size_t n);

// Softmax (or log-softmax) along an axis of n elements that are `stride` floats apart, for the
// `columns` adjacent columns starting at x (stride 1 means one contiguous row, columns 1):
// y = exp(x - max) / sum, or x - max - log(sum).
using f32_softmax_fn = void (*)(const float* x, float* y, int n, size_t stride, size_t columns, bool log);

// Winograd F(4x4, 3x3): a 4x4 output tile from a 6x6 input patch, 36 products instead of 144.
// The input transform reads the 6x6 patches of `rows` x `tiles_w` tiles from a plane split into 4
// column phases (PhasePlane with stride_w 4: element (i, j) of tile (r, t)'s patch is at phase
// j % 4, row 4r + i, column t + j / 4), and writes component k (0..35) of tile (r, t) to
// v[k * v_stride + r * tiles_w + t].
using f32_winograd43_input_fn = void (*)(const PhasePlane& plane, int rows, int tiles_w, float* v, size_t v_stride);

// The output transform reads m[k * m_stride + r * tiles_w + t], turns each tile back into 4x4
// outputs, applies the epilogue and writes the outputs that fall inside the plane: tile (r, t)
// covers plane rows out_row0 + 4r .. + 3 and columns 4t .. 4t + 3 of y: [out_h, out_w]
// (residual: the same plane of the residual tensor, or null).
using f32_winograd43_output_fn = void (*)(const float* m, size_t m_stride, int rows, int tiles_w, int out_row0,
                                          int out_h, int out_w, float scale, float shift, const float* residual,
                                          float* y, const ConvEpilogue& e);

// First-layer convolution (groups 1, at most 4 input channels, NCHW; ops/conv2d_first.cpp): one
// output row of `channels` output channels. The input is a zero-padded band of rows of every
// input channel, split by column phase as in PhasePlane; tap t (taps in (c, kh, kw) order) of
// output column ow reads x[tap_offset[t] + ow], and the rows are wide enough for a whole vector
// past out_w (kernels may read, never use, those lanes). w: [ceil(channels / 8)][taps][8], packed
// once, zero past `channels`. Output channel o's row is y[o * ld .. o * ld + out_w), its residual
// (if any) residual[o * ld ..]; the epilogue uses scale[o] and shift[o].
struct FirstLayerRow {
    const float* x;
    const ptrdiff_t* tap_offset;
    int taps;
    const float* w;
    int channels, out_w;
    const float* scale;
    const float* shift;
    const float* residual;
    float* y;
    size_t ld;
    const ConvEpilogue* epilogue;
};
constexpr int kFirstLayerChannelBlock = 8;
constexpr int kFirstLayerMaxTaps = 512;
using f32_conv2d_first_fn = void (*)(const FirstLayerRow& row);
