#pragma once

#include <corenn/corenn.h>

#include <string>

#include "common/memory.h"
#include "config/kernels.h"

// A created ConvLSTM2d: the x and h convolutions (created through the conv2d API, so they get its
// kernel choice and prepacking) and the gate kernel. Immutable, shared by every caller thread.
struct corenn_convlstm2d {
    corenn_convlstm2d_desc desc{};
    corenn_conv2d* conv_x = nullptr;  // Cin -> 4*Ch, with the bias
    corenn_conv2d* conv_h = nullptr;  // Ch -> 4*Ch, no bias
    const corenn::KernelTable* kernels = nullptr;
    std::string kernel_name;
    corenn::LiveObject live;

    corenn_convlstm2d() = default;
    corenn_convlstm2d(const corenn_convlstm2d&) = delete;
    corenn_convlstm2d& operator=(const corenn_convlstm2d&) = delete;
    ~corenn_convlstm2d() {
        corenn_conv2d_destroy(conv_x);
        corenn_conv2d_destroy(conv_h);
    }
};

namespace corenn {

corenn_convlstm2d* convlstm2d_create(const corenn_convlstm2d_desc& desc, const float* weight, const float* bias,
                                     Isa isa);
size_t convlstm2d_workspace_size(const corenn_convlstm2d& op, int seq_len, int batch, int height, int width);
void convlstm2d_run(const corenn_convlstm2d& op, int seq_len, int batch, int height, int width, const float* x,
                    const float* h0, const float* c0, float* y, float* h_n, float* c_n, void* workspace,
                    int threads);

}  // namespace corenn
