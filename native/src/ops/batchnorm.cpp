#include <cmath>
#include <cstdio>
#include <memory>

#include "common/error.h"
#include "common/parallel.h"
#include "ops/activation.h"
#include "ops/tensor_ops.h"

namespace corenn {

corenn_batchnorm* batchnorm_create(const corenn_batchnorm_desc& desc, const float* mean, const float* var,
                                   const float* gamma, const float* beta, Isa isa) {
    CORENN_REQUIRE(desc.channels >= 1, "batchnorm: channels must be >= 1, got %d", desc.channels);
    CORENN_REQUIRE(std::isfinite(desc.epsilon) && desc.epsilon >= 0.0f, "batchnorm: epsilon must be finite and >= 0, got %g",
                   desc.epsilon);
    CORENN_REQUIRE(mean != nullptr, "batchnorm: mean must not be null");
    CORENN_REQUIRE(var != nullptr, "batchnorm: var must not be null");
    validate_activation(desc.activation, "batchnorm");
    auto op = std::make_unique<corenn_batchnorm>();
    op->desc = desc;
    op->kernels = &kernels(isa);
    op->scale = FloatBuffer(static_cast<size_t>(desc.channels));
    op->shift = FloatBuffer(static_cast<size_t>(desc.channels));
    for (int c = 0; c < desc.channels; ++c) {
        const double denominator = static_cast<double>(var[c]) + desc.epsilon;
        CORENN_REQUIRE(denominator > 0.0, "batchnorm: var + epsilon must be > 0, got %g for channel %d", denominator, c);
        // Folded in double so the float scale and shift are each rounded once.
        const double scale = (gamma != nullptr ? gamma[c] : 1.0) / std::sqrt(denominator);
        op->scale.data()[c] = static_cast<float>(scale);
        op->shift.data()[c] = static_cast<float>((beta != nullptr ? beta[c] : 0.0) - mean[c] * scale);
    }
    if (verbose())
        std::fprintf(stderr, "corenn: batchnorm %d channels: chose %s\n", desc.channels, op->kernels->f32_affine_name);
    return op.release();
}

void batchnorm_run(const corenn_batchnorm& op, int batch, int64_t spatial, const float* x, float* y, int threads) {
    const int channels = op.desc.channels;
    // Planes are the work units; tiny planes (BatchNorm1d on (N, C)) are grouped so that a unit is
    // at least ~4K floats, a count fixed by the shape alone.
    const int64_t planes = int64_t{batch} * channels;
    const int64_t per_unit = std::max<int64_t>(1, 4096 / std::max<int64_t>(spatial, 1));
    parallel_for(threads, (planes + per_unit - 1) / per_unit, [&](int64_t u0, int64_t u1) {
        for (int64_t p = u0 * per_unit; p < std::min(planes, u1 * per_unit); ++p) {
            const int c = static_cast<int>(p % channels);
            op.kernels->f32_affine(x + p * spatial, y + p * spatial, static_cast<size_t>(spatial), op.scale.data()[c],
                                   op.shift.data()[c], op.desc.activation);
        }
    });
}

}  // namespace corenn
