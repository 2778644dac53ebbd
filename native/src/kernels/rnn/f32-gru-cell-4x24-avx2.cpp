#include "kernels/rnn/avx2-rnn-rows.h"
#include "kernels/rnn/avx2-rnn-tile.h"

namespace corenn {

namespace {

inline __m256 blend_state(__m256 z, __m256 n, __m256 h_prev) {
    return _mm256_fmadd_ps(z, _mm256_sub_ps(h_prev, n), n);
}

const float* xproj_row(const RnnCellArgs& a, int b) { return a.xproj + a.rows[b] * a.xproj_row_stride; }

// Pass 0 (linear_before_reset=1): gates r, z, n of 8 units for 4 rows, 12 accumulators.
template <int MR>
void gru_rows_one_pass(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    avx2::prefetch_next_xproj<0, 3, MR>(a, elements, j);
    __m256 rec[MR][3];
    avx2::recurrent_rows<3, 0, 3, MR>(a.w + static_cast<size_t>(j) * a.k * 24, in, a.k, rec);
    const __m256 b_hn = _mm256_load_ps(a.bias_hn + 8 * j);
#pragma GCC unroll 4
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        const float* xrow = xproj_row(a, b);
        __m256 rz[2] = {rec[m][0], rec[m][1]};
        avx2::add_input_part<0, 2>(a, xrow, j, rz);
        const __m256 r = avx2::sigmoid(avx2::clip_preactivation(a, rz[0]));
        const __m256 z = avx2::sigmoid(avx2::clip_preactivation(a, rz[1]));
        const __m256 xn = _mm256_load_ps(xrow + 2 * static_cast<size_t>(a.hidden_padded) + 8 * j);
        const __m256 n_pre = _mm256_fmadd_ps(r, _mm256_add_ps(rec[m][2], b_hn), xn);
        const __m256 n = avx2::tanh(avx2::clip_preactivation(a, n_pre));
        const __m256 h_old = _mm256_load_ps(a.h_prev + b * a.h_prev_stride + 8 * j);
        _mm256_store_ps(a.h_out + b * a.h_out_stride + 8 * j, blend_state(z, n, h_old));
    }
}

// Two-pass form (ONNX linear_before_reset=0), pass 1: z and r*h of 6 rows (r, z: 12 accumulators).
template <int MR>
void gru_rows_reset(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    avx2::prefetch_next_xproj<0, 2, MR>(a, elements, j);
    __m256 rz[MR][2];
    avx2::recurrent_rows<3, 0, 2, MR>(a.w + static_cast<size_t>(j) * a.k * 24, in, a.k, rz);
#pragma GCC unroll 6
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        avx2::add_input_part<0, 2>(a, xproj_row(a, b), j, rz[m]);
        const __m256 r = avx2::sigmoid(avx2::clip_preactivation(a, rz[m][0]));
        const __m256 z = avx2::sigmoid(avx2::clip_preactivation(a, rz[m][1]));
        const __m256 h_old = _mm256_load_ps(a.h_prev + b * a.h_prev_stride + 8 * j);
        _mm256_store_ps(a.gru_z + b * a.gru_stride + 8 * j, z);
        _mm256_store_ps(a.gru_rh + b * a.gru_stride + 8 * j, _mm256_mul_ps(r, h_old));
    }
}

// Pass 2: n = tanh(x_n + W_hn (r*h) + b_hn) and h' for 12 rows.
template <int MR>
void gru_rows_new(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.gru_rh + elements[m] * a.gru_stride;
    avx2::prefetch_next_xproj<2, 1, MR>(a, elements, j);
    __m256 n_pre[MR][1];
    avx2::recurrent_rows<3, 2, 1, MR>(a.w + static_cast<size_t>(j) * a.k * 24, in, a.k, n_pre);
    const __m256 b_hn = _mm256_load_ps(a.bias_hn + 8 * j);
#pragma GCC unroll 12
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        const __m256 xn = _mm256_load_ps(xproj_row(a, b) + 2 * static_cast<size_t>(a.hidden_padded) + 8 * j);
        const __m256 n = avx2::tanh(avx2::clip_preactivation(a, _mm256_add_ps(xn, _mm256_add_ps(n_pre[m][0], b_hn))));
        const __m256 z = _mm256_load_ps(a.gru_z + b * a.gru_stride + 8 * j);
        const __m256 h_old = _mm256_load_ps(a.h_prev + b * a.h_prev_stride + 8 * j);
        _mm256_store_ps(a.h_out + b * a.h_out_stride + 8 * j, blend_state(z, n, h_old));
    }
}

}  // namespace

// Batched GRU step over float tiles (a.w), passes as in f32-gru-cell-h8-avx2.cpp; row blocks sized
// so that each pass keeps 12 accumulators (4 rows x 3 gates, 6 x 2, 12 x 1).
void f32_gru_cell_4x24__avx2(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; ++j) {
        if (a.gru_pass == 0) {
            avx2::for_each_row_block<4>(a, [&](auto rows, const int* elements) {
                gru_rows_one_pass<decltype(rows)::value>(a, j, elements);
            });
        } else if (a.gru_pass == 1) {
            avx2::for_each_row_block<6>(a, [&](auto rows, const int* elements) {
                gru_rows_reset<decltype(rows)::value>(a, j, elements);
            });
        } else {
            avx2::for_each_row_block<12>(a, [&](auto rows, const int* elements) {
                gru_rows_new<decltype(rows)::value>(a, j, elements);
            });
        }
    }
}

}  // namespace corenn
