// Depthwise conv read straight from the unpadded NCHW plane (DepthwisePlane): masked loads give the
// zero columns left and right of the plane, taps of rows above or below it are skipped, so there is
// no padded copy and nothing outside the plane is read (masked-off lanes are never accessed).
#include <algorithm>
#include <type_traits>

#include "kernels/conv/avx512-epilogue.h"

namespace corenn {

namespace {

// The lanes j < 16 of a load from column `first` whose column first + j lies in [0, width).
inline __mmask16 columns_inside(int first, int width) {
    const int lo = std::clamp(-first, 0, 16), hi = std::clamp(width - first, 0, 16);
    return lo >= hi ? 0 : static_cast<__mmask16>(((1u << hi) - 1u) & ~((1u << lo) - 1u));
}

inline __m512 even_lanes(__m512 a, __m512 b) {
    return _mm512_permutex2var_ps(a, _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b);
}

inline __m512 odd_lanes(__m512 a, __m512 b) {
    return _mm512_permutex2var_ps(a, _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b);
}

// The 16 columns first + j * stride_w (j < 16) one tap reads from a row, with the masks of the
// columns inside [0, width): for stride 1 one masked load, for stride 2 two (low and high half)
// whose even lanes are the columns; larger strides (Stride 0: any) gather.
struct Columns {
    int first;
    __mmask16 low, high;
};

template <int Stride>
inline Columns columns_of(int first, int width) {
    return {first, columns_inside(first, width), Stride == 2 ? columns_inside(first + 16, width) : __mmask16{0}};
}

// `rows` is all ones, or zero for a row outside the plane (then nothing is read and the tap adds
// 0). `step` holds j * stride for lane j (Stride 0 only).
template <int Stride>
inline __m512 load_columns(const float* row, const Columns& c, __mmask16 rows, int width, __m512i step) {
    if constexpr (Stride == 1) {
        return _mm512_maskz_loadu_ps(_kand_mask16(c.low, rows), row + c.first);
    } else if constexpr (Stride == 2) {
        return even_lanes(_mm512_maskz_loadu_ps(_kand_mask16(c.low, rows), row + c.first),
                          _mm512_maskz_loadu_ps(_kand_mask16(c.high, rows), row + c.first + 16));
    } else {
        const __m512i column = _mm512_add_epi32(_mm512_set1_epi32(c.first), step);
        const __mmask16 inside = _mm512_mask_cmpge_epi32_mask(rows, column, _mm512_setzero_si512()) &
                                 _mm512_cmplt_epi32_mask(column, _mm512_set1_epi32(width));
        return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), inside, column, row, 4);
    }
}

// The lanes of each of Vectors output vectors from column ow0 that lie inside the row.
template <int Vectors>
struct StoreMasks {
    __mmask16 lanes[Vectors];
    StoreMasks(int out_w, int ow0) {
        for (int v = 0; v < Vectors; ++v) lanes[v] = avx512::tail_mask(out_w - ow0 - 16 * v);
    }
};

// Applies the epilogue to Vectors vectors at output offset `at` and stores their lanes inside the
// row. The callers pass copies of the epilogue and the masks held in locals: a store may alias any
// memory, so fields read through a reference would be reloaded after every store.
template <int Vectors, typename Epilogue>
__attribute__((always_inline)) inline void store_row(const __m512 (&acc)[Vectors], const StoreMasks<Vectors>& m,
                                                     size_t at, const Epilogue& epilogue, const float* residual,
                                                     float* y) {
#pragma GCC unroll 4
    for (int v = 0; v < Vectors; ++v)
        _mm512_mask_storeu_ps(y + at + 16 * v, m.lanes[v],
                              epilogue(acc[v], residual != nullptr ? residual + at + 16 * v : nullptr, m.lanes[v]));
}

// 3x3 with stride 1 or 2 in both directions and dilation 1, or (Stride kDilated) stride 1 and any
// dilation. Stride 1 loads each input row as the three column shifts of its kw taps, kDilated the
// same shifts dilation_w apart; stride 2 as two halves whose even lanes are kw 0 and odd lanes kw 1,
// and two more for kw 2. The load masks of a column tile hold for every row.
constexpr int kDilated = 0;

