// Shared test helpers: ISA levels to cover, small-integer data that makes sums exact, and output
// buffers with guard floats that must stay untouched.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "config/cpu.h"

namespace corenn::test {

std::vector<Isa> available_isas();       // every level this CPU can run
constexpr int kThreadCounts[] = {1, 2};

std::vector<float> random_ints(size_t n, int lo, int hi, std::mt19937& rng);
std::vector<float> random_floats(size_t n, float lo, float hi, std::mt19937& rng);

// n floats preceded and followed by guard values; guards_intact() proves no out-of-bounds write.
class GuardedBuffer {
public:
    explicit GuardedBuffer(size_t n, float fill = -12345.0f);
    float* data() { return storage_.data() + kGuard; }
    const float* data() const { return storage_.data() + kGuard; }
    size_t size() const { return n_; }
    bool guards_intact() const;
    std::vector<float> values() const { return {data(), data() + n_}; }

private:
    static constexpr size_t kGuard = 16;
    static constexpr float kGuardValue = 7.25e30f;
    std::vector<float> storage_;
    size_t n_;
};

// Fraction of exact zeros: an output that is mostly zeros proves little, so tests check it.
double zero_fraction(const std::vector<float>& v);

std::string isa_label(Isa isa, int threads);

}  // namespace corenn::test
