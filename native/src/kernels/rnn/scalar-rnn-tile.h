// Shared pieces of the generic recurrent cells: the recurrent GEMV of one 8-unit tile and the loads
// of a tile's pre-activations, in portable C++.
#pragma once

#include <cstddef>

#include "config/kernels.h"
#include "kernels/activation/scalar-activation.h"
#include "kernels/rnn/half.h"

namespace corenn::scalar {

inline float load1(const float* w) { return *w; }
inline float load1(const uint16_t* w) { return half_to_float(*w); }

// out[g][u] = sum_i W[gate First+g][unit 8j+u][i] * in[i], over packed weights w = [k][G][8]
// (float or half), summed in increasing i.
template <int G, int First, int Count, typename W>
inline void recurrent_tile(const W* w, const float* in, int k, float (&out)[Count][8]) {
    for (int g = 0; g < Count; ++g)
        for (int u = 0; u < 8; ++u) out[g][u] = 0.0f;
    for (int i = 0; i < k; ++i) {
        const float x = in[i];
        const W* ws = w + (static_cast<size_t>(i) * G + First) * 8;
        for (int g = 0; g < Count; ++g)
            for (int u = 0; u < 8; ++u) out[g][u] += load1(ws + g * 8 + u) * x;
    }
}

// W_hh h for tile j from the packed float or half weights.
template <int G, int First, int Count>
inline void recurrent_part(const RnnCellArgs& a, const float* in, int /*b*/, int j, float (&out)[Count][8]) {
    const size_t tile = static_cast<size_t>(j) * a.k * G * 8;
    if (a.w != nullptr) {
        recurrent_tile<G, First, Count>(a.w + tile, in, a.k, out);
        return;
    }
    recurrent_tile<G, First, Count>(a.w_half + tile, in, a.k, out);
}

template <int First, int Count>
inline void add_input_part(const RnnCellArgs& a, const float* xrow, int j, float (&pre)[Count][8]) {
    for (int g = 0; g < Count; ++g)
        for (int u = 0; u < 8; ++u) pre[g][u] += xrow[static_cast<size_t>(First + g) * a.hidden_padded + 8 * j + u];
}

inline float clip_preactivation(const RnnCellArgs& a, float x) {
    return a.clip > 0.0f ? clip_scalar(x, -a.clip, a.clip) : x;
}

}  // namespace corenn::scalar
