//===- QuantizedMultiplierTest.cpp - TFLite requantization arithmetic -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
// Expected values come from the definitions (Q31 mantissa times a power of
// two; gemmlowp rounding rules), worked out by hand, not from the code.
//
//===----------------------------------------------------------------------===//

#include "mcunet/Support/QuantizedMultiplier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

using namespace mcunet;

namespace {

TEST(QuantizeMultiplier, PowersOfTwoAndSimpleFractions) {
  // 0.5 = 0.5 * 2^0: mantissa 0.5 -> 2^30.
  EXPECT_EQ(quantizeMultiplier(0.5).multiplier, 1 << 30);
  EXPECT_EQ(quantizeMultiplier(0.5).shift, 0);
  // 1.0 = 0.5 * 2^1.
  EXPECT_EQ(quantizeMultiplier(1.0).multiplier, 1 << 30);
  EXPECT_EQ(quantizeMultiplier(1.0).shift, 1);
  // 0.75 = 0.75 * 2^0: 0.75 * 2^31 = 3 * 2^29.
  EXPECT_EQ(quantizeMultiplier(0.75).multiplier, 3 << 29);
  EXPECT_EQ(quantizeMultiplier(0.75).shift, 0);
  // 0.1 = 0.8 * 2^-3: round(0.8 * 2^31) = 1717986918.
  EXPECT_EQ(quantizeMultiplier(0.1).multiplier, 1717986918);
  EXPECT_EQ(quantizeMultiplier(0.1).shift, -3);
}

TEST(QuantizeMultiplier, ZeroTinyAndMantissaOverflow) {
  EXPECT_EQ(quantizeMultiplier(0.0).multiplier, 0);
  EXPECT_EQ(quantizeMultiplier(0.0).shift, 0);
  // Below 2^-31 the multiplier is flushed to zero.
  EXPECT_EQ(quantizeMultiplier(std::ldexp(1.0, -40)).multiplier, 0);
  EXPECT_EQ(quantizeMultiplier(std::ldexp(1.0, -40)).shift, 0);
  // 1 - 2^-40 has mantissa that rounds to 2^31: renormalized to 2^30, +1.
  QuantizedMultiplier qm = quantizeMultiplier(1.0 - std::ldexp(1.0, -40));
  EXPECT_EQ(qm.multiplier, 1 << 30);
  EXPECT_EQ(qm.shift, 1);
}

TEST(QuantizeMultiplier, MantissaWithinHalfUnitOfReal) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> logDist(-20.0, 3.0);
  for (int i = 0; i < 10000; ++i) {
    double m = std::exp2(logDist(rng));
    QuantizedMultiplier qm = quantizeMultiplier(m);
    ASSERT_GE(qm.multiplier, 1 << 30);
    double exact = std::ldexp(m, 31 - qm.shift);
    EXPECT_LE(std::fabs(exact - qm.multiplier), 0.5) << "m = " << m;
  }
}

TEST(SaturatingRoundingDoublingHighMul, RoundsHalfUpAndSaturates) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(saturatingRoundingDoublingHighMul(kMin, kMin), kMax);
  // 0.5 * 0.5 in Q31 is 0.25 = 2^29.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29);
  // 3 * 0.5 = 1.5 -> 2, -3 * 0.5 = -1.5 -> -1 (gemmlowp's nudge).
  EXPECT_EQ(saturatingRoundingDoublingHighMul(3, 1 << 30), 2);
  EXPECT_EQ(saturatingRoundingDoublingHighMul(-3, 1 << 30), -1);
  // 5 * 0.5 = 2.5 -> 3, -5 * 0.5 = -2.5 -> -2.
  EXPECT_EQ(saturatingRoundingDoublingHighMul(5, 1 << 30), 3);
  EXPECT_EQ(saturatingRoundingDoublingHighMul(-5, 1 << 30), -2);
}

TEST(RoundingDivideByPOT, RoundsHalfAwayFromZero) {
  EXPECT_EQ(roundingDivideByPOT(5, 1), 3);   // 2.5
  EXPECT_EQ(roundingDivideByPOT(-5, 1), -3); // -2.5
  EXPECT_EQ(roundingDivideByPOT(4, 1), 2);
  EXPECT_EQ(roundingDivideByPOT(7, 2), 2);   // 1.75
  EXPECT_EQ(roundingDivideByPOT(6, 2), 2);   // 1.5
  EXPECT_EQ(roundingDivideByPOT(-6, 2), -2); // -1.5
  EXPECT_EQ(roundingDivideByPOT(-7, 2), -2); // -1.75
  EXPECT_EQ(roundingDivideByPOT(123, 0), 123);
}

TEST(MultiplyByQuantizedMultiplier, AgreesWithRealProductWithinOne) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> logDist(-16.0, 1.0);
  std::uniform_int_distribution<int32_t> acc(-(1 << 20), 1 << 20);
  for (int i = 0; i < 20000; ++i) {
    double m = std::exp2(logDist(rng));
    int32_t x = acc(rng);
    int32_t got = multiplyByQuantizedMultiplier(x, quantizeMultiplier(m));
    EXPECT_LE(std::fabs(got - static_cast<double>(x) * m), 1.0)
        << "x = " << x << ", m = " << m;
  }
}

TEST(MultiplyByQuantizedMultiplier, KnownValues) {
  // x * 0.5 with x = 7: SRDHM gives 4 (3.5 rounds up), no right shift.
  EXPECT_EQ(multiplyByQuantizedMultiplier(7, quantizeMultiplier(0.5)), 4);
  // x * 0.25: multiplier 2^30, shift -1: SRDHM(7) = 4, then 4 / 2 = 2.
  EXPECT_EQ(multiplyByQuantizedMultiplier(7, quantizeMultiplier(0.25)), 2);
  // x * 2: shift 2, 2^30: (7 << 2) * 0.5 = 14.
  EXPECT_EQ(multiplyByQuantizedMultiplier(7, quantizeMultiplier(2.0)), 14);
}

} // namespace
