/* stub_model.c - an empty model_run: the baseline image whose code and
 * constants are subtracted to get the model's own flash.
 * SPDX-License-Identifier: Apache-2.0 */
#include "model.h"

int model_run(const MODEL_INPUT_TYPE *input, MODEL_OUTPUT_TYPE *output) {
  (void)input;
  (void)output;
  return 0;
}
