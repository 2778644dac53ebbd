#include <algorithm>
#include <cmath>

#include "reference/conv_reference.h"

namespace corenn::reference {

namespace {

int extent(int in, int pad_begin, int pad_end, int dilation, int kernel, int stride, bool ceil_mode) {
    const int span = in + pad_begin + pad_end - dilation * (kernel - 1) - 1;
    int out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceil_mode && (out - 1) * stride >= in + pad_begin) --out;
    return out;
}

}  // namespace

void pool2d(const corenn_pool2d_desc& desc, int batch, int channels, int in_h, int in_w, const float* x, float* y) {
    corenn_pool2d_desc d = desc;
    if (d.global) d = {desc.kind, 0, in_h, in_w, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, desc.layout};
    const int out_h = extent(in_h, d.pad_top, d.pad_bottom, d.dilation_h, d.kernel_h, d.stride_h, d.ceil_mode);
    const int out_w = extent(in_w, d.pad_left, d.pad_right, d.dilation_w, d.kernel_w, d.stride_w, d.ceil_mode);
    for (long plane = 0; plane < static_cast<long>(batch) * channels; ++plane) {
        const float* in = x + plane * in_h * in_w;
        float* out = y + plane * out_h * out_w;
        for (int oh = 0; oh < out_h; ++oh)
            for (int ow = 0; ow < out_w; ++ow) {
                const int h0 = oh * d.stride_h - d.pad_top, w0 = ow * d.stride_w - d.pad_left;
                double sum = 0;
                float best = -INFINITY;
                for (int kh = 0; kh < d.kernel_h; ++kh)
                    for (int kw = 0; kw < d.kernel_w; ++kw) {
                        const int ih = h0 + kh * d.dilation_h, iw = w0 + kw * d.dilation_w;
                        if (ih < 0 || ih >= in_h || iw < 0 || iw >= in_w) continue;
                        const float v = in[ih * in_w + iw];
                        sum += v;
                        if (v > best || std::isnan(v)) best = v;
                    }
                if (d.kind == CORENN_POOL_MAX) {
                    out[oh * out_w + ow] = best;
                    continue;
                }
                const int h1 = std::min(h0 + d.kernel_h, in_h + d.pad_bottom);
                const int w1 = std::min(w0 + d.kernel_w, in_w + d.pad_right);
                int count = (h1 - h0) * (w1 - w0);
                if (!d.count_include_pad)
                    count = (std::min(h1, in_h) - std::max(h0, 0)) * (std::min(w1, in_w) - std::max(w0, 0));
                out[oh * out_w + ow] = static_cast<float>(sum) / static_cast<float>(count);
            }
    }
}

}  // namespace corenn::reference
