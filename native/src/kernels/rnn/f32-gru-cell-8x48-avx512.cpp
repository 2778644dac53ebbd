#include "kernels/rnn/avx512-rnn-batch-rows.h"

namespace corenn {

namespace {

using namespace avx512::rnn_batch;

inline __m512 blend_state(__m512 z, __m512 n, __m512 h_prev) {
    return _mm512_fmadd_ps(z, _mm512_sub_ps(h_prev, n), n);
}

// Pass 0 (linear_before_reset=1) over tiles j and j+1 (Tiles 2; 1 for a last odd tile) and up to 8
// rows: per input the zmm [r|z] of each tile and n of both tiles joined, 24 accumulators that fill
// all 16 lanes (a GRU tile's 24 columns are 1.5 zmm). After regrouping r and z of the two tiles
// (vshuff32x4), the 16 units of a row are contiguous in every buffer.
template <int MR, int Tiles>
void gru_rows_one_pass(const RnnCellArgs& a, int j, const int* elements) {
    constexpr int NV = Tiles + 1;  // [r|z] of each tile, then n
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    prefetch_next_xproj<0, 3, MR>(a, elements, j);
    const size_t tile = static_cast<size_t>(a.k) * 24;
    const float* w = a.w + j * tile;
    __m512 acc[MR][NV];
    recurrent_rows<MR, NV>(
        [w, tile](int i, __m512(&v)[NV]) {
            const float* p = w + static_cast<size_t>(i) * 24;
            v[0] = _mm512_loadu_ps(p);
            if constexpr (Tiles == 2) v[1] = _mm512_loadu_ps(p + tile);
            v[NV - 1] = tile_pair<Tiles>(p + 16, tile);
        },
        in, a.k, acc);
    const size_t Hp = static_cast<size_t>(a.hidden_padded);
    const __m512 b_hn = load_units<Tiles>(a.bias_hn + 8 * j);
#pragma GCC unroll 8
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        const float* xrow = xproj_row(a, b) + 8 * j;
        const __m512 rz_next = acc[m][Tiles - 1];
        const __m512 r_pre = _mm512_add_ps(halves<false>(acc[m][0], rz_next), load_units<Tiles>(xrow));
        const __m512 z_pre = _mm512_add_ps(halves<true>(acc[m][0], rz_next), load_units<Tiles>(xrow + Hp));
        const __m512 r = avx512::sigmoid(clip_preactivation(a, r_pre));
        const __m512 z = avx512::sigmoid(clip_preactivation(a, z_pre));
        const __m512 xn = load_units<Tiles>(xrow + 2 * Hp);
        const __m512 n_pre = _mm512_fmadd_ps(r, _mm512_add_ps(acc[m][NV - 1], b_hn), xn);
        const __m512 n = avx512::tanh(clip_preactivation(a, n_pre));
        const __m512 h_old = load_units<Tiles>(a.h_prev + b * a.h_prev_stride + 8 * j);
        store_units<Tiles>(a.h_out + b * a.h_out_stride + 8 * j, blend_state(z, n, h_old));
    }
}

// Two-pass form (ONNX linear_before_reset=0), pass 1: z and r*h of one tile for up to 16 rows; the
// tile's [r|z] per input is one zmm, both halves go through the same sigmoid.
template <int MR>
void gru_rows_reset(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    prefetch_next_xproj<0, 2, MR>(a, elements, j);
    const float* w = a.w + static_cast<size_t>(j) * a.k * 24;
    __m512 acc[MR][1];
    recurrent_rows<MR, 1>([w](int i, __m512(&v)[1]) { v[0] = _mm512_loadu_ps(w + static_cast<size_t>(i) * 24); },
                          in, a.k, acc);
    const size_t Hp = static_cast<size_t>(a.hidden_padded);
#pragma GCC unroll 16
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        const float* xrow = xproj_row(a, b) + 8 * j;
        const __m512 rz = avx512::sigmoid(clip_preactivation(a, _mm512_add_ps(acc[m][0], pair_load(xrow, xrow + Hp))));
        const __m256 h_old = _mm256_load_ps(a.h_prev + b * a.h_prev_stride + 8 * j);
        _mm256_store_ps(a.gru_z + b * a.gru_stride + 8 * j, _mm512_extractf32x8_ps(rz, 1));
        _mm256_store_ps(a.gru_rh + b * a.gru_stride + 8 * j, _mm256_mul_ps(_mm512_castps512_ps256(rz), h_old));
    }
}

// Pass 2: n = tanh(x_n + W_hn (r*h) + b_hn) and h' of tiles j and j+1 for up to 16 rows.
template <int MR, int Tiles>
void gru_rows_new(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.gru_rh + elements[m] * a.gru_stride;
    prefetch_next_xproj<2, 1, MR>(a, elements, j);
    const size_t tile = static_cast<size_t>(a.k) * 24;
    const float* w = a.w + j * tile + 16;
    __m512 acc[MR][1];
    recurrent_rows<MR, 1>(
        [w, tile](int i, __m512(&v)[1]) { v[0] = tile_pair<Tiles>(w + static_cast<size_t>(i) * 24, tile); }, in, a.k,
        acc);
    const size_t Hp = static_cast<size_t>(a.hidden_padded);
    const __m512 b_hn = load_units<Tiles>(a.bias_hn + 8 * j);
#pragma GCC unroll 16
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        const __m512 xn = load_units<Tiles>(xproj_row(a, b) + 2 * Hp + 8 * j);
        const __m512 n = avx512::tanh(clip_preactivation(a, _mm512_add_ps(xn, _mm512_add_ps(acc[m][0], b_hn))));
        const __m512 z = load_units<Tiles>(a.gru_z + b * a.gru_stride + 8 * j);
        const __m512 h_old = load_units<Tiles>(a.h_prev + b * a.h_prev_stride + 8 * j);
        store_units<Tiles>(a.h_out + b * a.h_out_stride + 8 * j, blend_state(z, n, h_old));
    }
}

template <int Tiles>
void gru_tiles(const RnnCellArgs& a, int j) {
    if (a.gru_pass == 0) {
        for_each_row_block<8, 1>(a, [&](auto rows, const int* elements) {
            gru_rows_one_pass<decltype(rows)::value, Tiles>(a, j, elements);
        });
    } else if (a.gru_pass == 1) {
        for (int t = 0; t < Tiles; ++t)
            for_each_row_block<16, 1>(a, [&](auto rows, const int* elements) {
                gru_rows_reset<decltype(rows)::value>(a, j + t, elements);
            });
    } else {
        for_each_row_block<16, 1>(a, [&](auto rows, const int* elements) {
            gru_rows_new<decltype(rows)::value, Tiles>(a, j, elements);
        });
    }
}

}  // namespace

// Batched GRU step over float tiles (a.w), passes as in f32-gru-cell-h8-avx2.cpp, tiles in pairs
// (the last of an odd range alone).
void f32_gru_cell_8x48__avx512(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; j += 2) {
        if (j + 1 < tile_end) gru_tiles<2>(a, j);
        else gru_tiles<1>(a, j);
    }
}

}  // namespace corenn
