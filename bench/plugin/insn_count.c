/* insn_count.c - QEMU TCG plugin: counts executed guest instructions.
 * SPDX-License-Identifier: Apache-2.0
 *
 *   qemu-system-arm -icount shift=0 \
 *     -plugin libmcunet_insn_count.so,start=0x..,stop=0x..[,mark=0x..][,out=F]
 *
 * Every translated instruction gets an inline 64-bit add (exact, and with
 * -icount the count is deterministic). At the first instruction of `start`
 * and of `stop` (marker functions of the harness) the running count is
 * recorded, and at each execution of `mark` in between too (one per model
 * layer). At exit it writes
 *   total <instructions from start to stop>
 *   mark <instructions from start to that mark>     (one line per mark)
 * to `out` (or through qemu_plugin_outs, i.e. -d plugin -D log).
 *
 * Debian ships no qemu-plugin.h: the subset of the version-1 API (QEMU 7.2)
 * used here is declared below. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS = 0 };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 = 0 };

void qemu_plugin_register_vcpu_tb_trans_cb(
    qemu_plugin_id_t id,
    void (*cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
                                                 size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op,
                                                void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(
    struct qemu_plugin_insn *insn, void (*cb)(unsigned int vcpu, void *udata),
    enum qemu_plugin_cb_flags flags, void *udata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
                                    void (*cb)(qemu_plugin_id_t id,
                                               void *udata),
                                    void *udata);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_MARKS 4096

static uint64_t count;
static uint64_t startAddr, stopAddr, markAddr;
static bool haveMark;
static uint64_t startCount, stopCount;
static int started, stopped;
static uint64_t marks[MAX_MARKS];
static size_t numMarks;
static const char *outPath;

enum { EV_START, EV_STOP, EV_MARK };

static void onEvent(unsigned int vcpu, void *udata) {
  (void)vcpu;
  switch ((int)(uintptr_t)udata) {
  case EV_START:
    if (!started) {
      started = 1;
      startCount = count;
    }
    break;
  case EV_STOP:
    if (started && !stopped) {
      stopped = 1;
      stopCount = count;
    }
    break;
  default:
    if (started && !stopped && numMarks < MAX_MARKS)
      marks[numMarks++] = count;
    break;
  }
}

static void onTranslate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; ++i) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    uint64_t pc = qemu_plugin_insn_vaddr(insn);
    int event = pc == startAddr                ? EV_START
                : pc == stopAddr               ? EV_STOP
                : haveMark && pc == markAddr ? EV_MARK
                                               : -1;
    /* The event callback runs before this instruction's add: a count taken
     * at a marker excludes the marker's first instruction. */
    if (event >= 0)
      qemu_plugin_register_vcpu_insn_exec_cb(insn, onEvent,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             (void *)(uintptr_t)event);
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                               &count, 1);
  }
}

static void onExit(qemu_plugin_id_t id, void *udata) {
  (void)id;
  (void)udata;
  FILE *f = outPath ? fopen(outPath, "w") : NULL;
  char line[96];
  if (!started || !stopped)
    snprintf(line, sizeof(line), "error markers not reached\n");
  else
    snprintf(line, sizeof(line), "total %" PRIu64 "\n", stopCount - startCount);
  f ? (void)fputs(line, f) : qemu_plugin_outs(line);
  for (size_t i = 0; started && stopped && i < numMarks; ++i) {
    snprintf(line, sizeof(line), "mark %" PRIu64 "\n", marks[i] - startCount);
    f ? (void)fputs(line, f) : qemu_plugin_outs(line);
  }
  snprintf(line, sizeof(line), "all %" PRIu64 "\n", count);
  f ? (void)fputs(line, f) : qemu_plugin_outs(line);
  if (f)
    fclose(f);
}

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                    char **argv) {
  (void)info;
  bool haveStart = false, haveStop = false;
  for (int i = 0; i < argc; ++i) {
    const char *a = argv[i];
    if (!strncmp(a, "start=", 6)) {
      startAddr = strtoull(a + 6, NULL, 0) & ~1ull;
      haveStart = true;
    } else if (!strncmp(a, "stop=", 5)) {
      stopAddr = strtoull(a + 5, NULL, 0) & ~1ull;
      haveStop = true;
    } else if (!strncmp(a, "mark=", 5)) {
      markAddr = strtoull(a + 5, NULL, 0) & ~1ull;
      haveMark = true;
    } else if (!strncmp(a, "out=", 4)) {
      outPath = a + 4;
    } else {
      fprintf(stderr, "insn_count: unknown argument '%s'\n", a);
      return -1;
    }
  }
  if (!haveStart || !haveStop) {
    fprintf(stderr, "insn_count: start= and stop= are required\n");
    return -1;
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, onTranslate);
  qemu_plugin_register_atexit_cb(id, onExit, NULL);
  return 0;
}
