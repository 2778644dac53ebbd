// NCHW <-> NCHW8c: one (image, channel block) per work unit; each copies 8 planes to and from
// 8 interleaved lanes, 8 pixels at a time so both sides are read and written in whole cache lines.
#include "ops/layout_nchw8c.h"

#include <algorithm>

#include "common/parallel.h"

namespace corenn {

namespace {

// Pixels per step: an 8x8 block of floats is one cache line of each of the 8 planes.
constexpr size_t kPixelStep = 8;

}  // namespace

void nchw_to_nchw8c(int batch, int channels, size_t plane, const float* x, float* y, int threads) {
    const int blocks = channel_blocks(channels);
    parallel_for(threads, int64_t{batch} * blocks, [&](int64_t u0, int64_t u1) {
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t n = u / blocks;
            const int c0 = static_cast<int>(u % blocks) * kChannelBlock;
            const int lanes = std::min(kChannelBlock, channels - c0);
            const float* src = x + (static_cast<size_t>(n) * channels + c0) * plane;
            float* dst = y + static_cast<size_t>(u) * plane * kChannelBlock;
            for (size_t p0 = 0; p0 < plane; p0 += kPixelStep) {
                const size_t p1 = std::min(plane, p0 + kPixelStep);
                for (int l = 0; l < kChannelBlock; ++l)
                    for (size_t p = p0; p < p1; ++p) dst[p * kChannelBlock + l] = l < lanes ? src[l * plane + p] : 0.0f;
            }
        }
    });
}

void nchw8c_to_nchw(int batch, int channels, size_t plane, const float* x, float* y, int threads) {
    const int blocks = channel_blocks(channels);
    parallel_for(threads, int64_t{batch} * blocks, [&](int64_t u0, int64_t u1) {
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t n = u / blocks;
            const int c0 = static_cast<int>(u % blocks) * kChannelBlock;
            const int lanes = std::min(kChannelBlock, channels - c0);
            const float* src = x + static_cast<size_t>(u) * plane * kChannelBlock;
            float* dst = y + (static_cast<size_t>(n) * channels + c0) * plane;
            for (size_t p0 = 0; p0 < plane; p0 += kPixelStep) {
                const size_t p1 = std::min(plane, p0 + kPixelStep);
                for (int l = 0; l < lanes; ++l)
                    for (size_t p = p0; p < p1; ++p) dst[l * plane + p] = src[p * kChannelBlock + l];
            }
        }
    });
}

}  // namespace corenn
