#include <cmath>
#include <vector>

#include "reference/reference.h"

namespace corenn::reference {

void convlstm2d(const float* x, const float* w, const float* b, const float* h0, const float* c0, float* y,
                int seq_len, int batch, int cin, int ch, int height, int width, int kh, int kw) {
    const int cols = cin + ch, plane = height * width;
    std::vector<double> h(static_cast<size_t>(batch) * ch * plane), c(h.size());
    for (size_t i = 0; i < h.size(); ++i) {
        h[i] = h0 ? h0[i] : 0.0;
        c[i] = c0 ? c0[i] : 0.0;
    }
    std::vector<double> gates(static_cast<size_t>(4) * ch * plane);
    for (int t = 0; t < seq_len; ++t) {
        for (int n = 0; n < batch; ++n) {
            // Input channel j of concat[x_t, h_{t-1}] at (yy, xx), zero outside the plane.
            auto input = [&](int j, int yy, int xx) -> double {
                if (yy < 0 || yy >= height || xx < 0 || xx >= width) return 0.0;
                if (j < cin) return x[((static_cast<size_t>(t) * batch + n) * cin + j) * plane + yy * width + xx];
                return h[(static_cast<size_t>(n) * ch + (j - cin)) * plane + yy * width + xx];
            };
            for (int o = 0; o < 4 * ch; ++o)
                for (int yy = 0; yy < height; ++yy)
                    for (int xx = 0; xx < width; ++xx) {
                        double s = b ? b[o] : 0.0;
                        for (int j = 0; j < cols; ++j)
                            for (int a = 0; a < kh; ++a)
                                for (int e = 0; e < kw; ++e)
                                    s += input(j, yy + a - kh / 2, xx + e - kw / 2) *
                                         w[((static_cast<size_t>(o) * cols + j) * kh + a) * kw + e];
                        gates[static_cast<size_t>(o) * plane + yy * width + xx] = s;
                    }
            for (int k = 0; k < ch; ++k)
                for (int p = 0; p < plane; ++p) {
                    auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
                    const double i = sig(gates[(0 * ch + k) * static_cast<size_t>(plane) + p]);
                    const double f = sig(gates[(1 * ch + k) * static_cast<size_t>(plane) + p]);
                    const double g = std::tanh(gates[(2 * ch + k) * static_cast<size_t>(plane) + p]);
                    const double o = sig(gates[(3 * ch + k) * static_cast<size_t>(plane) + p]);
                    const size_t s = (static_cast<size_t>(n) * ch + k) * plane + p;
                    c[s] = f * c[s] + i * g;
                    h[s] = o * std::tanh(c[s]);
                    y[(static_cast<size_t>(t) * batch * ch + static_cast<size_t>(n) * ch + k) * plane + p] =
                        static_cast<float>(h[s]);
                }
        }
    }
}

}  // namespace corenn::reference
