// Shared pieces of the AVX2 recurrent cells: the recurrent GEMV of one 8-unit tile and the loads
// of a tile's pre-activations. Include only from files built with -mavx2 -mfma.
#pragma once

#include <cstddef>

#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn::avx2 {

// out[g] = sum_i W[gate First+g][unit 8j..8j+7][i] * in[i] over the tile's packed weights
// w = [k][G][8]: one aligned load per gate and input. Accumulators are split by i mod S so that
// S * Count (6-8) FMA chains hide the FMA latency; the split and the final sums are fixed, so the
// result never depends on threads or batch.
template <int G, int First, int Count>
inline void recurrent_tile(const float* w, const float* in, int k, __m256 (&out)[Count]) {
    constexpr int S = Count >= 3 ? 2 : (Count == 2 ? 4 : 8);
    __m256 acc[S][Count];
#pragma GCC unroll 8
    for (int s = 0; s < S; ++s)
#pragma GCC unroll 4
        for (int g = 0; g < Count; ++g) acc[s][g] = _mm256_setzero_ps();
    int i = 0;
    for (; i + S <= k; i += S) {
#pragma GCC unroll 8
        for (int s = 0; s < S; ++s) {
            const __m256 x = _mm256_broadcast_ss(in + i + s);
            const float* ws = w + (static_cast<size_t>(i + s) * G + First) * 8;
#pragma GCC unroll 4
            for (int g = 0; g < Count; ++g) acc[s][g] = _mm256_fmadd_ps(_mm256_load_ps(ws + g * 8), x, acc[s][g]);
        }
    }
    for (; i < k; ++i) {
        const __m256 x = _mm256_broadcast_ss(in + i);
        const float* ws = w + (static_cast<size_t>(i) * G + First) * 8;
#pragma GCC unroll 4
        for (int g = 0; g < Count; ++g) acc[0][g] = _mm256_fmadd_ps(_mm256_load_ps(ws + g * 8), x, acc[0][g]);
    }
#pragma GCC unroll 4
    for (int g = 0; g < Count; ++g) {
        __m256 sum = acc[0][g];
#pragma GCC unroll 8
        for (int s = 1; s < S; ++s) sum = _mm256_add_ps(sum, acc[s][g]);
        out[g] = sum;
    }
}

// W_hh h of gates [First, First+Count) for element b and tile j: computed from the packed weights,
// or read from the per-step GEMM result when a.w is null.
template <int G, int First, int Count>
inline void recurrent_part(const RnnCellArgs& a, const float* in, int b, int j, __m256 (&out)[Count]) {
    if (a.w != nullptr) {
        recurrent_tile<G, First, Count>(a.w + static_cast<size_t>(j) * a.k * G * 8, in, a.k, out);
        return;
    }
    const float* hp = a.hproj + b * a.hproj_batch_stride + 8 * j;
#pragma GCC unroll 4
    for (int g = 0; g < Count; ++g) out[g] = _mm256_load_ps(hp + (First + g) * a.hidden_padded);
}

// Adds the input projection of gates [First, First+Count) of tile j from an xproj row.
template <int First, int Count>
inline void add_input_part(const RnnCellArgs& a, const float* xrow, int j, __m256 (&pre)[Count]) {
#pragma GCC unroll 4
    for (int g = 0; g < Count; ++g)
        pre[g] = _mm256_add_ps(pre[g], _mm256_load_ps(xrow + static_cast<size_t>(First + g) * a.hidden_padded + 8 * j));
}

// ONNX clip: bounds the input of every activation; NaN passes through (see avx2::clip).
inline __m256 clip_preactivation(const RnnCellArgs& a, __m256 x) {
    if (a.clip <= 0.0f) return x;
    return clip(x, _mm256_set1_ps(-a.clip), _mm256_set1_ps(a.clip));
}

}  // namespace corenn::avx2
