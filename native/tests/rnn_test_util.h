// Recurrent test helpers: problem descriptors (the lists in lists/rnn.txt, shared with the
// benchmarks), random data in PyTorch's weight layout, runs through the C API and the reference.
//
// Descriptor: "<cell> l<layers>t<seq>mb<batch>sic<input>dhc<hidden>[dic<proj>] [flag...]"
//   cell: lstm | gru | rnn_tanh | rnn_relu
//   flags: bi (bidirectional), nobias, varlen (random lengths), state (random h0/c0),
//          onnx (ONNX gate order), lbr0 (GRU linear_before_reset=0), bf (batch first), clip<v>,
//          f16 (fp16 recurrent weights; the test data's W_hh is then rounded to half already),
//          peep (LSTM peepholes), ifg (LSTM input_forget), rev (unidirectional, backward in time)
#pragma once

#include <corenn/corenn.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/rnn/half.h"
#include "reference/rnn_reference.h"
#include "test_util.h"

namespace corenn::test {

struct RnnProblem {
    corenn_rnn_desc desc{CORENN_RNN_LSTM, 1, 1, 1, 0, 1, 0, 0u, 0.0f, 0};
    int seq_len = 1;
    int batch = 1;
    bool varlen = false;
    bool initial_state = false;
    std::string text;

