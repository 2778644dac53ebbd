#include <algorithm>

#include "kernels/conv/avx2-epilogue.h"
#include "kernels/conv/winograd43-math.h"

namespace corenn {

namespace {

// Rows j = 0..3 of eight tiles (lane = tile) -> 32 floats in output order t0j0 t0j1 t0j2 t0j3 t1j0 ...
void interleave4x8(const __m256 r[4], __m256 out[4]) {
    const __m256 a = _mm256_unpacklo_ps(r[0], r[1]), b = _mm256_unpackhi_ps(r[0], r[1]);
    const __m256 c = _mm256_unpacklo_ps(r[2], r[3]), d = _mm256_unpackhi_ps(r[2], r[3]);
    const __m256 t04 = _mm256_shuffle_ps(a, c, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 t15 = _mm256_shuffle_ps(a, c, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 t26 = _mm256_shuffle_ps(b, d, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 t37 = _mm256_shuffle_ps(b, d, _MM_SHUFFLE(3, 2, 3, 2));
    out[0] = _mm256_permute2f128_ps(t04, t15, 0x20);
    out[1] = _mm256_permute2f128_ps(t26, t37, 0x20);
    out[2] = _mm256_permute2f128_ps(t04, t15, 0x31);
    out[3] = _mm256_permute2f128_ps(t26, t37, 0x31);
}

}  // namespace

// Eight tiles per vector; each output row of the eight tiles is re-interleaved into 32 contiguous
// floats, so the epilogue and the (masked at the plane's edge) stores run on plain vectors.
void f32_winograd43_output_8t__avx2(const float* m, size_t m_stride, int rows, int tiles_w, int out_row0, int out_h,
                                    int out_w, float scale, float shift, const float* residual, float* y,
                                    const ConvEpilogue& e) {
    const __m256 s = _mm256_set1_ps(scale), b = _mm256_set1_ps(shift);
    for (int r = 0; r < rows; ++r)
        for (int t = 0; t < tiles_w; t += 8) {
            const __m256i load_mask = avx2::tail_mask(tiles_w - t >= 8 ? 8 : tiles_w - t);
            __m256 products[36], out[16];
            const float* src = m + static_cast<size_t>(r) * tiles_w + t;
            for (int k = 0; k < 36; ++k) products[k] = _mm256_maskload_ps(src + k * m_stride, load_mask);
            winograd43::output_tile(products, out);
            const int columns = std::min(32, out_w - 4 * t);
            for (int i = 0; i < 4; ++i) {
                const int oh = out_row0 + 4 * r + i;
                if (oh >= out_h) break;
                const __m256 line[4] = {out[i * 4 + 0], out[i * 4 + 1], out[i * 4 + 2], out[i * 4 + 3]};
                __m256 ordered[4];
                interleave4x8(line, ordered);
                const size_t row_at = static_cast<size_t>(oh) * out_w + 4 * t;
                for (int q = 0; q < 4 && 8 * q < columns; ++q) {
                    const int lanes = columns - 8 * q;
                    const __m256i mask = avx2::tail_mask(lanes >= 8 ? 8 : lanes);
                    const size_t at = row_at + 8 * q;
                    const __m256 v = avx2::conv_epilogue(ordered[q], s, b, residual != nullptr ? residual + at : nullptr,
                                                         mask, e);
                    _mm256_maskstore_ps(y + at, mask, v);
                }
            }
        }
}

}  // namespace corenn
