#include "reference/rnn_reference.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace corenn::reference {

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

struct Cell {
    const corenn_rnn_desc& d;
    int gates, H, P;

    // Row of gate g (PyTorch order) in the caller's weights, which may be in ONNX order.
    int row(int g, int u) const {
        static const int kLstm[4] = {0, 2, 3, 1}, kGru[3] = {1, 0, 2};
        int src = g;
        if (d.flags & CORENN_RNN_GATES_ONNX)
            src = d.cell == CORENN_RNN_LSTM ? kLstm[g] : (d.cell == CORENN_RNN_GRU ? kGru[g] : g);
        return src * H + u;
    }
    // Row of peephole gate k (0 = i, 1 = f, 2 = o) in the caller's p, which may be in ONNX's i, o, f.
    int peephole_row(int k, int u) const {
        static const int kOnnx[3] = {0, 2, 1};
        return ((d.flags & CORENN_RNN_GATES_ONNX) ? kOnnx[k] : k) * H + u;
    }
    double clip(double x) const { return d.clip > 0 ? std::min<double>(d.clip, std::max<double>(-d.clip, x)) : x; }
};

double dot(const float* w, const std::vector<double>& v) {
    double sum = 0;
    for (size_t i = 0; i < v.size(); ++i) sum += w[i] * v[i];
    return sum;
}

}  // namespace

void rnn(const corenn_rnn_desc& d, const float* const* weights, int T, int B, const float* x,
         const int32_t* lengths, const float* h0, const float* c0, float* y, float* h_n, float* c_n) {
    const int G = d.cell == CORENN_RNN_LSTM ? 4 : (d.cell == CORENN_RNN_GRU ? 3 : 1);
    const int H = d.hidden_size, P = d.proj_size > 0 ? d.proj_size : H, D = d.bidirectional ? 2 : 1;
    const int per_dir = 2 + 2 * d.has_bias + d.has_peepholes + (d.proj_size > 0);
    const bool input_forget = (d.flags & CORENN_RNN_LSTM_INPUT_FORGET) != 0;
    const bool batch_first = (d.flags & CORENN_RNN_BATCH_FIRST) != 0;
    const Cell cell{d, G, H, P};
    std::fill(y, y + static_cast<size_t>(T) * B * D * P, 0.0f);
    for (int b = 0; b < B; ++b) {
        const int len = lengths ? lengths[b] : T;
        std::vector<std::vector<double>> input(len);
        for (int t = 0; t < len; ++t) {
            const size_t row = batch_first ? static_cast<size_t>(b) * T + t : static_cast<size_t>(t) * B + b;
            const float* xt = x + row * d.input_size;
            input[t].assign(xt, xt + d.input_size);
        }
        for (int l = 0; l < d.num_layers; ++l) {
            std::vector<std::vector<double>> output(len, std::vector<double>(static_cast<size_t>(D) * P));
            for (int dir = 0; dir < D; ++dir) {
                const float* const* w = weights + static_cast<size_t>(l * D + dir) * per_dir;
                const int in = l == 0 ? d.input_size : D * P;
                const float* b_ih = d.has_bias ? w[2] : nullptr;
                const float* b_hh = d.has_bias ? w[3] : nullptr;
                const float* peephole = d.has_peepholes ? w[2 + 2 * d.has_bias] : nullptr;
                const bool backward = dir == 1 || (d.flags & CORENN_RNN_REVERSE) != 0;
                const size_t slot = (static_cast<size_t>(l) * D + dir) * B + b;
                std::vector<double> h(P, 0.0), c(H, 0.0);
                if (h0) h.assign(h0 + slot * P, h0 + (slot + 1) * P);
                if (c0 && d.cell == CORENN_RNN_LSTM) c.assign(c0 + slot * H, c0 + (slot + 1) * H);
                for (int s = 0; s < len; ++s) {
                    const int t = backward ? len - 1 - s : s;
                    // px: W_ih x + b_ih; ph: W_hh h + b_hh, per gate and unit.
                    std::vector<std::vector<double>> px(G, std::vector<double>(H)), ph = px;
                    for (int g = 0; g < G; ++g)
                        for (int u = 0; u < H; ++u) {
                            const int r = cell.row(g, u);
                            px[g][u] = dot(w[0] + static_cast<size_t>(r) * in, input[t]) + (b_ih ? b_ih[r] : 0.0);
                            ph[g][u] = dot(w[1] + static_cast<size_t>(r) * P, h) + (b_hh ? b_hh[r] : 0.0);
                        }
                    std::vector<double> h_new(H);
                    for (int u = 0; u < H; ++u) {
                        if (d.cell == CORENN_RNN_LSTM) {
                            // ONNX peepholes: i and f see the old c, o the new one.
                            auto peep = [&](int k, double state) {
                                return peephole ? peephole[cell.peephole_row(k, u)] * state : 0.0;
                            };
                            const double c_old = c[u];
                            const double i = sigmoid(cell.clip(px[0][u] + ph[0][u] + peep(0, c_old)));
                            const double f = input_forget ? 1.0 - i
                                                          : sigmoid(cell.clip(px[1][u] + ph[1][u] + peep(1, c_old)));
                            const double g = std::tanh(cell.clip(px[2][u] + ph[2][u]));
                            c[u] = f * c_old + i * g;
                            const double o = sigmoid(cell.clip(px[3][u] + ph[3][u] + peep(2, c[u])));
                            h_new[u] = o * std::tanh(c[u]);
                        } else if (d.cell == CORENN_RNN_GRU) {
                            const double z = sigmoid(cell.clip(px[1][u] + ph[1][u]));
                            double n_pre;
                            if (d.flags & CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0) {
                                // n = tanh(W_in x + b_in + W_hn (r * h) + b_hn)
                                const int r = cell.row(2, u);
                                double rec = b_hh ? b_hh[r] : 0.0;
                                for (int k = 0; k < H; ++k) {
                                    const double rk = sigmoid(cell.clip(px[0][k] + ph[0][k]));
                                    rec += w[1][static_cast<size_t>(r) * P + k] * (rk * h[k]);
                                }
                                n_pre = px[2][u] + rec;
                            } else {
                                n_pre = px[2][u] + sigmoid(cell.clip(px[0][u] + ph[0][u])) * ph[2][u];
                            }
                            const double n = std::tanh(cell.clip(n_pre));
                            h_new[u] = (1 - z) * n + z * h[u];
                        } else {
                            const double v = cell.clip(px[0][u] + ph[0][u]);
                            h_new[u] = d.cell == CORENN_RNN_RELU ? std::max(0.0, v) : std::tanh(v);
                        }
                    }
                    if (d.proj_size > 0) {
                        const float* w_hr = w[per_dir - 1];
                        for (int p = 0; p < P; ++p) h[p] = dot(w_hr + static_cast<size_t>(p) * H, h_new);
                    } else {
                        h = h_new;
                    }
                    std::copy(h.begin(), h.end(), output[t].begin() + static_cast<size_t>(dir) * P);
                }
                if (h_n) std::copy(h.begin(), h.end(), h_n + slot * P);
                if (c_n && d.cell == CORENN_RNN_LSTM) std::copy(c.begin(), c.end(), c_n + slot * H);
            }
            input = std::move(output);
        }
        for (int t = 0; t < len; ++t) {
            const size_t row = batch_first ? static_cast<size_t>(b) * T + t : static_cast<size_t>(t) * B + b;
            float* yt = y + row * D * P;
            std::copy(input[t].begin(), input[t].end(), yt);
        }
    }
}

}  // namespace corenn::reference
