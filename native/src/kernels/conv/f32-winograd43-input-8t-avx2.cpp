#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"
#include "kernels/conv/winograd43-math.h"

namespace corenn {

// Eight horizontally adjacent tiles per vector: thanks to the 4-phase split, element (i, j) of
// tiles t..t+7 is one unaligned load (phase rows have room for a whole vector past tiles_w).
// The stores of a row's last, partial group are masked: past it lie other channels' values.
void f32_winograd43_input_8t__avx2(const PhasePlane& p, int rows, int tiles_w, float* v, size_t v_stride) {
    const __m256i tail = avx2::tail_mask(tiles_w % 8);
    for (int r = 0; r < rows; ++r)
        for (int t = 0; t < tiles_w; t += 8) {
            __m256 d[36], out[36];
            for (int i = 0; i < 6; ++i) {
                const float* row = p.phases + static_cast<size_t>(4 * r + i) * p.row_stride + t;
                for (int j = 0; j < 6; ++j) d[i * 6 + j] = _mm256_loadu_ps(row + (j % 4) * p.phase_stride + j / 4);
            }
            winograd43::input_tile(d, out);
            float* dst = v + static_cast<size_t>(r) * tiles_w + t;
            if (t + 8 <= tiles_w)
                for (int k = 0; k < 36; ++k) _mm256_storeu_ps(dst + k * v_stride, out[k]);
            else
                for (int k = 0; k < 36; ++k) _mm256_maskstore_ps(dst + k * v_stride, tail, out[k]);
        }
}

}  // namespace corenn
