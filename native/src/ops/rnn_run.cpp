// corenn_rnn runs: the workspace layout, the per-layer input projection and the state hand-over
// between layers; the timestep loop itself is in rnn_recurrence.cpp.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "ops/rnn.h"
#include "ops/rnn_recurrence.h"

namespace corenn {

namespace {

constexpr size_t kAbsent = SIZE_MAX;

// Byte offsets of the workspace's parts, each 64-byte aligned; kAbsent where a run needs none.
struct WorkspaceLayout {
    size_t rows = kAbsent, xproj = kAbsent, layer_out = kAbsent, h0 = kAbsent, h1 = kAbsent, c = kAbsent;
    size_t hc = kAbsent, gru_rh = kAbsent, gru_z = kAbsent;
    size_t bytes = 0;
};

WorkspaceLayout layout(const corenn_rnn& op, int seq_len, int batch) {
    WorkspaceLayout l;
    size_t at = 0;
    auto take = [&at](size_t floats) {
        const size_t offset = at;
        at += (floats * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
        return offset;
    };
    const size_t steps = static_cast<size_t>(seq_len) * batch, D = op.dirs, B = batch;
    const size_t Hp = op.hidden_padded, state = D * B * Hp;
    l.rows = take(D * steps);  // int32, same size as float
    l.xproj = take(steps * D * op.gates * Hp);
    // One buffer serves every inner layer: a layer's input is consumed by its input projection
    // before its recurrence overwrites the buffer with its output.
    if (op.desc.num_layers > 1) l.layer_out = take(steps * D * op.out_size);
    l.h0 = take(D * B * op.out_padded);
    l.h1 = take(D * B * op.out_padded);
    if (op.desc.cell == CORENN_RNN_LSTM) l.c = take(state);
    if (op.desc.proj_size > 0) l.hc = take(state);
    if (op.gru_two_pass) {
        l.gru_rh = take(state);
        l.gru_z = take(state);
    }
    l.bytes = at + kAlignment;  // room to align the caller's pointer
    return l;
}

template <typename T>
T* part(char* base, size_t offset) {
    return offset == kAbsent ? nullptr : reinterpret_cast<T*>(base + offset);
}

// rows[d][s][b]: the xproj row (t*B + b) that direction d reads at step s; the reverse direction
// (and a CORENN_RNN_REVERSE op's only one) starts at each element's own last step. Past the length:
// -(s*B + b) - 1, naming the y row the step zeroes, so every y row past the length is zeroed exactly
// once per direction.
void fill_rows(int32_t* rows, int dirs, bool reverse, int T, int B, const int32_t* lengths) {
    for (int d = 0; d < dirs; ++d)
        for (int s = 0; s < T; ++s)
            for (int b = 0; b < B; ++b) {
                const int len = lengths != nullptr ? lengths[b] : T;
                const int t = d == 0 && !reverse ? s : len - 1 - s;
                rows[(static_cast<size_t>(d) * T + s) * B + b] = s < len ? t * B + b : -(s * B + b) - 1;
            }
}

void load_states(const corenn_rnn& op, int layer, int B, const RnnIo& io, float* h, float* c) {
    const int D = op.dirs, H = op.desc.hidden_size, P = op.out_size;
    std::memset(h, 0, sizeof(float) * D * B * op.out_padded);
    if (c != nullptr) std::memset(c, 0, sizeof(float) * D * B * op.hidden_padded);
    for (int d = 0; d < D; ++d)
        for (int b = 0; b < B; ++b) {
            const size_t at = (static_cast<size_t>(layer) * D + d) * B + b, slot = static_cast<size_t>(d) * B + b;
            if (io.h0 != nullptr) std::copy(io.h0 + at * P, io.h0 + (at + 1) * P, h + slot * op.out_padded);
            if (c != nullptr && io.c0 != nullptr)
                std::copy(io.c0 + at * H, io.c0 + (at + 1) * H, c + slot * op.hidden_padded);
        }
}

void store_states(const corenn_rnn& op, int layer, int B, const RnnIo& io, const float* h, const float* c) {
    const int D = op.dirs, H = op.desc.hidden_size, P = op.out_size;
    for (int d = 0; d < D; ++d)
        for (int b = 0; b < B; ++b) {
            const size_t at = (static_cast<size_t>(layer) * D + d) * B + b, slot = static_cast<size_t>(d) * B + b;
            if (io.h_n != nullptr) {
                const float* from = h + slot * op.out_padded;
                std::copy(from, from + P, io.h_n + at * P);
            }
            if (c != nullptr && io.c_n != nullptr) {
                const float* from = c + slot * op.hidden_padded;
                std::copy(from, from + H, io.c_n + at * H);
            }
        }
}

}  // namespace

size_t rnn_workspace_size(const corenn_rnn& op, int seq_len, int batch) { return layout(op, seq_len, batch).bytes; }

void rnn_run(const corenn_rnn& op, int seq_len, int batch, const RnnIo& io, void* workspace, int threads) {
    const WorkspaceLayout l = layout(op, seq_len, batch);
    const uintptr_t raw = reinterpret_cast<uintptr_t>(workspace);
    char* base = reinterpret_cast<char*>((raw + kAlignment - 1) / kAlignment * kAlignment);
    const int T = seq_len, B = batch, D = op.dirs, P = op.out_size;
    const int64_t columns = int64_t{D} * op.gates * op.hidden_padded;
    int32_t* rows = part<int32_t>(base, l.rows);
    float* xproj = part<float>(base, l.xproj);
    float* layer_out = part<float>(base, l.layer_out);
    float* c = part<float>(base, l.c);
    fill_rows(rows, D, (op.desc.flags & CORENN_RNN_REVERSE) != 0, T, B, io.lengths);

    // Row (t, b) of a layer's input and output: (seq, batch, feature) or, at the edges, batch first.
    const int64_t in0 = op.desc.input_size, width = int64_t{D} * P;
    const float* in = io.x;
    int64_t in_t_stride = io.batch_first ? in0 : B * in0, in_b_stride = io.batch_first ? T * in0 : in0;
    for (int layer = 0; layer < op.desc.num_layers; ++layer) {
        const RnnLayerWeights& weights = op.layers[layer];
        const bool last = layer + 1 == op.desc.num_layers;
        RnnRecurrence job;
        job.y = last ? io.y : layer_out;
        job.y_t_stride = last && io.batch_first ? width : B * width;
        job.y_b_stride = last && io.batch_first ? T * width : width;

        job.input = RnnGemmArgs{in,  in_t_stride,         in_b_stride, B,      weights.input_size,
                                weights.w_ih_packed.data(), weights.bias.data(), xproj, columns};
        job.op = &op;
        job.layer = &weights;
        job.seq_len = T;
        job.batch = B;
        job.rows = rows;
        job.xproj = xproj;
        job.h[0] = part<float>(base, l.h0);
        job.h[1] = part<float>(base, l.h1);
        job.c = c;
        job.hc = part<float>(base, l.hc);
        job.gru_rh = part<float>(base, l.gru_rh);
        job.gru_z = part<float>(base, l.gru_z);
        load_states(op, layer, B, io, job.h[0], c);
        std::memset(job.h[1], 0, sizeof(float) * D * B * op.out_padded);
        rnn_recurrence_run(job, threads);
        store_states(op, layer, B, io, job.h[T % 2], c);

        in = layer_out;
        in_t_stride = B * width;
        in_b_stride = width;
    }
}

}  // namespace corenn
