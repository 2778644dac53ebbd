#include "config/kernels.h"
#include "kernels/conv/winograd43-math.h"

namespace corenn {

void f32_winograd43_input__scalar(const PhasePlane& p, int rows, int tiles_w, float* v, size_t v_stride) {
    for (int r = 0; r < rows; ++r)
        for (int t = 0; t < tiles_w; ++t) {
            float d[36], out[36];
            for (int i = 0; i < 6; ++i)
                for (int j = 0; j < 6; ++j)
                    d[i * 6 + j] = p.phases[(j % 4) * p.phase_stride + static_cast<size_t>(4 * r + i) * p.row_stride + t + j / 4];
            winograd43::input_tile(d, out);
            for (int k = 0; k < 36; ++k) v[k * v_stride + static_cast<size_t>(r) * tiles_w + t] = out[k];
        }
}

}  // namespace corenn
