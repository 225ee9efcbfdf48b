/* Host harness for the zero-copy entry points of a generated model with one
 * input and one output: for each pair of arguments (input.bin, output.bin)
 * it reads MODEL_INPUT_SIZE raw input elements straight into the arena at
 * model_input(), calls model_invoke() and writes MODEL_OUTPUT_SIZE raw
 * elements from model_output(). The pairs run one after the other in the
 * same arena, as on a device: each input is written before its call, each
 * output read before the next input is written. Exit 0 on success. */
#include "model.h"

#include <stdio.h>

int main(int argc, char **argv) {
  int k;
  if (argc < 3 || argc % 2 != 1) {
    fprintf(stderr, "usage: %s input.bin output.bin [input.bin output.bin]...\n",
            argv[0]);
    return 2;
  }
  for (k = 1; k + 1 < argc; k += 2) {
    FILE *f = fopen(argv[k], "rb");
    if (!f || fread(model_input(), sizeof(MODEL_INPUT_TYPE), MODEL_INPUT_SIZE,
                    f) != MODEL_INPUT_SIZE) {
      fprintf(stderr, "cannot read %u input elements from %s\n",
              (unsigned)MODEL_INPUT_SIZE, argv[k]);
      return 2;
    }
    fclose(f);
    if (model_invoke() != 0) {
      fprintf(stderr, "model_invoke failed\n");
      return 1;
    }
    f = fopen(argv[k + 1], "wb");
    if (!f || fwrite(model_output(), sizeof(MODEL_OUTPUT_TYPE),
                     MODEL_OUTPUT_SIZE, f) != MODEL_OUTPUT_SIZE) {
      fprintf(stderr, "cannot write %s\n", argv[k + 1]);
      return 2;
    }
    fclose(f);
  }
  return 0;
}
