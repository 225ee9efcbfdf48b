/* Host harness for generated models: reads MODEL_INPUT_SIZE raw input
 * elements from argv[1], runs one inference, writes MODEL_OUTPUT_SIZE raw
 * output elements to argv[2]. Exit 0 on success. */
#include "model.h"

#include <stdio.h>

static MODEL_INPUT_TYPE input[MODEL_INPUT_SIZE];
static MODEL_OUTPUT_TYPE output[MODEL_OUTPUT_SIZE];

int main(int argc, char **argv) {
  FILE *f;
  if (argc != 3) {
    fprintf(stderr, "usage: %s input.bin output.bin\n", argv[0]);
    return 2;
  }
  f = fopen(argv[1], "rb");
  if (!f || fread(input, sizeof(input), 1, f) != 1) {
    fprintf(stderr, "cannot read %u input elements from %s\n",
            (unsigned)MODEL_INPUT_SIZE, argv[1]);
    return 2;
  }
  fclose(f);
  if (model_run(input, output) != 0) {
    fprintf(stderr, "model_run failed\n");
    return 1;
  }
  f = fopen(argv[2], "wb");
  if (!f || fwrite(output, sizeof(output), 1, f) != 1) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 2;
  }
  fclose(f);
  return 0;
}
