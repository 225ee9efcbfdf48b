/* semihost.h - the few ARM semihosting calls the bench harness uses.
 * SPDX-License-Identifier: Apache-2.0
 *
 * `bkpt 0xAB` with r0 = operation, r1 = argument block; QEMU answers in r0
 * (-semihosting-config enable=on,target=native). */
#ifndef MCUNET_BENCH_SEMIHOST_H
#define MCUNET_BENCH_SEMIHOST_H

#include <stdint.h>

#define SH_SYS_OPEN 0x01
#define SH_SYS_CLOSE 0x02
#define SH_SYS_WRITE0 0x04
#define SH_SYS_WRITE 0x05
#define SH_SYS_READ 0x06
#define SH_SYS_EXIT_EXTENDED 0x20

static inline int sh_call(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline void sh_puts(const char *s) { sh_call(SH_SYS_WRITE0, s); }

/* Exits QEMU with `code` as its exit status (ADP_Stopped_ApplicationExit). */
static inline void sh_exit(int code) {
  uint32_t block[2] = {0x20026u, (uint32_t)code};
  sh_call(SH_SYS_EXIT_EXTENDED, block);
  for (;;) {
  }
}

/* Opens `path` (relative to QEMU's working directory); mode 1 = "rb",
 * 5 = "wb". Returns a handle or -1. */
static inline int sh_open(const char *path, int mode) {
  uint32_t len = 0;
  while (path[len])
    ++len;
  uint32_t block[3] = {(uint32_t)path, (uint32_t)mode, len};
  return sh_call(SH_SYS_OPEN, block);
}

/* Returns the number of bytes NOT transferred (0 = all). */
static inline int sh_read(int fd, void *buf, uint32_t n) {
  uint32_t block[3] = {(uint32_t)fd, (uint32_t)buf, n};
  return sh_call(SH_SYS_READ, block);
}
static inline int sh_write(int fd, const void *buf, uint32_t n) {
  uint32_t block[3] = {(uint32_t)fd, (uint32_t)buf, n};
  return sh_call(SH_SYS_WRITE, block);
}
static inline void sh_close(int fd) {
  uint32_t block[1] = {(uint32_t)fd};
  sh_call(SH_SYS_CLOSE, block);
}

#endif /* MCUNET_BENCH_SEMIHOST_H */
