// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-inplace-depthwise))' | FileCheck %s
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-inplace-depthwise{depthwise=false}))' | FileCheck %s --check-prefix=NODW
// RUN: mcunet-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(te-inplace-depthwise{elementwise=false}))' | FileCheck %s --check-prefix=NOEW

// --te-inplace-depthwise marks te.inplace = k where the op's result may
// overwrite operand k: nothing reads operand k after the op (directly or
// through a reshape, the return included), it is not a constant, and no
// other operand of the op reads the same buffer. A depthwise conv (channel
// multiplier 1) does it through a scratch buffer of one input channel,
// H x W elements, and only where that scratch is no larger than
// min(input bytes, output bytes), the most it saves. Element sizes: f32 4
// bytes, i8 1 byte.

// Tests a stride-1 depthwise conv in place: its input dies at it.
// Scratch 4 x 4 floats = 64 B <= min(512, 512).
// CHECK-LABEL: func.func @depthwise_stride1
// CHECK: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
// NOEW-LABEL: func.func @depthwise_stride1
// NOEW: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
// NODW-LABEL: func.func @depthwise_stride1
// NODW-NOT: te.inplace
// NODW: return
func.func @depthwise_stride1(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

// Tests a quantized stride-2 depthwise conv in place, at the limit: the
// scratch is one 8 x 8 int8 channel, 64 B, exactly the 4x4x4 output, so it
// costs no more than it saves.
// CHECK-LABEL: func.func @depthwise_stride2
// CHECK: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
func.func @depthwise_stride2(%x: tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<1> : tensor<3x3x4xi8> -> tensor<3x3x4x!quant.uniform<i8:f32, 0.125>>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x3x4x!quant.uniform<i8:f32, 0.125>>)
      -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:3>>
  return %0 : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests that a depthwise conv stays out of place when its scratch costs
// more than it saves: one channel, stride 2, an 8 x 8 scratch (64 B)
// against a 4 x 4 output (16 B).
// CHECK-LABEL: func.func @depthwise_scratch_too_large
// CHECK-NOT: te.inplace
// CHECK: return
func.func @depthwise_scratch_too_large(%x: tensor<1x8x8x1x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x4x1x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<1> : tensor<3x3x1xi8> -> tensor<3x3x1x!quant.uniform<i8:f32, 0.125>>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x8x8x1x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x3x1x!quant.uniform<i8:f32, 0.125>>)
      -> tensor<1x4x4x1x!quant.uniform<i8:f32, 0.25:3>>
  return %0 : tensor<1x4x4x1x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

// Tests a residual skip: the depthwise conv may not overwrite %x, which the
// add reads afterwards; the add, %x's last reader, overwrites it instead
// (operand 0, the first that qualifies).
// CHECK-LABEL: func.func @depthwise_input_read_later
// CHECK: te.depthwise_conv2d
// CHECK-NOT: te.inplace
// CHECK-SAME: -> tensor<1x4x4x8xf32>
// CHECK-NEXT: te.add {{.*}}{te.inplace = 0 : i64}
func.func @depthwise_input_read_later(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %1 = te.add %x, %0 : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %1 : tensor<1x4x4x8xf32>
}

// -----

// Tests that a read through a reshape counts: %r, a view of %x, is read by
// the add after the depthwise conv.
// CHECK-LABEL: func.func @depthwise_input_read_later_through_reshape
// CHECK: te.depthwise_conv2d
// CHECK-NOT: te.inplace
// CHECK-SAME: -> tensor<1x4x4x8xf32>
func.func @depthwise_input_read_later_through_reshape(%x: tensor<1x4x4x8xf32>) -> tensor<1x128xf32> {
  %r = te.reshape %x : tensor<1x4x4x8xf32> -> tensor<1x128xf32>
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %s = te.reshape %0 : tensor<1x4x4x8xf32> -> tensor<1x128xf32>
  %1 = te.add %s, %r : (tensor<1x128xf32>, tensor<1x128xf32>) -> tensor<1x128xf32>
  return %1 : tensor<1x128xf32>
}

// -----

// Tests that an operand read through a reshape that dies at the op
// qualifies: the depthwise conv reads %x only through %r.
// CHECK-LABEL: func.func @depthwise_through_reshape
// CHECK: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
func.func @depthwise_through_reshape(%x: tensor<1x128xf32>) -> tensor<1x4x4x8xf32> {
  %r = te.reshape %x : tensor<1x128xf32> -> tensor<1x4x4x8xf32>
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %0 = te.depthwise_conv2d %r, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

// Tests that a returned input is never overwritten: the caller reads it
// after the run.
// CHECK-LABEL: func.func @depthwise_input_returned
// CHECK-NOT: te.inplace
// CHECK: return
func.func @depthwise_input_returned(%x: tensor<1x4x4x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  return %0, %x : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}

// -----

// Tests that a constant input is never overwritten (it is flash).
// CHECK-LABEL: func.func @depthwise_constant_input
// CHECK-NOT: te.inplace
// CHECK: return
func.func @depthwise_constant_input() -> tensor<1x4x4x8xf32> {
  %x = te.constant dense<2.0> : tensor<1x4x4x8xf32> -> tensor<1x4x4x8xf32>
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

// Tests that a channel multiplier of 2 stays out of place: output channels
// 2c and 2c + 1 both read input channel c, and the output does not fit in
// the input's channel slots.
// CHECK-LABEL: func.func @depthwise_multiplier2
// CHECK-NOT: te.inplace
// CHECK: return
func.func @depthwise_multiplier2(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32> {
  %w = te.constant dense<1.0> : tensor<3x3x8xf32> -> tensor<3x3x8xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4xf32>, tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

// Tests several images: image n's output may not be larger than its input,
// or writing it would reach into image n + 1's input before it is read.
// A 1x1 kernel with padding 1 grows 2x2 images to 4x4: refused. (The
// scratch, 2 x 2 floats, is not what stops it.)
// CHECK-LABEL: func.func @depthwise_batch_output_larger
// CHECK-NOT: te.inplace
// CHECK: return
func.func @depthwise_batch_output_larger(%x: tensor<2x2x2x4xf32>) -> tensor<2x4x4x4xf32> {
  %w = te.constant dense<1.0> : tensor<1x1x4xf32> -> tensor<1x1x4xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<2x2x2x4xf32>, tensor<1x1x4xf32>) -> tensor<2x4x4x4xf32>
  return %0 : tensor<2x4x4x4xf32>
}

// -----

// Tests that with one image the same growing conv runs in place: only
// channel c's slots are written while channel c is processed.
// CHECK-LABEL: func.func @depthwise_single_output_larger
// CHECK: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
func.func @depthwise_single_output_larger(%x: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = te.constant dense<1.0> : tensor<1x1x4xf32> -> tensor<1x1x4xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x2x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Tests that several images of the same size run in place.
// CHECK-LABEL: func.func @depthwise_batch_same_size
// CHECK: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
func.func @depthwise_batch_same_size(%x: tensor<2x4x4x4xf32>) -> tensor<2x4x4x4xf32> {
  %w = te.constant dense<1.0> : tensor<3x3x4xf32> -> tensor<3x3x4xf32>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<2x4x4x4xf32>, tensor<3x3x4xf32>) -> tensor<2x4x4x4xf32>
  return %0 : tensor<2x4x4x4xf32>
}

// -----

// Tests the element-wise ops in place over operand 0: clamp, a requantize
// (i8 -> i8) and a mul by a constant.
// CHECK-LABEL: func.func @elementwise
// CHECK: te.clamp {{.*}}te.inplace = 0 : i64
// CHECK: te.quantize {{.*}}{te.inplace = 0 : i64}
// CHECK: te.mul {{.*}}{te.inplace = 0 : i64}
// NODW-LABEL: func.func @elementwise
// NODW: te.clamp {{.*}}te.inplace = 0 : i64
// NODW: te.quantize {{.*}}{te.inplace = 0 : i64}
// NODW: te.mul {{.*}}{te.inplace = 0 : i64}
// NOEW-LABEL: func.func @elementwise
// NOEW-NOT: te.inplace
// NOEW: return
func.func @elementwise(%x: tensor<1x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x8x!quant.uniform<i8:f32, 0.5>> {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x8x!quant.uniform<i8:f32, 0.5:-1>>
  %1 = te.quantize %0 : tensor<1x8x!quant.uniform<i8:f32, 0.5:-1>> -> tensor<1x8x!quant.uniform<i8:f32, 0.25:2>>
  %c = te.constant dense<3> : tensor<1x8xi8> -> tensor<1x8x!quant.uniform<i8:f32, 0.5>>
  %2 = te.mul %1, %c : (tensor<1x8x!quant.uniform<i8:f32, 0.25:2>>, tensor<1x8x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x8x!quant.uniform<i8:f32, 0.5>>
  return %2 : tensor<1x8x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Tests that element-size changes stay out of place: a float -> int8
// quantize and an int8 -> float dequantize.
// CHECK-LABEL: func.func @width_changes
// CHECK-NOT: te.inplace
// CHECK: return
func.func @width_changes(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = te.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 0.5>>
  %1 = te.dequantize %0 : tensor<1x8x!quant.uniform<i8:f32, 0.5>> -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// Tests an add that overwrites operand 1 because operand 0 is still read
// afterwards (by the mul).
// CHECK-LABEL: func.func @add_operand1
// CHECK: te.add {{.*}}{te.inplace = 1 : i64}
// CHECK: te.mul {{.*}}{te.inplace = 0 : i64}
func.func @add_operand1(%a: tensor<1x8xf32>, %b: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = te.add %a, %b : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = te.mul %0, %a : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// Tests an add whose operands are the same value: writing the result over
// it would clobber what the other operand still reads, so it is refused.
// CHECK-LABEL: func.func @add_same_operand
// CHECK-NOT: te.inplace
// CHECK: return
func.func @add_same_operand(%a: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = te.add %a, %a : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Tests a broadcast add: only the operand with the result's shape
// qualifies. %0 overwrites %a (operand 0); %1 marks nothing: %c is
// returned, and the broadcast operand %d, although it dies there, is
// smaller than the result.
// CHECK-LABEL: func.func @add_broadcast
// CHECK: te.add {{.*}}{te.inplace = 0 : i64}
// CHECK-NEXT: te.clamp {{.*}}te.inplace = 0 : i64
// CHECK-NEXT: te.add
// CHECK-NOT: te.inplace
// CHECK-SAME: -> tensor<1x2x8xf32>
func.func @add_broadcast(%a: tensor<1x2x8xf32>, %b: tensor<1x1x8xf32>, %c: tensor<1x2x8xf32>) -> (tensor<1x2x8xf32>, tensor<1x2x8xf32>) {
  %0 = te.add %a, %b : (tensor<1x2x8xf32>, tensor<1x1x8xf32>) -> tensor<1x2x8xf32>
  %d = te.clamp %b {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x1x8xf32> -> tensor<1x1x8xf32>
  %1 = te.add %c, %d : (tensor<1x2x8xf32>, tensor<1x1x8xf32>) -> tensor<1x2x8xf32>
  return %0, %c : tensor<1x2x8xf32>, tensor<1x2x8xf32>
}

// -----

// Tests a chain of in-place ops: the depthwise conv overwrites the input,
// the clamp the depthwise result, the requantize the clamp: one buffer for
// all four. With depthwise=false only the element-wise ops are marked,
// with elementwise=false only the depthwise conv.
// CHECK-LABEL: func.func @chain
// CHECK: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
// CHECK: te.clamp {{.*}}te.inplace = 0 : i64
// CHECK: te.quantize {{.*}}{te.inplace = 0 : i64}
// NODW-LABEL: func.func @chain
// NODW: te.depthwise_conv2d
// NODW-NOT: te.inplace
// NODW-SAME: -> tensor<1x4x4x8x!quant.uniform<i8:f32, 2.500000e-01>>
// NODW: te.clamp {{.*}}te.inplace = 0 : i64
// NODW: te.quantize {{.*}}{te.inplace = 0 : i64}
// NOEW-LABEL: func.func @chain
// NOEW: te.depthwise_conv2d {{.*}}te.inplace = 0 : i64
// NOEW: te.clamp
// NOEW-NOT: te.inplace
// NOEW: return
func.func @chain(%x: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:3>> {
  %w = te.constant dense<1> : tensor<3x3x8xi8> -> tensor<3x3x8x!quant.uniform<i8:f32, 0.125>>
  %0 = te.depthwise_conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x3x8x!quant.uniform<i8:f32, 0.125>>)
      -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25>>
  %1 = te.clamp %0 {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25>> -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25>>
  %2 = te.quantize %1 : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.25>> -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:3>>
  return %2 : tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

// Tests that the pass recomputes every mark: a stale te.inplace on an op
// whose operand is still read is dropped.
// CHECK-LABEL: func.func @stale_mark
// CHECK: te.clamp
// CHECK-NOT: te.inplace
// CHECK-SAME: -> tensor<1x8xf32>
func.func @stale_mark(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = te.clamp %x {min = 0.0 : f64, max = 6.0 : f64, te.inplace = 0 : i64} : tensor<1x8xf32> -> tensor<1x8xf32>
  return %0, %x : tensor<1x8xf32>, tensor<1x8xf32>
}
