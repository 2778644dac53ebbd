// First-layer convolution row: a tile of 4 output channels x 24 output columns lives in 12 ymm
// accumulators. A first layer has few input channels, so the whole receptive field is a short
// list of taps (27 for 3 channels x 3x3); per tap the tile loads 3 input vectors (contiguous even
// for stride 2: the input is split by column phase) and broadcasts 4 weights from the packed
// [taps][8] block, 12 FMAs for 7 loads. The epilogue is applied before the tile's only store.
#include <type_traits>

#include "kernels/conv/avx2-epilogue.h"

namespace corenn {

namespace {

constexpr int kBlock = kFirstLayerChannelBlock;
constexpr int kTileChannels = 4, kTileVectors = 3;

template <typename Epilogue>
Epilogue channel_epilogue(float scale, float shift, const ConvEpilogue& e) {
    const __m256 s = _mm256_set1_ps(scale), t = _mm256_set1_ps(shift);
    if constexpr (std::is_same_v<Epilogue, avx2::EpilogueGeneral>) return Epilogue{s, t, &e};
    else return Epilogue{s, t};
}

// Channels x Vectors outputs from output channel o0 (w: its weights at tap 0, taps kBlock apart)
// and column ow; `lanes` valid columns in the last vector.
template <int Channels, int Vectors, typename Epilogue>
void tile(const FirstLayerRow& r, const float* w, int o0, int ow, int lanes) {
    __m256 acc[Channels][Vectors];
#pragma GCC unroll 4
    for (int j = 0; j < Channels; ++j)
#pragma GCC unroll 3
        for (int v = 0; v < Vectors; ++v) acc[j][v] = _mm256_setzero_ps();
    const float* x = r.x + ow;
    for (int t = 0; t < r.taps; ++t, w += kBlock) {
        const float* at = x + r.tap_offset[t];
        __m256 in[Vectors];
#pragma GCC unroll 3
        for (int v = 0; v < Vectors; ++v) in[v] = _mm256_loadu_ps(at + 8 * v);
#pragma GCC unroll 4
        for (int j = 0; j < Channels; ++j) {
            const __m256 weight = _mm256_broadcast_ss(w + j);
#pragma GCC unroll 3
            for (int v = 0; v < Vectors; ++v) acc[j][v] = _mm256_fmadd_ps(weight, in[v], acc[j][v]);
        }
    }
    const __m256i all = _mm256_set1_epi32(-1), tail = avx2::tail_mask(lanes);
#pragma GCC unroll 4
    for (int j = 0; j < Channels; ++j) {
        const int o = o0 + j;
        const Epilogue epilogue = channel_epilogue<Epilogue>(r.scale[o], r.shift[o], *r.epilogue);
        float* y = r.y + static_cast<size_t>(o) * r.ld + ow;
        const float* res = r.residual != nullptr ? r.residual + static_cast<size_t>(o) * r.ld + ow : nullptr;
#pragma GCC unroll 3
        for (int v = 0; v < Vectors; ++v) {
            const bool whole = v + 1 < Vectors || lanes == 8;
            const __m256 out = epilogue(acc[j][v], res != nullptr ? res + 8 * v : nullptr, whole ? all : tail);
            if (whole) _mm256_storeu_ps(y + 8 * v, out);
            else _mm256_maskstore_ps(y + 8 * v, tail, out);
        }
    }
}

// Every column of the row for Channels output channels from o0: ceil(out_w / 8) vectors in tiles
// of at most 3, as even as possible (32 columns: 16 + 16 rather than 24 + 8).
template <int Channels, typename Epilogue>
void channels_row(const FirstLayerRow& r, int o0) {
    const float* w = r.w + static_cast<size_t>(o0 / kBlock) * r.taps * kBlock + o0 % kBlock;
    const int vectors = (r.out_w + 7) / 8, tiles = (vectors + kTileVectors - 1) / kTileVectors;
    const int base = vectors / tiles, longer = vectors % tiles;
    int ow = 0;
    for (int i = 0; i < tiles; ++i) {
        const int n = base + (i < longer ? 1 : 0);
        const int left = r.out_w - ow, lanes = left >= 8 * n ? 8 : left - 8 * (n - 1);
        if (n == 3) tile<Channels, 3, Epilogue>(r, w, o0, ow, lanes);
        else if (n == 2) tile<Channels, 2, Epilogue>(r, w, o0, ow, lanes);
        else tile<Channels, 1, Epilogue>(r, w, o0, ow, lanes);
        ow += 8 * n;
    }
}

template <typename Epilogue>
void row(const FirstLayerRow& r) {
    int o0 = 0;
    for (; o0 + kTileChannels <= r.channels; o0 += kTileChannels) channels_row<kTileChannels, Epilogue>(r, o0);
    switch (r.channels - o0) {
        case 3: channels_row<3, Epilogue>(r, o0); break;
        case 2: channels_row<2, Epilogue>(r, o0); break;
        case 1: channels_row<1, Epilogue>(r, o0); break;
        default: break;
    }
}

}  // namespace

void f32_conv2d_first_4x24__avx2(const FirstLayerRow& r) {
    avx2::with_epilogue(*r.epilogue, 0.0f, 0.0f, [&](const auto& proto) { row<std::decay_t<decltype(proto)>>(r); });
}

}  // namespace corenn
