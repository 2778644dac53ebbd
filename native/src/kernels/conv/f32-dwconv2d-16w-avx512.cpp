// Depthwise conv read straight from the unpadded NCHW plane (DepthwisePlane): masked loads give the
// zero columns left and right of the plane, taps of rows above or below it are skipped, so there is
// no padded copy and nothing outside the plane is read (masked-off lanes are never accessed).
#include <algorithm>

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

// row[first + j * stride] for j < 16, zero where the column lies outside [0, width): a masked load
// for stride 1, two masked loads and a deinterleave for stride 2, a masked gather otherwise.
inline __m512 load_columns(const float* row, int first, int stride, int width) {
    if (stride == 1) return _mm512_maskz_loadu_ps(columns_inside(first, width), row + first);
    if (stride == 2)
        return even_lanes(_mm512_maskz_loadu_ps(columns_inside(first, width), row + first),
                          _mm512_maskz_loadu_ps(columns_inside(first + 16, width), row + first + 16));
    const __m512i column = _mm512_add_epi32(
        _mm512_set1_epi32(first),
        _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), _mm512_set1_epi32(stride)));
    const __mmask16 inside = _mm512_cmpge_epi32_mask(column, _mm512_setzero_si512()) &
                             _mm512_cmplt_epi32_mask(column, _mm512_set1_epi32(width));
    return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), inside, column, row, 4);
}

// Applies the epilogue to the Rows x Vectors tile at output (oh0, ow0) and stores its valid lanes.
template <int Rows, int Vectors, typename Epilogue>
inline void store_tile(const __m512 (&acc)[Rows][Vectors], const DepthwisePlane& p, int oh0, int ow0,
                       const Epilogue& epilogue, const float* residual, float* y) {
    __mmask16 store[Vectors];
    for (int v = 0; v < Vectors; ++v) store[v] = avx512::tail_mask(p.out_w - ow0 - 16 * v);
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 4
        for (int v = 0; v < Vectors; ++v) {
            const size_t at = static_cast<size_t>(oh0 + r) * p.out_w + ow0 + 16 * v;
            const __m512 out = epilogue(acc[r][v], residual != nullptr ? residual + at : nullptr, store[v]);
            _mm512_mask_storeu_ps(y + at, store[v], out);
        }
}

// 3x3, dilation 1, stride 1 or 2 in both directions. Stride 1 loads each input row as the three
// column shifts of its kw taps; stride 2 as two halves whose even lanes are kw 0 and odd lanes kw 1,
// and two more for kw 2. The load masks of a column tile hold for every row.
template <int Stride, int Vectors>
struct LoadMasks {
    static constexpr int kLoads = Stride == 1 ? 3 : 4;
    __mmask16 mask[Vectors][kLoads];
    LoadMasks(const DepthwisePlane& p, int ow0) {
        for (int v = 0; v < Vectors; ++v) {
            const int first = (ow0 + 16 * v) * Stride - p.pad_left;
            for (int l = 0; l < kLoads; ++l)
                mask[v][l] = columns_inside(first + (Stride == 1 ? l : (l & 1) * 16 + (l >> 1) * 2), p.in_w);
        }
    }
};

// A tile of Rows output rows x Vectors vectors of 16 columns at output (oh0, ow0). Each input row
// is loaded once per tile and feeds every output row of the tile that reads it (with stride 1 up
// to three), so the 9 weights, up to 16 accumulators and the loaded vectors stay in the 32 zmm.
template <int Stride, int Rows, int Vectors, typename Epilogue>
inline void dwconv_3x3_tile(const DepthwisePlane& p, const __m512 (&w)[9], const LoadMasks<Stride, Vectors>& m,
                            int oh0, int ow0, const Epilogue& epilogue, const float* residual, float* y) {
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
    store_tile<Rows, Vectors>(acc, p, oh0, ow0, epilogue, residual, y);
}

constexpr int kTileRows = 4;
constexpr int kTileVectors = 4;

