// 1x1 convolution GEMM microkernel, AVX-512: an 8-output-channel x 48-pixel tile lives in 24 zmm
// accumulators; each k step loads three B vectors (three cache lines of the packed pixel panel)
// and broadcasts eight weights, 24 FMAs for 11 loads, so the two 512-bit FMA ports stay busy with
// room for the loads. Eight rows divide the channel counts of real networks (a 14- or 12-row tile
// would waste a ninth of the FMAs on 64 channels); the pixel tail of a panel runs 1, 2 or 3
// vectors, the last one masked. The epilogue is applied to the accumulators before the single
// store of the tile.
#include <algorithm>
#include <type_traits>

#include "kernels/conv/avx512-epilogue.h"

namespace corenn {

namespace {

constexpr int kRows = 8, kCols = 48;
// A 48-pixel panel of 128 k rows is 24 KiB: it stays in the 48 KiB L1 beside a weight tile and
// the tile of y.
constexpr int kMaxKBlock = 128;

template <typename Epilogue>
Epilogue row_epilogue(float scale, float shift, const ConvEpilogue& e) {
    const __m512 s = _mm512_set1_ps(scale), t = _mm512_set1_ps(shift);
    if constexpr (std::is_same_v<Epilogue, avx512::EpilogueGeneral>) return Epilogue{s, t, &e};
    else return Epilogue{s, t};
}

// Rows of the next panel of x to prefetch during one tile: every `every` k steps, the `bytes`
// of one row (its lines, and the last byte for a row that straddles one more line).
struct Ahead {
    const char* row;
    size_t stride;
    int bytes, count, every;

