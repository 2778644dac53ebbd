// First-layer convolution row: a tile of 4 output channels x 24 output columns lives in 12 ymm
// accumulators. A first layer has few input channels, so the whole receptive field is a short
// list of taps (27 for 3 channels x 3x3); per tap the tile loads 3 input vectors (contiguous even
// for stride 2: the input is split by column phase) and broadcasts 4 weights from the packed
// [taps][8] block, 12 FMAs for 7 loads. The epilogue is applied before the tile's only store.
#include "kernels/conv/first-layer-rows.h"

namespace corenn {

namespace {

constexpr int kBlock = kFirstLayerChannelBlock;

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
        const Epilogue epilogue = first_layer::channel_epilogue<Epilogue>(r.scale[o], r.shift[o], *r.epilogue);
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

struct Tiles {
    static constexpr int kLanes = 8, kTileChannels = 4;
    template <int Channels, int Vectors, typename Epilogue>
    static void run(const FirstLayerRow& r, const float* w, int o0, int ow, int lanes) {
        tile<Channels, Vectors, Epilogue>(r, w, o0, ow, lanes);
    }
};

}  // namespace

void f32_conv2d_first_4x24__avx2(const FirstLayerRow& r) {
    first_layer::run_row<Tiles>(r);
}

}  // namespace corenn
