// Shared pieces of the AVX2 recurrent cells: the recurrent GEMV of one 8-unit tile and the loads
// of a tile's pre-activations. Include only from files built with -mavx2 -mfma.
#pragma once

#include <cstddef>

#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn::avx2 {

inline __m256 load8(const float* w) { return _mm256_load_ps(w); }
inline __m256 load8(const uint16_t* w) {
    return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(w)));
}

// out[g] = sum_i W[gate First+g][unit 8j..8j+7][i] * in[i] over the tile's packed weights
// w = [k][G][8] (float, or half converted by F16C on load, which halves the bytes streamed from
// cache): one aligned load per gate and input. Accumulators are split by i mod S so that
// S * Count (6-8) FMA chains hide the FMA latency; the split and the final sums are fixed, so the
// result never depends on threads or batch.
template <int G, int First, int Count, typename W>
inline void recurrent_tile(const W* w, const float* in, int k, __m256 (&out)[Count]) {
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
            const W* ws = w + (static_cast<size_t>(i + s) * G + First) * 8;
#pragma GCC unroll 4
            for (int g = 0; g < Count; ++g) acc[s][g] = _mm256_fmadd_ps(load8(ws + g * 8), x, acc[s][g]);
        }
    }
    for (; i < k; ++i) {
        const __m256 x = _mm256_broadcast_ss(in + i);
        const W* ws = w + (static_cast<size_t>(i) * G + First) * 8;
#pragma GCC unroll 4
        for (int g = 0; g < Count; ++g) acc[0][g] = _mm256_fmadd_ps(load8(ws + g * 8), x, acc[0][g]);
    }
#pragma GCC unroll 4
    for (int g = 0; g < Count; ++g) {
        __m256 sum = acc[0][g];
#pragma GCC unroll 8
        for (int s = 1; s < S; ++s) sum = _mm256_add_ps(sum, acc[s][g]);
        out[g] = sum;
    }
}

// W_hh h of gates [First, First+Count) for tile j from the packed float or half weights.
template <int G, int First, int Count>
inline void recurrent_part(const RnnCellArgs& a, const float* in, int /*b*/, int j, __m256 (&out)[Count]) {
    const size_t tile = static_cast<size_t>(j) * a.k * G * 8;
    if (a.w != nullptr) {
        recurrent_tile<G, First, Count>(a.w + tile, in, a.k, out);
        return;
    }
    recurrent_tile<G, First, Count>(a.w_half + tile, in, a.k, out);
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