template <int Stride, int Vectors>
struct LoadMasks {
    static constexpr int kLoads = Stride == 2 ? 4 : 3;
    __mmask16 mask[Vectors][kLoads];
    LoadMasks(const DepthwisePlane& p, int ow0) {
        for (int v = 0; v < Vectors; ++v) {
            const int first = (ow0 + 16 * v) * (Stride == 2 ? 2 : 1) - p.pad_left;
            for (int l = 0; l < kLoads; ++l) {
                const int offset = Stride == 2 ? (l & 1) * 16 + (l >> 1) * 2 : l * p.dilation_w;
                mask[v][l] = columns_inside(first + offset, p.in_w);
            }
        }
    }
};

// A tile of Rows output rows x Vectors vectors of 16 columns at output (oh0, ow0). Each input row
// is loaded once per tile and feeds every output row of the tile that reads it (with stride 1 up
// to three), so the 9 weights, up to 16 accumulators and the loaded vectors stay in the 32 zmm.
template <int Stride, int Rows, int Vectors, typename Epilogue>
inline void dwconv_3x3_tile(const DepthwisePlane& p, const __m512 (&w)[9], const LoadMasks<Stride, Vectors>& m,
                            const StoreMasks<Vectors>& store, int oh0, int ow0, const Epilogue& epilogue,
                            const float* residual, float* y) {
    __m512 acc[Rows][Vectors];
    for (int r = 0; r < Rows; ++r)
        for (int v = 0; v < Vectors; ++v) acc[r][v] = _mm512_setzero_ps();
    constexpr int kInputRows = (Rows - 1) * Stride + 3;
#pragma GCC unroll 16
    for (int i = 0; i < kInputRows; ++i) {
        const int ih = oh0 * Stride - p.pad_top + i;
        if (ih < 0 || ih >= p.in_h) continue;  // zero padding: the tap adds nothing
        const float* row = p.x + static_cast<size_t>(ih) * p.in_w;
#pragma GCC unroll 4
        for (int v = 0; v < Vectors; ++v) {
            const int first = (ow0 + 16 * v) * Stride - p.pad_left;
            __m512 x[3];
            if constexpr (Stride == 1) {
                for (int kw = 0; kw < 3; ++kw) x[kw] = _mm512_maskz_loadu_ps(m.mask[v][kw], row + first + kw);
            } else {
                const __m512 a = _mm512_maskz_loadu_ps(m.mask[v][0], row + first);
                const __m512 b = _mm512_maskz_loadu_ps(m.mask[v][1], row + first + 16);
                x[0] = even_lanes(a, b);
                x[1] = odd_lanes(a, b);
                x[2] = even_lanes(_mm512_maskz_loadu_ps(m.mask[v][2], row + first + 2),
                                  _mm512_maskz_loadu_ps(m.mask[v][3], row + first + 18));
            }
#pragma GCC unroll 8
            for (int r = 0; r < Rows; ++r) {
                const int kh = i - r * Stride;
                if (kh < 0 || kh > 2) continue;
                for (int kw = 0; kw < 3; ++kw) acc[r][v] = _mm512_fmadd_ps(w[kh * 3 + kw], x[kw], acc[r][v]);
            }
        }
    }
    const size_t at = static_cast<size_t>(oh0) * p.out_w + ow0;
    const size_t out_w = p.out_w;
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r) store_row<Vectors>(acc[r], store, at + r * out_w, epilogue, residual, y);
}

constexpr int kTileRows = 4;
constexpr int kTileVectors = 4;

// Stride 1 with dilation: a tile of kTileRows output rows (those past the plane are skipped) x
// Vectors vectors; each loaded vector feeds one output row, as the rows it shares with the tile's
// other output rows are dilation_h apart.
template <int Vectors, typename Epilogue>
inline void dwconv_3x3_dilated_tile(const DepthwisePlane& p, const __m512 (&w)[9],
                                    const LoadMasks<kDilated, Vectors>& m, const StoreMasks<Vectors>& store,
                                    int oh0, int ow0, const Epilogue& epilogue, const float* residual, float* y) {
    __m512 acc[kTileRows][Vectors];
    for (int r = 0; r < kTileRows; ++r)
        for (int v = 0; v < Vectors; ++v) acc[r][v] = _mm512_setzero_ps();
#pragma GCC unroll 3
    for (int kh = 0; kh < 3; ++kh)
#pragma GCC unroll 4
        for (int r = 0; r < kTileRows; ++r) {
            const int ih = oh0 + r + kh * p.dilation_h - p.pad_top;
            if (oh0 + r >= p.out_h || ih < 0 || ih >= p.in_h) continue;
            const float* row = p.x + static_cast<size_t>(ih) * p.in_w;
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v)
                for (int kw = 0; kw < 3; ++kw)
                    acc[r][v] = _mm512_fmadd_ps(
                        w[kh * 3 + kw],
                        _mm512_maskz_loadu_ps(m.mask[v][kw], row + ow0 + 16 * v - p.pad_left + kw * p.dilation_w),
                        acc[r][v]);
        }
    const size_t at = static_cast<size_t>(oh0) * p.out_w + ow0;
    const size_t out_w = p.out_w;
