// Test-side NCHW <-> NCHW8c conversions, written independently of the library's (layout_nchw8c.cpp)
// so that a test of a blocked-layout op does not trust the code it checks.
#pragma once

#include <cstddef>
#include <vector>

namespace corenn::test {

inline size_t blocked_floats(int batch, int channels, size_t plane) {
    return static_cast<size_t>(batch) * ((channels + 7) / 8) * plane * 8;
}

inline std::vector<float> to_nchw8c(const std::vector<float>& x, int batch, int channels, size_t plane) {
    const int blocks = (channels + 7) / 8;
    std::vector<float> y(blocked_floats(batch, channels, plane), 0.0f);
    for (int n = 0; n < batch; ++n)
        for (int c = 0; c < channels; ++c)
            for (size_t p = 0; p < plane; ++p)
                y[((static_cast<size_t>(n) * blocks + c / 8) * plane + p) * 8 + c % 8] =
                    x[(static_cast<size_t>(n) * channels + c) * plane + p];
    return y;
}

inline std::vector<float> from_nchw8c(const std::vector<float>& y, int batch, int channels, size_t plane) {
    const int blocks = (channels + 7) / 8;
    std::vector<float> x(static_cast<size_t>(batch) * channels * plane);
    for (int n = 0; n < batch; ++n)
        for (int c = 0; c < channels; ++c)
            for (size_t p = 0; p < plane; ++p)
                x[(static_cast<size_t>(n) * channels + c) * plane + p] =
                    y[((static_cast<size_t>(n) * blocks + c / 8) * plane + p) * 8 + c % 8];
    return x;
}

// Values in the lanes past `channels` of the last block (the layout requires them to be zero).
inline std::vector<float> padding_lanes(const std::vector<float>& y, int batch, int channels, size_t plane) {
    const int blocks = (channels + 7) / 8;
    std::vector<float> out;
    for (int n = 0; n < batch; ++n)
        for (int c = channels; c < blocks * 8; ++c)
            for (size_t p = 0; p < plane; ++p)
                out.push_back(y[((static_cast<size_t>(n) * blocks + c / 8) * plane + p) * 8 + c % 8]);
    return out;
}

}  // namespace corenn::test
