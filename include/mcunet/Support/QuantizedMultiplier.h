//===- QuantizedMultiplier.h - TFLite fixed-point requantization -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The integer requantization arithmetic of TensorFlow Lite (the contract in
// docs/Rationale.md): a real multiplier becomes a Q31 mantissa and a power of
// two, applied with a saturating rounding doubling high multiply and a
// rounding right shift. The compiler uses these to fold multipliers at
// compile time; the generated C carries the same arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_SUPPORT_QUANTIZEDMULTIPLIER_H
#define MCUNET_SUPPORT_QUANTIZEDMULTIPLIER_H

#include <cstdint>

namespace mcunet {

/// A real multiplier `m ~= multiplier * 2^(shift - 31)`, with `multiplier`
/// in [2^30, 2^31) (or 0).
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;
};

/// TFLite's QuantizeMultiplier: frexp, round half away from zero into Q31,
/// renormalize a mantissa that rounds up to 2^31, and flush multipliers
/// below 2^-31 to zero.
QuantizedMultiplier quantizeMultiplier(double realMultiplier);

/// gemmlowp's SaturatingRoundingDoublingHighMul: (a * b * 2 + 2^31) >> 32
/// with round-half-away-from-zero, saturating INT32_MIN * INT32_MIN.
int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b);

/// gemmlowp's RoundingDivideByPOT: x / 2^exponent, rounding half away from
/// zero. `exponent` must be in [0, 31].
int32_t roundingDivideByPOT(int32_t x, int exponent);

/// TFLite's MultiplyByQuantizedMultiplier (double rounding):
/// left shift, high multiply, rounding right shift.
int32_t multiplyByQuantizedMultiplier(int32_t x, QuantizedMultiplier qm);

} // namespace mcunet

#endif // MCUNET_SUPPORT_QUANTIZEDMULTIPLIER_H
