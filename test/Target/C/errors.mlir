// RUN: mcunet-translate --mlir-to-c -split-input-file -verify-diagnostics %s
// RUN: not mcunet-translate --mlir-to-c -split-input-file %s 2> %t.err
// RUN: FileCheck %s --check-prefix=STDERR --input-file=%t.err
// RUN: rm -rf %t.dir
// RUN: not mcunet-translate --mlir-to-c -split-input-file --c-output-dir=%t.dir %s 2> %t.err
// RUN: not ls %t.dir

// Errors of --mlir-to-c. Each case is IR that verifies but cannot be
// printed as C; arena offsets are written by hand where the case needs them.
// The first RUN matches each diagnostic to its op (-verify-diagnostics
// exits 0 when every expected error, and no other, is produced); the second
// checks that the tool itself fails with those messages on stderr; the
// third that a failing translation with --c-output-dir creates nothing.
// STDERR: error: has no te.arena_size: run --te-plan-memory (or the default pipeline) before --mlir-to-c
// STDERR: error: input 0 has no arena offset: run --te-plan-memory (or the default pipeline) before --mlir-to-c
// STDERR: error: has no arena offset: run --te-plan-memory (or the default pipeline) before --mlir-to-c
// STDERR: error: float softmax is not supported by the C emitter
// STDERR: error: int8 softmax needs the output quantization of TensorFlow Lite (scale 1/256, zero point -128)
// STDERR: error: needs 64 bytes of scratch but has no te.scratch: run --te-plan-memory after --te-inplace-depthwise
// STDERR: error: te.scratch must be [offset, bytes] with at least 64 bytes
// STDERR: error: the C emitter needs constant weights and bias
// STDERR: error: the C emitter only handles te ops, got 'quant.scast'
// STDERR: error: the C emitter expects one function per module
// STDERR: error: the C emitter expects a single-block function

// Tests that a function without te.arena_size (the default pipeline was not
// run) is rejected on the function, naming the pass to run.
// expected-error@+1 {{has no te.arena_size: run --te-plan-memory}}
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that an input without an arena offset (the argument attribute
// te.offset: inputs live in the arena) is rejected on the function, naming
// the input and the pass to run.
// expected-error@+1 {{input 0 has no arena offset: run --te-plan-memory}}
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> attributes {te.arena_size = 32 : i64} {
  %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.offset = 16 : i64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that a layer without te.offset is rejected on the op, naming the
// pass to run.
func.func @main(%x: tensor<1x4xf32> {te.offset = 16 : i64}) -> tensor<1x4xf32> attributes {te.arena_size = 32 : i64} {
  // expected-error@+1 {{has no arena offset: run --te-plan-memory}}
  %y = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Tests that a float softmax is rejected (its C would need expf).
func.func @main(%x: tensor<1x10xf32> {te.offset = 40 : i64}) -> tensor<1x10xf32> attributes {te.arena_size = 80 : i64} {
  // expected-error@+1 {{float softmax is not supported by the C emitter}}
  %y = te.softmax %x {te.offset = 0 : i64} : tensor<1x10xf32> -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

// Tests that an int8 softmax whose output is not TFLite's fixed 1/256,
// zero point -128 is rejected, printing the quantization it got.
func.func @main(%x: tensor<1x4x!quant.uniform<i8:f32, 0.125:3>> {te.offset = 8 : i64}) -> tensor<1x4x!quant.uniform<i8:f32, 0.0078125>> attributes {te.arena_size = 16 : i64} {
  // expected-error@+1 {{int8 softmax needs the output quantization of TensorFlow Lite (scale 1/256, zero point -128), got scale 7.812500e-03 zero point 0}}
  %y = te.softmax %x {te.offset = 0 : i64} : tensor<1x4x!quant.uniform<i8:f32, 0.125:3>> -> tensor<1x4x!quant.uniform<i8:f32, 0.0078125>>
  return %y : tensor<1x4x!quant.uniform<i8:f32, 0.0078125>>
}

// -----

// Tests that an in-place depthwise conv needs its scratch buffer (one input
// channel, 4 x 4 floats = 64 bytes): te.inplace without te.scratch means
// the plan was made before the in-place marks.
func.func @main(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 128 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{needs 64 bytes of scratch but has no te.scratch: run --te-plan-memory after --te-inplace-depthwise}}
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 0 : i64}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that a scratch buffer smaller than one input channel is rejected.
func.func @main(%x: tensor<1x4x4x2xf32> {te.offset = 0 : i64}) -> tensor<1x4x4x2xf32> attributes {te.arena_size = 192 : i64} {
  %w = te.constant dense<1.0> : tensor<3x3x2xf32> -> tensor<3x3x2xf32>
  // expected-error@+1 {{te.scratch must be [offset, bytes] with at least 64 bytes}}
  %y = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.inplace = 0 : i64, te.offset = 0 : i64, te.scratch = array<i64: 128, 32>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Tests that a conv whose weights are a function argument (not a
// te.constant) is rejected.
func.func @main(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>> {te.offset = 80 : i64}, %w: tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>> {te.offset = 136 : i64}) -> tensor<1x5x5x3x!quant.uniform<i8:f32, 0.25:3>> attributes {te.arena_size = 144 : i64} {
  // expected-error@+1 {{the C emitter needs constant weights and bias}}
  %y = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.offset = 0 : i64}
      : (tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x5x5x3x!quant.uniform<i8:f32, 0.25:3>>
  return %y : tensor<1x5x5x3x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that an op of another dialect (quant.scast) is rejected by name.
func.func @main(%x: tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> {te.offset = 0 : i64}) -> tensor<1x4xi8> attributes {te.arena_size = 8 : i64} {
  // expected-error@+1 {{the C emitter only handles te ops, got 'quant.scast'}}
  %y = quant.scast %x : tensor<1x4x!quant.uniform<i8:f32, 0.5:-1>> to tensor<1x4xi8>
  return %y : tensor<1x4xi8>
}

// -----

// Tests that a module with two functions is rejected on the second.
func.func @main(%x: tensor<1x4xf32> {te.offset = 0 : i64}) -> tensor<1x4xf32> attributes {te.arena_size = 16 : i64} {
  return %x : tensor<1x4xf32>
}
// expected-error@+1 {{the C emitter expects one function per module}}
func.func @other(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  return %x : tensor<1x4xf32>
}

// -----

// Tests that a function with more than one block is rejected.
// expected-error@+1 {{the C emitter expects a single-block function}}
func.func @main(%x: tensor<1x4xf32> {te.offset = 0 : i64}) -> tensor<1x4xf32> attributes {te.arena_size = 16 : i64} {
  return %x : tensor<1x4xf32>
^bb1:
  return %x : tensor<1x4xf32>
}
