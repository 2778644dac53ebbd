// Which taps of a direct convolution fall inside the input, for the NCHW8c row kernels: a row's
// valid kh range, a column's valid kw range, and the interior columns whose every kw is valid.
#pragma once

#include <algorithm>

#include "config/kernels.h"

namespace corenn {

struct TapRange {
    int begin, end;  // empty when end <= begin
};

// Taps k in [0, kernel) with 0 <= o * stride - pad + k * dilation < in.
inline TapRange valid_taps(int o, int in, int kernel, int stride, int dilation, int pad) {
    const int first = o * stride - pad;  // input index of tap 0
    const int begin = first >= 0 ? 0 : (-first + dilation - 1) / dilation;
    const int last = in - 1 - first;     // largest allowed k * dilation
    const int end = last < 0 ? 0 : std::min(kernel, last / dilation + 1);
    return {std::min(begin, kernel), end};
}

// Output columns [begin, end) whose taps all fall inside the input row.
inline TapRange interior_columns(const Nchw8cConvGeometry& g) {
    const int begin = std::min(g.out_w, (g.pad_left + g.stride_w - 1) / g.stride_w);
    const int last = g.in_w - 1 + g.pad_left - (g.kernel_w - 1) * g.dilation_w;  // largest ow * stride_w
    const int end = last < 0 ? 0 : std::min(g.out_w, last / g.stride_w + 1);
    return {begin, std::max(begin, end)};
}

}  // namespace corenn
