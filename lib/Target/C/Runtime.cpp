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
    {"requant", "",
     R"c(/* mcunet_mbqm for a multiplier in [2^30, 2^31) (every requantization
 * multiplier mcunet computes): the same values, the doubling high multiply
 * rounded by one 64-bit multiply-accumulate ((x * m + 2^30) >> 31 equals
 * gemmlowp's nudged, truncating division for both signs). */
static inline int32_t mcunet_requant(int32_t x, int32_t multiplier,
                                     int shift) {
  int64_t shifted = (int64_t)x * ((int64_t)1 << (shift > 0 ? shift : 0));
  int32_t high;
  int32_t mask;
  int32_t threshold;
  if (shifted > INT32_MAX) {
    shifted = INT32_MAX;
  } else if (shifted < INT32_MIN) {
    shifted = INT32_MIN;
  }
  high = (int32_t)(((int64_t)(int32_t)shifted * multiplier +
                    ((int64_t)1 << 30)) >> 31);
  if (shift >= 0) {
    return high;
  }
  mask = (int32_t)(((int64_t)1 << -shift) - 1);
  threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> -shift) + ((high & mask) > threshold ? 1 : 0);
}

)c"},
    {"requant_down", "",
     R"c(/* mcunet_requant for shift <= 0 (a real multiplier below 1, what
 * convolutions have): no left shift, nothing to saturate. */
static inline int32_t mcunet_requant_down(int32_t x, int32_t multiplier,
                                          int shift) {
  const int right = -shift;
  const int32_t high =
      (int32_t)(((int64_t)x * multiplier + ((int64_t)1 << 30)) >> 31);
  const int32_t mask = (int32_t)(((uint32_t)1 << right) - 1u);
  const int32_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> right) + ((high & mask) > threshold ? 1 : 0);
}

)c"},
    {"requant_fast", "",
     R"c(/* mcunet_requant_down for right shifts of 2 or more (nearly every
 * convolution), with round = 2^(right - 2) and shift_high = right - 1 from
 * the layer's tables: one 64-bit multiply-accumulate and three 32-bit
 * operations. With t = x * m + 2^30, TFLite computes high = t >> 31, then
 * (high + 2^(right - 1) - (high < 0)) >> right; that is one floor of
 * t + 2^(30 + right) - (t < 0) * 2^31 by 2^(31 + right) (a floor of a
 * floor by powers of two is one floor), whose high word is the high word
 * of t, plus round, minus the borrow of subtracting 2^31 from a negative
 * t whose low word is below 2^31. Bit-identical (requant-helpers.test). */
