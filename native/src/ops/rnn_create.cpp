// Validation and weight prepacking of corenn_rnn: everything a run needs is laid out here once.
#include <algorithm>
#include <cmath>
#include <memory>

#include "common/error.h"
#include "kernels/rnn/half.h"
#include "ops/rnn.h"

namespace corenn {

namespace {

int gate_count(int cell) { return cell == CORENN_RNN_LSTM ? 4 : (cell == CORENN_RNN_GRU ? 3 : 1); }

// Our gate g (PyTorch order) is gate source_gate(g) of the caller's blocks.
int source_gate(const corenn_rnn_desc& d, int g) {
    if ((d.flags & CORENN_RNN_GATES_ONNX) == 0) return g;
    static constexpr int kLstmFromOnnx[4] = {0, 2, 3, 1};  // i, f, g, o from i, o, f, c
    static constexpr int kGruFromOnnx[3] = {1, 0, 2};      // r, z, n from z, r, h
    if (d.cell == CORENN_RNN_LSTM) return kLstmFromOnnx[g];
    if (d.cell == CORENN_RNN_GRU) return kGruFromOnnx[g];
    return g;
}

int round_up8(int n) { return (n + 7) / 8 * 8; }

void validate(const corenn_rnn_desc& d) {
    CORENN_REQUIRE(d.cell >= CORENN_RNN_LSTM && d.cell <= CORENN_RNN_RELU,
                   "rnn: cell must be 0 (lstm), 1 (gru), 2 (rnn_tanh) or 3 (rnn_relu), got %d", d.cell);
    CORENN_REQUIRE(d.input_size > 0 && d.input_size <= (1 << 20), "rnn: input_size must be in [1, 2^20], got %d",
                   d.input_size);
    CORENN_REQUIRE(d.hidden_size > 0 && d.hidden_size <= (1 << 20), "rnn: hidden_size must be in [1, 2^20], got %d",
                   d.hidden_size);
    CORENN_REQUIRE(d.num_layers >= 1 && d.num_layers <= 1024, "rnn: num_layers must be in [1, 1024], got %d",
                   d.num_layers);
    CORENN_REQUIRE(d.bidirectional == 0 || d.bidirectional == 1, "rnn: bidirectional must be 0 or 1, got %d",
                   d.bidirectional);
    CORENN_REQUIRE(d.has_bias == 0 || d.has_bias == 1, "rnn: has_bias must be 0 or 1, got %d", d.has_bias);
    CORENN_REQUIRE(d.proj_size >= 0, "rnn: proj_size must be >= 0, got %d", d.proj_size);
    if (d.proj_size > 0) {
        CORENN_REQUIRE(d.cell == CORENN_RNN_LSTM, "rnn: proj_size needs an lstm cell, got proj_size %d with cell %d",
                       d.proj_size, d.cell);
        CORENN_REQUIRE(d.proj_size < d.hidden_size, "rnn: proj_size must be < hidden_size (%d), got %d",
                       d.hidden_size, d.proj_size);
    }
    const unsigned known = CORENN_RNN_BATCH_FIRST | CORENN_RNN_GATES_ONNX | CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0 |
                           CORENN_RNN_WEIGHTS_FP16 | CORENN_RNN_LSTM_INPUT_FORGET | CORENN_RNN_REVERSE;
    CORENN_REQUIRE((d.flags & ~known) == 0, "rnn: flags must be a combination of 0x%x, got 0x%x", known, d.flags);
    CORENN_REQUIRE(d.has_peepholes == 0 || d.has_peepholes == 1, "rnn: has_peepholes must be 0 or 1, got %d",
                   d.has_peepholes);
    CORENN_REQUIRE(d.has_peepholes == 0 || d.cell == CORENN_RNN_LSTM,
                   "rnn: has_peepholes needs an lstm cell, got cell %d", d.cell);
    CORENN_REQUIRE((d.flags & CORENN_RNN_LSTM_INPUT_FORGET) == 0 || d.cell == CORENN_RNN_LSTM,
                   "rnn: flag CORENN_RNN_LSTM_INPUT_FORGET needs an lstm cell, got cell %d", d.cell);
    CORENN_REQUIRE((d.flags & CORENN_RNN_REVERSE) == 0 || d.bidirectional == 0,
                   "rnn: flag CORENN_RNN_REVERSE needs bidirectional = 0 (the reverse direction is already there)");
    CORENN_REQUIRE(std::isfinite(d.clip) && d.clip >= 0.0f, "rnn: clip must be finite and >= 0, got %g", d.clip);
    const int64_t rows = int64_t{gate_count(d.cell)} * round_up8(d.hidden_size) * (d.bidirectional + 1);
    const int64_t out = d.proj_size > 0 ? d.proj_size : d.hidden_size;
    const int64_t widest_input = std::max<int64_t>(d.input_size, out * (d.bidirectional + 1));
    CORENN_REQUIRE(rows * std::max(widest_input, out) <= (int64_t{1} << 31),
                   "rnn: weights too large: %lld gate rows x %lld inputs exceeds 2^31",
                   static_cast<long long>(rows), static_cast<long long>(std::max(widest_input, out)));
}

const char* weight_name(const corenn_rnn_desc& d, int index_in_group) {
    static const char* const kNames[] = {"w_ih", "w_hh", "b_ih", "b_hh"};
    if (index_in_group < 2 || (d.has_bias && index_in_group < 4)) return kNames[index_in_group];
    const int after_bias = index_in_group - 2 - 2 * d.has_bias;
    return d.has_peepholes && after_bias == 0 ? "p" : "w_hr";
}

// Packs one direction's recurrent weights into tiles. w_hh: [G*H][P], caller's order. In fp16 mode
// the small-batch cells read halves and the batched cells float tiles of the same rounded values,
// so every batch size computes with identical weights.
void pack_recurrent(const corenn_rnn& op, const float* w_hh, RnnDirectionWeights& dir) {
    const corenn_rnn_desc& d = op.desc;
    const int G = op.gates, H = d.hidden_size, Hp = op.hidden_padded, P = op.out_size;
    const bool half = (d.flags & CORENN_RNN_WEIGHTS_FP16) != 0;
    const size_t count = static_cast<size_t>(G) * Hp * P;
    if (half) dir.w_hh_half = FloatBuffer((count + 1) / 2);  // raw storage for count halves
    dir.w_hh_tiles = FloatBuffer(count);
    uint16_t* halves = reinterpret_cast<uint16_t*>(dir.w_hh_half.data());
    for (int g = 0; g < G; ++g) {
        const int src = source_gate(d, g);
        for (int u = 0; u < H; ++u) {
            const float* row = w_hh + (static_cast<size_t>(src) * H + u) * P;
            for (int k = 0; k < P; ++k) {
                const size_t at = ((static_cast<size_t>(u / 8) * P + k) * G + g) * 8 + u % 8;
                float value = row[k];
                if (half) {
                    halves[at] = float_to_half(value);
                    value = half_to_float(halves[at]);
                }
                dir.w_hh_tiles.data()[at] = value;
            }
        }
    }
}

// The projection w_hr [P][H] in the dense kernels' 8-row-interleaved layout.
void pack_projection(const corenn_rnn& op, const float* w_hr, RnnDirectionWeights& dir) {
    const int H = op.desc.hidden_size, P = op.out_size;
    dir.w_hr_packed = FloatBuffer(static_cast<size_t>(op.out_padded) * H);
    for (int r = 0; r < P; ++r)
        for (int i = 0; i < H; ++i)
            dir.w_hr_packed.data()[(static_cast<size_t>(r / 8) * H + i) * 8 + r % 8] =
                w_hr[static_cast<size_t>(r) * H + i];
}

// p: [3][H] in the caller's gate order (i, f, o, or ONNX's i, o, f) into [3][Hp] as i, f, o.
void pack_peepholes(const corenn_rnn& op, const float* p, RnnDirectionWeights& dir) {
    static constexpr int kFromOnnx[3] = {0, 2, 1};
    const int H = op.desc.hidden_size, Hp = op.hidden_padded;
    const bool onnx = (op.desc.flags & CORENN_RNN_GATES_ONNX) != 0;
    dir.peephole = FloatBuffer(static_cast<size_t>(3) * Hp);
    for (int g = 0; g < 3; ++g) {
        const float* from = p + static_cast<size_t>(onnx ? kFromOnnx[g] : g) * H;
        std::copy(from, from + H, dir.peephole.data() + static_cast<size_t>(g) * Hp);
    }
}

}  // namespace

int rnn_weight_count(const corenn_rnn_desc& d) {
    const int per_direction = 2 + 2 * (d.has_bias != 0) + (d.has_peepholes != 0) + (d.proj_size > 0);
    return d.num_layers * (d.bidirectional != 0 ? 2 : 1) * per_direction;
}

corenn_rnn* rnn_create(const corenn_rnn_desc& d, const float* const* weights, Isa isa) {
    validate(d);
    CORENN_REQUIRE(weights != nullptr, "rnn: weights must not be null");
    const int per_direction = rnn_weight_count(d) / (d.num_layers * (d.bidirectional + 1));
    for (int i = 0; i < rnn_weight_count(d); ++i)
        CORENN_REQUIRE(weights[i] != nullptr, "rnn: weights[%d] (%s of layer %d, direction %d) must not be null", i,
                       weight_name(d, i % per_direction), i / per_direction / (d.bidirectional + 1),
                       i / per_direction % (d.bidirectional + 1));

    auto op = std::make_unique<corenn_rnn>();
    op->desc = d;
    op->isa = isa;
    op->kernels = &kernels(isa);
    op->gates = gate_count(d.cell);
    op->dirs = d.bidirectional + 1;
    op->hidden_padded = round_up8(d.hidden_size);
    op->out_size = d.proj_size > 0 ? d.proj_size : d.hidden_size;
    op->out_padded = round_up8(op->out_size);
    op->gru_two_pass = d.cell == CORENN_RNN_GRU && (d.flags & CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0) != 0;
    const KernelTable& k = *op->kernels;
    op->cell = d.cell == CORENN_RNN_LSTM ? k.f32_lstm_cell
                                         : (d.cell == CORENN_RNN_GRU ? k.f32_gru_cell : k.f32_rnn_cell);
    op->cell_name = d.cell == CORENN_RNN_LSTM ? k.f32_lstm_cell_name
                                              : (d.cell == CORENN_RNN_GRU ? k.f32_gru_cell_name : k.f32_rnn_cell_name);
    op->batch_cell = d.cell == CORENN_RNN_LSTM
                         ? k.f32_lstm_batch_cell
                         : (d.cell == CORENN_RNN_GRU ? k.f32_gru_batch_cell : k.f32_rnn_batch_cell);
    op->batch_cell_name = d.cell == CORENN_RNN_LSTM
                              ? k.f32_lstm_batch_cell_name
                              : (d.cell == CORENN_RNN_GRU ? k.f32_gru_batch_cell_name : k.f32_rnn_batch_cell_name);
    op->zeros = FloatBuffer(static_cast<size_t>(op->out_padded));
    const std::string gemm = op->kernels->f32_rnn_gemm_name;
    const std::string projection = d.proj_size > 0 ? std::string(" + projection ") + op->kernels->f32_gemv_name : "";
    const std::string storage = (d.flags & CORENN_RNN_WEIGHTS_FP16) != 0 ? " (fp16 weights)" : "";
    op->gemv_kernels = "input " + gemm + ", recurrent " + op->cell_name + storage + projection;
    op->batch_kernels = "input " + gemm + ", recurrent " + op->batch_cell_name + projection;

    const int G = op->gates, H = d.hidden_size, Hp = op->hidden_padded, D = op->dirs;
    const size_t columns = static_cast<size_t>(D) * G * Hp;
    const size_t block = static_cast<size_t>(rnn_gemm_block(isa));
    op->layers.resize(d.num_layers);
    for (int l = 0; l < d.num_layers; ++l) {
        RnnLayerWeights& layer = op->layers[l];
        const int in = l == 0 ? d.input_size : D * op->out_size;
        layer.input_size = in;
        layer.w_ih_packed = FloatBuffer((columns + block - 1) / block * block * in);
        layer.bias = FloatBuffer(columns);
        for (int dir = 0; dir < D; ++dir) {
            const float* const* w = weights + static_cast<size_t>(l * D + dir) * per_direction;
            const float* b_ih = d.has_bias ? w[2] : nullptr;
            const float* b_hh = d.has_bias ? w[3] : nullptr;
            RnnDirectionWeights& dw = layer.dir[dir];
            dw.b_hn = FloatBuffer(static_cast<size_t>(Hp));
            for (int g = 0; g < G; ++g) {
                const int src = source_gate(d, g);
                for (int u = 0; u < H; ++u) {
                    const size_t n = static_cast<size_t>(dir) * G * Hp + static_cast<size_t>(g) * Hp + u;
                    const float* row = w[0] + (static_cast<size_t>(src) * H + u) * in;
                    float* packed = layer.w_ih_packed.data() + (n / block) * in * block + n % block;
                    for (int i = 0; i < in; ++i) packed[i * block] = row[i];
                    if (!d.has_bias) continue;
                    const size_t at = static_cast<size_t>(src) * H + u;
                    // GRU keeps b_hn apart: it sits inside the reset gate's product.
                    const bool gru_n = d.cell == CORENN_RNN_GRU && g == 2;
                    layer.bias.data()[n] = gru_n ? b_ih[at] : b_ih[at] + b_hh[at];
                    if (gru_n) dw.b_hn.data()[u] = b_hh[at];
                }
            }
            pack_recurrent(*op, w[1], dw);
            if (d.has_peepholes) pack_peepholes(*op, w[2 + 2 * d.has_bias], dw);
            if (d.proj_size > 0) pack_projection(*op, w[per_direction - 1], dw);
        }
    }
    if (verbose())
        std::fprintf(stderr, "corenn: rnn cell %d h%d x%d layers: batch<=%d -> %s; larger -> %s\n", d.cell, H,
                     d.num_layers, kRnnGemvMaxBatch, op->gemv_kernels.c_str(),
                     rnn_uses_batch_cells(*op, kRnnGemvMaxBatch + 1) ? op->batch_kernels.c_str()
                                                                     : op->gemv_kernels.c_str());
    return op.release();
}

// The batched LSTM cells have no ONNX peepholes or input_forget: such LSTMs step every batch size
// with the per-element cells (which have them).
bool rnn_uses_batch_cells(const corenn_rnn& op, int batch) {
    const bool onnx_extras = op.desc.has_peepholes != 0 || (op.desc.flags & CORENN_RNN_LSTM_INPUT_FORGET) != 0;
    return batch > kRnnGemvMaxBatch && !onnx_extras;
}

const char* rnn_kernel(const corenn_rnn& op, int batch) {
    return rnn_uses_batch_cells(op, batch) ? op.batch_kernels.c_str() : op.gemv_kernels.c_str();
}

}  // namespace corenn
