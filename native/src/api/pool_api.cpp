// C entry points of pool2d.
#include "api/validate.h"
#include "ops/pool2d.h"

using namespace corenn;

extern "C" {

corenn_status corenn_pool2d_output_shape(const corenn_pool2d_desc* desc, int in_h, int in_w, int* out_h,
                                         int* out_w) {
    return guard([&] {
        require_not_null(desc, "pool2d", "desc");
        require_not_null(out_h, "pool2d", "out_h");
        require_not_null(out_w, "pool2d", "out_w");
        pool2d_output_shape(*desc, in_h, in_w, out_h, out_w);
    });
}

corenn_status corenn_pool2d_create(const corenn_pool2d_desc* desc, int isa, corenn_pool2d** out) {
    return guard([&] {
        require_not_null(out, "pool2d", "out");
        *out = nullptr;
        require_not_null(desc, "pool2d", "desc");
        *out = pool2d_create(*desc, resolve_isa(isa));
    });
}

size_t corenn_pool2d_workspace_size(const corenn_pool2d* op, int in_h, int in_w) {
    size_t bytes = 0;
    guard([&] {
        require_not_null(op, "pool2d", "op");
        bytes = pool2d_workspace_size(*op, in_h, in_w);
    });
    return bytes;
}

corenn_status corenn_pool2d_run(const corenn_pool2d* op, int batch, int channels, int in_h, int in_w, const float* x,
                                float* y, void* workspace, int threads) {
    return guard([&] {
        require_not_null(op, "pool2d", "op");
        CORENN_REQUIRE(batch >= 0, "pool2d: batch must be >= 0, got %d", batch);
        CORENN_REQUIRE(channels >= 0, "pool2d: channels must be >= 0, got %d", channels);
        int out_h = 0, out_w = 0;
        pool2d_output_shape(op->desc, in_h, in_w, &out_h, &out_w);
        require_threads(threads, "pool2d");
        if (batch == 0 || channels == 0) return;
        require_not_null(x, "pool2d", "x");
        require_not_null(y, "pool2d", "y");
        pool2d_run(*op, batch, channels, in_h, in_w, x, y, workspace, threads);
    });
}

const char* corenn_pool2d_kernel(const corenn_pool2d* op) { return op == nullptr ? "" : op->name.c_str(); }

void corenn_pool2d_destroy(corenn_pool2d* op) { delete op; }

}  // extern "C"
