/* trace.h - forced into model.c (-include) for the per-layer instruction
 * counts: every MODEL_TRACE becomes a call of a marker function whose
 * address the counting plugin watches.
 * SPDX-License-Identifier: Apache-2.0 */
void bench_layer_mark(void);
#define MODEL_TRACE(index, name, data, bytes) bench_layer_mark()
