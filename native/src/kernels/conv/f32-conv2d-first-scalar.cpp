// First-layer convolution row, portable: per output channel, chunks of 8 output columns summed
// over the taps in order (a shape the compiler vectorises with SSE), then the epilogue.
#include "kernels/conv/scalar-epilogue.h"

namespace corenn {

void f32_conv2d_first__scalar(const FirstLayerRow& r) {
    constexpr int kBlock = kFirstLayerChannelBlock, kChunk = 8;
    for (int o = 0; o < r.channels; ++o) {
        const float* w = r.w + static_cast<size_t>(o / kBlock) * r.taps * kBlock + o % kBlock;
        float* y = r.y + static_cast<size_t>(o) * r.ld;
        const float* residual = r.residual != nullptr ? r.residual + static_cast<size_t>(o) * r.ld : nullptr;
        for (int ow = 0; ow < r.out_w; ow += kChunk) {
            // The rows hold a whole chunk past out_w, so every chunk reads 8 columns.
            float acc[kChunk] = {};
            for (int t = 0; t < r.taps; ++t) {
                const float* x = r.x + r.tap_offset[t] + ow;
                const float weight = w[t * kBlock];
                for (int j = 0; j < kChunk; ++j) acc[j] += weight * x[j];
            }
            const int lanes = r.out_w - ow < kChunk ? r.out_w - ow : kChunk;
            for (int j = 0; j < lanes; ++j)
                y[ow + j] = conv_epilogue_scalar(acc[j], r.scale[o], r.shift[o],
                                                 residual != nullptr ? residual + ow + j : nullptr, *r.epilogue);
        }
    }
}

}  // namespace corenn
