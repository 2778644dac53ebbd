#include "ops/dense.h"

#include <cblas.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "common/error.h"
#include "common/parallel.h"
#include "ops/activation.h"

namespace corenn {

namespace {

// sgemm runs on column chunks of this fixed width, one single-threaded OpenBLAS call each; because
// the chunks never depend on the thread count, neither do the results.
constexpr int kSgemmChunk = 128;

void use_single_threaded_openblas() {
    static std::once_flag once;
    std::call_once(once, [] { openblas_set_num_threads(1); });
}

}  // namespace

corenn_dense* dense_create(const corenn_dense_desc& desc, const float* weight, const float* bias, Isa isa) {
    CORENN_REQUIRE(desc.in_features > 0, "dense: in_features must be > 0, got %d", desc.in_features);
    CORENN_REQUIRE(desc.out_features > 0, "dense: out_features must be > 0, got %d", desc.out_features);
    CORENN_REQUIRE(static_cast<int64_t>(desc.in_features) * desc.out_features <= (int64_t{1} << 31),
                   "dense: in_features * out_features must be <= 2^31, got %d x %d", desc.in_features,
                   desc.out_features);
    CORENN_REQUIRE(weight != nullptr, "dense: weight must not be null");
    validate_activation(desc.activation, "dense");
    use_single_threaded_openblas();

    auto op = std::make_unique<corenn_dense>();
    const int in = desc.in_features, out = desc.out_features, blocks = (out + 7) / 8;
    op->desc = desc;
    op->isa = isa;
    op->kernels = &kernels(isa);
    op->weight = FloatBuffer(static_cast<size_t>(out) * in);
    std::copy(weight, weight + static_cast<size_t>(out) * in, op->weight.data());
    op->packed = FloatBuffer(static_cast<size_t>(blocks) * in * 8);
    for (int r = 0; r < out; ++r)
        for (int i = 0; i < in; ++i)
            op->packed.data()[(static_cast<size_t>(r / 8) * in + i) * 8 + r % 8] = weight[static_cast<size_t>(r) * in + i];
    op->bias = FloatBuffer(static_cast<size_t>(blocks) * 8);
    if (bias != nullptr) std::copy(bias, bias + out, op->bias.data());
    if (verbose())
        std::fprintf(stderr, "corenn: dense %dx%d: batch<=%d -> %s, larger -> openblas-sgemm\n", out, in,
                     kDenseGemvMaxBatch, op->kernels->f32_gemv_name);
    return op.release();
}

void dense_run(const corenn_dense& op, int batch, const float* x, float* y, int threads) {
    const int in = op.desc.in_features, out = op.desc.out_features;
    if (batch <= kDenseGemvMaxBatch) {
        const int blocks = (out + 7) / 8;
        parallel_for(threads, blocks, [&](int64_t b0, int64_t b1) {
            for (int n = 0; n < batch; ++n)
                op.kernels->f32_gemv(op.packed.data(), op.bias.data(), x + static_cast<size_t>(n) * in,
                                     y + static_cast<size_t>(n) * out, in, out, static_cast<int>(b0),
                                     static_cast<int>(b1), op.desc.activation);
        });
        return;
    }
    const int chunks = (out + kSgemmChunk - 1) / kSgemmChunk;
    parallel_for(threads, chunks, [&](int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; ++c) {
            const int n0 = static_cast<int>(c) * kSgemmChunk, width = std::min(kSgemmChunk, out - n0);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, width, in, 1.0f, x, in,
                        op.weight.data() + static_cast<size_t>(n0) * in, in, 0.0f, y + n0, out);
            for (int n = 0; n < batch; ++n) {
                float* row = y + static_cast<size_t>(n) * out + n0;
                for (int j = 0; j < width; ++j) row[j] += op.bias.data()[n0 + j];
                op.kernels->f32_activation(op.desc.activation, row, row, static_cast<size_t>(width));
            }
        }
    });
}

const char* dense_kernel(const corenn_dense& op, int batch) {
    return batch <= kDenseGemvMaxBatch ? op.kernels->f32_gemv_name : "openblas-sgemm";
}

}  // namespace corenn
