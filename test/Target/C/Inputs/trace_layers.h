/* Force-included (cc -include) by inplace-bitexact.test: every MODEL_TRACE
 * call of the generated model prints the layer's index, name and output
 * bytes in hex on stdout, right after the layer ran (before a later
 * in-place layer overwrites them), so two builds of the same graph can be
 * compared layer by layer with cmp. */
#ifndef TRACE_LAYERS_H
#define TRACE_LAYERS_H

#include <stdio.h>

static inline void trace_layer(int index, const char *name, const void *data,
                               unsigned bytes) {
  const unsigned char *p = (const unsigned char *)data;
  unsigned i;
  printf("%d %s", index, name);
  for (i = 0; i < bytes; ++i)
    printf("%s%02x", i % 32 ? "" : "\n  ", p[i]);
  printf("\n");
}

#define MODEL_TRACE(index, name, data, bytes)                                  \
  trace_layer(index, name, data, bytes)

#endif /* TRACE_LAYERS_H */
