#include "ops/convlstm2d.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "common/error.h"
#include "common/parallel.h"

namespace corenn {

namespace {

// Scratch regions, each starting on a 64-byte boundary: the x-convolution of every timestep, the
// h-convolution of one step, the cell state, a zero h0, then the convolutions' own workspace.
struct Layout {
    size_t gx, gh, c, h_zero, conv, total;
};

size_t align64(size_t bytes) { return (bytes + 63) / 64 * 64; }

Layout layout(const corenn_convlstm2d& op, int seq_len, int batch, int height, int width) {
    const size_t plane = static_cast<size_t>(height) * width;
    const size_t ch = static_cast<size_t>(op.desc.hidden_channels);
    Layout l{};
    l.gx = 0;
    l.gh = l.gx + align64(static_cast<size_t>(seq_len) * batch * 4 * ch * plane * sizeof(float));
    l.c = l.gh + align64(static_cast<size_t>(batch) * 4 * ch * plane * sizeof(float));
    l.h_zero = l.c + align64(static_cast<size_t>(batch) * ch * plane * sizeof(float));
    l.conv = l.h_zero + align64(static_cast<size_t>(batch) * ch * plane * sizeof(float));
    const size_t ws = std::max(corenn_conv2d_workspace_size(op.conv_x, seq_len * batch, height, width),
                               corenn_conv2d_workspace_size(op.conv_h, batch, height, width));
    l.total = l.conv + align64(ws);
    return l;
}

corenn_conv2d* make_conv(int in, int out, const corenn_convlstm2d_desc& d, const float* w, const float* b, Isa isa) {
    corenn_conv2d_desc c{};
    c.in_channels = in;
    c.out_channels = out;
    c.groups = 1;
    c.kernel_h = d.kernel_h;
    c.kernel_w = d.kernel_w;
    c.stride_h = c.stride_w = c.dilation_h = c.dilation_w = 1;
    c.pad_top = c.pad_bottom = d.kernel_h / 2;
    c.pad_left = c.pad_right = d.kernel_w / 2;
    c.activation = {CORENN_ACT_IDENTITY, 0, 0};
    c.residual = CORENN_RESIDUAL_NONE;
    corenn_conv2d* op = nullptr;
    if (corenn_conv2d_create(&c, w, b, static_cast<int>(isa), &op) != CORENN_OK)
        fail(CORENN_INTERNAL, "convlstm2d: creating its convolution failed: %s", corenn_last_error());
    return op;
}

}  // namespace

corenn_convlstm2d* convlstm2d_create(const corenn_convlstm2d_desc& d, const float* weight, const float* bias,
                                     Isa isa) {
    CORENN_REQUIRE(d.in_channels >= 1, "convlstm2d: in_channels must be >= 1, got %d", d.in_channels);
    CORENN_REQUIRE(d.hidden_channels >= 1, "convlstm2d: hidden_channels must be >= 1, got %d", d.hidden_channels);
    CORENN_REQUIRE(d.kernel_h >= 1 && d.kernel_w >= 1 && d.kernel_h % 2 == 1 && d.kernel_w % 2 == 1,
                   "convlstm2d: kernel must be odd and >= 1 for same padding, got %dx%d", d.kernel_h, d.kernel_w);
    CORENN_REQUIRE(static_cast<int64_t>(d.in_channels + d.hidden_channels) * d.hidden_channels * 4 * d.kernel_h *
                           d.kernel_w <= (int64_t{1} << 31),
                   "convlstm2d: weight too large");
    CORENN_REQUIRE(weight != nullptr, "convlstm2d: weight must not be null");
    const int cin = d.in_channels, ch = d.hidden_channels, taps = d.kernel_h * d.kernel_w, cols = cin + ch;
    // Split the concat-input weight into its x and h halves: [4Ch][Cin][k] and [4Ch][Ch][k].
    std::vector<float> wx(static_cast<size_t>(4) * ch * cin * taps), wh(static_cast<size_t>(4) * ch * ch * taps);
    for (int o = 0; o < 4 * ch; ++o) {
        const float* row = weight + static_cast<size_t>(o) * cols * taps;
        std::copy(row, row + static_cast<size_t>(cin) * taps, wx.begin() + static_cast<size_t>(o) * cin * taps);
        std::copy(row + static_cast<size_t>(cin) * taps, row + static_cast<size_t>(cols) * taps,
                  wh.begin() + static_cast<size_t>(o) * ch * taps);
    }
    auto op = std::make_unique<corenn_convlstm2d>();
    op->desc = d;
    op->conv_x = make_conv(cin, 4 * ch, d, wx.data(), bias, isa);
    op->conv_h = make_conv(ch, 4 * ch, d, wh.data(), nullptr, isa);
    op->kernels = &kernels(isa);
    op->kernel_name = std::string("x: ") + corenn_conv2d_kernel(op->conv_x) + ", h: " +
                      corenn_conv2d_kernel(op->conv_h) + ", gates: " + op->kernels->f32_convlstm_gates_name;
    if (verbose()) std::fprintf(stderr, "corenn: convlstm2d %d->%d: %s\n", cin, ch, op->kernel_name.c_str());
    return op.release();
}

size_t convlstm2d_workspace_size(const corenn_convlstm2d& op, int seq_len, int batch, int height, int width) {
    return layout(op, seq_len, batch, height, width).total;
}

void convlstm2d_run(const corenn_convlstm2d& op, int seq_len, int batch, int height, int width, const float* x,
                    const float* h0, const float* c0, float* y, float* h_n, float* c_n, void* workspace,
                    int threads) {
    const Layout l = layout(op, seq_len, batch, height, width);
    char* ws = static_cast<char*>(workspace);
    float* gx = reinterpret_cast<float*>(ws + l.gx);
    float* gh = reinterpret_cast<float*>(ws + l.gh);
    float* c = reinterpret_cast<float*>(ws + l.c);
    float* h_zero = reinterpret_cast<float*>(ws + l.h_zero);
    void* conv_ws = ws + l.conv;
    const int ch = op.desc.hidden_channels;
    const size_t plane = static_cast<size_t>(height) * width;
    const size_t state = static_cast<size_t>(batch) * ch * plane;

    if (c0 != nullptr) std::memcpy(c, c0, state * sizeof(float));
    else std::memset(c, 0, state * sizeof(float));
    const float* h_prev = h0;
    if (h_prev == nullptr) {
        std::memset(h_zero, 0, state * sizeof(float));
        h_prev = h_zero;
    }
    if (seq_len > 0 && corenn_conv2d_run(op.conv_x, seq_len * batch, height, width, x, nullptr, gx, conv_ws,
                                         threads) != CORENN_OK)
        fail(CORENN_INTERNAL, "convlstm2d: x convolution failed: %s", corenn_last_error());
    const f32_convlstm_gates_fn gates = op.kernels->f32_convlstm_gates;
    for (int t = 0; t < seq_len; ++t) {
        if (corenn_conv2d_run(op.conv_h, batch, height, width, h_prev, nullptr, gh, conv_ws, threads) != CORENN_OK)
            fail(CORENN_INTERNAL, "convlstm2d: h convolution failed: %s", corenn_last_error());
        float* h_t = y + static_cast<size_t>(t) * state;
        const float* gx_t = gx + static_cast<size_t>(t) * batch * 4 * ch * plane;
        parallel_for(threads, static_cast<int64_t>(batch) * ch, [&](int64_t p0, int64_t p1) {
            for (int64_t p = p0; p < p1; ++p) {
                const int64_t b = p / ch, k = p % ch;
                const size_t gate0 = (static_cast<size_t>(b) * 4 * ch + k) * plane;
                gates(gx_t + gate0, gh + gate0, static_cast<size_t>(ch) * plane, c + p * plane, h_t + p * plane,
                      plane);
            }
        });
        h_prev = h_t;
    }
    if (h_n != nullptr) std::memcpy(h_n, h_prev, state * sizeof(float));
    if (c_n != nullptr) std::memcpy(c_n, c, state * sizeof(float));
}

}  // namespace corenn