    int gates() const { return desc.cell == CORENN_RNN_LSTM ? 4 : (desc.cell == CORENN_RNN_GRU ? 3 : 1); }
    int dirs() const { return desc.bidirectional ? 2 : 1; }
    int out_size() const { return desc.proj_size > 0 ? desc.proj_size : desc.hidden_size; }
    size_t y_size() const { return static_cast<size_t>(seq_len) * batch * dirs() * out_size(); }
    size_t h_size() const { return static_cast<size_t>(desc.num_layers) * dirs() * batch * out_size(); }
    size_t c_size() const { return static_cast<size_t>(desc.num_layers) * dirs() * batch * desc.hidden_size; }
};

inline RnnProblem parse_rnn_problem(const std::string& line) {
    RnnProblem p;
    p.text = line;
    std::istringstream in(line);
    std::string cell, shape, flag;
    if (!(in >> cell >> shape)) throw std::invalid_argument("rnn problem needs '<cell> <shape>': " + line);
    if (cell == "lstm") p.desc.cell = CORENN_RNN_LSTM;
    else if (cell == "gru") p.desc.cell = CORENN_RNN_GRU;
    else if (cell == "rnn_tanh") p.desc.cell = CORENN_RNN_TANH;
    else if (cell == "rnn_relu") p.desc.cell = CORENN_RNN_RELU;
    else throw std::invalid_argument("unknown rnn cell '" + cell + "' in: " + line);
    for (size_t i = 0; i < shape.size();) {
        size_t key_end = i;
        while (key_end < shape.size() && std::isalpha(static_cast<unsigned char>(shape[key_end]))) ++key_end;
        size_t value_end = key_end;
        while (value_end < shape.size() && std::isdigit(static_cast<unsigned char>(shape[value_end]))) ++value_end;
        if (key_end == i || value_end == key_end) throw std::invalid_argument("bad rnn shape '" + shape + "'");
        const std::string key = shape.substr(i, key_end - i);
        const int value = std::stoi(shape.substr(key_end, value_end - key_end));
        if (key == "l") p.desc.num_layers = value;
        else if (key == "t") p.seq_len = value;
        else if (key == "mb") p.batch = value;
        else if (key == "sic") p.desc.input_size = value;
        else if (key == "dhc") p.desc.hidden_size = value;
        else if (key == "dic") p.desc.proj_size = value;
        else throw std::invalid_argument("unknown key '" + key + "' in rnn shape '" + shape + "'");
        i = value_end;
    }
    while (in >> flag) {
        if (flag == "bi") p.desc.bidirectional = 1;
        else if (flag == "nobias") p.desc.has_bias = 0;
        else if (flag == "varlen") p.varlen = true;
        else if (flag == "state") p.initial_state = true;
        else if (flag == "onnx") p.desc.flags |= CORENN_RNN_GATES_ONNX;
        else if (flag == "lbr0") p.desc.flags |= CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0;
        else if (flag == "bf") p.desc.flags |= CORENN_RNN_BATCH_FIRST;
        else if (flag == "f16") p.desc.flags |= CORENN_RNN_WEIGHTS_FP16;
        else if (flag == "peep") p.desc.has_peepholes = 1;
        else if (flag == "ifg") p.desc.flags |= CORENN_RNN_LSTM_INPUT_FORGET;
        else if (flag == "rev") p.desc.flags |= CORENN_RNN_REVERSE;
        else if (flag.rfind("clip", 0) == 0) p.desc.clip = std::stof(flag.substr(4));
        else throw std::invalid_argument("unknown rnn flag '" + flag + "' in: " + line);
    }
    return p;
}

inline std::vector<RnnProblem> read_rnn_list(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<RnnProblem> problems;
    std::string line;
    while (std::getline(in, line)) {
        const size_t hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        problems.push_back(parse_rnn_problem(line));
    }
    return problems;
}

inline std::string rnn_list_path() {
    const std::string here = __FILE__;
    return here.substr(0, here.find_last_of('/')) + "/lists/rnn.txt";
}

// Weights in corenn_rnn_create's order, uniform in +-1/sqrt(H) as PyTorch initialises them.
struct RnnData {
    std::vector<std::vector<float>> tensors;
    std::vector<const float*> weights;
    std::vector<float> x, h0, c0;
    std::vector<int32_t> lengths;
};

inline RnnData make_rnn_data(const RnnProblem& p, std::mt19937& rng) {
    const corenn_rnn_desc& d = p.desc;
    const int G = p.gates(), H = d.hidden_size, P = p.out_size();
    const float scale = 1.0f / std::sqrt(static_cast<float>(H));
    RnnData data;
    for (int l = 0; l < d.num_layers; ++l)
        for (int dir = 0; dir < p.dirs(); ++dir) {
            const int in = l == 0 ? d.input_size : p.dirs() * P;
            data.tensors.push_back(random_floats(static_cast<size_t>(G) * H * in, -scale, scale, rng));
            data.tensors.push_back(random_floats(static_cast<size_t>(G) * H * P, -scale, scale, rng));
            // fp16 mode computes with W_hh rounded to half; rounded data lets the reference agree.
            if (d.flags & CORENN_RNN_WEIGHTS_FP16)
                for (float& w : data.tensors.back()) w = half_to_float(float_to_half(w));
            if (d.has_bias) {
                data.tensors.push_back(random_floats(static_cast<size_t>(G) * H, -scale, scale, rng));
                data.tensors.push_back(random_floats(static_cast<size_t>(G) * H, -scale, scale, rng));
            }
            // Peepholes weigh a cell state of order 1: larger than the other weights, so they matter.
            if (d.has_peepholes) data.tensors.push_back(random_floats(static_cast<size_t>(3) * H, -1.0f, 1.0f, rng));
            if (d.proj_size > 0) data.tensors.push_back(random_floats(static_cast<size_t>(P) * H, -scale, scale, rng));
        }
    for (const auto& t : data.tensors) data.weights.push_back(t.data());
    data.x = random_floats(static_cast<size_t>(p.seq_len) * p.batch * d.input_size, -1.0f, 1.0f, rng);
    if (p.initial_state) {
        data.h0 = random_floats(p.h_size(), -1.0f, 1.0f, rng);
        if (d.cell == CORENN_RNN_LSTM) data.c0 = random_floats(p.c_size(), -1.0f, 1.0f, rng);
    }
    if (p.varlen) {
        std::uniform_int_distribution<int> length(0, p.seq_len);
        for (int b = 0; b < p.batch; ++b) data.lengths.push_back(b == 0 ? p.seq_len : length(rng));
    }
    return data;
}

struct RnnResult {
    std::vector<float> y, h_n, c_n;
};

inline const float* or_null(const std::vector<float>& v) { return v.empty() ? nullptr : v.data(); }

// Through the C API, with guard floats around every output and a guarded, garbage-filled workspace.
inline RnnResult run_rnn(const RnnProblem& p, const RnnData& data, Isa isa, int threads) {
    corenn_rnn* op = nullptr;
    EXPECT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), static_cast<int>(isa), &op), CORENN_OK)
        << corenn_last_error() << " " << p.text;
    if (op == nullptr) return {};
    const bool lstm = p.desc.cell == CORENN_RNN_LSTM;
    GuardedBuffer y(p.y_size()), h_n(p.h_size()), c_n(lstm ? p.c_size() : 0);
    GuardedBuffer workspace((corenn_rnn_workspace_size(op, p.seq_len, p.batch) + 3) / 4, std::nanf(""));
    const int32_t* lengths = data.lengths.empty() ? nullptr : data.lengths.data();
    EXPECT_EQ(corenn_rnn_run(op, p.seq_len, p.batch, data.x.data(), lengths, or_null(data.h0), or_null(data.c0),
                             y.data(), h_n.data(), lstm ? c_n.data() : nullptr, workspace.data(), threads),
              CORENN_OK)
        << corenn_last_error() << " " << p.text;
    EXPECT_TRUE(y.guards_intact() && h_n.guards_intact() && c_n.guards_intact() && workspace.guards_intact())
        << p.text << " " << isa_label(isa, threads);
    corenn_rnn_destroy(op);
    return {y.values(), h_n.values(), c_n.values()};
}