#pragma GCC unroll 4
    for (int r = 0; r < kTileRows; ++r)
        if (oh0 + r < p.out_h) store_row<Vectors>(acc[r], store, at + r * out_w, epilogue, residual, y);
}

// One column tile down the whole plane, kTileRows output rows at a time.
template <int Stride, int Vectors, typename Epilogue>
void dwconv_3x3_columns(const DepthwisePlane& p, const __m512 (&w)[9], int ow0, const Epilogue& epilogue,
                        const float* residual, float* y) {
    const DepthwisePlane plane = p;
    const Epilogue ep = epilogue;
    const LoadMasks<Stride, Vectors> m(plane, ow0);
    const StoreMasks<Vectors> store(plane.out_w, ow0);
    if constexpr (Stride == kDilated) {
        for (int oh0 = 0; oh0 < plane.out_h; oh0 += kTileRows)
            dwconv_3x3_dilated_tile<Vectors>(plane, w, m, store, oh0, ow0, ep, residual, y);
        return;
    }
    int oh0 = 0;
    for (; oh0 + kTileRows <= plane.out_h; oh0 += kTileRows)
        dwconv_3x3_tile<Stride, kTileRows, Vectors>(plane, w, m, store, oh0, ow0, ep, residual, y);
    switch (plane.out_h - oh0) {
        case 1: dwconv_3x3_tile<Stride, 1, Vectors>(plane, w, m, store, oh0, ow0, ep, residual, y); break;
        case 2: dwconv_3x3_tile<Stride, 2, Vectors>(plane, w, m, store, oh0, ow0, ep, residual, y); break;
        case 3: dwconv_3x3_tile<Stride, 3, Vectors>(plane, w, m, store, oh0, ow0, ep, residual, y); break;
        default: break;
    }
}

// Column tiles of kTileVectors vectors (64 columns), the last one narrower. The plane stays in
// L2 across them (a 112 x 112 plane is 49 KiB).
template <int Stride, typename Epilogue>
void dwconv_3x3(const DepthwisePlane& p, const float* weights, const Epilogue& epilogue, const float* residual,
                float* y) {
    __m512 w[9];
    for (int t = 0; t < 9; ++t) w[t] = _mm512_set1_ps(weights[t]);
    for (int ow0 = 0; ow0 < p.out_w; ow0 += 16 * kTileVectors) {
        switch (std::min(kTileVectors, (p.out_w - ow0 + 15) / 16)) {
            case 1: dwconv_3x3_columns<Stride, 1>(p, w, ow0, epilogue, residual, y); break;
            case 2: dwconv_3x3_columns<Stride, 2>(p, w, ow0, epilogue, residual, y); break;
            case 3: dwconv_3x3_columns<Stride, 3>(p, w, ow0, epilogue, residual, y); break;
            default: dwconv_3x3_columns<Stride, 4>(p, w, ow0, epilogue, residual, y); break;
        }
    }
}

// Any kernel, stride and dilation: tiles of kAnyRows output rows x Vectors vectors, tap by tap.
// The columns of up to kAnyTaps taps of a kernel row are worked out once and serve every kernel
// row and output row of the tile; the tile's independent accumulators hide the FMA latency. A row
// outside the plane is read with an empty mask (branch-free, so the accumulators stay in
// registers); rows past the output are computed from nothing and not stored.
constexpr int kAnyRows = 4;
constexpr int kAnyTaps = 8;

