/*
 * corenn.h: the whole public native API of Corenn, in plain C.
 *
 * A short tour
 * ------------
 * Every op follows the same plan-then-execute shape (as FFTW plans and oneDNN primitives do):
 *
 *     corenn_dense_desc d = {.in_features = 256, .out_features = 10, .activation = CORENN_ACT_RELU};
 *     corenn_dense* op;
 *     if (corenn_dense_create(&d, weight, bias, CORENN_ISA_AUTO, &op) != CORENN_OK)
 *         fprintf(stderr, "%s\n", corenn_last_error());
 *     corenn_dense_run(op, batch, x, y, threads);   // any number of times, from any thread
 *     corenn_dense_destroy(op);
 *
 * - `create` validates the descriptor, picks a kernel for the CPU (or the forced ISA level) and
 *   prepacks the weights into that kernel's layout. The caller's weight arrays may be freed after.
 * - A created op is immutable: `run` may be called from many threads at once. Scratch memory, where
 *   an op needs any, comes from the caller (`*_workspace_size`), so nothing allocates per call.
 * - Every call that can fail returns a corenn_status; the message is in corenn_last_error(), which
 *   is thread-local. No C++ exception ever crosses this header.
 * - `threads` is an explicit OpenMP thread count (>= 1). Results are bit-identical for every count.
 *
 * Layouts are PyTorch's: activations NCHW / NCW / (seq, batch, feature), weights OIHW / OIW /
 * [out_features, in_features]. All tensors are contiguous float32.
 */
#ifndef CORENN_H
#define CORENN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CORENN_API __attribute__((visibility("default")))
#else
#define CORENN_API
#endif

/* ---------------------------------------------------------------------------------------------
 * Status, errors, version
 * ------------------------------------------------------------------------------------------- */
typedef enum corenn_status {
    CORENN_OK = 0,
    CORENN_INVALID_ARGUMENT = 1, /* a shape, size, pointer or option the op cannot accept */
    CORENN_OUT_OF_MEMORY = 2,
    CORENN_UNSUPPORTED = 3,      /* valid request this build or CPU cannot serve (e.g. forced ISA) */
    CORENN_INTERNAL = 4          /* a bug: please report the message */
} corenn_status;

/* Message of the last failed call on this thread ("" if none). Valid until the next call. */
CORENN_API const char* corenn_last_error(void);
CORENN_API const char* corenn_version(void);

/* ---------------------------------------------------------------------------------------------
 * CPU, dispatch and memory
 * ------------------------------------------------------------------------------------------- */
typedef enum corenn_isa {
    CORENN_ISA_AUTO = -1,   /* the process default: CORENN_ISA from the environment, else the best */
    CORENN_ISA_GENERIC = 0, /* x86-64 baseline, portable C++ */
    CORENN_ISA_AVX2 = 1     /* AVX2 + FMA (+ F16C) */
} corenn_isa;

CORENN_API int corenn_isa_best(void);     /* highest level this CPU supports */
CORENN_API int corenn_isa_default(void);  /* what CORENN_ISA_AUTO resolves to */
CORENN_API const char* corenn_isa_name(int isa);
CORENN_API const char* corenn_cpu_name(void);
CORENN_API const char* corenn_cpu_features(void); /* space-separated, e.g. "sse4.2 avx avx2 fma" */
CORENN_API int corenn_physical_cores(void);
CORENN_API const char* corenn_openblas_config(void);

/* The kernel each slot uses at an ISA level, one "slot: kernel" line per slot. */
CORENN_API const char* corenn_kernel_report(int isa);

/* 64-byte-aligned, zero-filled memory for tensors (NULL if out of memory); counted so tests can
 * prove nothing leaks. */
CORENN_API void* corenn_aligned_alloc(size_t bytes);
CORENN_API void corenn_aligned_free(void* p);
CORENN_API int64_t corenn_live_allocations(void); /* aligned buffers + ops not yet freed */

/* ---------------------------------------------------------------------------------------------
 * Element-wise activations
 * ------------------------------------------------------------------------------------------- */
typedef enum corenn_activation {
    CORENN_ACT_IDENTITY = 0,
    CORENN_ACT_RELU = 1,
    CORENN_ACT_LEAKY_RELU = 2, /* alpha = negative slope */
    CORENN_ACT_SIGMOID = 3,
    CORENN_ACT_TANH = 4,
    CORENN_ACT_RELU6 = 5,
    CORENN_ACT_HARDSWISH = 6,
    CORENN_ACT_CLIP = 7        /* clamp to [alpha, beta] */
} corenn_activation;

typedef struct corenn_activation_desc {
    int kind;   /* corenn_activation */
    float alpha;
    float beta;
} corenn_activation_desc;

/* y[i] = act(x[i]) for i < n; x == y is allowed (in place). */
CORENN_API corenn_status corenn_activation_run(const corenn_activation_desc* act, const float* x,
                                               float* y, size_t n, int isa, int threads);

