// Direct convolution over NCHW8c: a register tile of up to 2 output blocks (16 channels) x 6
// pixels of one output row = 12 accumulators; per input lane, 2 weight loads and 6 broadcasts
// feed 12 FMAs. Interior columns (every tap inside the input) go 6 at a time; border columns
// one at a time with their own kw range, so no tap is ever read from outside the input.
#include "kernels/conv/avx2-epilogue.h"
#include "kernels/conv/nchw8c-row-geometry.h"

namespace corenn {

namespace {

struct RowTile {
    const Nchw8cConvGeometry* g;
    const float *x, *w, *scale, *shift, *keep, *residual;
    float* y;
    const ConvEpilogue* e;
    int oh;
    TapRange rows;
};

template <int OB, int NP>
void tile(const RowTile& t, int ow0, TapRange cols) {
    const Nchw8cConvGeometry& g = *t.g;
    __m256 acc[OB][NP];
#pragma GCC unroll 2
    for (int ob = 0; ob < OB; ++ob)
#pragma GCC unroll 6
        for (int p = 0; p < NP; ++p) acc[ob][p] = _mm256_setzero_ps();
    const size_t pixel_step = static_cast<size_t>(g.stride_w) * 8;
    const int ih0 = t.oh * g.stride_h - g.pad_top, iw0 = ow0 * g.stride_w - g.pad_left;
    for (int cb = 0; cb < g.in_blocks; ++cb) {
        const float* xb = t.x + cb * g.x_block_stride;
        const float* wb = t.w + static_cast<size_t>(cb) * g.kernel_h * g.kernel_w * 64;
        for (int kh = t.rows.begin; kh < t.rows.end; ++kh) {
            const float* x_row = xb + static_cast<size_t>(ih0 + kh * g.dilation_h) * g.in_w * 8;
            for (int kw = cols.begin; kw < cols.end; ++kw) {
                const float* xp = x_row + static_cast<ptrdiff_t>(iw0 + kw * g.dilation_w) * 8;
                const float* wp = wb + static_cast<size_t>(kh * g.kernel_w + kw) * 64;
#pragma GCC unroll 8
                for (int lane = 0; lane < 8; ++lane) {
                    __m256 wv[OB];
#pragma GCC unroll 2
                    for (int ob = 0; ob < OB; ++ob) wv[ob] = _mm256_load_ps(wp + ob * g.w_block_stride + lane * 8);
#pragma GCC unroll 6
                    for (int p = 0; p < NP; ++p) {
                        const __m256 b = _mm256_broadcast_ss(xp + p * pixel_step + lane);
#pragma GCC unroll 2
                        for (int ob = 0; ob < OB; ++ob) acc[ob][p] = _mm256_fmadd_ps(wv[ob], b, acc[ob][p]);
                    }
                }
            }
        }
    }
    // Spilled once here, so the epilogue loops below (not unrolled) never make the compiler keep
    // the accumulators in memory inside the loops above.
    alignas(32) float sums[OB][NP][8];
#pragma GCC unroll 2
    for (int ob = 0; ob < OB; ++ob)
#pragma GCC unroll 6
        for (int p = 0; p < NP; ++p) _mm256_store_ps(sums[ob][p], acc[ob][p]);
    const __m256i all = _mm256_set1_epi32(-1);
    for (int ob = 0; ob < OB; ++ob) {
        const __m256 scale = _mm256_loadu_ps(t.scale + ob * 8), shift = _mm256_loadu_ps(t.shift + ob * 8);
        const __m256 keep = _mm256_cmp_ps(_mm256_loadu_ps(t.keep + ob * 8), _mm256_setzero_ps(), _CMP_NEQ_OQ);
        const size_t at = ob * g.y_block_stride + (static_cast<size_t>(t.oh) * g.out_w + ow0) * 8;
        for (int p = 0; p < NP; ++p) {
            const float* res = t.residual != nullptr ? t.residual + at + p * 8 : nullptr;
            const __m256 v = avx2::conv_epilogue(_mm256_load_ps(sums[ob][p]), scale, shift, res, all, *t.e);
            _mm256_storeu_ps(t.y + at + p * 8, _mm256_and_ps(v, keep));
        }
    }
}

template <int OB>
void border_column(const RowTile& t, int ow) {
    const Nchw8cConvGeometry& g = *t.g;
    tile<OB, 1>(t, ow, valid_taps(ow, g.in_w, g.kernel_w, g.stride_w, g.dilation_w, g.pad_left));
}

template <int OB>
void row(const RowTile& t) {
    const Nchw8cConvGeometry& g = *t.g;
    const TapRange inner = interior_columns(g), all_taps{0, g.kernel_w};
    for (int ow = 0; ow < inner.begin; ++ow) border_column<OB>(t, ow);
    int ow = inner.begin;
    for (; ow + 6 <= inner.end; ow += 6) tile<OB, 6>(t, ow, all_taps);
    switch (inner.end - ow) {
        case 5: tile<OB, 5>(t, ow, all_taps); break;
        case 4: tile<OB, 4>(t, ow, all_taps); break;
        case 3: tile<OB, 3>(t, ow, all_taps); break;
        case 2: tile<OB, 2>(t, ow, all_taps); break;
        case 1: tile<OB, 1>(t, ow, all_taps); break;
        default: break;
    }
    for (ow = inner.end; ow < g.out_w; ++ow) border_column<OB>(t, ow);
}

}  // namespace

void f32_conv2d_nchw8c_2x6__avx2(const Nchw8cConvGeometry& g, const float* x, const float* w, int oh, int out_blocks,
                                 const float* scale, const float* shift, const float* keep, const float* residual,
                                 float* y, const ConvEpilogue& e) {
    const RowTile t{&g, x, w, scale, shift, keep, residual, y, &e, oh,
                    valid_taps(oh, g.in_h, g.kernel_h, g.stride_h, g.dilation_h, g.pad_top)};
    if (out_blocks == 2) row<2>(t);
    else row<1>(t);
}

}  // namespace corenn
