// Winograd F(4x4, 3x3) for 3x3 stride-1 convolutions (groups 1). Per image, the 4x4 output tiles
// are cut into blocks of whole tile rows (a block size fixed by the shape, so any thread count
// computes the same thing); per block, in the calling thread's scratch:
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
    int tiles_h, tiles_w, block_rows, blocks;
};

Tiling tiling(const ConvShape& s) {
    Tiling t;
    t.tiles_h = (s.out_h + 3) / 4;
    t.tiles_w = (s.out_w + 3) / 4;
    t.block_rows = std::clamp(kTilesPerBlock / t.tiles_w, 1, t.tiles_h);
    t.blocks = (t.tiles_h + t.block_rows - 1) / t.block_rows;
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
}

size_t winograd_scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    const Tiling t = tiling(s);
    const size_t tiles = static_cast<size_t>(t.block_rows) * t.tiles_w;
    const size_t plane = phase_layout(block_geometry(op.desc, s, t, 0, t.block_rows)).floats();
    return plane + 36 * tiles * (op.desc.in_channels + op.desc.out_channels);
}

void winograd_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                  float* scratch, size_t scratch_floats, int threads) {
    const corenn_conv2d_desc& d = op.desc;
    const int in = d.in_channels, out = d.out_channels;
    const Tiling t = tiling(s);
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    const size_t plane_floats = phase_layout(block_geometry(d, s, t, 0, t.block_rows)).floats();
    const KernelTable& k = *op.kernels;
    parallel_for(threads, int64_t{s.batch} * t.blocks, [&](int64_t u0, int64_t u1) {
        float* phases = scratch + static_cast<size_t>(omp_thread_index()) * scratch_floats;
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t n = u / t.blocks;
            const int block = static_cast<int>(u % t.blocks);
            const int rows = std::min(t.block_rows, t.tiles_h - block * t.block_rows);
            const int out_row0 = 4 * block * t.block_rows;
            const int tiles = rows * t.tiles_w;
            float* v = phases + plane_floats;
            float* m = v + static_cast<size_t>(36) * in * tiles;
            const WindowGeometry g = block_geometry(d, s, t, out_row0, rows);
            const PhaseLayout layout = phase_layout(g);
            for (int c = 0; c < in; ++c) {
                const PhasePlane plane = split_plane(g, layout, x + (n * in + c) * in_plane, 0.0f, phases);
                k.f32_winograd43_input(plane, rows, t.tiles_w, v + static_cast<size_t>(c) * tiles,
                                       static_cast<size_t>(in) * tiles);
            }
            for (int component = 0; component < 36; ++component)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, out, tiles, in, 1.0f,
                            op.winograd_weight.data() + static_cast<size_t>(component) * out * in, in,
                            v + static_cast<size_t>(component) * in * tiles, tiles, 0.0f,
                            m + static_cast<size_t>(component) * out * tiles, tiles);
            for (int o = 0; o < out; ++o) {
                const size_t at = static_cast<size_t>(n * out + o) * out_plane;
                k.f32_winograd43_output(m + static_cast<size_t>(o) * tiles, static_cast<size_t>(out) * tiles, rows,
                                        t.tiles_w, out_row0, s.out_h, s.out_w, op.scale.data()[o], op.shift.data()[o],
                                        residual != nullptr ? residual + at : nullptr, y + at, op.epilogue);
            }
        }
    });
}

}  // namespace corenn
