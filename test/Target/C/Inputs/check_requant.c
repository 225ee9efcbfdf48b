/* Compares the requantization helpers of the specialized kernels,
 * mcunet_requant_down (one 64-bit multiply-accumulate),
 * mcunet_requant_fast/fast1 (the rounding in the same sum) and
 * mcunet_requant_mmla (SMMLAR with the zero point in its offset), with the
 * reference TFLite helper mcunet_mbqm (gemmlowp SRDHM + RoundingDivideByPOT)
 * on random and extreme accumulators, every multiplier mcunet can produce
 * ([2^30, 2^31)) and every shift <= 0. The helpers are the generated C,
 * extracted from compiled models by the lit test (requant.h, mbqm.h).
 * Prints the number of cases and exits 1 on the first difference. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mbqm.h"
#include "requant.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint32_t next32(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return (uint32_t)(state >> 16);
}

/* The helpers with TFLite's (x, multiplier, shift) arguments. */
static int32_t requant_down(int32_t x, int32_t multiplier, int shift) {
  return mcunet_requant_down(x, multiplier, shift);
}
static int32_t requant_fast(int32_t x, int32_t multiplier, int shift) {
  return mcunet_requant_fast(x, multiplier, (int32_t)1 << (-shift - 2),
                             -shift - 1);
}
static int32_t requant_fast1(int32_t x, int32_t multiplier, int shift) {
  return mcunet_requant_fast1(x, multiplier, (int32_t)1 << (-shift - 1),
                              -shift - 1);
}

/* Case i of a shift's 20000: the extremes first, then accumulator-sized and
 * random x (any int32, or |x| < 2^30 with `below30`), random multipliers in
 * [2^30, 2^31) with the bounds 2^30 and INT32_MAX every 1000 cases, and
 * x = -1 with 2^30 (high == -1 exactly: the borrow boundary). */
static void draw_case(int i, int below30, int32_t *x, int32_t *multiplier) {
  static const int32_t extremes[] = {0,
                                     1,
                                     -1,
                                     2,
                                     -2,
                                     INT32_MAX,
                                     INT32_MIN,
                                     INT32_MAX - 1,
                                     INT32_MIN + 1,
                                     1 << 30,
                                     -(1 << 30)};
  static const int32_t extremes30[] = {
      0, 1, -1, 2, -2, (1 << 30) - 1, -(1 << 30) + 1};
  const int count = below30 ? 7 : 11;
  *multiplier = (int32_t)((1u << 30) | (next32() & 0x3FFFFFFFu));
  if (i < count) {
    *x = below30 ? extremes30[i] : extremes[i];
  } else if (i % 3 == 0) {
    *x = (int32_t)(next32() & 0xFFFFF) - 0x80000; /* accumulator-sized */
  } else if (below30) {
    *x = (int32_t)(next32() & 0x7FFFFFFFu) - 0x3FFFFFFF;
    if (*x >= (1 << 30)) {
      *x = (1 << 30) - 1;
    }
  } else {
    *x = (int32_t)next32();
  }
  if (i % 1000 == 1) {
    *multiplier = i % 2000 == 1 ? (1 << 30) : INT32_MAX;
  }
  if (i % 1000 == 2) {
    *x = -1;
    *multiplier = 1 << 30;
  }
}

/* Compares `helper` with mcunet_mbqm for every shift from `first` down to
 * -31, 20000 cases each (draw_case, any int32 x). Prints the number of
 * cases; returns 0, or 1 on the first difference. */
static int check(const char *name, int first,
                 int32_t (*helper)(int32_t, int32_t, int)) {
  long cases = 0;
  for (int shift = first; shift >= -31; --shift) {
    for (int i = 0; i < 20000; ++i) {
      int32_t x, multiplier;
      draw_case(i, 0, &x, &multiplier);
      int32_t a = helper(x, multiplier, shift);
      int32_t b = mcunet_mbqm(x, multiplier, shift);
      ++cases;
      if (a != b) {
        printf("%s differs: x %ld multiplier %ld shift %d: %ld vs %ld\n", name,
               (long)x, (long)multiplier, shift, (long)a, (long)b);
        return 1;
      }
    }
  }
  printf("%s == mbqm on %ld cases\n", name, cases);
  return 0;
}

