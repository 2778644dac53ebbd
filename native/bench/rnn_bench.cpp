// Times whole-sequence recurrent runs through the public C API:
//   rnn_bench [repeats]
// For each problem and thread count: median and best wall time per call, GFLOP/s, and for batch 1
// the GB/s of recurrent weights streamed per step. Noisy machines: compare within one run.
#include <corenn/corenn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

struct Problem {
    const char* name;
    int cell, input, hidden, layers, bidirectional, seq_len, batch;
};

int gates(int cell) { return cell == CORENN_RNN_LSTM ? 4 : (cell == CORENN_RNN_GRU ? 3 : 1); }

void bench(const Problem& p, int threads, int repeats) {
    const int G = gates(p.cell), D = p.bidirectional + 1, H = p.hidden;
    const corenn_rnn_desc desc{p.cell, p.input, H, p.layers, p.bidirectional, 1, 0, 0u, 0.0f};
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> dist(-0.1f, 0.1f);
    std::vector<std::vector<float>> tensors;
    double flops_per_step = 0;
    for (int l = 0; l < p.layers; ++l)
        for (int d = 0; d < D; ++d) {
            const int in = l == 0 ? p.input : D * H;
            for (size_t n : {size_t(G) * H * in, size_t(G) * H * H, size_t(G) * H, size_t(G) * H}) {
                tensors.emplace_back(n);
                for (float& v : tensors.back()) v = dist(rng);
            }
            flops_per_step += 2.0 * G * H * (in + H) * p.batch;
        }
    std::vector<const float*> weights;
    for (const auto& t : tensors) weights.push_back(t.data());
    corenn_rnn* op = nullptr;
    if (corenn_rnn_create(&desc, weights.data(), CORENN_ISA_AUTO, &op) != CORENN_OK) {
        std::fprintf(stderr, "%s: %s\n", p.name, corenn_last_error());
        std::exit(1);
    }
    std::vector<float> x(size_t(p.seq_len) * p.batch * p.input), y(size_t(p.seq_len) * p.batch * D * H);
    for (float& v : x) v = dist(rng);
    void* workspace = corenn_aligned_alloc(corenn_rnn_workspace_size(op, p.seq_len, p.batch));
    std::vector<double> us;
    for (int r = 0; r < repeats + repeats / 5; ++r) {
        const auto start = std::chrono::steady_clock::now();
        corenn_rnn_run(op, p.seq_len, p.batch, x.data(), nullptr, nullptr, nullptr, y.data(), nullptr, nullptr,
                       workspace, threads);
        const double elapsed = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
        if (r >= repeats / 5) us.push_back(elapsed);  // the first fifth warms caches and threads
    }
    std::sort(us.begin(), us.end());
    const double median = us[us.size() / 2], best = us.front();
    const double gflops = flops_per_step * p.seq_len / (median * 1e3);
    const double recurrent_bytes = 4.0 * G * H * H * D * p.layers;
    std::printf("%-34s %dt  median %8.1f us  best %8.1f us  %6.1f GFLOP/s", p.name, threads, median, best, gflops);
    if (p.batch == 1) std::printf("  %6.1f GB/s W_hh", recurrent_bytes * p.seq_len / (median * 1e3));
    std::printf("  [%s]\n", corenn_rnn_kernel(op, p.batch));
    corenn_aligned_free(workspace);
    corenn_rnn_destroy(op);
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 200;
    std::printf("corenn %s, %s, isa %s\n", corenn_version(), corenn_cpu_name(), corenn_isa_name(corenn_isa_default()));
    const Problem problems[] = {
        {"lstm l1t100mb1sic128dhc256", CORENN_RNN_LSTM, 128, 256, 1, 0, 100, 1},
        {"gru l1t100mb1sic128dhc256", CORENN_RNN_GRU, 128, 256, 1, 0, 100, 1},
        {"lstm l2t50mb1sic64dhc128 bi", CORENN_RNN_LSTM, 64, 128, 2, 1, 50, 1},
        {"lstm l1t100mb32sic128dhc256", CORENN_RNN_LSTM, 128, 256, 1, 0, 100, 32},
    };
    for (const Problem& p : problems)
        for (int threads : {1, 2}) bench(p, threads, p.batch > 1 ? repeats / 10 + 5 : repeats);
    return 0;
}