static inline int32_t mcunet_requant_fast(int32_t x, int32_t multiplier,
                                          int32_t round, int32_t shift_high) {
  const int64_t t = (int64_t)x * multiplier + ((int64_t)1 << 30);
  const int32_t high = (int32_t)(t >> 32);
  const uint32_t low = (uint32_t)t;
  const int32_t borrow = (int32_t)(((uint32_t)high & ~low) >> 31);
  return (high + round - borrow) >> shift_high;
}

)c"},
    {"requant_fast1", "",
     R"c(/* mcunet_requant_fast for right shifts of 1 or more, with half =
 * 2^(right - 1) and shift_high = right - 1: the same one floor of
 * t + d * 2^31 by 2^(31 + right), d = half - (t < 0), whose high word is
 * high + d / 2 + (d odd and the low word's top bit set). Bit-identical
 * (requant-helpers.test). */
static inline int32_t mcunet_requant_fast1(int32_t x, int32_t multiplier,
                                           int32_t half, int32_t shift_high) {
  const int64_t t = (int64_t)x * multiplier + ((int64_t)1 << 30);
  const int32_t high = (int32_t)(t >> 32);
  const uint32_t low = (uint32_t)t;
  const int32_t d = half - (int32_t)((uint32_t)high >> 31);
  return (high + (d >> 1) + (int32_t)((uint32_t)d & (low >> 31))) >>
         shift_high;
}

)c"},
    {"requant_mmla", "",
     R"c(/* TFLite's requantization plus the output zero point, for accumulators
 * the compiler has bounded below 2^30 in magnitude and right shifts of 1
 * or more, with offset = 2^(right - 1) + zp * 2^right (the compiler checks
 * that nothing overflows). gemmlowp's doubling high multiply is
 * (2x * m + 2^31) >> 32, one SMMLAR that also adds the offset; the
 * rounding shift then only needs the sign of the product, which is the
 * sign of x (where they differ the product rounds to 0 and both give the
 * same result). Bit-identical (requant-helpers.test). */
static inline int32_t mcunet_requant_mmla(int32_t x, int32_t multiplier,
                                          int32_t offset, int32_t right) {
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
  int32_t h;
  __asm__("smmlar %0, %1, %2, %3"
          : "=r"(h)
          : "r"(x * 2), "r"(multiplier), "r"(offset));
#else
  const int32_t h =
      (int32_t)(((int64_t)(x * 2) * multiplier + ((int64_t)1 << 31)) >> 32) +
      offset;
#endif
  return (h - (int32_t)((uint32_t)x >> 31)) >> right;
}

)c"},
    {"requant_mmla2", "",
     R"c(/* mcunet_requant_mmla for an accumulator the kernel has computed doubled
 * (x2 = 2x: int16 columns or weights already doubled, so the doubling
 * costs nothing per output): the same values, one instruction less. */
static inline int32_t mcunet_requant_mmla2(int32_t x2, int32_t multiplier,
                                           int32_t offset, int32_t right) {
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
  int32_t h;
  __asm__("smmlar %0, %1, %2, %3"
          : "=r"(h)
          : "r"(x2), "r"(multiplier), "r"(offset));
#else
  const int32_t h =
      (int32_t)(((int64_t)x2 * multiplier + ((int64_t)1 << 31)) >> 32) +
      offset;
#endif
  return (h - (int32_t)((uint32_t)x2 >> 31)) >> right;
}

)c"},
    {"requant_mmla_relu", "",
     R"c(/* mcunet_requant_mmla for outputs clamped at or above the output zero
 * point (a fused ReLU, or a zero point of -128): without the rounding's
 * sign correction, which only changes outputs of negative accumulators,
 * and those are at most the zero point, which the clamp replaces anyway
 * (the multiplier is positive). One instruction less. */
static inline int32_t mcunet_requant_mmla_relu(int32_t x, int32_t multiplier,
                                               int32_t offset, int32_t right) {
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
  int32_t h;
  __asm__("smmlar %0, %1, %2, %3"
          : "=r"(h)
          : "r"(x * 2), "r"(multiplier), "r"(offset));
#else
  const int32_t h =
      (int32_t)(((int64_t)(x * 2) * multiplier + ((int64_t)1 << 31)) >> 32) +
      offset;
#endif
  return h >> right;
}

)c"},
    {"requant_mmla2_relu", "",
     R"c(/* mcunet_requant_mmla2 for outputs clamped at or above the output zero
 * point (see mcunet_requant_mmla_relu): SMMLAR and ASR. */
static inline int32_t mcunet_requant_mmla2_relu(int32_t x2, int32_t multiplier,
                                                int32_t offset, int32_t right) {
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
  int32_t h;
  __asm__("smmlar %0, %1, %2, %3"
          : "=r"(h)
          : "r"(x2), "r"(multiplier), "r"(offset));
#else
  const int32_t h =
      (int32_t)(((int64_t)x2 * multiplier + ((int64_t)1 << 31)) >> 32) +
      offset;
#endif
  return h >> right;
}

)c"},
    {"load32", "",
     R"c(#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

/* Four bytes as one (possibly unaligned) word: a single load on Cortex-M3
 * and up, also in -ffreestanding builds where memcpy is not a builtin. */
static inline uint32_t mcunet_load32(const int8_t *p) {
  uint32_t v;
#if defined(__GNUC__)
  __builtin_memcpy(&v, p, 4);
#else
  memcpy(&v, p, 4);
#endif
  return v;
}

/* Two 32-bit words from a word-aligned p, which moves on by 8 bytes: one
 * LDRD (GCC 12 splits 64-bit loads into two LDR). The "m" operand tells
 * the compiler which 8 bytes the load reads (as bytes: whatever type
 * wrote them). */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
#define MCUNET_LDRD(a, b, p)                                                   \
  __asm__("ldrd %0, %1, [%2], #8"                                              \
          : "=r"(a), "=r"(b), "+r"(p)                                          \
          : "m"(*(const uint8_t(*)[8])(const void *)(p)))
#endif

#if defined(__ARM_FEATURE_DSP)
/* Bytes 1 and 3 of v widened to two int16 halves: __sxtb16 of v rotated
 * by 8 bits, one instruction with the rotation folded in (GCC 12 emits the
 * rotation of __sxtb16(ror(v)) as an instruction of its own). */
static inline int32_t mcunet_sxtb16_ror8(uint32_t v) {
#if defined(__GNUC__)
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
  return r;
#else
  return (int32_t)__sxtb16((v >> 8) | (v << 24));
#endif
}
#endif

)c"},
    {"dot_2x2", "load32",
     R"c(/* Four int8 dot products of length n at once, two pixels (x0, x1) by two
 * filters (w0, w1): acc[0] += x0.w0, acc[1] += x1.w0, acc[2] += x0.w1,
 * acc[3] += x1.w1. With the DSP extension, four elements per step:
 * __sxtb16 widens bytes 0 and 2 (and, shifted, 1 and 3) to two int16
 * halves, __smlad multiplies both pairs and adds them. */
static inline void mcunet_dot_2x2(const int8_t *x0, const int8_t *x1,
                                  const int8_t *w0, const int8_t *w1, int n,
                                  int32_t *acc) {
  int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
  int i = 0;
#if defined(__ARM_FEATURE_DSP)
/* Four elements of all four products; unrolled twice below. */
#define MCUNET_DOT_2X2_STEP(k)                                                 \
  do {                                                                         \
    const uint32_t xa = mcunet_load32(x0 + i + (k));                           \
    const uint32_t xb = mcunet_load32(x1 + i + (k));                           \
    const uint32_t wa = mcunet_load32(w0 + i + (k));                           \
    const uint32_t wb = mcunet_load32(w1 + i + (k));                           \
    const int32_t xa02 = (int32_t)__sxtb16(xa), xa13 = mcunet_sxtb16_ror8(xa); \
    const int32_t xb02 = (int32_t)__sxtb16(xb), xb13 = mcunet_sxtb16_ror8(xb); \
    const int32_t wa02 = (int32_t)__sxtb16(wa), wa13 = mcunet_sxtb16_ror8(wa); \
    const int32_t wb02 = (int32_t)__sxtb16(wb), wb13 = mcunet_sxtb16_ror8(wb); \
    a00 = __smlad(xa02, wa02, a00);                                            \
    a00 = __smlad(xa13, wa13, a00);                                            \
    a01 = __smlad(xb02, wa02, a01);                                            \
    a01 = __smlad(xb13, wa13, a01);                                            \
    a10 = __smlad(xa02, wb02, a10);                                            \
    a10 = __smlad(xa13, wb13, a10);                                            \
    a11 = __smlad(xb02, wb02, a11);                                            \
    a11 = __smlad(xb13, wb13, a11);                                            \
  } while (0)
  for (; i + 8 <= n; i += 8) {
    MCUNET_DOT_2X2_STEP(0);
    MCUNET_DOT_2X2_STEP(4);
  }
  if (i + 4 <= n) {
    MCUNET_DOT_2X2_STEP(0);
    i += 4;
  }
#undef MCUNET_DOT_2X2_STEP
#endif
  for (; i < n; ++i) {
    a00 += x0[i] * w0[i];
    a01 += x1[i] * w0[i];
    a10 += x0[i] * w1[i];
    a11 += x1[i] * w1[i];
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

/* Two int8 dot products of length n at once, one input (x) by two filters
 * (w0, w1): acc[0] += x.w0, acc[1] += x.w1; the input is widened once for
 * both. */
static inline void mcunet_dot_1x2(const int8_t *x, const int8_t *w0,
                                  const int8_t *w1, int n, int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  int i = 0;
#if defined(__ARM_FEATURE_DSP)
  for (; i + 4 <= n; i += 4) {
    const uint32_t xv = mcunet_load32(x + i);
    const uint32_t wa = mcunet_load32(w0 + i), wb = mcunet_load32(w1 + i);
    const int32_t x02 = (int32_t)__sxtb16(xv), x13 = mcunet_sxtb16_ror8(xv);
    a0 = __smlad(x02, (int32_t)__sxtb16(wa), a0);
    a0 = __smlad(x13, mcunet_sxtb16_ror8(wa), a0);
    a1 = __smlad(x02, (int32_t)__sxtb16(wb), a1);
    a1 = __smlad(x13, mcunet_sxtb16_ror8(wb), a1);
  }
#endif
  for (; i < n; ++i) {
    a0 += x[i] * w0[i];
    a1 += x[i] * w1[i];
  }
  acc[0] = a0;
  acc[1] = a1;
}

/* Four int8 dot products of length n at once, one input (x) by the four
 * consecutive filters of w (w, w + n, w + 2n, w + 3n): acc[k] += x.w_k;
 * the input is widened once for all four. */
static inline void mcunet_dot_1x4(const int8_t *x, const int8_t *w, int n,
                                  int32_t *acc) {
  const int8_t *w0 = w, *w1 = w + n, *w2 = w + 2 * n, *w3 = w + 3 * n;
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int i = 0;
#if defined(__ARM_FEATURE_DSP)
  for (; i + 4 <= n; i += 4) {
    const uint32_t xv = mcunet_load32(x + i);
    const int32_t x02 = (int32_t)__sxtb16(xv), x13 = mcunet_sxtb16_ror8(xv);
    const uint32_t wa = mcunet_load32(w0 + i), wb = mcunet_load32(w1 + i);
    const uint32_t wc = mcunet_load32(w2 + i), wd = mcunet_load32(w3 + i);
    a0 = __smlad(x02, (int32_t)__sxtb16(wa), a0);
    a0 = __smlad(x13, mcunet_sxtb16_ror8(wa), a0);
    a1 = __smlad(x02, (int32_t)__sxtb16(wb), a1);
    a1 = __smlad(x13, mcunet_sxtb16_ror8(wb), a1);
    a2 = __smlad(x02, (int32_t)__sxtb16(wc), a2);
    a2 = __smlad(x13, mcunet_sxtb16_ror8(wc), a2);
    a3 = __smlad(x02, (int32_t)__sxtb16(wd), a3);
    a3 = __smlad(x13, mcunet_sxtb16_ror8(wd), a3);
  }
#endif
  for (; i < n; ++i) {
    a0 += x[i] * w0[i];
    a1 += x[i] * w1[i];
    a2 += x[i] * w2[i];
    a3 += x[i] * w3[i];
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* One int8 dot product of length n. */
static inline int32_t mcunet_dot(const int8_t *x, const int8_t *w, int n,
                                 int32_t acc) {
  int i = 0;
#if defined(__ARM_FEATURE_DSP)
  for (; i + 4 <= n; i += 4) {
    const uint32_t xv = mcunet_load32(x + i), wv = mcunet_load32(w + i);
    acc = __smlad((int32_t)__sxtb16(xv), (int32_t)__sxtb16(wv), acc);
    acc = __smlad(mcunet_sxtb16_ror8(xv),
                  mcunet_sxtb16_ror8(wv), acc);
  }
#endif
  for (; i < n; ++i) {
    acc += x[i] * w[i];
  }
  return acc;
}

)c"},
    {"half16", "",
     R"c(/* The low and high int16 halves of a word. */
static inline int32_t mcunet_lo16(int32_t v) { return (int16_t)(v & 0xFFFF); }
static inline int32_t mcunet_hi16(int32_t v) {
  return (int16_t)((uint32_t)v >> 16);
}

)c"},
    {"columns_2x", "load32 half16",
     R"c(/* Two pixels' n int8 inputs (x0, x1) widened once into int16 columns
 * that every pair of filters of a pointwise layer then reads
 * (mcunet_dot_2x2_pairs): per four channels c0..c3 the words x0 (c0, c2),
 * x0 (c1, c3), x1 (c0, c2), x1 (c1, c3), as __sxtb16 widens them; then one
 * word (x0, x1) per channel left over. Each word holds two int16 halves,
 * low first. */
static inline uint32_t mcunet_pack16(int32_t lo, int32_t hi) {
  return (uint32_t)(uint16_t)lo | ((uint32_t)(uint16_t)hi << 16);
}

/* With twice = 1 the columns hold 2x (kernels whose accumulators are
 * requantized by mcunet_requant_mmla2). */
static inline void mcunet_columns_2x(const int8_t *x0, const int8_t *x1, int n,
                                     int twice, uint32_t *col) {
  int i = 0;
  for (; i + 4 <= n; i += 4, col += 4) {
#if defined(__ARM_FEATURE_DSP)
    const uint32_t a = mcunet_load32(x0 + i), b = mcunet_load32(x1 + i);
    uint32_t c0 = __sxtb16(a), c1 = (uint32_t)mcunet_sxtb16_ror8(a);
    uint32_t c2 = __sxtb16(b), c3 = (uint32_t)mcunet_sxtb16_ror8(b);
    if (twice) {
      c0 = __sadd16(c0, c0);
      c1 = __sadd16(c1, c1);
      c2 = __sadd16(c2, c2);
      c3 = __sadd16(c3, c3);
    }
    col[0] = c0;
    col[1] = c1;
    col[2] = c2;
    col[3] = c3;
#else
    const int f = twice ? 2 : 1;
    col[0] = mcunet_pack16(f * x0[i], f * x0[i + 2]);
    col[1] = mcunet_pack16(f * x0[i + 1], f * x0[i + 3]);
    col[2] = mcunet_pack16(f * x1[i], f * x1[i + 2]);
    col[3] = mcunet_pack16(f * x1[i + 1], f * x1[i + 3]);
#endif
  }
  for (; i < n; ++i, ++col) {
    const int f = twice ? 2 : 1;
    *col = mcunet_pack16(f * x0[i], f * x1[i]);
  }
}

/* The filter pair layout of a pointwise layer's weights (the compiler
 * writes it): filters f0 and f1 of n values are one block of n * 2 bytes
 * rounded up to 4 (word-aligned): per four channels f0's four values, then
 * f1's, then the n % 4 values left of f0, of f1, and zero padding. */

/* mcunet_dot_2x2 over the columns of mcunet_columns_2x and a filter pair
 * block w: acc[0] += x0.f0, acc[1] += x1.f0, acc[2] += x0.f1,
 * acc[3] += x1.f1. A step of four channels is three LDRD (the two pixels'
 * columns, both filters' weights), four __sxtb16 and eight __smlad. col and
 * w are word-aligned. */
static inline void mcunet_dot_2x2_pairs(const uint32_t *col, const int8_t *w,
                                        int n, int32_t *acc) {
  int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
  const int groups = n / 4;
  int i;
#if defined(MCUNET_LDRD)
  const uint32_t *wq = (const uint32_t *)(const void *)w;
/* Four channels of all four products; unrolled twice below. */
#define MCUNET_DOT_PAIRS_STEP()                                                \
  do {                                                                         \
    int32_t c0, c1, c2, c3, t;                                                 \
    uint32_t wa, wb;                                                           \
    MCUNET_LDRD(c0, c1, col);                                                  \
    MCUNET_LDRD(c2, c3, col);                                                  \
    MCUNET_LDRD(wa, wb, wq);                                                   \
    t = (int32_t)__sxtb16(wa);                                                 \
    a00 = __smlad(c0, t, a00);                                                 \
    a01 = __smlad(c2, t, a01);                                                 \
    t = mcunet_sxtb16_ror8(wa);                                                \
    a00 = __smlad(c1, t, a00);                                                 \
    a01 = __smlad(c3, t, a01);                                                 \
    t = (int32_t)__sxtb16(wb);                                                 \
    a10 = __smlad(c0, t, a10);                                                 \
    a11 = __smlad(c2, t, a11);                                                 \
    t = mcunet_sxtb16_ror8(wb);                                                \
    a10 = __smlad(c1, t, a10);                                                 \
    a11 = __smlad(c3, t, a11);                                                 \
  } while (0)
  {
    const uint32_t *end = col + (groups / 2) * 8;
    while (col != end) {
      MCUNET_DOT_PAIRS_STEP();
      MCUNET_DOT_PAIRS_STEP();
    }
  }
  if (groups % 2) {
    MCUNET_DOT_PAIRS_STEP();
  }
#undef MCUNET_DOT_PAIRS_STEP
  w = (const int8_t *)(const void *)wq;
#else
  for (i = 0; i < groups; ++i, col += 4, w += 8) {
    const int32_t c0 = (int32_t)col[0], c1 = (int32_t)col[1];
    const int32_t c2 = (int32_t)col[2], c3 = (int32_t)col[3];
    a00 += mcunet_lo16(c0) * w[0] + mcunet_hi16(c0) * w[2] +
           mcunet_lo16(c1) * w[1] + mcunet_hi16(c1) * w[3];
    a01 += mcunet_lo16(c2) * w[0] + mcunet_hi16(c2) * w[2] +
           mcunet_lo16(c3) * w[1] + mcunet_hi16(c3) * w[3];
    a10 += mcunet_lo16(c0) * w[4] + mcunet_hi16(c0) * w[6] +
           mcunet_lo16(c1) * w[5] + mcunet_hi16(c1) * w[7];
    a11 += mcunet_lo16(c2) * w[4] + mcunet_hi16(c2) * w[6] +
           mcunet_lo16(c3) * w[5] + mcunet_hi16(c3) * w[7];
  }
#endif
  for (i = 0; i < n % 4; ++i) {
    const int32_t c = (int32_t)col[i];
    a00 += mcunet_lo16(c) * w[i];
    a01 += mcunet_hi16(c) * w[i];
    a10 += mcunet_lo16(c) * w[n % 4 + i];
    a11 += mcunet_hi16(c) * w[n % 4 + i];
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

/* One input x (n int8 values) by a filter pair block w: acc[0] += x.f0,
 * acc[1] += x.f1 (the last pixel of an odd number). */
static inline void mcunet_dot_1x2_pairs(const int8_t *x, const int8_t *w,
                                        int n, int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  const int full = n - n % 4;
  int i, k;
  for (i = 0; i < full; i += 4, w += 8) {
#if defined(__ARM_FEATURE_DSP)
    const uint32_t xv = mcunet_load32(x + i);
    const uint32_t wa = mcunet_load32(w), wb = mcunet_load32(w + 4);
    const int32_t x02 = (int32_t)__sxtb16(xv), x13 = mcunet_sxtb16_ror8(xv);
    a0 = __smlad(x02, (int32_t)__sxtb16(wa), a0);
    a0 = __smlad(x13, mcunet_sxtb16_ror8(wa), a0);
    a1 = __smlad(x02, (int32_t)__sxtb16(wb), a1);
    a1 = __smlad(x13, mcunet_sxtb16_ror8(wb), a1);
#else
    a0 += x[i] * w[0] + x[i + 1] * w[1] + x[i + 2] * w[2] + x[i + 3] * w[3];
    a1 += x[i] * w[4] + x[i + 1] * w[5] + x[i + 2] * w[6] + x[i + 3] * w[7];
#endif
  }
  for (k = 0; k < n % 4; ++k) {
    a0 += x[full + k] * w[k];
    a1 += x[full + k] * w[n % 4 + k];
  }
  acc[0] = a0;
  acc[1] = a1;
}

)c"},
    {"dot_pairs16", "load32 half16",
     R"c(/* The int16 filter pair layout (te.int16_weights, --te-widen-weights;
 * the compiler writes it, word-aligned): filters f0 and f1 of n values
 * (n even) are one block of 2n int16, per four channels c0..c3 f0's
 * (c0, c2, c1, c3), then f1's, as the words of mcunet_columns_2x pair the
 * channels; then the n % 4 values left of f0, then of f1. An odd last
 * filter alone: per four channels (c0, c2, c1, c3), then the rest. */

/* mcunet_dot_2x2_pairs over int16 weights: acc[0] += x0.f0,
 * acc[1] += x1.f0, acc[2] += x0.f1, acc[3] += x1.f1. A step of four
 * channels is four LDRD (the two pixels' columns, f0's and f1's weights)
 * and eight __smlad: the weights need no widening. */
static inline void mcunet_dot_2x2_pairs16(const uint32_t *col,
                                          const int16_t *w, int n,
                                          int32_t *acc) {
  int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
  const int groups = n / 4;
  int i;
#if defined(MCUNET_LDRD)
  const uint32_t *wq = (const uint32_t *)(const void *)w;
/* Four channels of all four products; unrolled twice below. f1's weights
 * reuse f0's registers (13 live: 4 sums, 4 columns, 2 weights, 3 pointers). */
#define MCUNET_DOT_PAIRS16_STEP()                                              \
  do {                                                                         \
    int32_t c0, c1, c2, c3, wa, wb;                                            \
    MCUNET_LDRD(c0, c1, col);                                                  \
    MCUNET_LDRD(c2, c3, col);                                                  \
    MCUNET_LDRD(wa, wb, wq);                                                   \
    a00 = __smlad(c0, wa, a00);                                                \
    a01 = __smlad(c2, wa, a01);                                                \
    a00 = __smlad(c1, wb, a00);                                                \
    a01 = __smlad(c3, wb, a01);                                                \
    MCUNET_LDRD(wa, wb, wq);                                                   \
    a10 = __smlad(c0, wa, a10);                                                \
    a11 = __smlad(c2, wa, a11);                                                \
    a10 = __smlad(c1, wb, a10);                                                \
    a11 = __smlad(c3, wb, a11);                                                \
  } while (0)
  {
    const uint32_t *end = col + (groups / 2) * 8;
    while (col != end) {
      MCUNET_DOT_PAIRS16_STEP();
      MCUNET_DOT_PAIRS16_STEP();
    }
  }
  if (groups % 2) {
    MCUNET_DOT_PAIRS16_STEP();
  }
#undef MCUNET_DOT_PAIRS16_STEP
  w = (const int16_t *)(const void *)wq;
#else
  for (i = 0; i < groups; ++i, col += 4, w += 8) {
    const int32_t c0 = (int32_t)col[0], c1 = (int32_t)col[1];
    const int32_t c2 = (int32_t)col[2], c3 = (int32_t)col[3];
    a00 += mcunet_lo16(c0) * w[0] + mcunet_hi16(c0) * w[1] +
           mcunet_lo16(c1) * w[2] + mcunet_hi16(c1) * w[3];
    a01 += mcunet_lo16(c2) * w[0] + mcunet_hi16(c2) * w[1] +
           mcunet_lo16(c3) * w[2] + mcunet_hi16(c3) * w[3];
    a10 += mcunet_lo16(c0) * w[4] + mcunet_hi16(c0) * w[5] +
           mcunet_lo16(c1) * w[6] + mcunet_hi16(c1) * w[7];
    a11 += mcunet_lo16(c2) * w[4] + mcunet_hi16(c2) * w[5] +
           mcunet_lo16(c3) * w[6] + mcunet_hi16(c3) * w[7];
  }
#endif
  for (i = 0; i < n % 4; ++i) {
    const int32_t c = (int32_t)col[i];
    a00 += mcunet_lo16(c) * w[i];
    a01 += mcunet_hi16(c) * w[i];
    a10 += mcunet_lo16(c) * w[n % 4 + i];
    a11 += mcunet_hi16(c) * w[n % 4 + i];
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

#if defined(__ARM_FEATURE_DSP)
/* Two int16 weights as one word (w is word-aligned). */
static inline int32_t mcunet_w16x2(const int16_t *w) {
  return (int32_t)mcunet_load32((const int8_t *)(const void *)w);
}
#endif

/* One input x (n int8 values) by an int16 filter pair block w:
 * acc[0] += x.f0, acc[1] += x.f1 (the last pixel of an odd number). */
static inline void mcunet_dot_1x2_pairs16(const int8_t *x, const int16_t *w,
                                          int n, int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  const int full = n - n % 4;
  int i, k;
  for (i = 0; i < full; i += 4, w += 8) {
#if defined(__ARM_FEATURE_DSP)
    const uint32_t xv = mcunet_load32(x + i);
    const int32_t x02 = (int32_t)__sxtb16(xv), x13 = mcunet_sxtb16_ror8(xv);
    a0 = __smlad(x02, mcunet_w16x2(w), a0);
    a0 = __smlad(x13, mcunet_w16x2(w + 2), a0);
    a1 = __smlad(x02, mcunet_w16x2(w + 4), a1);
    a1 = __smlad(x13, mcunet_w16x2(w + 6), a1);
#else
    a0 += x[i] * w[0] + x[i + 2] * w[1] + x[i + 1] * w[2] + x[i + 3] * w[3];
    a1 += x[i] * w[4] + x[i + 2] * w[5] + x[i + 1] * w[6] + x[i + 3] * w[7];
#endif
  }
  for (k = 0; k < n % 4; ++k) {
    a0 += x[full + k] * w[k];
    a1 += x[full + k] * w[n % 4 + k];
  }
  acc[0] = a0;
  acc[1] = a1;
}

/* bias + x.f for one input x and the odd last filter f (int16 layout). */
static inline int32_t mcunet_dot_w16(const int8_t *x, const int16_t *w, int n,
                                     int32_t acc) {
  const int full = n - n % 4;
  int i, k;
  for (i = 0; i < full; i += 4, w += 4) {
#if defined(__ARM_FEATURE_DSP)
    const uint32_t xv = mcunet_load32(x + i);
    acc = __smlad((int32_t)__sxtb16(xv), mcunet_w16x2(w), acc);
    acc = __smlad(mcunet_sxtb16_ror8(xv), mcunet_w16x2(w + 2), acc);
#else
    acc += x[i] * w[0] + x[i + 2] * w[1] + x[i + 1] * w[2] + x[i + 3] * w[3];
#endif
  }
  for (k = 0; k < n % 4; ++k)
    acc += x[full + k] * w[k];
  return acc;
}

)c"},
    {"dot_3x2", "load32 half16 columns_2x",
     R"c(/* Three pixels' n int8 inputs (x0, x1, x2; n even) widened once into
 * int16 columns for mcunet_dot_3x2_pairs: per four channels c0..c3 the
 * words x0 (c0, c2), x0 (c1, c3), x1 (c0, c2), x1 (c1, c3), x2 (c0, c2),
 * x2 (c1, c3); then per channel left over the words (x0, x1) and (x2, 0).
 * With twice = 1 the columns hold 2x (mcunet_requant_mmla2). */
static inline void mcunet_columns_3x(const int8_t *x0, const int8_t *x1,
                                     const int8_t *x2, int n, int twice,
                                     uint32_t *col) {
  const int f = twice ? 2 : 1;
  int i = 0;
  for (; i + 4 <= n; i += 4, col += 6) {
#if defined(__ARM_FEATURE_DSP)
    const uint32_t a = mcunet_load32(x0 + i), b = mcunet_load32(x1 + i);
    const uint32_t c = mcunet_load32(x2 + i);
    uint32_t c0 = __sxtb16(a), c1 = (uint32_t)mcunet_sxtb16_ror8(a);
    uint32_t c2 = __sxtb16(b), c3 = (uint32_t)mcunet_sxtb16_ror8(b);
    uint32_t c4 = __sxtb16(c), c5 = (uint32_t)mcunet_sxtb16_ror8(c);
    if (twice) {
      c0 = __sadd16(c0, c0);
      c1 = __sadd16(c1, c1);
      c2 = __sadd16(c2, c2);
      c3 = __sadd16(c3, c3);
      c4 = __sadd16(c4, c4);
      c5 = __sadd16(c5, c5);
    }
    col[0] = c0;
    col[1] = c1;
    col[2] = c2;
    col[3] = c3;
    col[4] = c4;
    col[5] = c5;
#else
    col[0] = mcunet_pack16(f * x0[i], f * x0[i + 2]);
    col[1] = mcunet_pack16(f * x0[i + 1], f * x0[i + 3]);
    col[2] = mcunet_pack16(f * x1[i], f * x1[i + 2]);
    col[3] = mcunet_pack16(f * x1[i + 1], f * x1[i + 3]);
    col[4] = mcunet_pack16(f * x2[i], f * x2[i + 2]);
    col[5] = mcunet_pack16(f * x2[i + 1], f * x2[i + 3]);
#endif
  }
  for (; i < n; ++i, col += 2) {
    col[0] = mcunet_pack16(f * x0[i], f * x1[i]);
    col[1] = mcunet_pack16(f * x2[i], 0);
  }
}

/* The 3 x 2 block as inline assembly (GCC with optimization: it takes 14
 * registers, all of r0-r12 and lr but the frame pointer's; builds at -O0,
 * with -fno-omit-frame-pointer or with other compilers take the C below,
 * as does any build that defines MCUNET_NO_ASM). */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__) &&                         \
    !defined(__clang__) && defined(__OPTIMIZE__) && !defined(MCUNET_NO_ASM)
#define MCUNET_ASM_3X2 1
/* Inlined into each layer even though GCC rates the assembly as large (a
 * call would pass the six sums through memory); at -Os a call. */
#if !defined(__OPTIMIZE_SIZE__)
#define MCUNET_3X2_INLINE __attribute__((always_inline))
#endif
/* One pixel's four channels (two column words) by both filters' widened
 * weights f0 = f0 (c0, c2), wa = f0 (c1, c3), f1, wb (the same for f1):
 * one LDRD and four SMLAD into the pixel's two sums. */
#define MCUNET_3X2_PIXEL(s0, s1)                                               \
  "ldrd %[c0], %[c1], [%[col]], #8\n\t"                                        \
  "smlad %[" s0 "], %[c0], %[f0], %[" s0 "]\n\t"                               \
  "smlad %[" s1 "], %[c0], %[f1], %[" s1 "]\n\t"                               \
  "smlad %[" s0 "], %[c1], %[wa], %[" s0 "]\n\t"                               \
  "smlad %[" s1 "], %[c1], %[wb], %[" s1 "]\n\t"
/* Four channels of both filters' int8 weights: one LDRD, four SXTB16. */
#define MCUNET_3X2_WEIGHTS                                                     \
  "ldrd %[wa], %[wb], [%[w]], #8\n\t"                                          \
  "sxtb16 %[f0], %[wa]\n\t"                                                    \
  "sxtb16 %[wa], %[wa], ror #8\n\t"                                            \
  "sxtb16 %[f1], %[wb]\n\t"                                                    \
  "sxtb16 %[wb], %[wb], ror #8\n\t"
/* The same as int16 weights: two LDRD, no widening. */
#define MCUNET_3X2_WEIGHTS16                                                   \
  "ldrd %[f0], %[wa], [%[w]], #8\n\t"                                          \
  "ldrd %[f1], %[wb], [%[w]], #8\n\t"
/* A group of four channels: the weights (MCUNET_3X2_WEIGHTS or _WEIGHTS16),
 * then the three pixels (20 instructions for 24 MACs; 17 with int16
 * weights). */
#define MCUNET_3X2_GROUP(WEIGHTS)                                              \
  WEIGHTS MCUNET_3X2_PIXEL("a0", "a3") MCUNET_3X2_PIXEL("a1", "a4")            \
      MCUNET_3X2_PIXEL("a2", "a5")
/* The operands: the six sums, both pointers, six temporaries. The
 * "memory" clobber covers what the loop reads through col and w. */
#define MCUNET_3X2_OPERANDS                                                    \
  [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),                  \
      [a4] "+r"(a4), [a5] "+r"(a5), [col] "+r"(col), [w] "+r"(w),              \
      [f0] "=&r"(f0), [f1] "=&r"(f1), [wa] "=&r"(wa), [wb] "=&r"(wb),          \
      [c0] "=&r"(c0), [c1] "=&r"(c1)
/* `groups` steps of GROUP: one alone when odd, then a loop of two per
 * iteration that compares col with its end, kept on the stack (no
 * register is left for it). */
#define MCUNET_3X2_LOOP(GROUP)                                                 \
  do {                                                                         \
    int32_t f0, f1, wa, wb, c0, c1;                                            \
    const uint32_t *end = col + groups * 6;                                    \
    if (groups % 2)                                                            \
      __asm__(GROUP : MCUNET_3X2_OPERANDS : : "memory");                       \
    if (groups >= 2)                                                           \
      __asm__("1:\n\t" GROUP GROUP "ldr %[c0], %[end]\n\t"                     \
              "cmp %[col], %[c0]\n\t"                                          \
              "bne 1b"                                                         \
              : MCUNET_3X2_OPERANDS                                            \
              : [end] "m"(end)                                                 \
              : "memory", "cc");                                               \
  } while (0)

#if !defined(__OPTIMIZE_SIZE__)
/* A whole row of 3 x 2 blocks in assembly, for the pointwise layers whose
 * outputs are mcunet_requant_mmla2 of accumulators computed 2x, saturated
 * to int8 and clamped below at lo (a fused ReLU; -128: no clamp), with
 * n % 4 == 0 input channels: for each of the `pairs` filter pairs of w
 * (the layout of mcunet_dot_2x2_pairs), the six sums start at the pair's
 * two record biases, take the groups of four channels (MCUNET_3X2_GROUP;
 * unrolled up to 16 groups, the first one starting from the biases, else
 * 8, 4, 2 or 1 per loop iteration after copying them), and are
 * requantized with the records' multiplier, offset and right shift
 * (SMMLAR, SUB, ASR, SSAT each; fix = 0 drops the SUB, as
 * mcunet_requant_mmla2_relu does) and stored a halfword per pixel
 * (MCUNET_3X2_STORE) into y0[oc], y0[oc + 1] and the same channels of
 * the next two pixels
 * (y0 + out, y0 + 2 out: out output channels per pixel). chan is the
 * records' table ({2 x bias, multiplier, offset, right} per channel). The
 * same as the C loop the generated code has next to it, with nothing
 * spilled: the chan and y pointers, the columns' start and end and the
 * last filter pair's end live on the stack. The records pointer stays one
 * word before the pair's records, so that the last load moves it on
 * (LDR with writeback), as the store of y0[oc] moves y on. Not at -Os,
 * where the C loop is smaller. */
#define MCUNET_PW3X2_ASM_ENABLED 1
#define MCUNET_3X2_REQ(a)                                                      \
  "smmlar %[wb], %[" a "], %[f0], %[wa]\n\t"                                   \
  ".if %c[fix]\n\t"                                                            \
  "sub %[" a "], %[wb], %[" a "], lsr #31\n\t"                                 \
  "asr %[" a "], %[" a "], %[f1]\n\t"                                          \
  ".else\n\t"                                                                  \
  "asr %[" a "], %[wb], %[f1]\n\t"                                             \
  ".endif\n\t"                                                                 \
  "ssat %[" a "], #8, %[" a "]\n\t"
/* Stores the outputs x and y of one pixel's two filters as one halfword
 * (BFI puts y's byte above x's), with the lower bound lo applied to both
 * bytes at once: SSUB8 sets the GE flags of each byte's x - lo, SEL picks
 * x's byte or lo's. */
#define MCUNET_3X2_STORE(x, y, addr)                                           \
  "bfi %[" x "], %[" y "], #8, #8\n\t"                                         \
  ".if %c[lo] > -128\n\t"                                                      \
  "ssub8 %[wb], %[" x "], %[c0]\n\t"                                           \
  "sel %[" x "], %[" x "], %[c0]\n\t"                                          \
  ".endif\n\t"                                                                 \
  "strh %[" x "], " addr "\n\t"
/* c0 = lo in every byte, for MCUNET_3X2_STORE. */
#define MCUNET_3X2_LO                                                          \
  ".if %c[lo] > -128\n\t"                                                      \
  "mov %[c0], #(%c[lo] & 0xff) * 0x01010101\n\t"                               \
  ".endif\n\t"
#define MCUNET_PW3X2_ASM(...)                                                  \
  MCUNET_PW3X2_ROW(MCUNET_3X2_WEIGHTS, int8_t, __VA_ARGS__)
/* The same over int16 weights (mcunet_dot_3x2_pairs16's layout). */
#define MCUNET_PW3X2_ASM16(...)                                                \
  MCUNET_PW3X2_ROW(MCUNET_3X2_WEIGHTS16, int16_t, __VA_ARGS__)
/* The first group of a fully unrolled row starts the sums from the
 * biases in a0 and a3 (no copies): pixels 1 and 2 first (their columns
 * at col + 8 and col + 16), then pixel 0, which moves col on. */
#define MCUNET_3X2_PIXEL_FROM(s0, s1, at)                                      \
  "ldrd %[c0], %[c1], [%[col], #" at "]\n\t"                                   \
  "smlad %[" s0 "], %[c0], %[f0], %[a0]\n\t"                                   \
  "smlad %[" s1 "], %[c0], %[f1], %[a3]\n\t"                                   \
  "smlad %[" s0 "], %[c1], %[wa], %[" s0 "]\n\t"                               \
  "smlad %[" s1 "], %[c1], %[wb], %[" s1 "]\n\t"
#define MCUNET_3X2_FIRST(WEIGHTS)                                              \
  WEIGHTS MCUNET_3X2_PIXEL_FROM("a1", "a4", "8")                               \
      MCUNET_3X2_PIXEL_FROM("a2", "a5", "16")                                  \
  "ldrd %[c0], %[c1], [%[col]], #24\n\t"                                       \
  "smlad %[a0], %[c0], %[f0], %[a0]\n\t"                                       \
  "smlad %[a3], %[c0], %[f1], %[a3]\n\t"                                       \
  "smlad %[a0], %[c1], %[wa], %[a0]\n\t"                                       \
  "smlad %[a3], %[c1], %[wb], %[a3]\n\t"
/* Groups of four channels per loop iteration: all of them up to 16, else
 * 8, 4, 2 or 1, the most that divides them. */
#define MCUNET_3X2_UNROLL(n)                                                   \
  ((n) / 4 <= 16       ? (n) / 4                                               \
   : (n) / 4 % 8 == 0 ? 8                                                      \
   : (n) / 4 % 4 == 0 ? 4                                                      \
   : (n) / 4 % 2 == 0 ? 2                                                      \
                      : 1)
#define MCUNET_PW3X2_ROW(WEIGHTS, wtype, col_, w_, chan_, n, pairs, out, lo_,   \
                         fix_, y0_)                                            \
  do {                                                                         \
    int32_t mc_a0, mc_a1, mc_a2, mc_a3, mc_a4, mc_a5;                          \
    int32_t mc_f0, mc_f1, mc_wa, mc_wb, mc_c0, mc_c1;                          \
    const uint32_t *mc_col = (col_), *mc_colstart = (col_);                    \
    const uint32_t *mc_colend = (col_) + (n) / 4 * 6;                          \
    const wtype *mc_w = (w_), *mc_wend = (w_) + (pairs) * 2 * (n);             \
    uintptr_t mc_cp = (uintptr_t)(chan_) - 4; /* one word before a record */  \
    int8_t *mc_yp = (y0_);                                                     \
    __asm__(                                                                   \
        "1:\n\t"                                                               \
        "ldr %[c0], %[cp]\n\t"                                                 \
        "ldr %[a0], [%[c0], #4]\n\t"                                           \
        "ldr %[a3], [%[c0], #20]\n\t"                                          \
        "ldr %[col], %[colstart]\n\t"                                          \
        ".if %c[iter] == 1\n\t" MCUNET_3X2_FIRST(WEIGHTS)                      \
        ".rept %c[unroll] - 1\n\t" MCUNET_3X2_GROUP(WEIGHTS)                   \
        ".endr\n\t"                                                            \
        ".else\n\t"                                                            \
        "mov %[a1], %[a0]\n\t"                                                 \
        "mov %[a2], %[a0]\n\t"                                                 \
        "mov %[a4], %[a3]\n\t"                                                 \
        "mov %[a5], %[a3]\n\t"                                                 \
        "2:\n\t"                                                               \
        ".rept %c[unroll]\n\t" MCUNET_3X2_GROUP(WEIGHTS)                       \
        ".endr\n\t"                                                            \
        "ldr %[c0], %[colend]\n\t"                                             \
        "cmp %[col], %[c0]\n\t"                                                \
        "bne 2b\n\t"                                                           \
        ".endif\n\t"                                                           \
        "ldr %[col], %[cp]\n\t"                                                \
        "ldr %[c1], %[yp]\n\t" MCUNET_3X2_LO                                   \
        "ldrd %[f0], %[wa], [%[col], #8]\n\t"                                  \
        "ldr %[f1], [%[col], #16]\n\t"                                         \
        MCUNET_3X2_REQ("a0") MCUNET_3X2_REQ("a1") MCUNET_3X2_REQ("a2")         \
        "ldrd %[f0], %[wa], [%[col], #24]\n\t"                                 \
        "ldr %[f1], [%[col], #32]!\n\t"                                        \
        MCUNET_3X2_REQ("a3") MCUNET_3X2_REQ("a4") MCUNET_3X2_REQ("a5")         \
        MCUNET_3X2_STORE("a1", "a4", "[%[c1], #%c[o1]]")                       \
        MCUNET_3X2_STORE("a2", "a5", "[%[c1], #%c[o2]]")                       \
        MCUNET_3X2_STORE("a0", "a3", "[%[c1]], #2")                            \
        "str %[col], %[cp]\n\t"                                                \
        "str %[c1], %[yp]\n\t"                                                 \
        "ldr %[c0], %[wend]\n\t"                                               \
        "cmp %[w], %[c0]\n\t"                                                  \
        "bne 1b"                                                               \
        : [a0] "=&r"(mc_a0), [a1] "=&r"(mc_a1), [a2] "=&r"(mc_a2), [a3] "=&r"(mc_a3),      \
          [a4] "=&r"(mc_a4), [a5] "=&r"(mc_a5), [col] "+&r"(mc_col), [w] "+&r"(mc_w),      \
          [f0] "=&r"(mc_f0), [f1] "=&r"(mc_f1), [wa] "=&r"(mc_wa), [wb] "=&r"(mc_wb),      \
          [c0] "=&r"(mc_c0), [c1] "=&r"(mc_c1), [cp] "+m"(mc_cp), [yp] "+m"(mc_yp)         \
        : [colstart] "m"(mc_colstart), [colend] "m"(mc_colend), [wend] "m"(mc_wend),    \
          [unroll] "i"(MCUNET_3X2_UNROLL(n)),                                 \
          [iter] "i"((n) / 4 / MCUNET_3X2_UNROLL(n)),                          \
          [o1] "i"(out), [o2] "i"(2 * (out)), [lo] "i"(lo_),                   \
          [fix] "i"(fix_)                                                      \
        : "memory", "cc");                                                     \
  } while (0)
#endif
#endif

#if !defined(MCUNET_3X2_INLINE)
#define MCUNET_3X2_INLINE
#endif

/* Six int8 dot products of length n at once, three pixels by a filter
 * pair block w (the layout of mcunet_dot_2x2_pairs) over the columns of
 * mcunet_columns_3x: acc[0..2] += x0.f0, x1.f0, x2.f0 and
 * acc[3..5] += x0.f1, x1.f1, x2.f1. col and w are word-aligned. */
static inline MCUNET_3X2_INLINE void
mcunet_dot_3x2_pairs(const uint32_t *col, const int8_t *w, int n,
                     int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2];
  int32_t a3 = acc[3], a4 = acc[4], a5 = acc[5];
  const int groups = n / 4;
  int i;
#if defined(MCUNET_ASM_3X2)
  MCUNET_3X2_LOOP(MCUNET_3X2_GROUP(MCUNET_3X2_WEIGHTS));
#else
  for (i = 0; i < groups; ++i, col += 6, w += 8) {
#if defined(__ARM_FEATURE_DSP)
    const uint32_t u0 = mcunet_load32(w), u1 = mcunet_load32(w + 4);
    const int32_t f0 = (int32_t)__sxtb16(u0), g0 = mcunet_sxtb16_ror8(u0);
    const int32_t f1 = (int32_t)__sxtb16(u1), g1 = mcunet_sxtb16_ror8(u1);
    a0 = __smlad((int32_t)col[1], g0, __smlad((int32_t)col[0], f0, a0));
    a3 = __smlad((int32_t)col[1], g1, __smlad((int32_t)col[0], f1, a3));
    a1 = __smlad((int32_t)col[3], g0, __smlad((int32_t)col[2], f0, a1));
    a4 = __smlad((int32_t)col[3], g1, __smlad((int32_t)col[2], f1, a4));
    a2 = __smlad((int32_t)col[5], g0, __smlad((int32_t)col[4], f0, a2));
    a5 = __smlad((int32_t)col[5], g1, __smlad((int32_t)col[4], f1, a5));
#else
    int k;
    for (k = 0; k < 3; ++k) {
      const int32_t c = (int32_t)col[2 * k], d = (int32_t)col[2 * k + 1];
      const int32_t s0 = mcunet_lo16(c) * w[0] + mcunet_hi16(c) * w[2] +
                         mcunet_lo16(d) * w[1] + mcunet_hi16(d) * w[3];
      const int32_t s1 = mcunet_lo16(c) * w[4] + mcunet_hi16(c) * w[6] +
                         mcunet_lo16(d) * w[5] + mcunet_hi16(d) * w[7];
      if (k == 0)
        a0 += s0, a3 += s1;
      else if (k == 1)
        a1 += s0, a4 += s1;
      else
        a2 += s0, a5 += s1;
    }
#endif
  }
#endif
  for (i = 0; i < n % 4; ++i, col += 2) {
    const int32_t c = (int32_t)col[0], d = (int32_t)col[1];
    a0 += mcunet_lo16(c) * w[i];
    a1 += mcunet_hi16(c) * w[i];
    a2 += mcunet_lo16(d) * w[i];
    a3 += mcunet_lo16(c) * w[n % 4 + i];
    a4 += mcunet_hi16(c) * w[n % 4 + i];
    a5 += mcunet_lo16(d) * w[n % 4 + i];
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
  acc[4] = a4;
  acc[5] = a5;
}

)c"},
    {"dot_3x2_16", "dot_3x2 dot_pairs16",
     R"c(/* mcunet_dot_3x2_pairs over int16 weights (the layout of
 * mcunet_dot_2x2_pairs16): a step of four channels is five LDRD (both
 * filters' weights, the three pixels' columns) and twelve __smlad. */
static inline MCUNET_3X2_INLINE void
mcunet_dot_3x2_pairs16(const uint32_t *col, const int16_t *w, int n,
                       int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2];
  int32_t a3 = acc[3], a4 = acc[4], a5 = acc[5];
  const int groups = n / 4;
  int i;
#if defined(MCUNET_ASM_3X2)
  MCUNET_3X2_LOOP(MCUNET_3X2_GROUP(MCUNET_3X2_WEIGHTS16));
#else
  for (i = 0; i < groups; ++i, col += 6, w += 8) {
#if defined(__ARM_FEATURE_DSP)
    const int32_t f0 = mcunet_w16x2(w), g0 = mcunet_w16x2(w + 2);
    const int32_t f1 = mcunet_w16x2(w + 4), g1 = mcunet_w16x2(w + 6);
    a0 = __smlad((int32_t)col[1], g0, __smlad((int32_t)col[0], f0, a0));
    a3 = __smlad((int32_t)col[1], g1, __smlad((int32_t)col[0], f1, a3));
    a1 = __smlad((int32_t)col[3], g0, __smlad((int32_t)col[2], f0, a1));
    a4 = __smlad((int32_t)col[3], g1, __smlad((int32_t)col[2], f1, a4));
    a2 = __smlad((int32_t)col[5], g0, __smlad((int32_t)col[4], f0, a2));
    a5 = __smlad((int32_t)col[5], g1, __smlad((int32_t)col[4], f1, a5));
#else
    int k;
    for (k = 0; k < 3; ++k) {
      const int32_t c = (int32_t)col[2 * k], d = (int32_t)col[2 * k + 1];
      const int32_t s0 = mcunet_lo16(c) * w[0] + mcunet_hi16(c) * w[1] +
                         mcunet_lo16(d) * w[2] + mcunet_hi16(d) * w[3];
      const int32_t s1 = mcunet_lo16(c) * w[4] + mcunet_hi16(c) * w[5] +
                         mcunet_lo16(d) * w[6] + mcunet_hi16(d) * w[7];
      if (k == 0)
        a0 += s0, a3 += s1;
      else if (k == 1)
        a1 += s0, a4 += s1;
      else
        a2 += s0, a5 += s1;
    }
#endif
  }
#endif
  for (i = 0; i < n % 4; ++i, col += 2) {
    const int32_t c = (int32_t)col[0], d = (int32_t)col[1];
    a0 += mcunet_lo16(c) * w[i];
    a1 += mcunet_hi16(c) * w[i];
    a2 += mcunet_lo16(d) * w[i];
    a3 += mcunet_lo16(c) * w[n % 4 + i];
    a4 += mcunet_hi16(c) * w[n % 4 + i];
    a5 += mcunet_lo16(d) * w[n % 4 + i];
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
  acc[4] = a4;
  acc[5] = a5;
}

)c"},
    {"dw3x3", "load32 half16",
     R"c(/* Two adjacent outputs of a 3x3 depthwise window: s is the first
 * output's top-left input in a zero-point padded channel with rows pw
 * long, wp holds each row's weights as the int16 pair (w0, w2) and w1.
 * With the DSP extension one word load gives a row's x0..x3, __sxtb16
 * widens them to (x0, x2) and (x1, x3), and x0 w0 + x2 w2 is one __smlad.
 * Stride 1: out0 = x0 w0 + x1 w1 + x2 w2, out1 = x1 w0 + x2 w1 + x3 w2.
 * Stride 2: out1 = x2 w0 + x3 w1 + x4 w2. acc[0] += out0, acc[1] += out1. */
/* One row k of the window (the three rows are written out: no loop). */
#if defined(__ARM_FEATURE_DSP)
#define MCUNET_DW3X3_S1_ROW(k)                                                 \
  do {                                                                         \
    const uint32_t v = mcunet_load32(s + (k) * pw);                            \
    const int32_t x02 = (int32_t)__sxtb16(v), x13 = mcunet_sxtb16_ror8(v);     \
    a0 = __smlad(x02, wp[2 * (k)], a0);                                        \
    a0 = __smlabb(x13, wp[2 * (k) + 1], a0);                                   \
    a1 = __smlad(x13, wp[2 * (k)], a1);                                        \
    a1 = __smlatb(x02, wp[2 * (k) + 1], a1);                                   \
  } while (0)
#else
#define MCUNET_DW3X3_S1_ROW(k)                                                 \
  do {                                                                         \
    const int8_t *r = s + (k) * pw;                                            \
    const int32_t w0 = mcunet_lo16(wp[2 * (k)]), w1 = wp[2 * (k) + 1];         \
    const int32_t w2 = mcunet_hi16(wp[2 * (k)]);                               \
    a0 += r[0] * w0 + r[1] * w1 + r[2] * w2;                                   \
    a1 += r[1] * w0 + r[2] * w1 + r[3] * w2;                                   \
  } while (0)
#endif

static inline void mcunet_dw3x3_s1_x2(const int8_t *s, int pw,
                                      const int32_t *wp, int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  MCUNET_DW3X3_S1_ROW(0);
  MCUNET_DW3X3_S1_ROW(1);
  MCUNET_DW3X3_S1_ROW(2);
  acc[0] = a0;
  acc[1] = a1;
}
#undef MCUNET_DW3X3_S1_ROW

/* Four outputs of a stride-1 3x3 window, two adjacent ones in each of two
 * adjacent rows: acc[0], acc[1] from input rows 0..2 of s, acc[2], acc[3]
 * from rows 1..3. Each of the four input rows is loaded and widened once
 * and serves both output rows it is in (rows 1 and 2). */
#if defined(__ARM_FEATURE_DSP)
/* Weight row k on a widened input row (x02, x13): l += the left output's
 * three taps, r += the right one's. */
#define MCUNET_DW3X3_TAPS(k, l, r)                                             \
  do {                                                                         \
    l = __smlad(x02, wp[2 * (k)], l);                                          \
    l = __smlabb(x13, wp[2 * (k) + 1], l);                                     \
    r = __smlad(x13, wp[2 * (k)], r);                                          \
    r = __smlatb(x02, wp[2 * (k) + 1], r);                                     \
  } while (0)
#define MCUNET_DW3X3_LOAD(row)                                                 \
  do {                                                                         \
    const uint32_t v = mcunet_load32(s + (row) * pw);                          \
    x02 = (int32_t)__sxtb16(v);                                                \
    x13 = mcunet_sxtb16_ror8(v);                                               \
  } while (0)
#endif

static inline void mcunet_dw3x3_s1_2x2(const int8_t *s, int pw,
                                      const int32_t *wp, int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
#if defined(__ARM_FEATURE_DSP)
  int32_t x02, x13;
  MCUNET_DW3X3_LOAD(0);
  MCUNET_DW3X3_TAPS(0, a0, a1);
  MCUNET_DW3X3_LOAD(1);
  MCUNET_DW3X3_TAPS(1, a0, a1);
  MCUNET_DW3X3_TAPS(0, a2, a3);
  MCUNET_DW3X3_LOAD(2);
  MCUNET_DW3X3_TAPS(2, a0, a1);
  MCUNET_DW3X3_TAPS(1, a2, a3);
  MCUNET_DW3X3_LOAD(3);
  MCUNET_DW3X3_TAPS(2, a2, a3);
#else
  int k;
  for (k = 0; k < 3; ++k) {
    const int8_t *r = s + k * pw, *q = r + pw;
    const int32_t w0 = mcunet_lo16(wp[2 * k]), w1 = wp[2 * k + 1];
    const int32_t w2 = mcunet_hi16(wp[2 * k]);
    a0 += r[0] * w0 + r[1] * w1 + r[2] * w2;
    a1 += r[1] * w0 + r[2] * w1 + r[3] * w2;
    a2 += q[0] * w0 + q[1] * w1 + q[2] * w2;
    a3 += q[1] * w0 + q[2] * w1 + q[3] * w2;
  }
#endif
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}
#if defined(__ARM_FEATURE_DSP)
#undef MCUNET_DW3X3_TAPS
#undef MCUNET_DW3X3_LOAD
#endif

/* A whole row of mcunet_dw3x3_s1_2x2 blocks in assembly (GCC with
 * optimization, as MCUNET_PW3X2_ASM; not at -Os), for the layers whose
 * outputs are mcunet_requant_mmla2_relu of the doubled sums, saturated to
 * int8 and clamped below at lo (-128: no clamp): `blocks` blocks from the
 * padded rows r (pw bytes apart), each starting its four sums at the
 * doubled bias, requantized with (mult, off, right) and stored at y[0],
 * y[c], y[below], y[below + c] (below + c > 4095, beyond a store's
 * offset: through a second pointer, two instructions more), then
 * y += 2 c. wp is the packed weights'
 * table of mcunet_dw3x3_s1_2x2. 14 registers: the four sums, the five
 * weight words (the three w1 in two), one input row's two halves, the row
 * and output pointers and the bias (also the right shift while
 * requantizing); the requantization values and the end live on the
 * stack. The C loop stays next to it in the generated code. */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__) &&                         \
    !defined(__clang__) && defined(__OPTIMIZE__) &&                            \
    !defined(__OPTIMIZE_SIZE__) && !defined(MCUNET_NO_ASM)
#define MCUNET_DW3X3_ASM_ENABLED 1
/* The sums l and r of one output row's two outputs from the input row in
 * x (x02 after SXTB16) and z (x13) with weight row w and w1 = the half
 * `h` (b or t) of m; `from` l's and r's addends (the bias or the sums). */
#define MCUNET_DW3X3_ROW(l, r, w, m, h, lfrom, rfrom)                          \
  "smlad %[" l "], %[x], %[" w "], %[" lfrom "]\n\t"                           \
  "smlab" h " %[" l "], %[z], %[" m "], %[" l "]\n\t"                          \
  "smlad %[" r "], %[z], %[" w "], %[" rfrom "]\n\t"                           \
  "smlat" h " %[" r "], %[x], %[" m "], %[" r "]\n\t"
#define MCUNET_DW3X3_INPUT(load)                                               \
  "ldr %[x], " load "\n\t"                                                     \
  "sxtb16 %[z], %[x], ror #8\n\t"                                              \
  "sxtb16 %[x], %[x]\n\t"
#define MCUNET_DW3X3_REQ(a)                                                    \
  "smmlar %[" a "], %[" a "], %[x], %[z]\n\t"                                  \
  "asr %[" a "], %[" a "], %[b]\n\t"                                           \
  "ssat %[" a "], #8, %[" a "]\n\t"                                            \
  ".if %c[lo] > -128\n\t"                                                      \
  "cmp %[" a "], #%c[lo]\n\t"                                                  \
  "it lt\n\t"                                                                  \
  "movlt %[" a "], #%c[lo]\n\t"                                                \
  ".endif\n\t"
#define MCUNET_DW3X3_S1_ASM(r_, pw_, wp_, bias_, mult_, off_, right_, y_,      \
                            blocks_, c_, below_, lo_)                          \
  do {                                                                         \
    int32_t mc_a0, mc_a1, mc_a2, mc_a3, mc_x, mc_z, mc_b;                      \
    const int32_t mc_w0 = (wp_)[0], mc_w1 = (wp_)[2], mc_w2 = (wp_)[4];        \
    const int32_t mc_m01 = (int32_t)((uint32_t)(uint16_t)(wp_)[1] |            \
                                     ((uint32_t)(wp_)[3] << 16));              \
    const int32_t mc_m2 = (wp_)[5];                                            \
    const int32_t mc_q[4] = {(bias_), (mult_), (off_), (right_)};              \
    const int8_t *mc_s = (r_), *mc_end = (r_) + 2 * (blocks_);                 \
    int8_t *mc_y = (y_);                                                       \
    __asm__ volatile("1:\n\t"                                                  \
            "ldr %[b], %[q0]\n\t"                                              \
            MCUNET_DW3X3_INPUT("[%[s]], #2")                                   \
            MCUNET_DW3X3_ROW("a0", "a1", "w0", "m01", "b", "b", "b")           \
            MCUNET_DW3X3_INPUT("[%[s], #%c[pw] - 2]")                          \
            MCUNET_DW3X3_ROW("a0", "a1", "w1", "m01", "t", "a0", "a1")         \
            MCUNET_DW3X3_ROW("a2", "a3", "w0", "m01", "b", "b", "b")           \
            MCUNET_DW3X3_INPUT("[%[s], #2 * %c[pw] - 2]")                      \
            MCUNET_DW3X3_ROW("a0", "a1", "w2", "m2", "b", "a0", "a1")          \
            MCUNET_DW3X3_ROW("a2", "a3", "w1", "m01", "t", "a2", "a3")         \
            MCUNET_DW3X3_INPUT("[%[s], #3 * %c[pw] - 2]")                      \
            MCUNET_DW3X3_ROW("a2", "a3", "w2", "m2", "b", "a2", "a3")          \
            "ldr %[x], %[q1]\n\t"                                              \
            "ldr %[z], %[q2]\n\t"                                              \
            "ldr %[b], %[q3]\n\t"                                              \
            MCUNET_DW3X3_REQ("a0") MCUNET_DW3X3_REQ("a1")                      \
            MCUNET_DW3X3_REQ("a2") MCUNET_DW3X3_REQ("a3")                      \
            "strb %[a0], [%[y]]\n\t"                                           \
            "strb %[a1], [%[y], #%c[c]]\n\t"                                   \
            ".if %c[below] + %c[c] <= 4095\n\t"                                \
            "strb %[a2], [%[y], #%c[below]]\n\t"                               \
            "strb %[a3], [%[y], #%c[below] + %c[c]]\n\t"                       \
            ".else\n\t"                                                        \
            "movw %[x], #%c[below]\n\t"                                        \
            "add %[x], %[x], %[y]\n\t"                                         \
            "strb %[a2], [%[x]]\n\t"                                           \
            "strb %[a3], [%[x], #%c[c]]\n\t"                                   \
            ".endif\n\t"                                                       \
            "add %[y], %[y], #2 * %c[c]\n\t"                                   \
            "ldr %[x], %[end]\n\t"                                             \
            "cmp %[s], %[x]\n\t"                                               \
            "bne 1b"                                                           \
            : [a0] "=&r"(mc_a0), [a1] "=&r"(mc_a1), [a2] "=&r"(mc_a2),         \
              [a3] "=&r"(mc_a3), [x] "=&r"(mc_x), [z] "=&r"(mc_z),             \
              [b] "=&r"(mc_b), [s] "+&r"(mc_s), [y] "+&r"(mc_y)                \
            : [w0] "r"(mc_w0), [w1] "r"(mc_w1), [w2] "r"(mc_w2),               \
              [m01] "r"(mc_m01), [m2] "r"(mc_m2), [q0] "m"(mc_q[0]),           \
              [q1] "m"(mc_q[1]), [q2] "m"(mc_q[2]), [q3] "m"(mc_q[3]),         \
              [end] "m"(mc_end), [pw] "i"(pw_), [c] "i"(c_),                   \
              [below] "i"(below_), [lo] "i"(lo_)                               \
            : "memory", "cc");                                                 \
  } while (0)
#endif

#if defined(__ARM_FEATURE_DSP)
#define MCUNET_DW3X3_S2_ROW(k)                                                 \
  do {                                                                         \
    const int8_t *r = s + (k) * pw;                                            \
    const uint32_t v = mcunet_load32(r);                                       \
    const int32_t x02 = (int32_t)__sxtb16(v), x13 = mcunet_sxtb16_ror8(v);     \
    a0 = __smlad(x02, wp[2 * (k)], a0);                                        \
    a0 = __smlabb(x13, wp[2 * (k) + 1], a0);                                   \
    a1 = __smlatb(x02, wp[2 * (k)], a1);                                       \
    a1 = __smlatb(x13, wp[2 * (k) + 1], a1);                                   \
    a1 = __smlabt((int32_t)r[4], wp[2 * (k)], a1);                             \
  } while (0)
#else
#define MCUNET_DW3X3_S2_ROW(k)                                                 \
  do {                                                                         \
    const int8_t *r = s + (k) * pw;                                            \
    const int32_t w0 = mcunet_lo16(wp[2 * (k)]), w1 = wp[2 * (k) + 1];         \
    const int32_t w2 = mcunet_hi16(wp[2 * (k)]);                               \
    a0 += r[0] * w0 + r[1] * w1 + r[2] * w2;                                   \
    a1 += r[2] * w0 + r[3] * w1 + r[4] * w2;                                   \
  } while (0)
#endif

static inline void mcunet_dw3x3_s2_x2(const int8_t *s, int pw,
                                      const int32_t *wp, int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  MCUNET_DW3X3_S2_ROW(0);
  MCUNET_DW3X3_S2_ROW(1);
  MCUNET_DW3X3_S2_ROW(2);
  acc[0] = a0;
  acc[1] = a1;
}
#undef MCUNET_DW3X3_S2_ROW

)c"},
    {"dot16_2x2", "load32",
     R"c(/* The int16 columns' word loads pair two halves in memory order: the
 * DSP path below assumes a little-endian core (every Cortex-M build). */
#if defined(__ARM_FEATURE_DSP) && !defined(__ARM_BIG_ENDIAN)
#define MCUNET_DOT16_DSP 1
#endif

/* Four dot products of length n (a multiple of 4) at once, two int16
 * columns (x0, x1: input values minus the input zero point, gathered by an
 * im2col kernel) by a pair of int8 filters stored together (w: per four
 * values filter f0's, then f1's; word-aligned), every four values of a
 * filter stored as (v0, v2, v1, v3): __sxtb16 of such a word gives the
 * int16 pair (v0, v1) and, rotated, (v2, v3), the order of the columns'
 * pairs. acc[0] += x0.f0, acc[1] += x1.f0, acc[2] += x0.f1,
 * acc[3] += x1.f1. aligned = 1: x0 and x1 are word-aligned too; a step of
 * four values is then three LDRD, four __sxtb16 and eight __smlad. */
static inline void mcunet_dot16_2x2(const int16_t *x0, const int16_t *x1,
                                    const int8_t *w, int n, int aligned,
                                    int32_t *acc) {
  int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
  int i;
#if !defined(MCUNET_LDRD) || !defined(MCUNET_DOT16_DSP)
  (void)aligned;
#endif
#if defined(MCUNET_DOT16_DSP) && defined(MCUNET_LDRD)
  if (aligned) {
    const uint32_t *wq = (const uint32_t *)(const void *)w;
/* Four values of all four products; unrolled twice below (n is a
 * multiple of 4). */
#define MCUNET_DOT16_STEP()                                                    \
  do {                                                                         \
    int32_t xa01, xa23, xb01, xb23, t;                                         \
    uint32_t wa, wb;                                                           \
    MCUNET_LDRD(xa01, xa23, x0);                                               \
    MCUNET_LDRD(xb01, xb23, x1);                                               \
    MCUNET_LDRD(wa, wb, wq);                                                   \
    t = (int32_t)__sxtb16(wa);                                                 \
    a00 = __smlad(xa01, t, a00);                                               \
    a01 = __smlad(xb01, t, a01);                                               \
    t = mcunet_sxtb16_ror8(wa);                                                \
    a00 = __smlad(xa23, t, a00);                                               \
    a01 = __smlad(xb23, t, a01);                                               \
    t = (int32_t)__sxtb16(wb);                                                 \
    a10 = __smlad(xa01, t, a10);                                               \
    a11 = __smlad(xb01, t, a11);                                               \
    t = mcunet_sxtb16_ror8(wb);                                                \
    a10 = __smlad(xa23, t, a10);                                               \
    a11 = __smlad(xb23, t, a11);                                               \
  } while (0)
    {
      const int16_t *end = x0 + (n / 8) * 8;
      while (x0 != end) {
        MCUNET_DOT16_STEP();
        MCUNET_DOT16_STEP();
      }
    }
    if (n % 8) {
      MCUNET_DOT16_STEP();
    }
#undef MCUNET_DOT16_STEP
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
    return;
  }
#endif
  for (i = 0; i < n; i += 4, w += 8) {
#if defined(MCUNET_DOT16_DSP)
    const int32_t xa01 = (int32_t)mcunet_load32((const int8_t *)(x0 + i));
    const int32_t xa23 = (int32_t)mcunet_load32((const int8_t *)(x0 + i + 2));
    const int32_t xb01 = (int32_t)mcunet_load32((const int8_t *)(x1 + i));
    const int32_t xb23 = (int32_t)mcunet_load32((const int8_t *)(x1 + i + 2));
    const uint32_t wa = mcunet_load32(w), wb = mcunet_load32(w + 4);
    const int32_t wa01 = (int32_t)__sxtb16(wa);
    const int32_t wa23 = mcunet_sxtb16_ror8(wa);
    const int32_t wb01 = (int32_t)__sxtb16(wb);
    const int32_t wb23 = mcunet_sxtb16_ror8(wb);
    a00 = __smlad(xa01, wa01, a00);
    a00 = __smlad(xa23, wa23, a00);
    a01 = __smlad(xb01, wa01, a01);
    a01 = __smlad(xb23, wa23, a01);
    a10 = __smlad(xa01, wb01, a10);
    a10 = __smlad(xa23, wb23, a10);
    a11 = __smlad(xb01, wb01, a11);
    a11 = __smlad(xb23, wb23, a11);
#else
    a00 += x0[i] * w[0] + x0[i + 1] * w[2] + x0[i + 2] * w[1] +
           x0[i + 3] * w[3];
    a01 += x1[i] * w[0] + x1[i + 1] * w[2] + x1[i + 2] * w[1] +
           x1[i + 3] * w[3];
    a10 += x0[i] * w[4] + x0[i + 1] * w[6] + x0[i + 2] * w[5] +
           x0[i + 3] * w[7];
    a11 += x1[i] * w[4] + x1[i + 1] * w[6] + x1[i + 2] * w[5] +
           x1[i + 3] * w[7];
#endif
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

/* One column by a filter pair (the last pixel of an odd number):
 * acc[0] += x.f0, acc[1] += x.f1. */
static inline void mcunet_dot16_1x2(const int16_t *x, const int8_t *w, int n,
                                    int32_t *acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  int i;
  for (i = 0; i < n; i += 4, w += 8) {
#if defined(MCUNET_DOT16_DSP)
    const int32_t x01 = (int32_t)mcunet_load32((const int8_t *)(x + i));
    const int32_t x23 = (int32_t)mcunet_load32((const int8_t *)(x + i + 2));
    const uint32_t wa = mcunet_load32(w), wb = mcunet_load32(w + 4);
    a0 = __smlad(x01, (int32_t)__sxtb16(wa), a0);
    a0 = __smlad(x23, mcunet_sxtb16_ror8(wa), a0);
    a1 = __smlad(x01, (int32_t)__sxtb16(wb), a1);
    a1 = __smlad(x23, mcunet_sxtb16_ror8(wb), a1);
#else
    a0 += x[i] * w[0] + x[i + 1] * w[2] + x[i + 2] * w[1] + x[i + 3] * w[3];
    a1 += x[i] * w[4] + x[i + 1] * w[6] + x[i + 2] * w[5] + x[i + 3] * w[7];
#endif
  }
  acc[0] = a0;
  acc[1] = a1;
}

/* One dot product of an int16 column with a filter stored alone (an odd
 * last filter) in that order. */
static inline int32_t mcunet_dot16(const int16_t *x, const int8_t *w, int n,
                                   int32_t acc) {
  int i;
  for (i = 0; i < n; i += 4) {
#if defined(MCUNET_DOT16_DSP)
    const uint32_t wv = mcunet_load32(w + i);
    acc = __smlad((int32_t)mcunet_load32((const int8_t *)(x + i)),
                  (int32_t)__sxtb16(wv), acc);
    acc = __smlad((int32_t)mcunet_load32((const int8_t *)(x + i + 2)),
                  mcunet_sxtb16_ror8(wv), acc);
#else
    acc += x[i] * w[i] + x[i + 1] * w[i + 2] + x[i + 2] * w[i + 1] +
           x[i + 3] * w[i + 3];
#endif
  }
  return acc;
}

)c"},
    {"sat8", "",
     R"c(#if defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif

/* v saturated to [-128, 127]: one SSAT on cores that have it. */
static inline int32_t mcunet_sat8(int32_t v) {
#if defined(__ARM_FEATURE_SAT)
  return __ssat(v, 8);
#else
  return v < -128 ? -128 : (v > 127 ? 127 : v);
#endif
}

)c"},
    {"clamp", "",
     R"c(static inline int32_t mcunet_clamp(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

)c"},
    {"ssat", "",
     R"c(#if defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif

/* v saturated to [-2^(bits - 1), 2^(bits - 1) - 1] (bits a constant): one
 * SSAT on cores that have it. With mcunet_max or mcunet_min, a clamp to a
 * range with one end there (a fused ReLU: [zero point, 127]) in two or
 * three instructions instead of four to six. */
#if defined(__ARM_FEATURE_SAT)
#define MCUNET_SSAT(v, bits) __ssat((v), (bits))
#else
static inline int32_t mcunet_ssat(int32_t v, int bits) {
  const int32_t hi = (int32_t)(((int64_t)1 << (bits - 1)) - 1);
  return v < -hi - 1 ? -hi - 1 : (v > hi ? hi : v);
}
#define MCUNET_SSAT(v, bits) mcunet_ssat((v), (bits))
#endif

static inline int32_t mcunet_max(int32_t v, int32_t lo) {
  return v < lo ? lo : v;
}

static inline int32_t mcunet_min(int32_t v, int32_t hi) {
  return v > hi ? hi : v;
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
