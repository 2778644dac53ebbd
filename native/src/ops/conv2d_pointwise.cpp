// 1x1 convolution (any stride, no padding) as our own GEMM, per image n and group g:
// Y_g [O/g, OH*OW] = W_g [O/g, C/g] * X_g [C/g, OH*OW], blocked as in GotoBLAS/BLIS:
// - the tile is the kernel's (PointwiseGeometry: R rows x C pixels, 6x16 for AVX2, 8x48 for
//   AVX-512); the weights are packed once at create into R-row tiles [C/g][R];
// - a work unit is one image, group and tile of up to 8 panels of C output pixels; its panels
//   [kc][C] are copied into the thread's scratch (by the kernel, one panel at a time, with
//   stride 1; here, all at once and gathering the strided pixels, otherwise), and the
//   microkernel walks panels x weight tiles with the epilogue fused;
// - K is cut into blocks of at most the kernel's max_kc channels (256 for 16 pixels, 128 for 48),
//   so one panel (16 or 24 KiB) stays in L1 while the weight tiles stream through; partial sums
//   of earlier K blocks wait in y;
// - output channels are cut into blocks whose weights (rows x kc) fit in 256 KiB of L2.
// Units are fixed by the problem, never by the thread count, and K is never split across
// threads, so results are bit-identical for any thread count.
#include <cblas.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/error.h"
#include "common/parallel.h"
#include "ops/conv2d.h"

namespace corenn {

namespace {

constexpr int kMaxTilePanels = 8;
constexpr int kMaxPanelCols = 64;  // the widest panel a kernel may ask for
constexpr size_t kWeightBlockFloats = 65536;  // 256 KiB
constexpr size_t kWeightsInL2Bytes = size_t{1} << 20;  // half of a 2 MiB L2

int round_up(int v, int m) { return (v + m - 1) / m * m; }

// Equal K blocks of at most g.max_kc channels.
int k_block(int k, const PointwiseGeometry& g) {
    const int blocks = (k + g.max_kc - 1) / g.max_kc;
    return (k + blocks - 1) / blocks;
}

// Pixels per work unit: up to 8 panels, fewer for small images so an image still gives about 8
// units to share among threads, unless a group's weights outgrow L2: every unit streams them
// from L3 again, so then units are as wide as they go (512->2048 at 7x7, 4 MiB of weights, at
// avx512: one unit of 49 pixels instead of 48 + 1 cut our time from 0.85-0.95 of OpenBLAS's to
// 0.81-0.86, batch 1 and 32).
int tile_pixels(const corenn_conv2d_desc& d, const ConvShape& s, const PointwiseGeometry& g) {
    const int pixels = s.out_h * s.out_w, widest = kMaxTilePanels * g.panel_cols;
    const size_t group_weights = static_cast<size_t>(d.out_channels / d.groups) * (d.in_channels / d.groups);
    if (group_weights * sizeof(float) > kWeightsInL2Bytes) return std::min(widest, round_up(pixels, g.panel_cols));
    return std::clamp(round_up((pixels + 7) / 8, g.panel_cols), g.panel_cols, widest);
}

// Copies K rows [k0, k0 + kc) of output pixels [p0, p0 + cols) into panels [cols/C][kc][C],
// zero-filling the last panel's columns past cols: output pixel (oh, ow) reads input
// (oh * sh, ow * sw).
void pack_pixels(const corenn_conv2d_desc& d, const ConvShape& s, const float* x_k0, int kc, int p0, int cols,
                 int panel_cols, float* packed) {
    const size_t plane = static_cast<size_t>(s.in_h) * s.in_w;
    const size_t panel = static_cast<size_t>(kc) * panel_cols;
    int source[kMaxTilePanels * kMaxPanelCols];
    for (int j = 0; j < cols; ++j) {
        const int p = p0 + j, oh = p / s.out_w, ow = p % s.out_w;
        source[j] = oh * d.stride_h * s.in_w + ow * d.stride_w;
    }
    for (int k = 0; k < kc; ++k) {
        const float* row = x_k0 + k * plane;
        float* dst = packed + static_cast<size_t>(k) * panel_cols;
        for (int j = 0; j < cols; j += panel_cols, dst += panel) {
            const int n = std::min(panel_cols, cols - j);
            for (int i = 0; i < n; ++i) dst[i] = row[source[j + i]];
            std::fill(dst + n, dst + panel_cols, 0.0f);
        }
    }
}

// OpenBLAS picks its kernels for the CPU at load time; these run 512-bit FMAs.
bool openblas_runs_avx512() {
    std::string core = openblas_get_corename();
    for (char& c : core) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* wide : {"skylakex", "cooperlake", "sapphirerapids"})
        if (core.find(wide) != std::string::npos) return true;
    return false;
}

}  // namespace

