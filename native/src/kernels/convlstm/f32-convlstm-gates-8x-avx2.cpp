#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn {

namespace {

// Eight pixels of one plane: the four gate pre-activations are x-conv + h-conv at the same pixel.
inline void cell(const float* gx, const float* gh, size_t stride, float* c, float* h, __m256i mask, bool full) {
    auto load = [&](const float* p) { return full ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask); };
    const __m256 i = avx2::sigmoid(_mm256_add_ps(load(gx), load(gh)));
    const __m256 f = avx2::sigmoid(_mm256_add_ps(load(gx + stride), load(gh + stride)));
    const __m256 g = avx2::tanh(_mm256_add_ps(load(gx + 2 * stride), load(gh + 2 * stride)));
    const __m256 o = avx2::sigmoid(_mm256_add_ps(load(gx + 3 * stride), load(gh + 3 * stride)));
    const __m256 c_new = _mm256_fmadd_ps(f, load(c), _mm256_mul_ps(i, g));
    const __m256 h_new = _mm256_mul_ps(o, avx2::tanh(c_new));
    if (full) {
        _mm256_storeu_ps(c, c_new);
        _mm256_storeu_ps(h, h_new);
    } else {
        _mm256_maskstore_ps(c, mask, c_new);
        _mm256_maskstore_ps(h, mask, h_new);
    }
}

}  // namespace

void f32_convlstm_gates_8x__avx2(const float* gx, const float* gh, size_t gate_stride, float* c, float* h, size_t n) {
    const __m256i all = _mm256_set1_epi32(-1);
    size_t p = 0;
    for (; p + 8 <= n; p += 8) cell(gx + p, gh + p, gate_stride, c + p, h + p, all, true);
    if (p < n) cell(gx + p, gh + p, gate_stride, c + p, h + p, avx2::tail_mask(static_cast<int>(n - p)), false);
}

}  // namespace corenn