inline RnnResult run_rnn_reference(const RnnProblem& p, const RnnData& data) {
    const bool lstm = p.desc.cell == CORENN_RNN_LSTM;
    RnnResult r{std::vector<float>(p.y_size()), std::vector<float>(p.h_size()),
                std::vector<float>(lstm ? p.c_size() : 0)};
    reference::rnn(p.desc, data.weights.data(), p.seq_len, p.batch, data.x.data(),
                   data.lengths.empty() ? nullptr : data.lengths.data(), or_null(data.h0), or_null(data.c0),
                   r.y.data(), r.h_n.data(), lstm ? r.c_n.data() : nullptr);
    return r;
}

// benchdnn's RNN rule: float rounding grows with log2 of the accumulation length; layers stack.
inline double rnn_tolerance(const RnnProblem& p) {
    const int widest = std::max(p.desc.input_size, p.dirs() * p.out_size()) + p.out_size() + p.desc.hidden_size;
    return 2e-6 * (2.0 + std::log2(static_cast<double>(widest))) * p.desc.num_layers;
}

inline void expect_near_all(const std::vector<float>& got, const std::vector<float>& want, double tolerance,
                            const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < want.size(); ++i)
        ASSERT_NEAR(got[i], want[i], tolerance * (1.0 + std::fabs(want[i]))) << what << " at " << i;
}

// Every ISA at 1 and 2 threads: bit-identical across thread counts and within tolerance of the
// reference; guards intact.
inline void check_rnn_problem(const RnnProblem& p, uint32_t seed) {
    std::mt19937 rng(seed);
    const RnnData data = make_rnn_data(p, rng);
    const RnnResult want = run_rnn_reference(p, data);
    if (!p.varlen && p.desc.cell != CORENN_RNN_RELU && p.seq_len * p.batch * p.out_size() >= 16) {
        ASSERT_LT(zero_fraction(want.y), 0.3) << p.text;
    }
    const double tolerance = rnn_tolerance(p);
    for (Isa isa : available_isas()) {
        const RnnResult one = run_rnn(p, data, isa, 1);
        const RnnResult two = run_rnn(p, data, isa, 2);
        ASSERT_TRUE(one.y == two.y && one.h_n == two.h_n && one.c_n == two.c_n)
            << "1 and 2 threads differ: " << p.text << " " << isa_name(isa);
        const std::string label = p.text + " " + isa_name(isa);
        expect_near_all(one.y, want.y, tolerance, label + " y");
        expect_near_all(one.h_n, want.h_n, tolerance, label + " h_n");
        expect_near_all(one.c_n, want.c_n, tolerance, label + " c_n");
    }
}

}  // namespace corenn::test
