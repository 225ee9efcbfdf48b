//===- QuantizedMultiplier.cpp - TFLite fixed-point requantization --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "mcunet/Support/QuantizedMultiplier.h"

#include <cmath>
#include <limits>

using namespace mcunet;

QuantizedMultiplier mcunet::quantizeMultiplier(double realMultiplier) {
  QuantizedMultiplier result;
  if (realMultiplier == 0.0 || !std::isfinite(realMultiplier))
    return result;
  int shift = 0;
  double mantissa = std::frexp(realMultiplier, &shift);
  // std::round rounds half away from zero, like TfLiteRound.
  auto fixed = static_cast<int64_t>(std::round(mantissa * (1LL << 31)));
  if (fixed == (1LL << 31)) {
    fixed /= 2;
    ++shift;
  }
  if (shift < -31) {
    shift = 0;
    fixed = 0;
  }
  result.multiplier = static_cast<int32_t>(fixed);
  result.shift = shift;
  return result;
}

int32_t mcunet::saturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min())
    return std::numeric_limits<int32_t>::max();
  int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  return static_cast<int32_t>((ab + nudge) / (1LL << 31));
}

int32_t mcunet::roundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t mcunet::multiplyByQuantizedMultiplier(int32_t x,
                                              QuantizedMultiplier qm) {
  int leftShift = qm.shift > 0 ? qm.shift : 0;
  int rightShift = qm.shift > 0 ? 0 : -qm.shift;
  // The left shift is done in 64 bits and saturated, so large multipliers
  // cannot overflow (TFLite leaves this undefined; callers stay in range).
  int64_t shifted = static_cast<int64_t>(x) * (1LL << leftShift);
  if (shifted > std::numeric_limits<int32_t>::max())
    shifted = std::numeric_limits<int32_t>::max();
  if (shifted < std::numeric_limits<int32_t>::min())
    shifted = std::numeric_limits<int32_t>::min();
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(
                                 static_cast<int32_t>(shifted), qm.multiplier),
                             rightShift);
}
