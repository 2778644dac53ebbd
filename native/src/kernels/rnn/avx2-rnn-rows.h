// The recurrent product of the batched AVX2 cells (batch > kRnnGemvMaxBatch): one 8-unit tile of
// the packed weights times MR rows of h at once, so each weight vector loaded feeds MR FMAs. Include
// only from files built with -mavx2 -mfma.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <type_traits>

#include "config/kernels.h"

namespace corenn::avx2 {

// out[m][g] = sum_i W[gate First+g][unit 8j..8j+7][i] * in[m][i] for a tile's packed weights
// w = [k][G][8]. MR * Count (12) accumulators; the loop order keeps them, the broadcasts or the
// weight vectors, and one temporary in the 16 registers. Each output is one FMA chain over i in
// increasing order from zero, so it does not depend on MR, on the other rows or on threads.
template <int G, int First, int Count, int MR>
inline void recurrent_rows(const float* w, const float* const* in, int k, __m256 (&out)[MR][Count]) {
    __m256 acc[MR][Count];
#pragma GCC unroll 12
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 4
        for (int g = 0; g < Count; ++g) acc[m][g] = _mm256_setzero_ps();
    for (int i = 0; i < k; ++i) {
        const float* ws = w + (static_cast<size_t>(i) * G + First) * 8;
        if constexpr (Count >= MR) {
            __m256 x[MR];
#pragma GCC unroll 12
            for (int m = 0; m < MR; ++m) x[m] = _mm256_broadcast_ss(in[m] + i);
#pragma GCC unroll 4
            for (int g = 0; g < Count; ++g) {
                const __m256 wv = _mm256_load_ps(ws + g * 8);
#pragma GCC unroll 12
                for (int m = 0; m < MR; ++m) acc[m][g] = _mm256_fmadd_ps(wv, x[m], acc[m][g]);
            }
        } else {
            __m256 wv[Count];
#pragma GCC unroll 4
            for (int g = 0; g < Count; ++g) wv[g] = _mm256_load_ps(ws + g * 8);
#pragma GCC unroll 12
            for (int m = 0; m < MR; ++m) {
                const __m256 x = _mm256_broadcast_ss(in[m] + i);
#pragma GCC unroll 4
                for (int g = 0; g < Count; ++g) acc[m][g] = _mm256_fmadd_ps(wv[g], x, acc[m][g]);
            }
        }
    }
#pragma GCC unroll 12
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 4
        for (int g = 0; g < Count; ++g) out[m][g] = acc[m][g];
}

// A step's pre-activations (xproj rows) come from memory in scattered 32-byte pieces, which the
// hardware prefetchers miss; this fetches the next line of gates [First, First+Count) of each row
// (tiles j+2 and j+3) while tile j computes.
template <int First, int Count, int MR>
inline void prefetch_next_xproj(const RnnCellArgs& a, const int* elements, int j) {
    if (8 * j + 16 >= a.hidden_padded) return;
    for (int m = 0; m < MR; ++m) {
        const float* xrow = a.xproj + a.rows[elements[m]] * a.xproj_row_stride + 8 * j + 16;
        for (int g = First; g < First + Count; ++g)
            _mm_prefetch(reinterpret_cast<const char*>(xrow + g * static_cast<size_t>(a.hidden_padded)), _MM_HINT_T0);
    }
}

namespace detail {

template <int N, typename Block>
inline void call_block(int n, const int* elements, Block& block) {
    if constexpr (N > 0) {
        if (n == N) block(std::integral_constant<int, N>{}, elements);
        else call_block<N - 1>(n, elements, block);
    }
}

}  // namespace detail

// Calls block(std::integral_constant<int, n>{}, elements) for the active batch elements
// (rows[b] >= 0) in order, MR at a time (fewer in the last group); elements[0..n) are their
// indices. Skipping finished elements keeps the blocks full when lengths vary.
template <int MR, typename Block>
inline void for_each_row_block(const RnnCellArgs& a, Block&& block) {
    int elements[MR];
    int n = 0;
    for (int b = 0; b < a.batch; ++b) {
        if (a.rows[b] < 0) continue;
        elements[n++] = b;
        if (n == MR) {
            block(std::integral_constant<int, MR>{}, elements);
            n = 0;
        }
    }
    detail::call_block<MR - 1>(n, elements, block);
}

}  // namespace corenn::avx2
