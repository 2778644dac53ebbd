// C entry points of the activation layouts (NCHW, NCHW8c).
#include "api/validate.h"
#include <algorithm>

#include "ops/layout_nchw8c.h"

using namespace corenn;

namespace {

constexpr int64_t kMaxFloats = int64_t{1} << 40;

void require_layout(int layout, const char* what) {
    CORENN_REQUIRE(layout == CORENN_LAYOUT_NCHW || layout == CORENN_LAYOUT_NCHW8C,
                   "layout_convert: %s must be 0 (NCHW) or 1 (NCHW8c), got %d", what, layout);
}

void require_dims(int batch, int channels, int h, int w) {
    CORENN_REQUIRE(batch >= 0 && channels >= 0 && h >= 0 && w >= 0,
                   "layout_convert: batch, channels, h and w must be >= 0, got %d, %d, %d, %d", batch, channels, h, w);
    const int64_t floats = int64_t{batch} * channel_blocks(channels) * kChannelBlock * h * w;
    CORENN_REQUIRE(floats < kMaxFloats, "layout_convert: the tensor must have < 2^40 elements");
}

}  // namespace

extern "C" {

size_t corenn_layout_floats(int layout, int batch, int channels, int h, int w) {
    if (batch < 0 || channels < 0 || h < 0 || w < 0) return 0;
    const size_t plane = static_cast<size_t>(h) * w;
    if (layout == CORENN_LAYOUT_NCHW8C) return nchw8c_floats(batch, channels, plane);
    return static_cast<size_t>(batch) * channels * plane;
}

corenn_status corenn_layout_convert(int from, int to, int batch, int channels, int h, int w, const float* x, float* y,
                                    int threads) {
    return guard([&] {
        require_layout(from, "from");
        require_layout(to, "to");
        require_dims(batch, channels, h, w);
        require_threads(threads, "layout_convert");
        const size_t floats = corenn_layout_floats(from, batch, channels, h, w);
        if (floats == 0) return;
        require_not_null(x, "layout_convert", "x");
        require_not_null(y, "layout_convert", "y");
        const size_t plane = static_cast<size_t>(h) * w;
        if (from == to) std::copy(x, x + floats, y);
        else if (from == CORENN_LAYOUT_NCHW) nchw_to_nchw8c(batch, channels, plane, x, y, threads);
        else nchw8c_to_nchw(batch, channels, plane, x, y, threads);
    });
}

}  // extern "C"
