// What the first-layer row kernels share whatever their vector width: cutting a row into register
// tiles and dispatching the epilogue. AVX2 and AVX-512 files only (the epilogue objects are AVX2's,
// which both kernels apply so their results match bit for bit).
//
// A kernel supplies Tiles with kLanes (columns per vector), kTileChannels (output channels per
// full tile) and
//   template <int Channels, int Vectors, typename Epilogue>
//   static void run(const FirstLayerRow& r, const float* w, int o0, int ow, int lanes);
// which computes Channels x Vectors outputs from output channel o0 (w: its weights at tap 0) and
// column ow, with `lanes` valid columns in the last vector.
#pragma once

#include <type_traits>

#include "kernels/conv/avx2-epilogue.h"

namespace corenn::first_layer {

constexpr int kMaxTileVectors = 3;

template <typename Epilogue>
Epilogue channel_epilogue(float scale, float shift, const ConvEpilogue& e) {
    const __m256 s = _mm256_set1_ps(scale), t = _mm256_set1_ps(shift);
    if constexpr (std::is_same_v<Epilogue, avx2::EpilogueGeneral>) return Epilogue{s, t, &e};
    else return Epilogue{s, t};
}

// Every column of the row for Channels output channels from o0: ceil(out_w / kLanes) vectors in
// tiles of at most 3, as even as possible with the larger tiles first (112 columns at 16 lanes:
// 48 + 32 + 32).
template <typename Tiles, int Channels, typename Epilogue>
void channels_row(const FirstLayerRow& r, int o0) {
    constexpr int kLanes = Tiles::kLanes, kBlock = kFirstLayerChannelBlock;
    const float* w = r.w + static_cast<size_t>(o0 / kBlock) * r.taps * kBlock + o0 % kBlock;
    const int vectors = (r.out_w + kLanes - 1) / kLanes, tiles = (vectors + kMaxTileVectors - 1) / kMaxTileVectors;
    const int base = vectors / tiles, longer = vectors % tiles;
    int ow = 0;
    for (int i = 0; i < tiles; ++i) {
        const int n = base + (i < longer ? 1 : 0);
        const int left = r.out_w - ow, lanes = left >= kLanes * n ? kLanes : left - kLanes * (n - 1);
        if (n == 3) Tiles::template run<Channels, 3, Epilogue>(r, w, o0, ow, lanes);
        else if (n == 2) Tiles::template run<Channels, 2, Epilogue>(r, w, o0, ow, lanes);
        else Tiles::template run<Channels, 1, Epilogue>(r, w, o0, ow, lanes);
        ow += kLanes * n;
    }
}

// The last `left` (< kTileChannels) output channels from o0, as one tile of exactly that many.
template <typename Tiles, typename Epilogue, int Channels = Tiles::kTileChannels - 1>
void remaining_channels_row(const FirstLayerRow& r, int o0, int left) {
    if constexpr (Channels >= 1) {
        if (left == Channels) return channels_row<Tiles, Channels, Epilogue>(r, o0);
        remaining_channels_row<Tiles, Epilogue, Channels - 1>(r, o0, left);
    }
}

template <typename Tiles, typename Epilogue>
void row(const FirstLayerRow& r) {
    int o0 = 0;
    for (; o0 + Tiles::kTileChannels <= r.channels; o0 += Tiles::kTileChannels)
        channels_row<Tiles, Tiles::kTileChannels, Epilogue>(r, o0);
    remaining_channels_row<Tiles, Epilogue>(r, o0, r.channels - o0);
}

// The row with the epilogue object for r's epilogue, compiled once per common case.
template <typename Tiles>
void run_row(const FirstLayerRow& r) {
    avx2::with_epilogue(*r.epilogue, 0.0f, 0.0f,
                        [&](const auto& proto) { row<Tiles, std::decay_t<decltype(proto)>>(r); });
}

}  // namespace corenn::first_layer
