// Walks the taps of one kernel row through a phase-split plane (PhasePlane): tap kw sits in phase
// (kw * dilation_w) % stride_w at column (kw * dilation_w) / stride_w. Stepping incrementally keeps
// integer division out of the pooling loops.
#pragma once

#include "config/kernels.h"

namespace corenn {

class WindowTaps {
public:
    explicit WindowTaps(const PhasePlane& p) : p_(p) {}
    size_t offset() const { return phase_ * p_.phase_stride + column_; }
    void next() {
        phase_ += p_.dilation_w;
        while (phase_ >= p_.stride_w) {
            phase_ -= p_.stride_w;
            ++column_;
        }
    }

private:
    const PhasePlane& p_;
    int phase_ = 0;
    size_t column_ = 0;
};

}  // namespace corenn
