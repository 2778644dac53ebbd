// Winograd F(4x4, 3x3) for 3x3 stride-1 convolutions (groups 1). The 4x4 output tiles are cut
// into blocks of about kTilesPerBlock tiles: whole tile rows of one image, or, when an image has
// fewer tiles than that (deep, small layers), several whole images, so the 36 weight matrices are
// streamed once per block rather than once per tiny image. Block sizes depend on the shape alone,
// so any thread count computes the same thing. Per block, in the calling thread's scratch:
//   V [36][C][T] = B^T d B of every input patch (T tiles in the block)
//   M [36][O][T] = U[k] [O][C] x V[k] [C][T]      36 single-threaded sgemms
//   y            = A^T M A + epilogue, written straight into the output plane
// U [36][O][C] = G g G^T is computed once at create, in double.
#include <cblas.h>

#include <algorithm>

#include "common/parallel.h"
#include "ops/conv2d.h"
#include "ops/phase_plane.h"

namespace corenn {

namespace {

// Blocks hold about this many tiles: enough columns for sgemm, small enough that V and M stay
// near L2 for 64 channels.
constexpr int kTilesPerBlock = 64;

struct Tiling {
    int tiles_h, tiles_w;
    int block_rows;       // tile rows per block and image
    int blocks;           // blocks per image (1 when a block holds whole images)
    int block_images;     // images per block
    int64_t units;        // blocks in the whole batch
};

Tiling tiling(const ConvShape& s) {
    Tiling t;
    t.tiles_h = (s.out_h + 3) / 4;
    t.tiles_w = (s.out_w + 3) / 4;
    const int image_tiles = t.tiles_h * t.tiles_w;
    if (image_tiles >= kTilesPerBlock) {
        t.block_rows = std::clamp(kTilesPerBlock / t.tiles_w, 1, t.tiles_h);
        t.blocks = (t.tiles_h + t.block_rows - 1) / t.block_rows;
        t.block_images = 1;
        t.units = int64_t{s.batch} * t.blocks;
    } else {
        t.block_rows = t.tiles_h;
        t.blocks = 1;
        t.block_images = std::clamp(kTilesPerBlock / image_tiles, 1, std::max(s.batch, 1));
        t.units = (s.batch + t.block_images - 1) / t.block_images;
    }
    return t;
}

// The input rows one block of `rows` tile rows reads, starting at output row out_row0, as a
// 4-phase split plane (PhasePlane contract of f32_winograd43_input_fn).
WindowGeometry block_geometry(const corenn_conv2d_desc& d, const ConvShape& s, const Tiling& t, int out_row0,
                              int rows) {
    return {s.in_h, s.in_w, 4 * rows, t.tiles_w, 3, 6, 1, 4, 1, 1, d.pad_top - out_row0, d.pad_left};
}

}  // namespace

void winograd_transform_weights(corenn_conv2d& op) {
    const int out = op.desc.out_channels, in = op.desc.in_channels;
    op.winograd_weight = FloatBuffer(static_cast<size_t>(36) * out * in);
    // G (6x3) of F(4x4, 3x3), matching B^T and A^T in kernels/conv/winograd43-math.h.
    static const double G[6][3] = {{1.0 / 4, 0, 0},
                                   {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                   {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                                   {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                   {1.0 / 24, -1.0 / 12, 1.0 / 6},
                                   {0, 0, 1}};
    for (int o = 0; o < out; ++o)
        for (int c = 0; c < in; ++c) {
            const float* g = op.weight.data() + (static_cast<size_t>(o) * in + c) * 9;
            double gg[6][3];  // G g
            for (int i = 0; i < 6; ++i)
                for (int j = 0; j < 3; ++j) gg[i][j] = G[i][0] * g[j] + G[i][1] * g[3 + j] + G[i][2] * g[6 + j];
            for (int i = 0; i < 6; ++i)
                for (int j = 0; j < 6; ++j) {
                    const double u = gg[i][0] * G[j][0] + gg[i][1] * G[j][1] + gg[i][2] * G[j][2];
                    op.winograd_weight.data()[(static_cast<size_t>(i * 6 + j) * out + o) * in + c] = static_cast<float>(u);
                }
        }
    op.weight = FloatBuffer();  // run() reads only the transformed weights
}

size_t winograd_scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    const Tiling t = tiling(s);
    const size_t tiles = static_cast<size_t>(t.block_images) * t.block_rows * t.tiles_w;
    const size_t plane = phase_layout(block_geometry(op.desc, s, t, 0, t.block_rows)).floats();
    return plane + 36 * tiles * (op.desc.in_channels + op.desc.out_channels);
}

namespace {

// One block of tiles (see Tiling) in three phases over shared V and M, each split between
// `threads`: the input transform by input channel, the 36 sgemms by component, the output
// transform by output channel. Every phase computes each element exactly as one thread would, so
// the result does not depend on how the phases are split.
struct WinogradBlock {
    const corenn_conv2d& op;
    const ConvShape& s;
    const Tiling& t;
    const float* x;
    const float* residual;
    float* y;
    int64_t n0;
    int images, rows, out_row0, image_tiles, tiles;
    WindowGeometry g;
    PhaseLayout layout;
    float* v;  // [36][C][tiles]
    float* m;  // [36][O][tiles]

    WinogradBlock(const corenn_conv2d& op, const ConvShape& s, const Tiling& t, const float* x, const float* residual,
                  float* y, int64_t unit, float* vm)
        : op(op), s(s), t(t), x(x), residual(residual), y(y) {
        n0 = unit / t.blocks * t.block_images;
        images = static_cast<int>(std::min<int64_t>(t.block_images, s.batch - n0));
        const int block = static_cast<int>(unit % t.blocks);
        rows = std::min(t.block_rows, t.tiles_h - block * t.block_rows);
        out_row0 = 4 * block * t.block_rows;
        image_tiles = rows * t.tiles_w;
        tiles = images * image_tiles;
        g = block_geometry(op.desc, s, t, out_row0, rows);
        layout = phase_layout(g);
        v = vm;
        m = v + static_cast<size_t>(36) * op.desc.in_channels * tiles;
    }

    // Input channels [c0, c1) of every image, through the caller's padded plane scratch.
    void input(int64_t c0, int64_t c1, float* phases) const {
        const int in = op.desc.in_channels;
        const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w;
        fill_plane(layout, 0.0f, phases);  // the padding differs between blocks
        for (int i = 0; i < images; ++i)
            for (int64_t c = c0; c < c1; ++c) {
                const PhasePlane plane = split_plane(g, layout, x + ((n0 + i) * in + c) * in_plane, phases);
                op.kernels->f32_winograd43_input(plane, rows, t.tiles_w,
                                                 v + static_cast<size_t>(c) * tiles + static_cast<size_t>(i) * image_tiles,
                                                 static_cast<size_t>(in) * tiles);
            }
    }

    void products(int64_t k0, int64_t k1) const {
        const int in = op.desc.in_channels, out = op.desc.out_channels;
        for (int64_t k = k0; k < k1; ++k)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, out, tiles, in, 1.0f,
                        op.winograd_weight.data() + static_cast<size_t>(k) * out * in, in,
                        v + static_cast<size_t>(k) * in * tiles, tiles, 0.0f, m + static_cast<size_t>(k) * out * tiles,
                        tiles);
    }

    void output(int64_t o0, int64_t o1) const {
        const int out = op.desc.out_channels;
        const size_t out_plane = static_cast<size_t>(s.out_h) * s.out_w;
        for (int i = 0; i < images; ++i)
            for (int64_t o = o0; o < o1; ++o) {
                const size_t at = static_cast<size_t>((n0 + i) * out + o) * out_plane;
                op.kernels->f32_winograd43_output(m + static_cast<size_t>(o) * tiles + static_cast<size_t>(i) * image_tiles,
                                                  static_cast<size_t>(out) * tiles, rows, t.tiles_w, out_row0, s.out_h,
                                                  s.out_w, op.scale.data()[o], op.shift.data()[o],
                                                  residual != nullptr ? residual + at : nullptr, y + at, op.epilogue);
            }
    }
};

}  // namespace

void winograd_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                  float* scratch, size_t scratch_floats, int threads) {
    const Tiling t = tiling(s);
    const size_t plane_floats = phase_layout(block_geometry(op.desc, s, t, 0, t.block_rows)).floats();
    auto phases_of_this_thread = [&] { return scratch + static_cast<size_t>(omp_thread_index()) * scratch_floats; };
    if (t.units >= threads) {
        // Enough blocks for every thread: each runs whole blocks in its own scratch.
        parallel_for(threads, t.units, [&](int64_t u0, int64_t u1) {
            float* phases = phases_of_this_thread();
            for (int64_t u = u0; u < u1; ++u) {
                const WinogradBlock b(op, s, t, x, residual, y, u, phases + plane_floats);
                b.input(0, op.desc.in_channels, phases);
                b.products(0, 36);
                b.output(0, op.desc.out_channels);
            }
        });
        return;
    }
    // Fewer blocks than threads (batch 1 on small planes: often one block): the threads share each
    // block's V and M (in thread 0's scratch) and split its phases.
    for (int64_t u = 0; u < t.units; ++u) {
        const WinogradBlock b(op, s, t, x, residual, y, u, scratch + plane_floats);
        parallel_for(threads, op.desc.in_channels, [&](int64_t c0, int64_t c1) { b.input(c0, c1, phases_of_this_thread()); });
        parallel_for(threads, 36, [&](int64_t k0, int64_t k1) { b.products(k0, k1); });
        parallel_for(threads, op.desc.out_channels, [&](int64_t o0, int64_t o1) { b.output(o0, o1); });
    }
}

}  // namespace corenn