template <int Stride, int Vectors, typename Epilogue>
void dwconv_any_tile(const DepthwisePlane& p, const float* weights, int oh0, int ow0, const Epilogue& epilogue,
                     const float* residual, float* y) {
    const __m512i step = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                            _mm512_set1_epi32(p.stride_w));
    __m512 acc[kAnyRows][Vectors];
    for (int r = 0; r < kAnyRows; ++r)
        for (int v = 0; v < Vectors; ++v) acc[r][v] = _mm512_setzero_ps();
    for (int kw0 = 0; kw0 < p.kernel_w; kw0 += kAnyTaps) {
        const int taps = std::min(kAnyTaps, p.kernel_w - kw0);
        Columns columns[kAnyTaps][Vectors];
        for (int t = 0; t < taps; ++t)
            for (int v = 0; v < Vectors; ++v)
                columns[t][v] = columns_of<Stride>(
                    (ow0 + 16 * v) * p.stride_w + (kw0 + t) * p.dilation_w - p.pad_left, p.in_w);
        for (int kh = 0; kh < p.kernel_h; ++kh) {
            const float* row[kAnyRows];
            __mmask16 rows[kAnyRows];
            bool all_inside = true;
            for (int r = 0; r < kAnyRows; ++r) {
                const int ih = (oh0 + r) * p.stride_h + kh * p.dilation_h - p.pad_top;
                const bool inside = oh0 + r < p.out_h && ih >= 0 && ih < p.in_h;
                all_inside = all_inside && inside;
                rows[r] = inside ? 0xffff : 0;
                row[r] = p.x + (inside ? static_cast<size_t>(ih) * p.in_w : 0);
            }
            auto kernel_row = [&](auto masked) {
                for (int t = 0; t < taps; ++t) {
                    const __m512 wv = _mm512_set1_ps(weights[kh * p.kernel_w + kw0 + t]);
#pragma GCC unroll 4
                    for (int v = 0; v < Vectors; ++v)
#pragma GCC unroll 4
                        for (int r = 0; r < kAnyRows; ++r) {
                            const __mmask16 rows_r = decltype(masked)::value ? rows[r] : __mmask16{0xffff};
                            acc[r][v] = _mm512_fmadd_ps(
                                wv, load_columns<Stride>(row[r], columns[t][v], rows_r, p.in_w, step), acc[r][v]);
                        }
                }
            };
            // Tiles inside the plane (most) skip the row masks.
            if (all_inside) kernel_row(std::false_type{});
            else kernel_row(std::true_type{});
        }
    }
    const StoreMasks<Vectors> store(p.out_w, ow0);
    const size_t at = static_cast<size_t>(oh0) * p.out_w + ow0;
    const size_t out_w = p.out_w;
#pragma GCC unroll 4
    for (int r = 0; r < kAnyRows; ++r)
        if (oh0 + r < p.out_h) store_row<Vectors>(acc[r], store, at + r * out_w, epilogue, residual, y);
}

template <int Stride, typename Epilogue>
void dwconv_any(const DepthwisePlane& p, const float* weights, const Epilogue& epilogue, const float* residual,
                float* y) {
    for (int oh0 = 0; oh0 < p.out_h; oh0 += kAnyRows)
        for (int ow0 = 0; ow0 < p.out_w; ow0 += 64) {
            switch (std::min(4, (p.out_w - ow0 + 15) / 16)) {
                case 1: dwconv_any_tile<Stride, 1>(p, weights, oh0, ow0, epilogue, residual, y); break;
                case 2: dwconv_any_tile<Stride, 2>(p, weights, oh0, ow0, epilogue, residual, y); break;
                case 3: dwconv_any_tile<Stride, 3>(p, weights, oh0, ow0, epilogue, residual, y); break;
                default: dwconv_any_tile<Stride, 4>(p, weights, oh0, ow0, epilogue, residual, y); break;
            }
        }
}

}  // namespace

void f32_dwconv2d_16w__avx512(const DepthwisePlane& p, const float* w, float scale, float shift,
                              const float* residual, float* y, const ConvEpilogue& e) {
    const bool k3x3 = p.kernel_h == 3 && p.kernel_w == 3;
    const bool undilated = p.dilation_h == 1 && p.dilation_w == 1;
    const int stride = p.stride_h == p.stride_w && (p.stride_h == 1 || (p.stride_h == 2 && undilated)) ? p.stride_h : 0;
    if (k3x3 && stride != 0) {
        avx512::with_epilogue(e, scale, shift, [&](const auto& epilogue) {
            if (stride == 2) dwconv_3x3<2>(p, w, epilogue, residual, y);
            else if (undilated) dwconv_3x3<1>(p, w, epilogue, residual, y);
            else dwconv_3x3<kDilated>(p, w, epilogue, residual, y);
        });
        return;
    }
    // The other shapes: one epilogue that branches per vector (the taps dominate), one tile
    // variant per column stride.
    const avx512::EpilogueGeneral epilogue{_mm512_set1_ps(scale), _mm512_set1_ps(shift), &e};
    switch (p.stride_w) {
        case 1: dwconv_any<1>(p, w, epilogue, residual, y); break;
        case 2: dwconv_any<2>(p, w, epilogue, residual, y); break;
        default: dwconv_any<0>(p, w, epilogue, residual, y); break;
    }
}

}  // namespace corenn
