#include "api/validate.h"
#include "config/cpu.h"
#include "ops/convlstm2d.h"

using namespace corenn;

extern "C" {

corenn_status corenn_convlstm2d_create(const corenn_convlstm2d_desc* desc, const float* weight, const float* bias,
                                       int isa, corenn_convlstm2d** out) {
    return guard([&] {
        require_not_null(out, "convlstm2d", "out");
        *out = nullptr;
        require_not_null(desc, "convlstm2d", "desc");
        *out = convlstm2d_create(*desc, weight, bias, resolve_isa(isa));
    });
}

size_t corenn_convlstm2d_workspace_size(const corenn_convlstm2d* op, int seq_len, int batch, int height,
                                        int width) {
    if (op == nullptr || seq_len < 0 || batch < 0 || height < 1 || width < 1) return 0;
    return convlstm2d_workspace_size(*op, seq_len, batch, height, width);
}

corenn_status corenn_convlstm2d_run(const corenn_convlstm2d* op, int seq_len, int batch, int height, int width,
                                    const float* x, const float* h0, const float* c0, float* y, float* h_n,
                                    float* c_n, void* workspace, int threads) {
    return guard([&] {
        require_not_null(op, "convlstm2d", "op");
        CORENN_REQUIRE(seq_len >= 0 && batch >= 0, "convlstm2d: seq_len and batch must be >= 0, got %d and %d",
                       seq_len, batch);
        CORENN_REQUIRE(height >= 1 && width >= 1, "convlstm2d: height and width must be >= 1, got %dx%d", height,
                       width);
        CORENN_REQUIRE(static_cast<int64_t>(height) * width * op->desc.hidden_channels * 4 <= (int64_t{1} << 31),
                       "convlstm2d: planes of %dx%d are too large", height, width);
        require_threads(threads, "convlstm2d");
        if (batch == 0) return;
        if (seq_len > 0) {
            require_not_null(x, "convlstm2d", "x");
            require_not_null(y, "convlstm2d", "y");
        }
        require_not_null(workspace, "convlstm2d", "workspace");
        convlstm2d_run(*op, seq_len, batch, height, width, x, h0, c0, y, h_n, c_n, workspace, threads);
    });
}

const char* corenn_convlstm2d_kernel(const corenn_convlstm2d* op) {
    return op == nullptr ? "" : op->kernel_name.c_str();
}

void corenn_convlstm2d_destroy(corenn_convlstm2d* op) { delete op; }

}  // extern "C"
