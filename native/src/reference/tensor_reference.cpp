#include <algorithm>
#include <cmath>
#include <vector>

#include "reference/conv_reference.h"
#include "reference/reference.h"

namespace corenn::reference {

void batchnorm(int batch, int channels, long spatial, float epsilon, const float* mean, const float* var,
               const float* gamma, const float* beta, const corenn_activation_desc& act, const float* x, float* y) {
    for (long n = 0; n < batch; ++n)
        for (int c = 0; c < channels; ++c)
            for (long i = 0; i < spatial; ++i) {
                const long at = (n * channels + c) * spatial + i;
                double v = (x[at] - static_cast<double>(mean[c])) / std::sqrt(static_cast<double>(var[c]) + epsilon);
                v = v * (gamma != nullptr ? gamma[c] : 1.0) + (beta != nullptr ? beta[c] : 0.0);
                y[at] = static_cast<float>(activate(act, v));
            }
}

void eltwise(int kind, int rank_a, const int64_t* shape_a, const float* a, int rank_b, const int64_t* shape_b,
             const float* b, float* y) {
    const int rank = std::max(rank_a, rank_b);
    std::vector<int64_t> sa(rank), sb(rank), sy(rank);
    for (int i = 0; i < rank; ++i) {
        sa[i] = i < rank - rank_a ? 1 : shape_a[i - (rank - rank_a)];
        sb[i] = i < rank - rank_b ? 1 : shape_b[i - (rank - rank_b)];
        sy[i] = std::max(sa[i], sb[i]);
        if (sa[i] == 0 || sb[i] == 0) sy[i] = 0;
    }
    int64_t total = 1;
    for (int64_t s : sy) total *= s;
    std::vector<int64_t> index(rank);
    for (int64_t flat = 0; flat < total; ++flat) {
        int64_t rest = flat;
        for (int i = rank - 1; i >= 0; --i) {
            index[i] = rest % sy[i];
            rest /= sy[i];
        }
        int64_t ia = 0, ib = 0;
        for (int i = 0; i < rank; ++i) {
            ia = ia * sa[i] + (sa[i] == 1 ? 0 : index[i]);
            ib = ib * sb[i] + (sb[i] == 1 ? 0 : index[i]);
        }
        y[flat] = kind == CORENN_ELTWISE_ADD ? a[ia] + b[ib] : a[ia] * b[ib];
    }
}

void softmax(bool log, int rank, const int64_t* shape, int axis, const float* x, float* y) {
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; ++i) outer *= shape[i];
    for (int i = axis + 1; i < rank; ++i) inner *= shape[i];
    const int64_t n = shape[axis];
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t col = 0; col < inner; ++col) {
            const float* in = x + o * n * inner + col;
            float* out = y + o * n * inner + col;
            double max = -INFINITY;
            for (int64_t i = 0; i < n; ++i) max = std::max(max, static_cast<double>(in[i * inner]));
            double sum = 0;
            for (int64_t i = 0; i < n; ++i) sum += std::exp(in[i * inner] - max);
            for (int64_t i = 0; i < n; ++i)
                out[i * inner] = static_cast<float>(log ? in[i * inner] - max - std::log(sum) : std::exp(in[i * inner] - max) / sum);
        }
}

}  // namespace corenn::reference
