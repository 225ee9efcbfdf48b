//===- Runtime.cpp - fixed-point helpers printed into the generated C -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
// The integer arithmetic of TensorFlow Lite (gemmlowp's fixed point), as C99
// `static inline` functions. Only the helpers a model uses are printed.
// Each keeps TFLite's rounding exactly (docs/Rationale.md); where TFLite
// relies on wrap-around or undefined shifts, the C below computes the same
// values without undefined behaviour.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

using namespace mcunet::c_emit;

namespace {

struct Helper {
  const char *name;
  const char *deps; ///< Space-separated helpers this one calls.
  const char *text;
};

const Helper kHelpers[] = {
    {"srdhm", "",
     R"c(/* gemmlowp SaturatingRoundingDoublingHighMul: (a * b * 2) >> 32,
 * rounding half up, saturating INT32_MIN * INT32_MIN. */
static inline int32_t mcunet_srdhm(int32_t a, int32_t b) {
  int64_t ab;
  int64_t nudge;
  if (a == b && a == INT32_MIN) {
    return INT32_MAX;
  }
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

)c"},
    {"rdbpot", "",
     R"c(/* gemmlowp RoundingDivideByPOT: x / 2^exponent, rounding half away from
 * zero. */
static inline int32_t mcunet_rdbpot(int32_t x, int exponent) {
  const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

)c"},
    {"mbqm", "srdhm rdbpot",
     R"c(/* TFLite MultiplyByQuantizedMultiplier: x * multiplier * 2^(shift - 31),
 * the requantization of every int32 accumulator. */
static inline int32_t mcunet_mbqm(int32_t x, int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  int64_t shifted = (int64_t)x * ((int64_t)1 << left);
  if (shifted > INT32_MAX) {
    shifted = INT32_MAX;
  } else if (shifted < INT32_MIN) {
    shifted = INT32_MIN;
  }
  return mcunet_rdbpot(mcunet_srdhm((int32_t)shifted, multiplier), right);
}

)c"},
    {"clamp", "",
     R"c(static inline int32_t mcunet_clamp(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

)c"},
    {"softmax", "srdhm rdbpot",
     R"c(/* gemmlowp SaturatingRoundingMultiplyByPOT for a positive exponent. */
static inline int32_t mcunet_sat_shl(int32_t x, int exponent) {
  const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
  if (x > threshold) {
    return INT32_MAX;
  }
  if (x < -threshold) {
    return INT32_MIN;
  }
  return x * ((int32_t)1 << exponent);
}

/* gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl
 * (Q0.31 in and out). */
static int32_t mcunet_exp_quarter(int32_t a) {
  const int32_t constant_term = 1895147668;     /* exp(-1/8) */
  const int32_t constant_1_over_3 = 715827883; /* 1/3 */
  const int32_t x = a + ((int32_t)1 << 28);     /* a + 1/8 */
  const int32_t x2 = mcunet_srdhm(x, x);
  const int32_t x3 = mcunet_srdhm(x2, x);
  const int32_t x4 = mcunet_srdhm(x2, x2);
  const int32_t x4_over_4 = mcunet_rdbpot(x4, 2);
  const int32_t poly = mcunet_rdbpot(
      mcunet_srdhm(x4_over_4 + x3, constant_1_over_3) + x2, 1);
  return constant_term + mcunet_srdhm(constant_term, x + poly);
}

/* gemmlowp exp_on_negative_values: Q5.26 in (a <= 0), Q0.31 out. */
static int32_t mcunet_exp_on_negative_values(int32_t a) {
  const int32_t one_quarter = (int32_t)1 << 24;
  const int32_t a_mod_quarter_minus_one_quarter =
      (a & (one_quarter - 1)) - one_quarter;
  const int32_t remainder = a_mod_quarter_minus_one_quarter - a;
  int32_t result = mcunet_exp_quarter(mcunet_sat_shl(
      a_mod_quarter_minus_one_quarter, 5));
  if (remainder & ((int32_t)1 << 24)) {
    result = mcunet_srdhm(result, 1672461947); /* exp(-1/4) */
  }
  if (remainder & ((int32_t)1 << 25)) {
    result = mcunet_srdhm(result, 1302514674); /* exp(-1/2) */
  }
  if (remainder & ((int32_t)1 << 26)) {
    result = mcunet_srdhm(result, 790015084); /* exp(-1) */
  }
  if (remainder & ((int32_t)1 << 27)) {
    result = mcunet_srdhm(result, 290630308); /* exp(-2) */
  }
  if (remainder & ((int32_t)1 << 28)) {
    result = mcunet_srdhm(result, 39332535); /* exp(-4) */
  }
  if (remainder & ((int32_t)1 << 29)) {
    result = mcunet_srdhm(result, 720401); /* exp(-8) */
  }
  if (remainder & ((int32_t)1 << 30)) {
    result = mcunet_srdhm(result, 242); /* exp(-16) */
  }
  return a == 0 ? INT32_MAX : result;
}

/* gemmlowp one_over_one_plus_x_for_x_in_0_1 (Newton-Raphson, Q0.31). */
static int32_t mcunet_one_over_one_plus_x(int32_t a) {
  const int64_t sum = (int64_t)a + INT32_MAX;
  const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
  int32_t x = 1515870810 + mcunet_srdhm(half_denominator, -1010580540);
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = mcunet_srdhm(half_denominator, x);
    const int32_t one_minus = ((int32_t)1 << 29) - half_denominator_times_x;
    x = x + mcunet_sat_shl(mcunet_srdhm(x, one_minus), 2);
  }
  return mcunet_sat_shl(x, 1);
}

/* TFLite GetReciprocal for a Q12.19 sum of exponentials. */
static int32_t mcunet_reciprocal(int32_t x, int *num_bits_over_unit) {
  int headroom_plus_one = 0;
  while (headroom_plus_one < 32 &&
         !((uint32_t)x & ((uint32_t)1 << (31 - headroom_plus_one)))) {
    ++headroom_plus_one;
  }
  *num_bits_over_unit = 12 - headroom_plus_one;
  return mcunet_one_over_one_plus_x((int32_t)(
      ((uint32_t)x << headroom_plus_one) - ((uint32_t)1 << 31)));
}

)c"},
    {"round_float", "",
     R"c(/* Round half to even without libm (ONNX QuantizeLinear), saturated to
 * [lo, hi]. */
static inline int32_t mcunet_quantize_float(float x, float scale,
                                            int32_t zero_point, int32_t lo,
                                            int32_t hi) {
  float v = x / scale;
  int32_t r;
  float frac;
  if (!(v > -1073741824.0f)) {
    return lo;
  }
  if (v > 1073741824.0f) {
    return hi;
  }
  r = (int32_t)v;
  frac = v - (float)r;
  if (frac > 0.5f || (frac == 0.5f && (r & 1))) {
    ++r;
  } else if (frac < -0.5f || (frac == -0.5f && (r & 1))) {
    --r;
  }
  r += zero_point;
  return r < lo ? lo : (r > hi ? hi : r);
}

)c"},
};

} // namespace

void mcunet::c_emit::printHelpers(llvm::raw_ostream &os,
                                  const std::set<std::string> &names) {
  // Close over dependencies, then print in table order (deterministic).
  std::set<std::string> all = names;
  bool changed = true;
  while (changed) {
    changed = false;
    for (const Helper &h : kHelpers) {
      if (!all.count(h.name))
        continue;
      llvm::SmallVector<llvm::StringRef> deps;
      llvm::StringRef(h.deps).split(deps, ' ', -1, false);
      for (llvm::StringRef d : deps)
        changed |= all.insert(d.str()).second;
    }
  }
  if (all.empty())
    return;
  os << "/* Integer arithmetic of TensorFlow Lite (bit-exact). */\n\n";
  for (const Helper &h : kHelpers)
    if (all.count(h.name))
      os << h.text;
}
