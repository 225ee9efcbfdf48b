// RUN: mcunet-opt %s -split-input-file --te-specialize-kernels | FileCheck %s

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1}>

// Tests that an int8 1x1 convolution without padding, stride 1, one group,
// is a pointwise kernel; that the same window with padding or a stride, and
// a 3x3 window, are im2col kernels; and that a grouped convolution keeps
// the reference kernel.
// CHECK-LABEL: func.func @pointwise
// CHECK: te.conv2d {{.*}}pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise"
// CHECK: te.conv2d {{.*}}pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, te.kernel = "im2col"
// CHECK: te.conv2d {{.*}}stride = array<i64: 2, 2>, te.kernel = "im2col"
// CHECK: te.conv2d {{.*}}groups = 2 {{[^"]*$}}
// CHECK: te.conv2d {{.*}}te.kernel = "im2col"{{.*}}tensor<4x3x3x2x
// CHECK: return
func.func @pointwise(%x: tensor<1x4x4x2x!i8in>, %y: tensor<1x4x4x4x!i8in>)
    -> (tensor<1x4x4x4x!i8out>, tensor<1x6x6x4x!i8out>, tensor<1x2x2x4x!i8out>,
        tensor<1x4x4x4x!i8out>, tensor<1x2x2x4x!i8out>) {
  %w = te.constant dense<1> : tensor<4x1x1x2xi8> -> tensor<4x1x1x2x!w>
  %wg = te.constant dense<1> : tensor<4x1x1x2xi8> -> tensor<4x1x1x2x!w>
  %w3 = te.constant dense<1> : tensor<4x3x3x2xi8> -> tensor<4x3x3x2x!w>
  %b = te.constant dense<2> : tensor<4xi32> -> tensor<4x!b>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!i8in>, tensor<4x1x1x2x!w>, tensor<4x!b>) -> tensor<1x4x4x4x!i8out>
  %1 = te.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!i8in>, tensor<4x1x1x2x!w>, tensor<4x!b>) -> tensor<1x6x6x4x!i8out>
  %2 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x4x4x2x!i8in>, tensor<4x1x1x2x!w>, tensor<4x!b>) -> tensor<1x2x2x4x!i8out>
  %3 = te.conv2d %y, %wg, %b {groups = 2 : i64, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x4x!i8in>, tensor<4x1x1x2x!w>, tensor<4x!b>) -> tensor<1x4x4x4x!i8out>
  %4 = te.conv2d %x, %w3, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x2x!i8in>, tensor<4x3x3x2x!w>, tensor<4x!b>) -> tensor<1x2x2x4x!i8out>
  return %0, %1, %2, %3, %4 : tensor<1x4x4x4x!i8out>, tensor<1x6x6x4x!i8out>,
      tensor<1x2x2x4x!i8out>, tensor<1x4x4x4x!i8out>, tensor<1x2x2x4x!i8out>
}

// -----

// Tests that float convolutions keep the reference kernel, and that a stale
// te.kernel is removed when the op no longer qualifies.
// CHECK-LABEL: func.func @float
// CHECK-NOT: te.kernel
func.func @float(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32> {
  %w = te.constant dense<1.0> : tensor<4x1x1x2xf32> -> tensor<4x1x1x2xf32>
  %0 = te.conv2d %x, %w {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, te.kernel = "pointwise"}
      : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32:2, {0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1}>

// Tests that an int8 depthwise convolution with channel multiplier 1 and no
// dilation is a depthwise kernel (any window, stride, padding), and that
// dilation keeps the reference kernel.
// CHECK-LABEL: func.func @depthwise
// CHECK: te.depthwise_conv2d {{.*}}te.kernel = "depthwise"
// CHECK: te.depthwise_conv2d {{.*}}te.kernel = "depthwise"
// CHECK-NOT: te.kernel
// CHECK: return
func.func @depthwise(%x: tensor<1x8x8x4x!i8in>)
    -> (tensor<1x8x8x4x!i8out>, tensor<1x4x4x4x!i8out>, tensor<1x4x4x4x!i8out>) {
  %w = te.constant dense<1> : tensor<3x3x4xi8> -> tensor<3x3x4x!w>
  %b = te.constant dense<2> : tensor<4xi32> -> tensor<4x!b>
  %0 = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x4x!i8in>, tensor<3x3x4x!w>, tensor<4x!b>) -> tensor<1x8x8x4x!i8out>
  %1 = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x8x8x4x!i8in>, tensor<3x3x4x!w>, tensor<4x!b>) -> tensor<1x4x4x4x!i8out>
  %2 = te.depthwise_conv2d %x, %w, %b {dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x4x!i8in>, tensor<3x3x4x!w>, tensor<4x!b>) -> tensor<1x4x4x4x!i8out>
  return %0, %1, %2 : tensor<1x8x8x4x!i8out>, tensor<1x4x4x4x!i8out>, tensor<1x4x4x4x!i8out>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1}>

