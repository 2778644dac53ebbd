// The convolution family against PyTorch itself: the golden fixtures of
// java/src/test/resources/fixtures/kernels (float64 PyTorch, rounded once to float32) pin padding,
// "same", ceil_mode, count_include_pad, BatchNorm folding, broadcasting and softmax semantics.
// CORENN_FIXTURES overrides the folder; without it the test is skipped, not failed.
#include <corenn/corenn.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "fixture_io.h"
#include "test_util.h"

namespace corenn::test {
namespace {

namespace fs = std::filesystem;

fs::path fixture_root() {
    if (const char* env = std::getenv("CORENN_FIXTURES")) return env;
    return fs::path(__FILE__).parent_path() / "../../java/src/test/resources/fixtures/kernels";
}

struct Case {
    fs::path dir;
    Json params;
    NpyArray file(const std::string& name) const { return read_npy((dir / (name + ".npy")).string()); }
    bool has_file(const std::string& name) const { return fs::exists(dir / (name + ".npy")); }
};

corenn_activation_desc activation_named(const std::string& name) {
    if (name == "relu") return {CORENN_ACT_RELU, 0, 0};
    if (name == "relu6") return {CORENN_ACT_RELU6, 0, 0};
    if (name == "hardswish") return {CORENN_ACT_HARDSWISH, 0, 0};
    throw std::runtime_error("unknown activation " + name);
}

// Runs conv2d at one ISA level / thread count.
std::vector<float> run_conv(const corenn_conv2d_desc& d, const NpyArray& x, const NpyArray& w, const float* bias,
                            const float* residual, int in_h, int in_w, size_t out_size, Isa isa, int threads) {
    corenn_conv2d* op = nullptr;
    EXPECT_EQ(corenn_conv2d_create(&d, w.data.data(), bias, static_cast<int>(isa), &op), CORENN_OK) << corenn_last_error();
    if (op == nullptr) return {};
    const int batch = static_cast<int>(x.shape[0]);
    std::vector<char> workspace(corenn_conv2d_workspace_size(op, batch, in_h, in_w));
    std::vector<float> y(out_size);
    EXPECT_EQ(corenn_conv2d_run(op, batch, in_h, in_w, x.data.data(), residual, y.data(), workspace.data(), threads),
              CORENN_OK)
        << corenn_last_error();
    corenn_conv2d_destroy(op);
    return y;
}

std::vector<std::vector<float>> conv_results(const Case& c, const std::string& op, size_t out_size) {
    const Json& p = c.params;
    const NpyArray x = c.file("x"), w = c.file("weight");
    const bool one_d = op == "conv1d";
    corenn_conv2d_desc d{};
    d.out_channels = static_cast<int>(w.shape[0]);
    d.groups = p.has("groups") ? p["groups"].int_at(0) : 1;
    d.in_channels = static_cast<int>(x.shape[1]);
    const Json& k = p["kernel_size"];
    d.kernel_h = one_d ? 1 : k.int_at(0);
    d.kernel_w = one_d ? k.int_at(0) : k.int_at(1);
    d.stride_h = one_d ? 1 : p["stride"].int_at(0);
    d.stride_w = p["stride"].int_at(one_d ? 0 : 1);
    d.dilation_h = one_d ? 1 : p["dilation"].int_at(0);
    d.dilation_w = p["dilation"].int_at(one_d ? 0 : 1);
    if (p.has("pads_begin")) {
        d.pad_top = one_d ? 0 : p["pads_begin"].int_at(0);
        d.pad_left = p["pads_begin"].int_at(one_d ? 0 : 1);
        d.pad_bottom = one_d ? 0 : p["pads_end"].int_at(0);
        d.pad_right = p["pads_end"].int_at(one_d ? 0 : 1);
    } else {
        d.pad_top = d.pad_bottom = p["padding"].int_at(0);
        d.pad_left = d.pad_right = p["padding"].int_at(1);
    }
    d.activation = {CORENN_ACT_IDENTITY, 0, 0};
    std::vector<float> scale, shift;
    NpyArray skip;
    if (p.has("bn_eps")) {  // conv + BatchNorm folded into the epilogue, then activation / residual
        const NpyArray gamma = c.file("bn_weight"), beta = c.file("bn_bias");
        const NpyArray mean = c.file("bn_running_mean"), var = c.file("bn_running_var");
        for (int o = 0; o < d.out_channels; ++o) {
            const double s = gamma.data[o] / std::sqrt(static_cast<double>(var.data[o]) + p["bn_eps"].value);
            scale.push_back(static_cast<float>(s));
            shift.push_back(static_cast<float>(beta.data[o] - mean.data[o] * s));
        }
        d.scale = scale.data();
        d.shift = shift.data();
        d.activation = activation_named(p["activation"].text);
        const std::string order = p["order"].text;
        d.residual = order == "add_then_act"   ? CORENN_RESIDUAL_BEFORE_ACTIVATION
                     : order == "act_then_add" ? CORENN_RESIDUAL_AFTER_ACTIVATION
                                               : CORENN_RESIDUAL_NONE;
        if (d.residual != CORENN_RESIDUAL_NONE) skip = c.file("skip");
    }
    const int in_h = one_d ? 1 : static_cast<int>(x.shape[2]);
    const int in_w = static_cast<int>(x.shape[one_d ? 2 : 3]);
    NpyArray bias;
    if (c.has_file("bias")) bias = c.file("bias");
    std::vector<std::vector<float>> results;
    for (Isa isa : available_isas())
        for (int threads : kThreadCounts)
            results.push_back(run_conv(d, x, w, c.has_file("bias") ? bias.data.data() : nullptr,
                                       skip.data.empty() ? nullptr : skip.data.data(), in_h, in_w, out_size, isa, threads));
    return results;
}

std::vector<std::vector<float>> pool_results(const Case& c, const std::string& op, size_t out_size) {
    const Json& p = c.params;
    const NpyArray x = c.file("x");
    const bool one_d = op.find("1d") != std::string::npos;
    corenn_pool2d_desc d{};
    d.kind = op.find("max") != std::string::npos ? CORENN_POOL_MAX : CORENN_POOL_AVG;
    d.global = op.find("adaptive") != std::string::npos ? 1 : 0;
    if (!d.global) {
        const Json& k = p["kernel_size"];
        const Json& s = p.has("stride") && p["stride"].kind != Json::null ? p["stride"] : k;
        d.kernel_h = one_d ? 1 : k.int_at(0);
        d.kernel_w = k.int_at(one_d ? 0 : 1);
        d.stride_h = one_d ? 1 : s.int_at(0);
        d.stride_w = s.int_at(one_d ? 0 : 1);
        d.dilation_h = d.dilation_w = 1;
        if (p.has("dilation")) {
            d.dilation_h = one_d ? 1 : p["dilation"].int_at(0);
            d.dilation_w = p["dilation"].int_at(one_d ? 0 : 1);
        }
        d.pad_top = d.pad_bottom = one_d ? 0 : p["padding"].int_at(0);
        d.pad_left = d.pad_right = p["padding"].int_at(one_d ? 0 : 1);
        d.ceil_mode = p.has("ceil_mode") && p["ceil_mode"].value != 0;
        d.count_include_pad = !p.has("count_include_pad") || p["count_include_pad"].value != 0;
    }
    const int batch = static_cast<int>(x.shape[0]), channels = static_cast<int>(x.shape[1]);
    const int in_h = one_d ? 1 : static_cast<int>(x.shape[2]), in_w = static_cast<int>(x.shape[one_d ? 2 : 3]);
    std::vector<std::vector<float>> results;
    for (Isa isa : available_isas())
        for (int threads : kThreadCounts) {
            corenn_pool2d* pool = nullptr;
            EXPECT_EQ(corenn_pool2d_create(&d, static_cast<int>(isa), &pool), CORENN_OK) << corenn_last_error();
            std::vector<char> workspace(corenn_pool2d_workspace_size(pool, in_h, in_w));
            std::vector<float> y(out_size);
            EXPECT_EQ(corenn_pool2d_run(pool, batch, channels, in_h, in_w, x.data.data(), y.data(), workspace.data(), threads),
                      CORENN_OK)
                << corenn_last_error();
            corenn_pool2d_destroy(pool);
            results.push_back(y);
        }
    return results;
}

std::vector<std::vector<float>> other_results(const Case& c, const std::string& op, size_t out_size) {
    const Json& p = c.params;
    const NpyArray x = c.file("x");
    std::vector<std::vector<float>> results;
    for (Isa isa : available_isas())
        for (int threads : kThreadCounts) {
            std::vector<float> y(out_size);
            const int level = static_cast<int>(isa);
            if (op == "batchnorm1d" || op == "batchnorm2d") {
                const bool affine = p["affine"].value != 0;
                const NpyArray mean = c.file("running_mean"), var = c.file("running_var");
                NpyArray gamma, beta;
                if (affine) {
                    gamma = c.file("weight");
                    beta = c.file("bias");
                }
                const corenn_batchnorm_desc d{static_cast<int>(x.shape[1]), static_cast<float>(p["eps"].value),
                                              {CORENN_ACT_IDENTITY, 0, 0}};
                int64_t spatial = 1;
                for (size_t i = 2; i < x.shape.size(); ++i) spatial *= x.shape[i];
                corenn_batchnorm* bn = nullptr;
                EXPECT_EQ(corenn_batchnorm_create(&d, mean.data.data(), var.data.data(),
                                                  affine ? gamma.data.data() : nullptr,
                                                  affine ? beta.data.data() : nullptr, level, &bn),
                          CORENN_OK);
                EXPECT_EQ(corenn_batchnorm_run(bn, static_cast<int>(x.shape[0]), spatial, x.data.data(), y.data(), threads),
                          CORENN_OK);
                corenn_batchnorm_destroy(bn);
            } else if (op == "softmax" || op == "log_softmax") {
                EXPECT_EQ(corenn_softmax_run(op == "log_softmax", static_cast<int>(x.shape.size()), x.shape.data(),
                                             p["dim"].int_at(0), x.data.data(), y.data(), level, threads),
                          CORENN_OK)
                    << corenn_last_error();
            } else {
                const NpyArray b = c.file("b");
                EXPECT_EQ(corenn_eltwise_run(op == "add" ? CORENN_ELTWISE_ADD : CORENN_ELTWISE_MUL,
                                             static_cast<int>(x.shape.size()), x.shape.data(), x.data.data(),
                                             static_cast<int>(b.shape.size()), b.shape.data(), b.data.data(), y.data(),
                                             level, threads),
                          CORENN_OK)
                    << corenn_last_error();
            }
            results.push_back(y);
        }
    return results;
}

TEST(Golden, convPoolNormEltwiseSoftmax_matchPyTorchFixtures) {
    const fs::path root = fixture_root();
    if (!fs::exists(root / "README.md")) GTEST_SKIP() << "no fixtures at " << root << " (set CORENN_FIXTURES)";
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (!fs::exists(entry.path() / "params.json")) continue;
        const Case c{entry.path(), Json::parse(read_text((entry.path() / "params.json").string()))};
        const std::string op = c.params["op"].text;
        const bool conv = op == "conv2d" || op == "conv1d" || op.rfind("conv2d+batchnorm2d+", 0) == 0;
        const bool pool = op.find("pool") != std::string::npos;
        const bool other = op == "batchnorm1d" || op == "batchnorm2d" || op == "softmax" || op == "log_softmax" ||
                           op == "add" || op == "mul";
        if (!conv && !pool && !other) continue;  // activations, RNNs: other families' tests
        const NpyArray want = c.file("y");
        const auto results = conv   ? conv_results(c, op, want.data.size())
                             : pool ? pool_results(c, op, want.data.size())
                                    : other_results(c, op, want.data.size());
        for (size_t r = 0; r < results.size(); ++r) {
            ASSERT_EQ(results[r].size(), want.data.size()) << entry.path().filename();
            for (size_t i = 0; i < want.data.size(); ++i)
                ASSERT_NEAR(results[r][i], want.data[i], 1e-5 + 2e-6 * std::fabs(want.data[i]))
                    << entry.path().filename() << " run " << r << " index " << i;
        }
        ++checked;
    }
    EXPECT_GE(checked, 60);
}

}  // namespace
}  // namespace corenn::test
