// The loop of the small-batch AVX-512 cells: tiles two at a time, so the gate math and the state
// update run on 16 units per instruction (units 8j..8j+15 are contiguous in xproj, c, h and the
// peepholes), and a last odd tile runs with the upper 8 lanes masked off. Include only from
// *-avx512.cpp files.
#pragma once

#include <algorithm>
#include <cstddef>

#include "config/kernels.h"
#include "kernels/activation/avx512-math.h"
#include "kernels/rnn/avx512-rnn-step-gemv.h"

namespace corenn::avx512 {

// Units [unit, unit + 16) of a state row, of which the lanes in mask exist in this group.
struct Units {
    int unit;
    __mmask16 mask;
};

inline __m512 load_units(const float* row, const Units& u) { return _mm512_maskz_loadu_ps(u.mask, row + u.unit); }
inline void store_units(float* row, const Units& u, __m512 v) { _mm512_mask_storeu_ps(row + u.unit, u.mask, v); }

// Gate g's 16 pre-activations of an xproj row.
inline __m512 load_gate(const RnnCellArgs& a, const float* xrow, int g, const Units& u) {
    return load_units(xrow + static_cast<size_t>(g) * a.hidden_padded, u);
}

// ONNX clip: bounds the input of every activation; NaN passes through (see avx512::clip).
inline __m512 clip_preactivation(const RnnCellArgs& a, __m512 x) {
    if (a.clip <= 0.0f) return x;
    return clip(x, _mm512_set1_ps(-a.clip), _mm512_set1_ps(a.clip));
}

// W_hh in of gates [First, First+Count) for tile j, from the packed float or half weights.
template <int G, int First, int Count>
inline void recurrent_part(const RnnCellArgs& a, const float* in, int j, __m256 (&out)[Count]) {
    const size_t tile = static_cast<size_t>(j) * a.k * G * 8;
    if (a.w != nullptr) recurrent_tile<G, First, Count>(a.w + tile, in, a.k, out);
    else recurrent_tile<G, First, Count>(a.w_half + tile, in, a.k, out);
}

// For tiles [tile_begin, tile_end) two at a time and every active batch element b (rows[b] >= 0):
// the recurrent products of gates [First, First+Count) from the vector input_of(b), then
// update(b, units, pre) with pre[g] holding gate First+g of the group's 16 units. Up to four rows
// go through one tile before the next, so the tile's weights come from L1 for all but the first.
template <int G, int First, int Count, typename Input, typename Update>
inline void for_each_unit_group(const RnnCellArgs& a, int tile_begin, int tile_end, Input&& input_of,
                                Update&& update) {
    constexpr int kRows = 4;
    for (int j = tile_begin; j < tile_end; j += 2) {
        const int tiles = std::min(2, tile_end - j);
        const Units units{8 * j, static_cast<__mmask16>(tiles == 2 ? 0xffff : 0x00ff)};
        const auto run_rows = [&](const int* elements, int n) {
            __m256 pre[kRows][2][Count];
            for (int t = 0; t < tiles; ++t)
                for (int m = 0; m < n; ++m) recurrent_part<G, First, Count>(a, input_of(elements[m]), j + t, pre[m][t]);
            for (int m = 0; m < n; ++m) {
                __m512 joined[Count];
#pragma GCC unroll 4
                for (int g = 0; g < Count; ++g)
                    joined[g] = tiles == 2 ? _mm512_insertf32x8(_mm512_castps256_ps512(pre[m][0][g]), pre[m][1][g], 1)
                                           : _mm512_zextps256_ps512(pre[m][0][g]);
                update(elements[m], units, joined);
            }
        };
        int elements[kRows];
        int n = 0;
        for (int b = 0; b < a.batch; ++b) {
            if (a.rows[b] < 0) continue;
            elements[n++] = b;
            if (n == kRows) {
                run_rows(elements, n);
                n = 0;
            }
        }
        if (n > 0) run_rows(elements, n);
    }
}

}  // namespace corenn::avx512