// One column tile down the whole plane, kTileRows output rows at a time.
template <int Stride, int Vectors, typename Epilogue>
void dwconv_3x3_columns(const DepthwisePlane& p, const __m512 (&w)[9], int ow0, const Epilogue& epilogue,
                        const float* residual, float* y) {
    const LoadMasks<Stride, Vectors> m(p, ow0);
    int oh0 = 0;
    for (; oh0 + kTileRows <= p.out_h; oh0 += kTileRows)
        dwconv_3x3_tile<Stride, kTileRows, Vectors>(p, w, m, oh0, ow0, epilogue, residual, y);
    switch (p.out_h - oh0) {
        case 1: dwconv_3x3_tile<Stride, 1, Vectors>(p, w, m, oh0, ow0, epilogue, residual, y); break;
        case 2: dwconv_3x3_tile<Stride, 2, Vectors>(p, w, m, oh0, ow0, epilogue, residual, y); break;
        case 3: dwconv_3x3_tile<Stride, 3, Vectors>(p, w, m, oh0, ow0, epilogue, residual, y); break;
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

// Any kernel, stride and dilation: Vectors vectors of one output row at a time, tap by tap.
template <int Vectors, typename Epilogue>
void dwconv_any_tile(const DepthwisePlane& p, const float* weights, int oh, int ow0, const Epilogue& epilogue,
                     const float* residual, float* y) {
    __m512 acc[1][Vectors];
    for (int v = 0; v < Vectors; ++v) acc[0][v] = _mm512_setzero_ps();
    for (int kh = 0; kh < p.kernel_h; ++kh) {
        const int ih = oh * p.stride_h + kh * p.dilation_h - p.pad_top;
        if (ih < 0 || ih >= p.in_h) continue;
        const float* row = p.x + static_cast<size_t>(ih) * p.in_w;
        for (int kw = 0; kw < p.kernel_w; ++kw) {
            const __m512 wv = _mm512_set1_ps(weights[kh * p.kernel_w + kw]);
            for (int v = 0; v < Vectors; ++v) {
                const int first = (ow0 + 16 * v) * p.stride_w + kw * p.dilation_w - p.pad_left;
                acc[0][v] = _mm512_fmadd_ps(wv, load_columns(row, first, p.stride_w, p.in_w), acc[0][v]);
            }
        }
    }
    store_tile<1, Vectors>(acc, p, oh, ow0, epilogue, residual, y);
}

template <typename Epilogue>
void dwconv_any(const DepthwisePlane& p, const float* weights, const Epilogue& epilogue, const float* residual,
                float* y) {
    for (int oh = 0; oh < p.out_h; ++oh) {
        int ow0 = 0;
        for (; ow0 + 64 <= p.out_w; ow0 += 64) dwconv_any_tile<4>(p, weights, oh, ow0, epilogue, residual, y);
        const int left = p.out_w - ow0;
        if (left > 48) dwconv_any_tile<4>(p, weights, oh, ow0, epilogue, residual, y);
        else if (left > 32) dwconv_any_tile<3>(p, weights, oh, ow0, epilogue, residual, y);
        else if (left > 16) dwconv_any_tile<2>(p, weights, oh, ow0, epilogue, residual, y);
        else if (left > 0) dwconv_any_tile<1>(p, weights, oh, ow0, epilogue, residual, y);
    }
}

}  // namespace

void f32_dwconv2d_16w__avx512(const DepthwisePlane& p, const float* w, float scale, float shift,
                              const float* residual, float* y, const ConvEpilogue& e) {
    const bool common = p.kernel_h == 3 && p.kernel_w == 3 && p.dilation_h == 1 && p.dilation_w == 1 &&
                        p.stride_h == p.stride_w && p.stride_h <= 2;
    avx512::with_epilogue(e, scale, shift, [&](const auto& epilogue) {
        if (common && p.stride_h == 1) dwconv_3x3<1>(p, w, epilogue, residual, y);
        else if (common) dwconv_3x3<2>(p, w, epilogue, residual, y);
        else dwconv_any(p, w, epilogue, residual, y);
    });
}

}  // namespace corenn
