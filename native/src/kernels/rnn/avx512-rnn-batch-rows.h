// Shared pieces of the batched AVX-512 recurrent cells (batch > kRnnGemvMaxBatch): the register-
// blocked recurrent product over several batch rows, the balanced row blocks, and the 16-lane loads
// and stores of their epilogues. Include only from *-avx512.cpp files.
//
// The packed recurrent weights are [Hp/8][k][G][8] (ops/rnn_create.cpp), shared with the per-element
// cells, so a zmm of weights is either two gates of one 8-unit tile (adjacent in memory) or one gate
// of two adjacent tiles (two 32-byte loads joined by vinsertf32x8). Every lane computes exactly what
// the same unit's lane computes in the AVX2 batched cells: one FMA chain over k in increasing order
// from zero, then the same cell update with the bit-identical avx512-math.h functions.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <type_traits>

#include "config/kernels.h"
#include "kernels/activation/avx512-math.h"

// A namespace of its own: the batch-1 AVX-512 cells have helpers of their own in corenn::avx512.
namespace corenn::avx512::rnn_batch {

// out[m][v] = sum_i W_v(i) * in[m][i], where load(i, w) fills w[0..NV) with the weight vectors of
// input i. MR * NV accumulators (up to 24 of the 32 registers) hide the FMA latency and share each
// weight vector among MR rows; each output is one chain over i in increasing order from zero, so
// it depends neither on MR nor on the other rows.
template <int MR, int NV, typename Load>
inline void recurrent_rows(const Load& load, const float* const* in, int k, __m512 (&out)[MR][NV]) {
    __m512 acc[MR][NV];
#pragma GCC unroll 24
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 3
        for (int v = 0; v < NV; ++v) acc[m][v] = _mm512_setzero_ps();
    for (int i = 0; i < k; ++i) {
        __m512 w[NV];
        load(i, w);
#pragma GCC unroll 24
        for (int m = 0; m < MR; ++m) {
            const __m512 x = _mm512_set1_ps(in[m][i]);
#pragma GCC unroll 3
            for (int v = 0; v < NV; ++v) acc[m][v] = _mm512_fmadd_ps(w[v], x, acc[m][v]);
        }
    }
#pragma GCC unroll 24
    for (int m = 0; m < MR; ++m)
#pragma GCC unroll 3
        for (int v = 0; v < NV; ++v) out[m][v] = acc[m][v];
}

// One gate of tiles j and j + 1 (Tiles == 2) as a zmm from p, the gate's 8 floats in tile j; the
// next tile is tile_stride floats on. Tiles == 1 (the last tile of an odd count): upper half zero.
template <int Tiles>
inline __m512 tile_pair(const float* p, size_t tile_stride) {
    const __m512 low = _mm512_zextps256_ps512(_mm256_load_ps(p));
    if constexpr (Tiles == 2) return _mm512_insertf32x8(low, _mm256_load_ps(p + tile_stride), 1);
    else return low;
}

// 8 floats from p in the lower half and 8 from q in the upper half.
inline __m512 pair_load(const float* p, const float* q) {
    return _mm512_insertf32x8(_mm512_castps256_ps512(_mm256_load_ps(p)), _mm256_load_ps(q), 1);
}

// The lower half of v to p; the upper half to q unless the pair is a single row (both false).
inline void pair_store(float* p, float* q, __m512 v, bool both) {
    _mm256_store_ps(p, _mm512_castps512_ps256(v));
    if (both) _mm256_store_ps(q, _mm512_extractf32x8_ps(v, 1));
}

// 16 units from p (Tiles == 2), or 8 with the upper half zero.
template <int Tiles>
inline __m512 load_units(const float* p) {
    if constexpr (Tiles == 2) return _mm512_loadu_ps(p);
    else return _mm512_zextps256_ps512(_mm256_load_ps(p));
}

template <int Tiles>
inline void store_units(float* p, __m512 v) {
    if constexpr (Tiles == 2) _mm512_storeu_ps(p, v);
    else _mm256_store_ps(p, _mm512_castps512_ps256(v));
}

// Lanes 0-7 of a and of b (Upper false), or lanes 8-15 of both (Upper true), as one zmm.
template <bool Upper>
inline __m512 halves(__m512 a, __m512 b) {
    return _mm512_shuffle_f32x4(a, b, Upper ? _MM_SHUFFLE(3, 2, 3, 2) : _MM_SHUFFLE(1, 0, 1, 0));
}

// ONNX clip: bounds the input of every activation; NaN passes through (see avx512::clip).
inline __m512 clip_preactivation(const RnnCellArgs& a, __m512 x) {
    if (a.clip <= 0.0f) return x;
    return clip(x, _mm512_set1_ps(-a.clip), _mm512_set1_ps(a.clip));
}

inline const float* xproj_row(const RnnCellArgs& a, int b) { return a.xproj + a.rows[b] * a.xproj_row_stride; }

// A step's pre-activations (xproj rows) come from memory in scattered pieces, which the hardware
// prefetchers miss; this fetches the next line of gates [First, First+Count) of each row (tiles
// j+2 and j+3) while tile j computes.
template <int First, int Count, int MR>
inline void prefetch_next_xproj(const RnnCellArgs& a, const int* elements, int j) {
    if (8 * j + 16 >= a.hidden_padded) return;
    for (int m = 0; m < MR; ++m) {
        const float* xrow = xproj_row(a, elements[m]) + 8 * j + 16;
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
// (rows[b] >= 0) in order, in blocks of at most MR whose indices are elements[0..n). The blocks are
// balanced, in multiples of Unit rows but the last: 25 rows by 12 make 9 + 8 + 8 (Unit 1), not
// 12 + 12 + 1, whose single row would leave most FMA chains idle.
template <int MR, int Unit, typename Block>
inline void for_each_row_block(const RnnCellArgs& a, Block&& block) {
    static_assert(MR % Unit == 0, "row blocks hold whole units");
    int active = 0;
    for (int b = 0; b < a.batch; ++b) active += a.rows[b] >= 0;
    const int units = (active + Unit - 1) / Unit;
    const int blocks = (units + MR / Unit - 1) / (MR / Unit);
    if (blocks == 0) return;
    const auto block_rows = [&](int index) { return Unit * (units / blocks + (index < units % blocks ? 1 : 0)); };
    int elements[MR];
    int n = 0, done = 0, target = block_rows(0);
    for (int b = 0; b < a.batch; ++b) {
        if (a.rows[b] < 0) continue;
        elements[n++] = b;
        if (n == target) {
            detail::call_block<MR>(n, elements, block);
            n = 0;
            target = block_rows(++done);
        }
    }
    detail::call_block<MR>(n, elements, block);
}

}  // namespace corenn::avx512::rnn_batch
