/* stub_model.c - an empty model: the baseline image (linked, never run)
 * whose code, constants and static RAM are subtracted to get the model's
 * own. It has no data of its own, so nothing of the model is subtracted.
 * SPDX-License-Identifier: Apache-2.0 */
#include "model.h"

MODEL_INPUT_TYPE *model_input(void) { return 0; }

const MODEL_OUTPUT_TYPE *model_output(void) { return 0; }

int model_invoke(void) { return 0; }