// Tests that a convolution whose column (KH x KW x IC) exceeds 4096 values
// keeps the reference kernel (its im2col scratch would pass 16 KB).
// CHECK-LABEL: func.func @long_column
// CHECK-NOT: te.kernel
// CHECK: return
func.func @long_column(%x: tensor<1x4x4x456x!i8in>) -> tensor<1x2x2x4x!i8out> {
  %w = te.constant dense<1> : tensor<4x3x3x456xi8> -> tensor<4x3x3x456x!w>
  %b = te.constant dense<2> : tensor<4xi32> -> tensor<4x!b>
  %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
      : (tensor<1x4x4x456x!i8in>, tensor<4x3x3x456x!w>, tensor<4x!b>) -> tensor<1x2x2x4x!i8out>
  return %0 : tensor<1x2x2x4x!i8out>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!w2 = !quant.uniform<i8:f32:2, {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}>
!b2 = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1, 0.05, 0.05, 0.1, 0.1}>

// Tests that a channel multiplier of 2 keeps the reference kernel.
// CHECK-LABEL: func.func @multiplier
// CHECK-NOT: te.kernel
// CHECK: return
func.func @multiplier(%x: tensor<1x8x8x4x!i8in>) -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.25:3>> {
  %w = te.constant dense<1> : tensor<3x3x8xi8> -> tensor<3x3x8x!w2>
  %b = te.constant dense<2> : tensor<8xi32> -> tensor<8x!b2>
  %0 = te.depthwise_conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x8x4x!i8in>, tensor<3x3x8x!w2>, tensor<8x!b2>) -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.25:3>>
  return %0 : tensor<1x8x8x8x!quant.uniform<i8:f32, 0.25:3>>
}

// -----

!i8in = !quant.uniform<i8:f32, 0.5:-1>
!i8out = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.1, 0.1}>

// Tests that an int8 fully connected layer is a fully_connected kernel
// (with or without bias) and a float one keeps the reference kernel.
// CHECK-LABEL: func.func @fully_connected
// CHECK: te.fully_connected {{.*}}te.kernel = "fully_connected"
// CHECK: te.fully_connected {{.*}}te.kernel = "fully_connected"
// CHECK: te.fully_connected {{[^"]*$}}
// CHECK: return
func.func @fully_connected(%x: tensor<2x6x!i8in>, %f: tensor<1x6xf32>)
    -> (tensor<2x4x!i8out>, tensor<2x4x!i8out>, tensor<1x4xf32>) {
  %w = te.constant dense<1> : tensor<4x6xi8> -> tensor<4x6x!w>
  %b = te.constant dense<2> : tensor<4xi32> -> tensor<4x!b>
  %wf = te.constant dense<1.0> : tensor<4x6xf32> -> tensor<4x6xf32>
  %0 = te.fully_connected %x, %w, %b : (tensor<2x6x!i8in>, tensor<4x6x!w>, tensor<4x!b>) -> tensor<2x4x!i8out>
  %1 = te.fully_connected %x, %w : (tensor<2x6x!i8in>, tensor<4x6x!w>) -> tensor<2x4x!i8out>
  %2 = te.fully_connected %f, %wf : (tensor<1x6xf32>, tensor<4x6xf32>) -> tensor<1x4xf32>
  return %0, %1, %2 : tensor<2x4x!i8out>, tensor<2x4x!i8out>, tensor<1x4xf32>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-1>
!b = !quant.uniform<i8:f32, 0.25:3>

// Tests that int8 add and mul get their kernels and float ones do not.
// CHECK-LABEL: func.func @elementwise
// CHECK: te.add {{.*}}te.kernel = "add"
// CHECK: te.mul {{.*}}te.kernel = "mul"
// CHECK: te.add {{[^"]*$}}
// CHECK: return
func.func @elementwise(%x: tensor<1x4x!a>, %y: tensor<1x4x!b>, %f: tensor<1x4xf32>)
    -> (tensor<1x4x!b>, tensor<1x4x!b>, tensor<1x4xf32>) {
  %0 = te.add %x, %y : (tensor<1x4x!a>, tensor<1x4x!b>) -> tensor<1x4x!b>
  %1 = te.mul %x, %y : (tensor<1x4x!a>, tensor<1x4x!b>) -> tensor<1x4x!b>
  %2 = te.add %f, %f : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0, %1, %2 : tensor<1x4x!b>, tensor<1x4x!b>, tensor<1x4xf32>
}
