/* counter.S - the counter's validation program (test-counter.py): between
 * the markers, a loop of LOOP_N iterations whose instructions the test
 * counts in the disassembly. Linked with startup.c and link.ld.
 * SPDX-License-Identifier: Apache-2.0 */
  .syntax unified
  .thumb
  .text

  .global bench_start
  .type bench_start, %function
  .thumb_func
bench_start:
  nop
  bx lr

  .global bench_stop
  .type bench_stop, %function
  .thumb_func
bench_stop:
  nop
  nop
  bx lr

  .global main
  .type main, %function
  .thumb_func
main:
  push {r4, lr}
  movs r1, #0
  movs r2, #0
  bl bench_start
  ldr r0, =LOOP_N
  .global count_loop
count_loop:
  adds r1, r1, r0
  eors r2, r2, r1
  subs r0, r0, #1
  bne count_loop
  bl bench_stop
  movs r0, #0
  pop {r4, pc}
  .ltorg
