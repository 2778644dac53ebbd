// IEEE 754 binary16 <-> float in portable C++, for the opt-in fp16 recurrent weights: packing at
// create (round to nearest even) and the generic kernels' loads. AVX2 kernels use F16C instead,
// which computes the same values.
#pragma once

#include <cstdint>
#include <cstring>

namespace corenn {

inline uint16_t float_to_half(float value) {
    uint32_t f;
    std::memcpy(&f, &value, sizeof f);
    const uint32_t sign = (f >> 16) & 0x8000u;
    const uint32_t abs = f & 0x7fffffffu;
    if (abs >= 0x7f800000u) return static_cast<uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
    if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // rounds past 65504: inf
    if (abs < 0x38800000u) {
        // Subnormal half (or zero): shift the full significand into place, round to nearest even.
        if (abs < 0x33000000u) return static_cast<uint16_t>(sign);
        const uint32_t exponent = abs >> 23, significand = (abs & 0x7fffffu) | 0x800000u;
        const uint32_t shift = 126 - exponent;  // 14..24
        uint32_t half = significand >> shift;
        const uint32_t rest = significand & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1u))) ++half;
        return static_cast<uint16_t>(sign | half);
    }
    uint32_t half = ((abs - 0x38000000u) >> 13);  // rebias the exponent 127 -> 15
    const uint32_t rest = abs & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;  // a carry may reach the exponent: fine
    return static_cast<uint16_t>(sign | half);
}

inline float half_to_float(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu, significand = h & 0x3ffu;
    uint32_t f;
    if (exponent == 0x1f) {
        f = sign | 0x7f800000u | (significand << 13);
    } else if (exponent != 0) {
        f = sign | ((exponent + 112) << 23) | (significand << 13);
    } else if (significand == 0) {
        f = sign;
    } else {
        // Subnormal: value = significand * 2^-24, exact in float.
        float magnitude = static_cast<float>(significand) * (1.0f / 16777216.0f);
        std::memcpy(&f, &magnitude, sizeof f);
        f |= sign;
    }
    float value;
    std::memcpy(&value, &f, sizeof value);
    return value;
}

}  // namespace corenn
