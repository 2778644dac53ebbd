// First-layer convolution row with AVX-512: a tile of 8 output channels (one packed weight block)
// x 48 output columns lives in 24 zmm accumulators. Per tap the tile loads 3 input vectors and
// each of the 8 FMAs per vector takes its weight as an embedded broadcast from the packed
// [taps][8] block, so 24 FMAs cost 11 loads and no shuffle. Rows are cut into tiles of 1-3
// vectors as evenly as possible (112 columns: 48 + 32 + 32). The epilogue runs on the two
// 256-bit halves of each accumulator with the AVX2 epilogue objects, so every activation matches
// the AVX2 kernel's bit for bit.
#include <type_traits>

#include "kernels/conv/first-layer-rows.h"

namespace corenn {

namespace {

constexpr int kBlock = kFirstLayerChannelBlock;

// Applies the epilogue to 16 outputs (`lanes` of them valid) and stores them at y: linear, relu
// and relu6 with 512-bit operations in the AVX2 objects' operand order (the same bits, NaN
// included), the general epilogue on each 256-bit half.
template <typename Epilogue>
inline void finish(const Epilogue& epilogue, __m512 acc, const float* res, int lanes, float* y) {
    if constexpr (!std::is_same_v<Epilogue, avx2::EpilogueGeneral>) {
        const __m512 zero = _mm512_setzero_ps();
        __m512 out = _mm512_fmadd_ps(acc, _mm512_broadcast_f32x8(epilogue.scale), _mm512_broadcast_f32x8(epilogue.shift));
        if constexpr (std::is_same_v<Epilogue, avx2::EpilogueRelu>) out = _mm512_max_ps(zero, out);
        if constexpr (std::is_same_v<Epilogue, avx2::EpilogueRelu6>)
            out = _mm512_min_ps(_mm512_set1_ps(6.0f), _mm512_max_ps(zero, out));
        _mm512_mask_storeu_ps(y, static_cast<__mmask16>((1u << lanes) - 1), out);
        return;
    }
    const __m256 half[2] = {_mm512_extractf32x8_ps(acc, 0), _mm512_extractf32x8_ps(acc, 1)};
    for (int h = 0; h < 2; ++h) {
        const int valid = lanes - 8 * h;
        if (valid <= 0) break;
        const __m256i mask = avx2::tail_mask(valid >= 8 ? 8 : valid);
        const __m256 out = epilogue(half[h], res != nullptr ? res + 8 * h : nullptr, mask);
        if (valid >= 8) _mm256_storeu_ps(y + 8 * h, out);
        else _mm256_maskstore_ps(y + 8 * h, mask, out);
    }
}

// Channels x Vectors outputs from output channel o0 (w: its weight block at tap 0, taps kBlock
// apart) and column ow; `lanes` valid columns in the last vector, which is loaded with a mask:
// the rows hold only 8 floats of slack past out_w.
template <int Channels, int Vectors, typename Epilogue>
void tile(const FirstLayerRow& r, const float* w, int o0, int ow, int lanes) {
    __m512 acc[Channels][Vectors];
#pragma GCC unroll 8
    for (int j = 0; j < Channels; ++j)
#pragma GCC unroll 3
        for (int v = 0; v < Vectors; ++v) acc[j][v] = _mm512_setzero_ps();
    const __mmask16 last = static_cast<__mmask16>((1u << lanes) - 1);
    const float* x = r.x + ow;
    for (int t = 0; t < r.taps; ++t, w += kBlock) {
        const float* at = x + r.tap_offset[t];
        __m512 in[Vectors];
#pragma GCC unroll 3
        for (int v = 0; v < Vectors; ++v)
            in[v] = v + 1 < Vectors ? _mm512_loadu_ps(at + 16 * v) : _mm512_maskz_loadu_ps(last, at + 16 * v);
#pragma GCC unroll 8
        for (int j = 0; j < Channels; ++j) {
            const __m512 weight = _mm512_set1_ps(w[j]);
#pragma GCC unroll 3
            for (int v = 0; v < Vectors; ++v) acc[j][v] = _mm512_fmadd_ps(weight, in[v], acc[j][v]);
        }
    }
#pragma GCC unroll 8
    for (int j = 0; j < Channels; ++j) {
        const int o = o0 + j;
        const Epilogue epilogue = first_layer::channel_epilogue<Epilogue>(r.scale[o], r.shift[o], *r.epilogue);
        float* y = r.y + static_cast<size_t>(o) * r.ld + ow;
        const float* res = r.residual != nullptr ? r.residual + static_cast<size_t>(o) * r.ld + ow : nullptr;
#pragma GCC unroll 3
        for (int v = 0; v < Vectors; ++v)
            finish(epilogue, acc[j][v], res != nullptr ? res + 16 * v : nullptr, v + 1 < Vectors ? 16 : lanes,
                   y + 16 * v);
    }
}

struct Tiles {
    static constexpr int kLanes = 16, kTileChannels = kBlock;
    template <int Channels, int Vectors, typename Epilogue>
    static void run(const FirstLayerRow& r, const float* w, int o0, int ow, int lanes) {
        tile<Channels, Vectors, Epilogue>(r, w, o0, ow, lanes);
    }
};

}  // namespace

void f32_conv2d_first_8x48__avx512(const FirstLayerRow& r) {
    first_layer::run_row<Tiles>(r);
}

}  // namespace corenn
