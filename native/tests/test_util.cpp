#include "test_util.h"

#include <algorithm>

namespace corenn::test {

std::vector<Isa> available_isas() {
    std::vector<Isa> isas;
    for (int level = 0; level <= static_cast<int>(isa_best()); ++level) isas.push_back(static_cast<Isa>(level));
    return isas;
}

std::vector<float> random_ints(size_t n, int lo, int hi, std::mt19937& rng) {
    std::uniform_int_distribution<int> dist(lo, hi);
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(dist(rng));
    return v;
}

std::vector<float> random_floats(size_t n, float lo, float hi, std::mt19937& rng) {
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (float& x : v) x = dist(rng);
    return v;
}

GuardedBuffer::GuardedBuffer(size_t n, float fill) : storage_(n + 2 * kGuard, kGuardValue), n_(n) {
    std::fill(storage_.begin() + kGuard, storage_.begin() + kGuard + n, fill);
}

bool GuardedBuffer::guards_intact() const {
    for (size_t i = 0; i < kGuard; ++i)
        if (storage_[i] != kGuardValue || storage_[kGuard + n_ + i] != kGuardValue) return false;
    return true;
}

double zero_fraction(const std::vector<float>& v) {
    if (v.empty()) return 0;
    return static_cast<double>(std::count(v.begin(), v.end(), 0.0f)) / static_cast<double>(v.size());
}

std::string isa_label(Isa isa, int threads) {
    return std::string(isa_name(isa)) + "/" + std::to_string(threads) + "t";
}

}  // namespace corenn::test
