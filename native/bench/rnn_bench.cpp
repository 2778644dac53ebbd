// Times whole-sequence recurrent runs through the public C API:
//   rnn_bench [repeats] [--threads 1,2] ["<cell> l1t100mb1sic128dhc256 [bi]" ...]
// (descriptors as in tests/lists/rnn.txt; without any, the reference problems, a decoder
// step and a DeepSpeech2-like GRU). First the FMA peak of one core is measured (an FMA loop of the
// ISA level in use: 256-bit below avx512, 512-bit at avx512);
// then for each problem and thread count: median and best wall time per call, the median process
// CPU time per call (on a shared, oversubscribed machine the wall time includes waiting for a core;
// the CPU time does not; exact at 1 thread, while Linux adds other threads' time only at scheduler
// ticks), GFLOP/s from the median and as % of the measured peak times the threads, and for batch 1
// the GB/s of recurrent weights streamed (each step reads all of W_hh once).
#include <corenn/corenn.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "fma_peak.h"

namespace {

double process_cpu_us() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
}

struct Problem {
    std::string name;
    int cell, input, hidden, layers, bidirectional, seq_len, batch;
    unsigned flags;
};

// The subset of the test descriptors a benchmark needs: cell, l, t, mb, sic, dhc, "bi" and "f16".
Problem parse(const std::string& text) {
    Problem p{text, CORENN_RNN_LSTM, 1, 1, 1, 0, 1, 1, 0u};
    const size_t space = text.find(' ');
    const std::string cell = text.substr(0, space);
    p.cell = cell == "gru"        ? CORENN_RNN_GRU
             : cell == "rnn_tanh" ? CORENN_RNN_TANH
             : cell == "rnn_relu" ? CORENN_RNN_RELU
                                  : CORENN_RNN_LSTM;
    const std::string shape = space == std::string::npos ? "" : text.substr(space + 1);
    for (size_t i = 0; i < shape.size() && shape[i] != ' ';) {
        size_t digits = i;
        while (digits < shape.size() && std::isalpha(static_cast<unsigned char>(shape[digits]))) ++digits;
        const std::string key = shape.substr(i, digits - i);
        size_t end = digits;
        const int value = std::atoi(shape.c_str() + digits);
        while (end < shape.size() && std::isdigit(static_cast<unsigned char>(shape[end]))) ++end;
        if (key == "l") p.layers = value;
        else if (key == "t") p.seq_len = value;
        else if (key == "mb") p.batch = value;
        else if (key == "sic") p.input = value;
        else if (key == "dhc") p.hidden = value;
        if (end == i) break;
        i = end;
    }
    p.bidirectional = text.find(" bi") != std::string::npos;
    if (text.find(" f16") != std::string::npos) p.flags |= CORENN_RNN_WEIGHTS_FP16;
    return p;
}

int gates(int cell) { return cell == CORENN_RNN_LSTM ? 4 : (cell == CORENN_RNN_GRU ? 3 : 1); }

void bench(const Problem& p, int threads, int repeats, double peak) {
    const int G = gates(p.cell), D = p.bidirectional + 1, H = p.hidden;
    const corenn_rnn_desc desc{p.cell, p.input, H, p.layers, p.bidirectional, 1, 0, p.flags, 0.0f, 0};
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
        std::fprintf(stderr, "%s: %s\n", p.name.c_str(), corenn_last_error());
        std::exit(1);
    }
    std::vector<float> x(size_t(p.seq_len) * p.batch * p.input), y(size_t(p.seq_len) * p.batch * D * H);
    for (float& v : x) v = dist(rng);
    void* workspace = corenn_aligned_alloc(corenn_rnn_workspace_size(op, p.seq_len, p.batch));
    std::vector<double> us, cpu;
    for (int r = 0; r < repeats + repeats / 5; ++r) {
        const double cpu_start = process_cpu_us();
        const auto start = std::chrono::steady_clock::now();
        corenn_rnn_run(op, p.seq_len, p.batch, x.data(), nullptr, nullptr, nullptr, y.data(), nullptr, nullptr,
                       workspace, threads);
        const auto stop = std::chrono::steady_clock::now();
        const double elapsed = std::chrono::duration<double, std::micro>(stop - start).count();
        if (r < repeats / 5) continue;  // the first fifth warms caches and threads
        us.push_back(elapsed);
        cpu.push_back(process_cpu_us() - cpu_start);
    }
    std::sort(us.begin(), us.end());
    std::sort(cpu.begin(), cpu.end());
    const double median = us[us.size() / 2], best = us.front();
    const double gflops = flops_per_step * p.seq_len / (median * 1e3);
    const double cpu_gflops = flops_per_step * p.seq_len / (cpu[cpu.size() / 2] * 1e3);
    const double recurrent_bytes = 4.0 * G * H * H * D * p.layers;
    std::printf("%-30s %dt  median %8.1f us  best %8.1f us  cpu %8.1f us  %6.1f GFLOP/s %4.0f%% peak  (cpu: %4.0f%%)",
                p.name.c_str(), threads, median, best, cpu[cpu.size() / 2], gflops, 100.0 * gflops / (peak * threads),
                100.0 * cpu_gflops / peak);
    if (p.batch == 1) std::printf("  %6.1f GB/s W_hh", recurrent_bytes * p.seq_len / (median * 1e3));
    std::printf("  [%s]\n", corenn_rnn_kernel(op, p.batch));
    corenn_aligned_free(workspace);
    corenn_rnn_destroy(op);
}

}  // namespace

int main(int argc, char** argv) {
    int repeats = 200;
    std::vector<int> thread_counts = {1, 2};
    std::vector<Problem> problems;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc) {
            thread_counts.clear();
            for (const char* at = argv[++i]; *at != '\0';) {
                char* end = nullptr;
                thread_counts.push_back(static_cast<int>(std::strtol(at, &end, 10)));
                at = *end == ',' ? end + 1 : end;
            }
        } else if (i == 1 && std::isdigit(static_cast<unsigned char>(arg[0]))) {
            repeats = std::atoi(arg.c_str());
        } else {
            problems.push_back(parse(arg));
        }
    }
    if (problems.empty())
        for (const char* text : {"lstm l1t100mb1sic128dhc256", "gru l1t100mb1sic128dhc256",
                                 "lstm l2t50mb1sic64dhc128 bi", "lstm l1t100mb32sic128dhc256",
                                 "gru l1t100mb32sic128dhc256", "lstm l1t1mb1sic1024dhc1024",
                                 "gru l1t100mb1sic1760dhc1760"})
            problems.push_back(parse(text));
    const int isa = corenn_isa_default();
    const double peak = corenn::bench::fma_peak_gflops(isa >= CORENN_ISA_AVX512);
    std::printf("corenn %s, %s, isa %s, FMA peak %.1f GFLOP/s per core (measured, %d-bit FMAs)\n", corenn_version(),
                corenn_cpu_name(), corenn_isa_name(isa), peak, isa >= CORENN_ISA_AVX512 ? 512 : 256);
    for (const Problem& p : problems) {
        // About the same wall time per problem: fewer repeats for the big ones.
        const double flops = 2.0 * gates(p.cell) * p.hidden * (p.input + p.hidden) * p.seq_len * p.batch * p.layers;
        const int scaled = static_cast<int>(std::min<double>(repeats, std::max(5.0, repeats * 2e7 / flops)));
        for (int threads : thread_counts) bench(p, threads, scaled, peak);
    }
    return 0;
}
