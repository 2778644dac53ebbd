// Conv2d as GEMM, per image n and group g:  Y_g [O/g, OH*OW] = W_g [O/g, K] * B [K, OH*OW],
// K = C/g * kh * kw, where B is x itself for a 1x1 stride-1 unpadded conv and the im2col matrix
// otherwise. B is never built whole: the output pixels are cut into column tiles of a width fixed
// by the problem (not the thread count), each tile is one single-threaded sgemm writing straight
// into y, and the epilogue runs over the tile while it is still in cache. Tiles are the parallel
// work units, so results are bit-identical for any thread count.
#include <cblas.h>

#include <algorithm>

#include "common/parallel.h"
#include "ops/conv2d.h"

namespace corenn {

namespace {

int reduction_size(const corenn_conv2d_desc& d) { return d.in_channels / d.groups * d.kernel_h * d.kernel_w; }

// Tile width in output pixels: the im2col tile (K x width floats) targets ~512 KiB, one core's L2,
// clamped to [64, 1024] so sgemm always gets a reasonably wide N; a multiple of 16 for its kernels.
int tile_width(const corenn_conv2d& op, const ConvShape& s) {
    const int k = reduction_size(op.desc);
    const int width = std::clamp((131072 / k) / 16 * 16, 64, 1024);
    return std::min(width, s.out_h * s.out_w);
}

// im2col for output pixels [p0, p0 + width) of one group: row (c, kh, kw) holds the input value
// each output pixel sees through that tap, 0 where it falls into padding. Each output row's run
// splits into a left padding part, a strided copy (a plain copy at stride 1) and a right part,
// so the inner loop has no bounds checks.
void im2col_tile(const corenn_conv2d_desc& d, const ConvShape& s, const float* x_group, int p0, int width,
                 float* tile) {
    const int channels = d.in_channels / d.groups, sw = d.stride_w;
    for (int c = 0; c < channels; ++c)
        for (int kh = 0; kh < d.kernel_h; ++kh)
            for (int kw = 0; kw < d.kernel_w; ++kw) {
                const float* plane = x_group + static_cast<size_t>(c) * s.in_h * s.in_w;
                float* row = tile + static_cast<size_t>((c * d.kernel_h + kh) * d.kernel_w + kw) * width;
                int oh = p0 / s.out_w, ow = p0 % s.out_w;
                for (int j = 0; j < width;) {
                    const int run = std::min(s.out_w - ow, width - j);
                    float* dst = row + j;
                    const int ih = oh * d.stride_h + kh * d.dilation_h - d.pad_top;
                    if (ih < 0 || ih >= s.in_h) {
                        std::fill(dst, dst + run, 0.0f);
                    } else {
                        // Output column ow + k reads input column iw0 + k * sw; keep k where that is inside.
                        const int iw0 = ow * sw + kw * d.dilation_w - d.pad_left;
                        const int lo = std::min(run, iw0 < 0 ? (-iw0 + sw - 1) / sw : 0);
                        const int hi = iw0 > s.in_w - 1 ? lo : std::max(lo, std::min(run, (s.in_w - 1 - iw0) / sw + 1));
                        const float* src = plane + static_cast<size_t>(ih) * s.in_w;
                        std::fill(dst, dst + lo, 0.0f);
                        if (sw == 1) std::copy(src + iw0 + lo, src + iw0 + hi, dst + lo);
                        else for (int k = lo; k < hi; ++k) dst[k] = src[iw0 + k * sw];
                        std::fill(dst + hi, dst + run, 0.0f);
                    }
                    j += run;
                    ow = 0;
                    ++oh;
                }
            }
}

}  // namespace

size_t gemm_scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    if (op.path == ConvPath::gemm_1x1) return 0;
    return static_cast<size_t>(reduction_size(op.desc)) * tile_width(op, s);
}

void gemm_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
              float* scratch, size_t scratch_floats, int threads) {
    const corenn_conv2d_desc& d = op.desc;
    const int groups = d.groups, group_in = d.in_channels / groups, group_out = d.out_channels / groups;
    const int k = reduction_size(d), pixels = s.out_h * s.out_w, width = tile_width(op, s);
    const int tiles = (pixels + width - 1) / width;
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w;
    const bool direct = op.path == ConvPath::gemm_1x1;
    parallel_for(threads, int64_t{s.batch} * groups * tiles, [&](int64_t u0, int64_t u1) {
        float* tile = direct ? nullptr : scratch + static_cast<size_t>(omp_thread_index()) * scratch_floats;
        for (int64_t u = u0; u < u1; ++u) {
            const int t = static_cast<int>(u % tiles), g = static_cast<int>(u / tiles % groups);
            const int64_t n = u / tiles / groups;
            const int p0 = t * width, cols = std::min(width, pixels - p0);
            const float* x_group = x + static_cast<size_t>(n * d.in_channels + int64_t{g} * group_in) * in_plane;
            const float* b = x_group + p0;
            int ldb = pixels;
            if (!direct) {
                im2col_tile(d, s, x_group, p0, cols, tile);
                b = tile;
                ldb = cols;
            }
            const size_t out_at = static_cast<size_t>(n * d.out_channels + int64_t{g} * group_out) * pixels + p0;
            const float* w = op.weight.data() + static_cast<size_t>(g) * group_out * k;
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, group_out, cols, k, 1.0f, w, k, b, ldb, 0.0f,
                        y + out_at, pixels);
            op.kernels->f32_conv_epilogue(y + out_at, residual != nullptr ? residual + out_at : nullptr, pixels,
                                          group_out, cols, op.scale.data() + g * group_out,
                                          op.shift.data() + g * group_out, op.epilogue);
        }
    });
}

}  // namespace corenn