/* ---------------------------------------------------------------------------------------------
 * Dense (fully connected): y = act(x W^T + b)
 *   x: [batch, in_features]   W: [out_features, in_features]   b: [out_features] or NULL
 *   y: [batch, out_features]
 * ------------------------------------------------------------------------------------------- */
typedef struct corenn_dense corenn_dense;

typedef struct corenn_dense_desc {
    int in_features;
    int out_features;
    corenn_activation_desc activation;
} corenn_dense_desc;

CORENN_API corenn_status corenn_dense_create(const corenn_dense_desc* desc, const float* weight,
                                             const float* bias, int isa, corenn_dense** out);
CORENN_API corenn_status corenn_dense_run(const corenn_dense* op, int batch, const float* x,
                                          float* y, int threads);
/* Which kernel run() uses for this batch size, e.g. "f32-gemv-8x4-avx2" or "openblas-sgemm". */
CORENN_API const char* corenn_dense_kernel(const corenn_dense* op, int batch);
CORENN_API void corenn_dense_destroy(corenn_dense* op);

/* ---------------------------------------------------------------------------------------------
 * Convolution family: conv2d / conv1d, pooling
 *
 * Fused epilogue, per output channel c, with acc = sum over the window of x * w:
 *     t = (acc + bias[c]) * scale[c] + shift[c]        (scale/shift: a BatchNorm folded at load)
 *     y = act(t + r)    if residual == CORENN_RESIDUAL_BEFORE_ACTIVATION   (ResNet: relu(bn(conv)+x))
 *     y = act(t) + r    if residual == CORENN_RESIDUAL_AFTER_ACTIVATION
 *     y = act(t)        if residual == CORENN_RESIDUAL_NONE
 * where r is the element of the residual tensor (same shape as y) at the same position.
 *
 * Conv1d over (N, C, L) is conv2d with in_h = 1, kernel_h = 1, stride_h = dilation_h = 1 and
 * pad_top = pad_bottom = 0: the memory layouts NCL and NC1L are identical.
 * "same" padding (ONNX auto_pad) is resolved by the caller into the four pads.
 * ------------------------------------------------------------------------------------------- */
typedef enum corenn_residual_mode {
    CORENN_RESIDUAL_NONE = 0,
    CORENN_RESIDUAL_BEFORE_ACTIVATION = 1,
    CORENN_RESIDUAL_AFTER_ACTIVATION = 2
} corenn_residual_mode;

typedef struct corenn_conv2d corenn_conv2d;

typedef struct corenn_conv2d_desc {
    int in_channels;               /* C, divisible by groups */
    int out_channels;              /* O, divisible by groups */
    int groups;                    /* >= 1; groups == in_channels is depthwise (O = k * C allowed) */
    int kernel_h, kernel_w;        /* >= 1 */
    int stride_h, stride_w;        /* >= 1 */
    int dilation_h, dilation_w;    /* >= 1 */
    int pad_top, pad_left, pad_bottom, pad_right; /* >= 0, zero padding */
    const float* scale;            /* [O] or NULL (all ones); read only by create */
    const float* shift;            /* [O] or NULL (all zeros); read only by create */
    corenn_activation_desc activation;
    int residual;                  /* corenn_residual_mode */
} corenn_conv2d_desc;

/* out_h = (in_h + pad_top + pad_bottom - dilation_h * (kernel_h - 1) - 1) / stride_h + 1, same for w;
 * fails unless both are >= 1. */
CORENN_API corenn_status corenn_conv2d_output_shape(const corenn_conv2d_desc* desc, int in_h, int in_w,
                                                    int* out_h, int* out_w);
/* weight: [O, C / groups, kernel_h, kernel_w]   bias: [O] or NULL. Prepacks; the arrays may be freed. */
CORENN_API corenn_status corenn_conv2d_create(const corenn_conv2d_desc* desc, const float* weight,
                                              const float* bias, int isa, corenn_conv2d** out);
/* Bytes of scratch run() needs for this input size (0: workspace may be NULL). The workspace serves
 * up to as many threads as the machine has logical CPUs; run() uses no more threads than that. */
CORENN_API size_t corenn_conv2d_workspace_size(const corenn_conv2d* op, int batch, int in_h, int in_w);
/* x: [batch, C, in_h, in_w]   residual, y: [batch, O, out_h, out_w]; residual must be NULL exactly
 * when desc.residual is CORENN_RESIDUAL_NONE. y must not overlap x or residual. */
CORENN_API corenn_status corenn_conv2d_run(const corenn_conv2d* op, int batch, int in_h, int in_w,
                                           const float* x, const float* residual, float* y,
                                           void* workspace, int threads);
/* The implementation chosen at create, e.g. "f32-dwconv2d-8w-avx2" or
 * "conv2d-1x1-sgemm+f32-conv-epilogue-8x-avx2" (GEMM + fused epilogue kernel). */
CORENN_API const char* corenn_conv2d_kernel(const corenn_conv2d* op);
CORENN_API void corenn_conv2d_destroy(corenn_conv2d* op);

/* @@ recurrent family (lstm, gru, rnn, convlstm, streaming) goes here @@ */

#ifdef __cplusplus
}
#endif

#endif /* CORENN_H */
