// Denormal inputs slow SSE/AVX arithmetic by ~100x. Every native call flushes them (FTZ + DAZ in
// MXCSR, which is per thread) and restores the caller's mode on the way out.
#pragma once

#include <xmmintrin.h>

namespace corenn {

class DenormalsFlushed {
public:
    DenormalsFlushed() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero); }
    DenormalsFlushed(const DenormalsFlushed&) = delete;
    DenormalsFlushed& operator=(const DenormalsFlushed&) = delete;
    ~DenormalsFlushed() { _mm_setcsr(saved_); }

private:
    static constexpr unsigned kFlushToZero = 0x8000;
    static constexpr unsigned kDenormalsAreZero = 0x0040;
    unsigned saved_;
};

}  // namespace corenn
