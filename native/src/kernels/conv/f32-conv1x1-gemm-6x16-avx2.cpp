// 1x1 convolution GEMM microkernel: a 6-output-channel x 16-pixel tile lives in 12 ymm
// accumulators; each k step loads two B vectors (one cache line of the packed pixel panel) and
// broadcasts six weights, 12 FMAs for 8 loads, so the two FMA ports stay busy. The epilogue is
// applied to the accumulators before the single store of the tile.
#include <algorithm>
#include <type_traits>

#include "kernels/conv/avx2-epilogue.h"

namespace corenn {

namespace {

constexpr int kRows = 6, kCols = 16;

template <typename Epilogue>
Epilogue row_epilogue(float scale, float shift, const ConvEpilogue& e) {
    const __m256 s = _mm256_set1_ps(scale), t = _mm256_set1_ps(shift);
    if constexpr (std::is_same_v<Epilogue, avx2::EpilogueGeneral>) return Epilogue{s, t, &e};
    else return Epilogue{s, t};
}

// Rows of the next panel of x to prefetch during one tile, one every `every` k steps.
struct Ahead {
    const float* row;
    size_t stride;
    int count, every;
};

// Rows (<= 6) output channels x up to 16 pixels; `a` is [kc][6], `b` is [kc][16]. The 12
// accumulators are named variables: as an array, GCC keeps a copy in memory and stores it every
// k step.
#define CORENN_EACH_ROW(X) X(0) X(1) X(2) X(3) X(4) X(5)
template <int Rows, typename Epilogue>
void tile(const PointwiseBlock& p, const float* a, const float* b, int row0, int col0, int cols, Ahead ahead) {
    const bool full = cols == kCols;
    const __m256i mask0 = avx2::tail_mask(cols < 8 ? cols : 8), mask1 = avx2::tail_mask(cols > 8 ? cols - 8 : 0);
    float* y = p.y + static_cast<size_t>(row0) * p.ld + col0;
    auto start = [&](int r, int v) {
        const float* at = y + r * p.ld + 8 * v;
        return p.first ? _mm256_setzero_ps() : full ? _mm256_loadu_ps(at) : _mm256_maskload_ps(at, v == 0 ? mask0 : mask1);
    };
#define CORENN_START(r) __m256 acc##r##0 = _mm256_setzero_ps(), acc##r##1 = acc##r##0; \
    if constexpr (Rows > r) { acc##r##0 = start(r, 0); acc##r##1 = start(r, 1); }
    CORENN_EACH_ROW(CORENN_START)
#undef CORENN_START
    int wait = 1;
    for (int k = 0, kc = p.kc; k < kc; ++k) {
        const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
        if (ahead.count > 0 && --wait == 0) {
            _mm_prefetch(reinterpret_cast<const char*>(ahead.row), _MM_HINT_T0);
            ahead.row += ahead.stride;
            --ahead.count;
            wait = ahead.every;
        }
#define CORENN_FMA(r)                                      \
    if constexpr (Rows > r) {                              \
        const __m256 w = _mm256_broadcast_ss(a + r);       \
        acc##r##0 = _mm256_fmadd_ps(w, b0, acc##r##0);     \
        acc##r##1 = _mm256_fmadd_ps(w, b1, acc##r##1);     \
    }
        CORENN_EACH_ROW(CORENN_FMA)
#undef CORENN_FMA
        a += kRows;
        b += kCols;
    }
    auto finish = [&](int r, __m256 v0, __m256 v1) {
        float* out = y + r * p.ld;
        if (p.last) {
            const Epilogue epilogue = row_epilogue<Epilogue>(p.scale[row0 + r], p.shift[row0 + r], *p.epilogue);
            const float* res = p.residual != nullptr ? p.residual + static_cast<size_t>(row0 + r) * p.ld + col0 : nullptr;
            v0 = epilogue(v0, res, mask0);
            v1 = epilogue(v1, res != nullptr ? res + 8 : nullptr, mask1);
        }
        if (full) {
            _mm256_storeu_ps(out, v0);
            _mm256_storeu_ps(out + 8, v1);
        } else {
            _mm256_maskstore_ps(out, mask0, v0);
            _mm256_maskstore_ps(out + 8, mask1, v1);
        }
    };
#define CORENN_FINISH(r) if constexpr (Rows > r) finish(r, acc##r##0, acc##r##1);
    CORENN_EACH_ROW(CORENN_FINISH)
#undef CORENN_FINISH
}
#undef CORENN_EACH_ROW

// Copies the kc rows of one panel of x (cols <= 16 pixels, zero-filled to 16) into `pack`.
void pack_panel(const float* x, size_t row_stride, int kc, int cols, float* pack) {
    const __m256i mask0 = avx2::tail_mask(cols < 8 ? cols : 8), mask1 = avx2::tail_mask(cols > 8 ? cols - 8 : 0);
    for (int k = 0; k < kc; ++k, x += row_stride, pack += kCols) {
        if (cols == kCols) {
            _mm256_store_ps(pack, _mm256_loadu_ps(x));
            _mm256_store_ps(pack + 8, _mm256_loadu_ps(x + 8));
        } else {
            _mm256_store_ps(pack, _mm256_maskload_ps(x, mask0));
            _mm256_store_ps(pack + 8, _mm256_maskload_ps(x + 8, mask1));
        }
    }
}

// Pixel panels outer, weight tiles inner: the 16-pixel panel (kc x 64 bytes) stays in L1 while
// the block's weights stream through it from L2. When b is x, the next panel's kc rows are kc
// separate memory streams, more than the hardware prefetchers track: copying them waited on L3
// for a fifth of the run. So the tiles of each panel prefetch the next panel's rows, spread
// evenly over all of them (in a burst they only wait for free line-fill buffers).
template <typename Epilogue>
void block(const PointwiseBlock& p) {
    const int tiles = (p.rows + kRows - 1) / kRows;
    const int per_tile = (p.kc + tiles - 1) / tiles;
    for (int col0 = 0; col0 < p.cols; col0 += kCols) {
        const int cols = p.cols - col0 < kCols ? p.cols - col0 : kCols;
        const float* b = p.b + static_cast<size_t>(col0 / kCols) * p.b_panel_stride;
        Ahead ahead{nullptr, p.b_row_stride, 0, 1};
        if (p.pack != nullptr) {
            pack_panel(b, p.b_row_stride, p.kc, cols, p.pack);
            if (col0 + kCols < p.prefetch_cols)
                ahead = Ahead{b + p.b_panel_stride, p.b_row_stride, 0, std::max(1, p.kc / per_tile)};
            b = p.pack;
        }
        const float* a = p.a;
        int row0 = 0;
        auto next_rows = [&]() {
            Ahead part = ahead;
            part.count = ahead.row != nullptr ? std::min(per_tile, p.kc - (row0 / kRows) * per_tile) : 0;
            if (part.count > 0) ahead.row += static_cast<size_t>(per_tile) * ahead.stride;
            return part;
        };
        for (; row0 + kRows <= p.rows; row0 += kRows, a += p.a_tile_stride)
            tile<6, Epilogue>(p, a, b, row0, col0, cols, next_rows());
        switch (p.rows - row0) {
            case 5: tile<5, Epilogue>(p, a, b, row0, col0, cols, next_rows()); break;
            case 4: tile<4, Epilogue>(p, a, b, row0, col0, cols, next_rows()); break;
            case 3: tile<3, Epilogue>(p, a, b, row0, col0, cols, next_rows()); break;
            case 2: tile<2, Epilogue>(p, a, b, row0, col0, cols, next_rows()); break;
            case 1: tile<1, Epilogue>(p, a, b, row0, col0, cols, next_rows()); break;
            default: break;
        }
    }
}

void run(const PointwiseBlock& p) {
    if (!p.last) return block<avx2::EpilogueLinear>(p);  // no epilogue is applied: any type does
    avx2::with_epilogue(*p.epilogue, 0.0f, 0.0f, [&](const auto& proto) {
        block<std::decay_t<decltype(proto)>>(p);
    });
}

}  // namespace

PointwiseKernel f32_conv1x1_gemm_6x16__avx2() { return {run, {kRows, kCols, 256}}; }

}  // namespace corenn