// The rule, from native/bench/conv_timing.cpp at 1 thread (benchmarks/RESULTS.md, issue 3):
// - against OpenBLAS's AVX2 kernels our kernel won every 1x1 shape with up to 2 MiB of weights
//   (256->64 at 56x56: 1443 vs 1787 us; 1024->256 at 14x14: 1322 vs 1434 us) and lost with 4 MiB
//   (512->2048 at 7x7: 1753 vs 1576 us), where each pixel tile streams all the weights from L3;
// - OpenBLAS's 512-bit kernels (AVX-512 CPUs) do twice the work per FMA and won every shape
//   against our 256-bit kernel;
// - at the avx512 level our 8x48 kernel won every ResNet-50 1x1 shape at batch 1 and 32 against
//   OpenBLAS's 512-bit sgemm plus its epilogue pass (time ratios, same run, Xeon with AVX-512:
//   256->64 at 56x56 0.62-0.69, 64->256 at 56x56 0.68-0.76, 128->128 at 28x28 0.64-0.76,
//   1024->256 at 14x14 0.78-0.83; with 4 MiB of weights, 512->2048 at 7x7, 0.89-0.92, and
//   strided, 256->512 stride 2, 0.78-0.93), so there the weight size does not matter;
// - at the generic level OpenBLAS's own SIMD kernels beat a scalar loop.
// CORENN_CONV1X1=own or =sgemm overrides the rule (benchmarks and tests compare both paths).
const char* pointwise_loses_to_sgemm(const corenn_conv2d_desc& d, Isa isa) {
    const char* forced = std::getenv("CORENN_CONV1X1");
    if (forced != nullptr && std::strcmp(forced, "own") == 0) return nullptr;
    if (forced != nullptr && std::strcmp(forced, "sgemm") == 0) return "CORENN_CONV1X1=sgemm";
    if (isa == Isa::generic) return "generic level: OpenBLAS's own SIMD kernels are faster than a scalar loop";
    if (isa >= Isa::avx512) return nullptr;
    const int64_t weights = int64_t{d.out_channels} * (d.in_channels / d.groups);
    if (weights * sizeof(float) > (size_t{2} << 20)) return "weights over 2 MiB: OpenBLAS reuses them better";
    if (openblas_runs_avx512()) return "OpenBLAS runs 512-bit kernels on this CPU, ours 256-bit";
    return nullptr;
}

void pointwise_pack_weights(corenn_conv2d& op) {
    op.pointwise = op.kernels->f32_conv1x1_gemm();
    const int tile_rows = op.pointwise.geometry.tile_rows;
    if (op.pointwise.geometry.panel_cols > kMaxPanelCols) fail(CORENN_INTERNAL, "conv2d: 1x1 kernel panel too wide");
    const corenn_conv2d_desc& d = op.desc;
    const int groups = d.groups, k = d.in_channels / groups, group_out = d.out_channels / groups;
    const int tiles = (group_out + tile_rows - 1) / tile_rows;
    op.pointwise_weight = FloatBuffer(static_cast<size_t>(groups) * tiles * k * tile_rows);
    float* packed = op.pointwise_weight.data();
    for (int g = 0; g < groups; ++g)
        for (int t = 0; t < tiles; ++t)
            for (int c = 0; c < k; ++c)
                for (int r = 0; r < tile_rows; ++r, ++packed) {
                    const int o = t * tile_rows + r;
                    if (o < group_out) *packed = op.weight.data()[static_cast<size_t>(g * group_out + o) * k + c];
                }
    op.weight = FloatBuffer();
}