    void fetch() {
        for (int at = 0; at < bytes; at += 64) _mm_prefetch(row + at, _MM_HINT_T0);
        _mm_prefetch(row + bytes - 1, _MM_HINT_T0);
        row += stride;
        --count;
    }
};

// Lanes of vector v of a panel with `cols` pixels.
__mmask16 lanes(int cols, int v) { return avx512::tail_mask(std::clamp(cols - 16 * v, 0, 16)); }

// Rows (<= 8) output channels x Vecs (<= 3) vectors of 16 pixels, the last one masked to `cols`;
// `a` is [kc][8], `b` is [kc][48]. The accumulators are named variables: as an array, GCC keeps a
// copy in memory and stores it every k step.
#define CORENN_EACH_ROW(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
template <int Rows, int Vecs, typename Epilogue>
void tile(const PointwiseBlock& p, const float* a, const float* b, int row0, int col0, int cols, Ahead ahead) {
    const __mmask16 mask0 = lanes(cols, 0), mask1 = lanes(cols, 1), mask2 = lanes(cols, 2);
    float* y = p.y + static_cast<size_t>(row0) * p.ld + col0;
    const float* residual = p.last && p.residual != nullptr ? p.residual + static_cast<size_t>(row0) * p.ld + col0 : nullptr;
    // The lines this tile will store (on the first K block they are not in cache yet: an image's
    // output streams to memory) and the residual it adds: fetched now, they arrive during the k
    // loop instead of stalling the stores. (Fetching one tile ahead measured slower at batch 32.)
    for (int r = 0; r < Rows; ++r)
        for (int v = 0; v < Vecs; ++v) {
            if (p.first) _mm_prefetch(reinterpret_cast<const char*>(y + r * p.ld + 16 * v), _MM_HINT_T0);
            if (residual != nullptr) _mm_prefetch(reinterpret_cast<const char*>(residual + r * p.ld + 16 * v), _MM_HINT_T0);
        }
    auto start = [&](int r, int v) {
        return p.first ? _mm512_setzero_ps()
                       : _mm512_maskz_loadu_ps(v == 0 ? mask0 : v == 1 ? mask1 : mask2, y + r * p.ld + 16 * v);
    };
#define CORENN_START(r)                                                                             \
    __m512 acc##r##0 = _mm512_setzero_ps(), acc##r##1 = acc##r##0, acc##r##2 = acc##r##0;           \
    if constexpr (Rows > r) {                                                                       \
        acc##r##0 = start(r, 0);                                                                    \
        if constexpr (Vecs > 1) acc##r##1 = start(r, 1);                                            \
        if constexpr (Vecs > 2) acc##r##2 = start(r, 2);                                            \
    }
    CORENN_EACH_ROW(CORENN_START)
#undef CORENN_START
    int wait = 1;
    for (int k = 0, kc = p.kc; k < kc; ++k) {
        const __m512 b0 = _mm512_load_ps(b);
        const __m512 b1 = Vecs > 1 ? _mm512_load_ps(b + 16) : b0;
        const __m512 b2 = Vecs > 2 ? _mm512_load_ps(b + 32) : b0;
        if (ahead.count > 0 && --wait == 0) {
            ahead.fetch();
            wait = ahead.every;
        }
#define CORENN_FMA(r)                                                           \
    if constexpr (Rows > r) {                                                   \
        const __m512 w = _mm512_set1_ps(a[r]);                                  \
        acc##r##0 = _mm512_fmadd_ps(w, b0, acc##r##0);                          \
        if constexpr (Vecs > 1) acc##r##1 = _mm512_fmadd_ps(w, b1, acc##r##1);  \
        if constexpr (Vecs > 2) acc##r##2 = _mm512_fmadd_ps(w, b2, acc##r##2);  \
    }
        CORENN_EACH_ROW(CORENN_FMA)
#undef CORENN_FMA
        a += kRows;
        b += kCols;
    }
    auto finish = [&](int r, __m512 v0, __m512 v1, __m512 v2) {
        float* out = y + r * p.ld;
        if (p.last) {
            const Epilogue epilogue = row_epilogue<Epilogue>(p.scale[row0 + r], p.shift[row0 + r], *p.epilogue);
            const float* res = residual != nullptr ? residual + r * p.ld : nullptr;
            v0 = epilogue(v0, res, mask0);
            if constexpr (Vecs > 1) v1 = epilogue(v1, res != nullptr ? res + 16 : nullptr, mask1);
            if constexpr (Vecs > 2) v2 = epilogue(v2, res != nullptr ? res + 32 : nullptr, mask2);
        }
        _mm512_mask_storeu_ps(out, mask0, v0);
        if constexpr (Vecs > 1) _mm512_mask_storeu_ps(out + 16, mask1, v1);
        if constexpr (Vecs > 2) _mm512_mask_storeu_ps(out + 32, mask2, v2);
    };
#define CORENN_FINISH(r) if constexpr (Rows > r) finish(r, acc##r##0, acc##r##1, acc##r##2);
    CORENN_EACH_ROW(CORENN_FINISH)
#undef CORENN_FINISH
}
#undef CORENN_EACH_ROW

// Copies the kc rows of one panel of x (cols <= 48 pixels, zero-filled to 48) into `pack`.
void pack_panel(const float* x, size_t row_stride, int kc, int cols, float* pack) {
    const __mmask16 mask0 = lanes(cols, 0), mask1 = lanes(cols, 1), mask2 = lanes(cols, 2);
    for (int k = 0; k < kc; ++k, x += row_stride, pack += kCols) {
        _mm512_store_ps(pack, _mm512_maskz_loadu_ps(mask0, x));
        _mm512_store_ps(pack + 16, _mm512_maskz_loadu_ps(mask1, x + 16));
        _mm512_store_ps(pack + 32, _mm512_maskz_loadu_ps(mask2, x + 32));
    }
}

// All weight tiles of the block over one panel of Vecs vectors.
template <int Vecs, typename Epilogue>
void panel(const PointwiseBlock& p, const float* b, int col0, int cols, Ahead ahead, int per_tile) {
    const float* a = p.a;
    int row0 = 0;
    auto start_tile = [&]() {  // this tile's share of the rows of x to prefetch
        const int done = (row0 / kRows) * per_tile;
        Ahead part = ahead;
        part.count = std::clamp(ahead.count - done, 0, per_tile);
        part.row = ahead.row + static_cast<size_t>(done) * ahead.stride;
        return part;
    };
    for (; row0 + kRows <= p.rows; row0 += kRows, a += p.a_tile_stride)
        tile<8, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
    switch (p.rows - row0) {
        case 7: return tile<7, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
        case 6: return tile<6, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
        case 5: return tile<5, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
        case 4: return tile<4, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
        case 3: return tile<3, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
        case 2: return tile<2, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
        case 1: return tile<1, Vecs, Epilogue>(p, a, b, row0, col0, cols, start_tile());
        default: return;
    }
}

// Pixel panels outer, weight tiles inner: the 48-pixel panel (kc x 192 bytes) stays in L1 while
// the block's weights stream through it from L2. When b is x, the tiles of each panel prefetch
// the next panel's lines (kc rows of three lines, a plane apart: more streams than the hardware
// prefetchers track), spread evenly over the tiles' k steps.
template <typename Epilogue>
void block(const PointwiseBlock& p) {
    const int tiles = (p.rows + kRows - 1) / kRows;
    for (int col0 = 0; col0 < p.cols; col0 += kCols) {
        const int cols = std::min(kCols, p.cols - col0);
        const float* b = p.b + static_cast<size_t>(col0 / kCols) * p.b_panel_stride;
        Ahead ahead{nullptr, 0, 0, 0, 1};
        int per_tile = 0;
        if (p.pack != nullptr) {
            pack_panel(b, p.b_row_stride, p.kc, cols, p.pack);
            const int next_cols = std::min(kCols, p.prefetch_cols - col0 - kCols);
            if (next_cols > 0) {
                per_tile = (p.kc + tiles - 1) / tiles;
                ahead = Ahead{reinterpret_cast<const char*>(b + p.b_panel_stride), p.b_row_stride * sizeof(float),
                              next_cols * static_cast<int>(sizeof(float)), p.kc, std::max(1, p.kc / per_tile)};
            }
            b = p.pack;
        }
        switch ((cols + 15) / 16) {
            case 1: panel<1, Epilogue>(p, b, col0, cols, ahead, per_tile); break;
            case 2: panel<2, Epilogue>(p, b, col0, cols, ahead, per_tile); break;
            default: panel<3, Epilogue>(p, b, col0, cols, ahead, per_tile); break;
        }
    }
}

void run(const PointwiseBlock& p) {
    if (!p.last) return block<avx512::EpilogueLinear>(p);  // no epilogue is applied: any type does
    avx512::with_epilogue(*p.epilogue, 0.0f, 0.0f, [&](const auto& proto) {
        block<std::decay_t<decltype(proto)>>(p);
    });
}

}  // namespace

PointwiseKernel f32_conv1x1_gemm_8x48__avx512() { return {run, {kRows, kCols, kMaxKBlock}}; }

}  // namespace corenn
