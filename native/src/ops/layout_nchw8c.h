// The channel-blocked layout NCHW8c ([N][ceil(C/8)][H][W][8], lanes past C zero; corenn.h) and
// its conversions to and from NCHW.
#pragma once

#include <cstddef>

namespace corenn {

constexpr int kChannelBlock = 8;

inline int channel_blocks(int channels) { return (channels + kChannelBlock - 1) / kChannelBlock; }

// Floats of a [batch, channels, h * w] tensor in NCHW8c.
inline size_t nchw8c_floats(int batch, int channels, size_t plane) {
    return static_cast<size_t>(batch) * channel_blocks(channels) * plane * kChannelBlock;
}

// x: [batch][channels][plane] -> y: [batch][ceil(channels/8)][plane][8], padding lanes written as 0.
void nchw_to_nchw8c(int batch, int channels, size_t plane, const float* x, float* y, int threads);
// The inverse: the padding lanes are dropped.
void nchw8c_to_nchw(int batch, int channels, size_t plane, const float* x, float* y, int threads);

}  // namespace corenn