/* max(lo, min(127, v)): the kernels' int8 clamp with a lower bound. */
static int32_t clamp8(int32_t v, int32_t lo) {
  return v < lo ? lo : v > 127 ? 127 : v;
}

/* mcunet_requant_mmla against mcunet_mbqm plus a zero point, for every
 * shift from -1 to -31, 20000 cases each, with accumulators below 2^30 in
 * magnitude (its precondition; extremes +-(2^30 - 1), 0, +-1) and random
 * zero points in [-128, 127], folded into the offset when the compiler
 * would fold it (the bound |x| + 2 + 2^(right - 1) + |zp| * 2^right stays
 * below 2^31 - 1, here with |x| as the bound) and added after it otherwise.
 * Prints the cases and how many took each form; returns 0, or 1 on the
 * first difference. */
static int check_mmla(void) {
  long cases = 0, folded = 0, added = 0, relu_at_zp = 0;
  for (int shift = -1; shift >= -31; --shift) {
    const int right = -shift;
    for (int i = 0; i < 20000; ++i) {
      int32_t x, multiplier;
      draw_case(i, 1, &x, &multiplier);
      const int32_t zp = (int32_t)(next32() % 256) - 128;
      const int64_t bound =
          (x < 0 ? -(int64_t)x : (int64_t)x) + 2 + ((int64_t)1 << (right - 1)) +
          (int64_t)(zp < 0 ? -zp : zp) * ((int64_t)1 << right);
      const int fold = bound < INT32_MAX;
      const int64_t offset = ((int64_t)1 << (right - 1)) +
                             (fold ? (int64_t)zp * ((int64_t)1 << right) : 0);
      int32_t a = mcunet_requant_mmla(x, multiplier, (int32_t)offset, right);
      /* The doubled-accumulator form gives the same value from 2x. */
      const int32_t a2 =
          mcunet_requant_mmla2(x * 2, multiplier, (int32_t)offset, right);
      if (a2 != a) {
        printf("requant_mmla2 differs: x %ld multiplier %ld shift %d: "
               "%ld vs %ld\n",
               (long)x, (long)multiplier, shift, (long)a2, (long)a);
        return 1;
      }
      /* The _relu forms (no sign correction): the same value for x >= 0,
       * and the same after any clamp whose lower bound is at or above the
       * zero point (a fused ReLU, or zp = -128) for every x. */
      int32_t r = mcunet_requant_mmla_relu(x, multiplier, (int32_t)offset,
                                           right);
      const int32_t r2 = mcunet_requant_mmla2_relu(x * 2, multiplier,
                                                   (int32_t)offset, right);
      if (r2 != r) {
        printf("requant_mmla2_relu differs: x %ld multiplier %ld shift %d: "
               "%ld vs %ld\n",
               (long)x, (long)multiplier, shift, (long)r2, (long)r);
        return 1;
      }
      if (!fold) {
        a += zp;
        r += zp;
      }
      const int32_t lo = zp + (int32_t)(next32() % (uint32_t)(128 - zp));
      if ((x >= 0 && r != a) ||
          clamp8(r, lo) != clamp8(a, lo)) {
        printf("requant_mmla_relu differs: x %ld multiplier %ld shift %d zp "
               "%ld lo %ld: %ld vs %ld\n",
               (long)x, (long)multiplier, shift, (long)zp, (long)lo, (long)r,
               (long)a);
        return 1;
      }
      relu_at_zp += lo == zp;
      folded += fold;
      added += !fold;
      int32_t b = mcunet_mbqm(x, multiplier, shift) + zp;
      ++cases;
      if (a != b) {
        printf("requant_mmla differs: x %ld multiplier %ld shift %d zp %ld: "
               "%ld vs %ld\n",
               (long)x, (long)multiplier, shift, (long)zp, (long)a, (long)b);
        return 1;
      }
    }
  }
  printf("requant_mmla == requant_mmla2 of 2x == mbqm + zero point on %ld "
         "cases (zero point folded in %ld, added after %ld)\n",
         cases, folded, added);
  printf("requant_mmla_relu == requant_mmla2_relu of 2x == requant_mmla "
         "clamped at or above the zero point on %ld cases (%ld at the zero "
         "point)\n",
         cases, relu_at_zp);
  return 0;
}

int main(void) {
  return check("requant_down", 0, requant_down) ||
         check("requant_fast", -2, requant_fast) ||
         check("requant_fast1", -1, requant_fast1) || check_mmla();
}
