// The recurrent GEMV of the small-batch AVX-512 cells: one 8-unit tile of the packed weights
// [k][G][8] (float, or IEEE half converted on load) times one row of h, in 512-bit FMAs. Include
// only from *-avx512.cpp files.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace corenn::avx512 {

inline __m512 load16(const float* w) { return _mm512_loadu_ps(w); }
inline __m512 load16(const uint16_t* w) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w)));
}
inline __m256 load8(const float* w) { return _mm256_loadu_ps(w); }
inline __m256 load8(const uint16_t* w) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w)));
}

namespace detail {


// Gates [First, First+Count) with Count even: their Count*8 weights of one input are Count/2
// vectors; S inputs at a time into separate accumulators, so S*Count/2 = 8 FMA chains are in flight.
template <int G, int First, int Count, typename W>
inline void gemv_per_input(const W* w, const float* in, int k, __m256 (&out)[Count]) {
    constexpr int Z = Count / 2, S = 8 / Z;
    __m512 acc[S][Z];
#pragma GCC unroll 8
    for (int s = 0; s < S; ++s)
#pragma GCC unroll 2
        for (int z = 0; z < Z; ++z) acc[s][z] = _mm512_setzero_ps();
    int i = 0;
    for (; i + S <= k; i += S) {
#pragma GCC unroll 8
        for (int s = 0; s < S; ++s) {
            const __m512 x = _mm512_set1_ps(in[i + s]);
            const W* ws = w + (static_cast<size_t>(i + s) * G + First) * 8;
#pragma GCC unroll 2
            for (int z = 0; z < Z; ++z) acc[s][z] = _mm512_fmadd_ps(load16(ws + 16 * z), x, acc[s][z]);
        }
    }
    for (; i < k; ++i) {
        const __m512 x = _mm512_set1_ps(in[i]);
        const W* ws = w + (static_cast<size_t>(i) * G + First) * 8;
#pragma GCC unroll 2
        for (int z = 0; z < Z; ++z) acc[0][z] = _mm512_fmadd_ps(load16(ws + 16 * z), x, acc[0][z]);
    }
#pragma GCC unroll 2
    for (int z = 0; z < Z; ++z) {
        __m512 sum = acc[0][z];
#pragma GCC unroll 8
        for (int s = 1; s < S; ++s) sum = _mm512_add_ps(sum, acc[s][z]);
        out[2 * z] = _mm512_castps512_ps256(sum);
        out[2 * z + 1] = _mm512_extractf32x8_ps(sum, 1);
    }
}

// All G gates with G odd (GRU 3, vanilla 1): two inputs' weights, 16*G floats, are G vectors whose
// halves belong to input i or i+1, so each vector's broadcast is x_i, x_{i+1} or the two side by
// side. An odd last input is added in 256-bit FMAs.
template <int G, typename W>
inline void gemv_input_pairs(const W* w, const float* in, int k, __m256 (&out)[G]) {
    constexpr int S = G == 1 ? 8 : 3;
    __m512 acc[S][G];
#pragma GCC unroll 8
    for (int s = 0; s < S; ++s)
#pragma GCC unroll 3
        for (int z = 0; z < G; ++z) acc[s][z] = _mm512_setzero_ps();
    const auto pair = [&](int s, int i) {
        const __m512 x0 = _mm512_set1_ps(in[i]), x1 = _mm512_set1_ps(in[i + 1]);
        const W* ws = w + static_cast<size_t>(i) * G * 8;
#pragma GCC unroll 3
        for (int z = 0; z < G; ++z) {
            // Vector z holds 8-float segments 2z and 2z+1 of the pair; segment q is input i + q / G.
            const int lo = (2 * z) / G, hi = (2 * z + 1) / G;
            const __m512 x = lo == hi ? (lo == 0 ? x0 : x1) : _mm512_mask_blend_ps(0xff00, x0, x1);
            acc[s][z] = _mm512_fmadd_ps(load16(ws + 16 * z), x, acc[s][z]);
        }
    };
    int i = 0;
    for (; i + 2 * S <= k; i += 2 * S)
#pragma GCC unroll 8
        for (int s = 0; s < S; ++s) pair(s, i + 2 * s);
    for (; i + 2 <= k; i += 2) pair(0, i);
    __m512 sum[G];
#pragma GCC unroll 3
    for (int z = 0; z < G; ++z) {
        sum[z] = acc[0][z];
#pragma GCC unroll 8
        for (int s = 1; s < S; ++s) sum[z] = _mm512_add_ps(sum[z], acc[s][z]);
    }
#pragma GCC unroll 6
    for (int q = 0; q < 2 * G; ++q) {
        const __m256 part = q % 2 == 0 ? _mm512_castps512_ps256(sum[q / 2]) : _mm512_extractf32x8_ps(sum[q / 2], 1);
        out[q % G] = q < G ? part : _mm256_add_ps(out[q % G], part);
    }
    if (i < k) {
        const __m256 x = _mm256_set1_ps(in[i]);
#pragma GCC unroll 3
        for (int g = 0; g < G; ++g)
            out[g] = _mm256_fmadd_ps(load8(w + (static_cast<size_t>(i) * G + g) * 8), x, out[g]);
    }
}

// One gate of several (the GRU's second pass: n alone): 256-bit loads, 8 chains.
template <int G, int First, typename W>
inline void gemv_one_gate(const W* w, const float* in, int k, __m256 (&out)[1]) {
    constexpr int S = 8;
    __m256 acc[S];
#pragma GCC unroll 8
    for (int s = 0; s < S; ++s) acc[s] = _mm256_setzero_ps();
    int i = 0;
    for (; i + S <= k; i += S)
#pragma GCC unroll 8
        for (int s = 0; s < S; ++s)
            acc[s] = _mm256_fmadd_ps(load8(w + (static_cast<size_t>(i + s) * G + First) * 8), _mm256_set1_ps(in[i + s]),
                                     acc[s]);
    for (; i < k; ++i)
        acc[0] = _mm256_fmadd_ps(load8(w + (static_cast<size_t>(i) * G + First) * 8), _mm256_set1_ps(in[i]), acc[0]);
    __m256 sum = acc[0];
#pragma GCC unroll 8
    for (int s = 1; s < S; ++s) sum = _mm256_add_ps(sum, acc[s]);
    out[0] = sum;
}

}  // namespace detail

// out[g] = sum_i W[gate First+g][units of the tile][i] * in[i] for gates [First, First+Count) of
// a tile's packed weights w = [k][G][8]. The split into accumulators and the final sums are fixed
// by G, First and Count alone, so a unit's result never depends on threads, batch or tiling.
template <int G, int First, int Count, typename W>
inline void recurrent_tile(const W* w, const float* in, int k, __m256 (&out)[Count]) {
    if constexpr (Count % 2 == 0) {
        detail::gemv_per_input<G, First, Count>(w, in, k, out);
    } else if constexpr (Count == G) {
        detail::gemv_input_pairs<G>(w, in, k, out);
    } else {
        static_assert(Count == 1, "one gate, or all of an odd count, or an even count");
        detail::gemv_one_gate<G, First>(w, in, k, out);
    }
}

}  // namespace corenn::avx512
