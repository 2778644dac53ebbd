// 1x1 convolution GEMM block, portable: the same packed operands and tile order as the AVX2
// kernel, one accumulator per output of a 6x16 tile, summed over k in order. It reads x in
// place rather than copying it into `pack`: the copy only serves the AVX2 kernel's L1 use.
#include "kernels/conv/scalar-epilogue.h"

namespace corenn {

namespace {

constexpr int kRows = 6, kCols = 16;

void run(const PointwiseBlock& p) {
    for (int col0 = 0; col0 < p.cols; col0 += kCols) {
        const float* b = p.b + static_cast<size_t>(col0 / kCols) * p.b_panel_stride;
        const int cols = p.cols - col0 < kCols ? p.cols - col0 : kCols;
        for (int row0 = 0; row0 < p.rows; row0 += kRows) {
            const float* a = p.a + static_cast<size_t>(row0 / kRows) * p.a_tile_stride;
            const int rows = p.rows - row0 < kRows ? p.rows - row0 : kRows;
            float acc[kRows][kCols];
            for (int r = 0; r < rows; ++r)
                for (int j = 0; j < cols; ++j)
                    acc[r][j] = p.first ? 0.0f : p.y[static_cast<size_t>(row0 + r) * p.ld + col0 + j];
            for (int k = 0; k < p.kc; ++k)
                for (int r = 0; r < rows; ++r)
                    for (int j = 0; j < cols; ++j) acc[r][j] += a[k * kRows + r] * b[k * p.b_row_stride + j];
            for (int r = 0; r < rows; ++r)
                for (int j = 0; j < cols; ++j) {
                    const size_t at = static_cast<size_t>(row0 + r) * p.ld + col0 + j;
                    p.y[at] = p.last ? conv_epilogue_scalar(acc[r][j], p.scale[row0 + r], p.shift[row0 + r],
                                                            p.residual != nullptr ? p.residual + at : nullptr,
                                                            *p.epilogue)
                                     : acc[r][j];
                }
        }
    }
}

}  // namespace

PointwiseKernel f32_conv1x1_gemm_6x16__scalar() { return {run, {kRows, kCols, 256}}; }

}  // namespace corenn
