/* startup.c - vector table and reset handler for the QEMU mps2 boards.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdint.h>

#include "semihost.h"

extern uint32_t __etext, __data_start, __data_end, __bss_start, __bss_end;
extern uint32_t __stack_top;
int main(void);

void Reset_Handler(void);
static void Default_Handler(void) { sh_exit(99); }

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(
    void) = {
    (void (*)(void))(&__stack_top), Reset_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, 0, 0,
    0, 0, Default_Handler, Default_Handler, 0, Default_Handler,
    Default_Handler};

void Reset_Handler(void) {
  uint32_t *src = &__etext;
  for (uint32_t *dst = &__data_start; dst < &__data_end;)
    *dst++ = *src++;
  for (uint32_t *dst = &__bss_start; dst < &__bss_end;)
    *dst++ = 0;
  /* Enable CP10 and CP11 (the FPU): CPACR at 0xE000ED88. */
  *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20);
  __asm__ volatile("dsb\n isb" ::: "memory");
  sh_exit(main());
}

/* newlib (nano) may reference these; nothing here allocates or exits. */
void _exit(int code) { sh_exit(code); }
