// Function types of the channel-blocked (NCHW8c) conv kernels (see kernels.h). Included inside
// namespace corenn, after kernel-types-conv.h (ConvEpilogue).

// Geometry of one direct convolution over NCHW8c, shared by every output row:
//   x: one image's input blocks of one group, [in_blocks][in_h][in_w][8]
//   w: prepacked weights of one output block, [in_blocks][kernel_h][kernel_w][8 in lanes][8 out lanes];
//      the next output block's weights are w_block_stride floats further
//   y, residual: [out_blocks][out_h][out_w][8]
struct Nchw8cConvGeometry {
    int in_blocks, in_h, in_w, out_h, out_w;
    int kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
    size_t x_block_stride;  // in_h * in_w * 8
    size_t w_block_stride;  // in_blocks * kernel_h * kernel_w * 64
    size_t y_block_stride;  // out_h * out_w * 8
};

// Computes output row `oh` (every column) of `out_blocks` (1 or 2) consecutive output blocks,
// applies the epilogue with scale/shift [out_blocks * 8] and zeroes the lanes whose keep[] entry
// is 0 (channels past out_channels stay zero whatever the activation). Taps are summed in
// (input block, kh, kw, lane) order for every pixel, padding taps skipped.
using f32_conv2d_nchw8c_fn = void (*)(const Nchw8cConvGeometry& g, const float* x, const float* w, int oh,
                                      int out_blocks, const float* scale, const float* shift, const float* keep,
                                      const float* residual, float* y, const ConvEpilogue& e);