size_t pointwise_scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    const PointwiseGeometry& g = op.pointwise.geometry;
    const bool contiguous = op.desc.stride_h == 1 && op.desc.stride_w == 1;
    return static_cast<size_t>(k_block(op.desc.in_channels / op.desc.groups, g)) *
           (contiguous ? g.panel_cols : tile_pixels(op.desc, s, g));
}

void pointwise_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                   float* scratch, size_t scratch_floats, int threads) {
    const corenn_conv2d_desc& d = op.desc;
    const int groups = d.groups, k = d.in_channels / groups, group_out = d.out_channels / groups;
    const PointwiseGeometry& geometry = op.pointwise.geometry;
    const int tile_rows = geometry.tile_rows, panel_cols = geometry.panel_cols;
    const int pixels = s.out_h * s.out_w, width = tile_pixels(d, s, geometry), kc_max = k_block(k, geometry);
    const int tiles = (pixels + width - 1) / width;
    const size_t weight_tile = static_cast<size_t>(k) * tile_rows;
    const size_t group_weights = static_cast<size_t>((group_out + tile_rows - 1) / tile_rows) * weight_tile;
    // Output channels per weight block: a multiple of the tile height whose kc-deep slice fits L2.
    const int block_rows = std::max(tile_rows, static_cast<int>(kWeightBlockFloats / kc_max) / tile_rows * tile_rows);
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w;
    const auto kernel = op.pointwise.run;
    const bool contiguous = d.stride_h == 1 && d.stride_w == 1;
    parallel_for(threads, int64_t{s.batch} * groups * tiles, [&](int64_t u0, int64_t u1) {
        float* packed = scratch + static_cast<size_t>(omp_thread_index()) * scratch_floats;
        for (int64_t u = u0; u < u1; ++u) {
            const int t = static_cast<int>(u % tiles), g = static_cast<int>(u / tiles % groups);
            const int64_t n = u / tiles / groups;
            const int p0 = t * width, cols = std::min(width, pixels - p0);
            const float* x_group = x + static_cast<size_t>(n * d.in_channels + int64_t{g} * k) * in_plane;
            const size_t out_at = static_cast<size_t>(n * d.out_channels + int64_t{g} * group_out) * pixels + p0;
            for (int k0 = 0; k0 < k; k0 += kc_max) {
                const int kc = std::min(kc_max, k - k0);
                const float* x_k0 = x_group + k0 * in_plane;
                PointwiseBlock block{};
                block.kc = kc;
                block.cols = cols;
                block.first = k0 == 0;
                block.last = k0 + kc == k;
                block.ld = pixels;
                block.epilogue = &op.epilogue;
                block.a_tile_stride = weight_tile;
                if (contiguous) {  // the kernel copies each panel of x as it goes
                    block.b = x_k0 + p0;
                    block.b_row_stride = in_plane;
                    block.b_panel_stride = panel_cols;
                    block.pack = packed;
                    // This thread's next unit continues the same rows: let the kernel prefetch it.
                    block.prefetch_cols = u + 1 < u1 && t + 1 < tiles ? std::min(pixels - p0, 2 * width) : cols;
                } else {
                    pack_pixels(d, s, x_k0, kc, p0, cols, panel_cols, packed);
                    block.b = packed;
                    block.b_row_stride = panel_cols;
                    block.b_panel_stride = static_cast<size_t>(kc) * panel_cols;
                }
                for (int r0 = 0; r0 < group_out; r0 += block_rows) {
                    const size_t out_r0 = out_at + static_cast<size_t>(r0) * pixels;
                    block.a = op.pointwise_weight.data() + g * group_weights + (r0 / tile_rows) * weight_tile +
                              static_cast<size_t>(k0) * tile_rows;
                    block.rows = std::min(block_rows, group_out - r0);
                    block.scale = op.scale.data() + g * group_out + r0;
                    block.shift = op.shift.data() + g * group_out + r0;
                    block.residual = residual != nullptr ? residual + out_r0 : nullptr;
                    block.y = y + out_r0;
                    kernel(block);
                }
            }
        }
    });
}

}  // namespace corenn
