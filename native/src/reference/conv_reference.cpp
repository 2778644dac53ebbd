#include "reference/conv_reference.h"

#include "reference/reference.h"

namespace corenn::reference {

void conv2d(const corenn_conv2d_desc& d, int batch, int in_h, int in_w, const float* x, const float* w,
            const float* bias, const float* residual, float* y) {
    const int out_h = (in_h + d.pad_top + d.pad_bottom - d.dilation_h * (d.kernel_h - 1) - 1) / d.stride_h + 1;
    const int out_w = (in_w + d.pad_left + d.pad_right - d.dilation_w * (d.kernel_w - 1) - 1) / d.stride_w + 1;
    const int group_in = d.in_channels / d.groups, group_out = d.out_channels / d.groups;
    for (int n = 0; n < batch; ++n)
        for (int o = 0; o < d.out_channels; ++o) {
            const int g = o / group_out;
            for (int oh = 0; oh < out_h; ++oh)
                for (int ow = 0; ow < out_w; ++ow) {
                    double sum = bias != nullptr ? bias[o] : 0.0;
                    for (int c = 0; c < group_in; ++c)
                        for (int kh = 0; kh < d.kernel_h; ++kh)
                            for (int kw = 0; kw < d.kernel_w; ++kw) {
                                const int ih = oh * d.stride_h + kh * d.dilation_h - d.pad_top;
                                const int iw = ow * d.stride_w + kw * d.dilation_w - d.pad_left;
                                if (ih < 0 || ih >= in_h || iw < 0 || iw >= in_w) continue;
                                const long xi = ((static_cast<long>(n) * d.in_channels + g * group_in + c) * in_h + ih) * in_w + iw;
                                const long wi = ((static_cast<long>(o) * group_in + c) * d.kernel_h + kh) * d.kernel_w + kw;
                                sum += static_cast<double>(x[xi]) * w[wi];
                            }
                    double t = sum * (d.scale != nullptr ? d.scale[o] : 1.0) + (d.shift != nullptr ? d.shift[o] : 0.0);
                    const long yi = ((static_cast<long>(n) * d.out_channels + o) * out_h + oh) * out_w + ow;
                    if (d.residual == CORENN_RESIDUAL_BEFORE_ACTIVATION) t += residual[yi];
                    t = activate(d.activation, t);
                    if (d.residual == CORENN_RESIDUAL_AFTER_ACTIVATION) t += residual[yi];
                    y[yi] = static_cast<float>(t);
                }
        }
}

}  // namespace corenn::reference
