/* SPDX-License-Identifier: Apache-2.0
 *
 * Host harness of the layer-wise ONNX Runtime oracle (scripts/ort-oracle.sh):
 * one translation unit that defines MODEL_TRACE and then includes the
 * generated model.c, so every layer output is seen.
 *
 *   cc -std=c99 -I OUTDIR trace_harness.c OUTDIR/model_weights.c -o run
 *   ./run input.bin output.bin TRACEDIR
 *
 * reads MODEL_INPUT_SIZE input elements (ONNX layout) from input.bin, runs
 * one inference, writes the output to output.bin and, for every layer,
 * TRACEDIR/<index>.bin (the layer's output bytes as the kernels left them:
 * NHWC for 4-D tensors) and one line "index name bytes" in
 * TRACEDIR/trace.txt. Exit 0 on success, 1 when model_run fails, 2 on I/O
 * errors. */
#include <stdint.h>
#include <stdio.h>

static void mcunet_trace(int index, const char *name, const int8_t *data,
                         unsigned long bytes);

#define MODEL_TRACE(index, name, data, bytes)                                  \
  mcunet_trace((index), (name), (const int8_t *)(data), (unsigned long)(bytes))

#include "model.c"

static const char *trace_dir;
static FILE *trace_index;
static int trace_failed;

static void mcunet_trace(int index, const char *name, const int8_t *data,
                         unsigned long bytes) {
  char path[4096];
  FILE *f;
  if (trace_failed)
    return;
  snprintf(path, sizeof(path), "%s/%d.bin", trace_dir, index);
  f = fopen(path, "wb");
  if (!f || (bytes && fwrite(data, 1, bytes, f) != bytes)) {
    fprintf(stderr, "cannot write %s\n", path);
    trace_failed = 1;
  }
  if (f)
    fclose(f);
  fprintf(trace_index, "%d %s %lu\n", index, name, bytes);
}

static MODEL_INPUT_TYPE input[MODEL_INPUT_SIZE];
static MODEL_OUTPUT_TYPE output[MODEL_OUTPUT_SIZE];

int main(int argc, char **argv) {
  char path[4096];
  FILE *f;
  if (argc != 4) {
    fprintf(stderr, "usage: %s input.bin output.bin tracedir\n", argv[0]);
    return 2;
  }
  f = fopen(argv[1], "rb");
  if (!f || fread(input, sizeof(input), 1, f) != 1) {
    fprintf(stderr, "cannot read %u input elements from %s\n",
            (unsigned)MODEL_INPUT_SIZE, argv[1]);
    return 2;
  }
  fclose(f);
  trace_dir = argv[3];
  snprintf(path, sizeof(path), "%s/trace.txt", trace_dir);
  trace_index = fopen(path, "w");
  if (!trace_index) {
    fprintf(stderr, "cannot write %s\n", path);
    return 2;
  }
  if (model_run(input, output) != 0) {
    fprintf(stderr, "model_run failed\n");
    return 1;
  }
  if (fclose(trace_index) != 0 || trace_failed)
    return 2;
  f = fopen(argv[2], "wb");
  if (!f || fwrite(output, sizeof(output), 1, f) != 1) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 2;
  }
  fclose(f);
  return 0;
}
