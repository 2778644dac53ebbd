// C entry points of the convolution family's conv2d.
#include "api/validate.h"
#include "ops/conv2d.h"

using namespace corenn;

namespace {

ConvShape checked_shape(const corenn_conv2d& op, int batch, int in_h, int in_w) {
    CORENN_REQUIRE(batch >= 0, "conv2d: batch must be >= 0, got %d", batch);
    ConvShape s{batch, in_h, in_w, 0, 0};
    conv2d_output_shape(op.desc, in_h, in_w, &s.out_h, &s.out_w);
    return s;
}

}  // namespace

extern "C" {

corenn_status corenn_conv2d_output_shape(const corenn_conv2d_desc* desc, int in_h, int in_w, int* out_h,
                                         int* out_w) {
    return guard([&] {
        require_not_null(desc, "conv2d", "desc");
        require_not_null(out_h, "conv2d", "out_h");
        require_not_null(out_w, "conv2d", "out_w");
        conv2d_output_shape(*desc, in_h, in_w, out_h, out_w);
    });
}

corenn_status corenn_conv2d_create(const corenn_conv2d_desc* desc, const float* weight, const float* bias, int isa,
                                   corenn_conv2d** out) {
    return guard([&] {
        require_not_null(out, "conv2d", "out");
        *out = nullptr;
        require_not_null(desc, "conv2d", "desc");
        *out = conv2d_create(*desc, weight, bias, resolve_isa(isa));
    });
}

int corenn_conv2d_prefers_nchw8c(const corenn_conv2d_desc* desc, int isa) {
    int prefers = 0;
    guard([&] {
        require_not_null(desc, "conv2d", "desc");
        prefers = conv2d_prefers_nchw8c(*desc, resolve_isa(isa)) ? 1 : 0;
    });
    return prefers;
}

size_t corenn_conv2d_workspace_size(const corenn_conv2d* op, int batch, int in_h, int in_w) {
    size_t bytes = 0;
    guard([&] {
        require_not_null(op, "conv2d", "op");
        bytes = conv2d_workspace_size(*op, checked_shape(*op, batch, in_h, in_w));
    });
    return bytes;
}

corenn_status corenn_conv2d_run(const corenn_conv2d* op, int batch, int in_h, int in_w, const float* x,
                                const float* residual, float* y, void* workspace, int threads) {
    return guard([&] {
        require_not_null(op, "conv2d", "op");
        const ConvShape s = checked_shape(*op, batch, in_h, in_w);
        require_threads(threads, "conv2d");
        if (op->desc.residual == CORENN_RESIDUAL_NONE)
            CORENN_REQUIRE(residual == nullptr, "conv2d: residual must be null when the op has no residual add");
        if (batch == 0) return;
        require_not_null(x, "conv2d", "x");
        require_not_null(y, "conv2d", "y");
        if (op->desc.residual != CORENN_RESIDUAL_NONE) require_not_null(residual, "conv2d", "residual");
        conv2d_run(*op, s, x, residual, y, workspace, threads);
    });
}

const char* corenn_conv2d_kernel(const corenn_conv2d* op) { return op == nullptr ? "" : op->name.c_str(); }

void corenn_conv2d_destroy(corenn_conv2d* op) { delete op; }

}  // extern "C"
