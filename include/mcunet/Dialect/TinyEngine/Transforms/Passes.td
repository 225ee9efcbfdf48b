//===- Passes.td - TinyEngine pass definitions -------------*- tablegen -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_TD
#define MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TinyEngineFuseActivation
    : Pass<"te-fuse-activation", "::mlir::func::FuncOp"> {
  let summary = "Fold te.clamp into the op that produces its input";
  let description = [{
    A `te.clamp` whose input is produced by an op with a fused-activation
    range (conv2d, depthwise_conv2d, fully_connected, add, mul, avg_pool2d,
    max_pool2d) and has no other user is folded into that op. On quantized
    tensors the real bounds are quantized with the output's parameters
    (TensorFlow Lite's CalculateActivationRangeQuantized) and intersected
    with any range the producer already has. The result is bit-identical:
    clamping the requantized value twice equals clamping it once to the
    intersection. Float clamps are left alone (float kernels take no range).

    Before:

    ```mlir
    %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>,
                               stride = array<i64: 1, 1>} : ... -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.5:-10>>
    %1 = te.clamp %0 {min = 0.0 : f64, max = 6.0 : f64} : ...
    ```

    After:

    ```mlir
    %0 = te.conv2d %x, %w, %b {act_max = 2 : i64, act_min = -10 : i64,
                               pad = array<i64: 0, 0, 0, 0>,
                               stride = array<i64: 1, 1>} : ...
    ```
  }];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineSchedule : Pass<"te-schedule", "::mlir::func::FuncOp"> {
  let summary = "Order the ops of a DAG to minimise peak live bytes";
  let description = [{
    Chooses the execution order of the function's ops (any topological order
    of the dataflow graph: branches of a concat, the two sides of a residual
    add, the heads of a multi-output model) that minimises the peak of live
    bytes: at each op, the bytes of every tensor computed and still to be
    read, plus its output and kernel scratch. With `inplace` (the default) the
    cost model counts an op that `--te-inplace-depthwise` would run in place
    as it will be run, so the order can make an input dead in time.

    The search is exact (dynamic programming over the sets of executed ops;
    a chain of blocks has few such sets) as long as it visits at most
    `max-states` sets; beyond that a documented heuristic runs instead:
    repeatedly run the ready op whose step needs the fewest bytes, ties
    broken by the bytes it leaves live, then by the original order. The
    result is never worse than the input order (kept when it is as good).
    Constants and reshapes move with their first user.

    With `report`, a remark on the function states the peak before and after
    and the order chosen (ONNX node names where known):

    ```
    remark: schedule: peak 3072 B (input order 4096 B), exact search over
            12 states; order: b1, b2, a1, concat
    ```
  }];
  let options = [
    Option<"inplace", "inplace", "bool", /*default=*/"true",
           "Count ops that may run in place as in place">,
    Option<"maxStates", "max-states", "int64_t", /*default=*/"200000",
           "Largest number of op sets the exact search may visit">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark with the peak and the order chosen">,
  ];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineInplaceDepthwise
    : Pass<"te-inplace-depthwise", "::mlir::func::FuncOp"> {
  let summary = "Let ops write their result over an input that dies there";
  let description = [{
    Marks with `te.inplace = k` every op whose result may overwrite the
    buffer of its operand k, in the current op order. Then `--te-plan-memory`
    gives both the same offset and the layer needs max(in, out) bytes instead
    of in + out.

    - `te.depthwise_conv2d` with channel multiplier 1 (`depthwise`): the
      kernel copies one input channel into a scratch buffer of H x W elements
      and writes that output channel over it (TinyEngine's in-place
      depthwise); it needs max(in, out) + H x W bytes, and is marked only
      where the scratch is no larger than the smaller tensor.
    - Element-wise ops (`elementwise`): `te.clamp`, `te.quantize` between
      types of the same width, `te.add`/`te.mul` into an operand with the
      result's shape (each output element is written after the inputs it
      reads).

    It is refused when the operand is still read later (directly or through
    a reshape), is returned, is a constant, or when another operand of the
    op reads the same buffer.

    ```mlir
    %1 = te.depthwise_conv2d %0, %w, %b {...} : ...
    // becomes
    %1 = te.depthwise_conv2d %0, %w, %b {..., te.inplace = 0 : i64} : ...
    ```
  }];
  let options = [
    Option<"depthwise", "depthwise", "bool", /*default=*/"true",
           "Run depthwise convolutions in place">,
    Option<"elementwise", "elementwise", "bool", /*default=*/"true",
           "Run clamp, requantize, add and mul in place">,
  ];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineSpecializeKernels
    : Pass<"te-specialize-kernels", "::mlir::func::FuncOp"> {
  let summary = "Pick a kernel variant per op from its exact shape";
  let description = [{
    Sets `te.kernel` on the int8 ops for which the C emitter has a
    specialized kernel; the others keep the reference kernels (the portable
    loops every op starts with, which stay buildable for comparisons).

    | `te.kernel` | op and shape |
    |---|---|
    | `pointwise` | `te.conv2d`, 1x1 window, stride 1, no padding, no dilation, one group, int8 |
    | `depthwise` | `te.depthwise_conv2d`, channel multiplier 1, no dilation, int8 (any window, stride, padding) |
    | `fully_connected` | int8 `te.fully_connected` with constant weights (the pointwise kernel's matrix product over batch rows) |
    | `add`, `mul` | int8 `te.add` / `te.mul` (TFLite's arithmetic, each requantization with the cheapest bit-identical helper for its shift instead of gemmlowp's generic one) |
    | `im2col` | any other int8 `te.conv2d` with one group (the first conv of a network with 1-3 input channels, kxk windows, strides, padding, dilation), when a column of KH x KW x IC values is at most 4096 |

    `pointwise` and `depthwise` fold the input zero point into the bias at compile time,
    requantize without the left-shift path when no channel needs it, and
    saturate with one `__ssat` where the output range is all of int8.
    `pointwise` is a matrix product blocking two pixels by two output
    channels; on Cortex-M cores with the DSP extension (`__ARM_FEATURE_DSP`)
    it multiplies pairs of int8 values with `__sxtb16` and `__smlad`, and a
    portable C path computes the same values elsewhere. `depthwise` works
    channel by channel on a copy of the input channel padded with the zero
    point (kernel scratch in the memory plan, so no bounds checks), with the
    weights stored channel-major in flash; it runs in place when the plan
    gives its output the input's bytes. `im2col` gathers, for two output
    pixels at a time, the KH x KW x IC input values each reads into two
    int16 columns of kernel scratch (input minus its zero point; 0 where the
    window leaves the image, so padding needs no padded copy of the input
    and the borders no separate loop), then multiplies them with two
    filters at a time (`__smlad` on int16 pairs; the weights are stored in
    flash reordered so that one `__sxtb16` widens them into the same pairs).
    With `te.tile = array<i64: 3, 2>` (`--te-tile`) it gathers three pixels'
    windows instead, raw and doubled, straight into the int16 column layout
    of the pointwise kernel's 3 x 2 blocks (the input zero point folded into
    the bias, windows outside the image reading it), and runs those blocks.
    Its scratch, 2 or 3 x 2 x ceil4(KH x KW x IC) bytes, is planned in the
    arena like any buffer. Results are bit-identical to the reference
    kernels.

    ```mlir
    %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, ...}
    // becomes
    %0 = te.conv2d %x, %w, %b {pad = array<i64: 0, 0, 0, 0>, ...,
                               te.kernel = "pointwise"}
    ```
  }];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineTile : Pass<"te-tile", "::mlir::func::FuncOp"> {
  let summary = "Choose the register blocking of the matrix-product kernels";
  let description = [{
    Sets `te.tile = array<i64: rows, channels>` on the ops whose kernel is a
    matrix product (`te.kernel` = `pointwise` or `fully_connected`): how
    many rows (output pixels, or batch rows) and how many output channels
    one call of the inner loop computes. The C emitter prints the blocks
    and their remainders accordingly; without `te.tile` it uses 2 x 2. The
    `im2col` kernel gets 3x2 (three gathered columns by two filters, the
    pointwise kernel's 3 x 2 blocks over them) where its filters pair up
    (an even number) and it has three output pixels or more: on the first
    convolutions of person_detect and mobilenet_v2 that measured 23.8
    instead of 35.6 and 34.8 instead of 51.6 instructions per output, for
    one more column of scratch (`--te-plan-memory` takes it back where that column would raise
    the peak). Otherwise it keeps its two columns (no `te.tile`).

    Supported tiles, with the registers their inner step holds on a
    Cortex-M (13 general registers; 3 go to the row, filter and end
    pointers): rows x channels accumulators, two widened input words per
    row, two widened weight words, so 2x2 (10), 1x4 (8), 1x2 (6) and 1x1
    (5) fit; 2x4 (14) and 4x2 (14) would spill. 3x2 (three pixels by two
    filters, pointwise kernels over int16 columns only) is inline assembly
    that takes all 14 registers (r0-r12 and lr): six sums, both filters'
    four widened weight words, one pixel's two column words at a time, the
    column and weight pointers; its loop end stays on the stack.

    Cost model (instructions of the layer's inner loops, the sum over the
    calls the emitter makes): a call of an r x c block over K inputs costs
    ceil(K / 4) steps of (r + c) loads + 2 (r + c) `__sxtb16` + 2 r c
    `__smlad` + 1 loop instruction, plus 4 + r c to set it up. Remainders
    are what the emitter does with them: with 2 x 2, an odd channel is two
    1 x 1 calls and an odd last row is 1 x 2 calls (and one 1 x 1 for an odd
    channel); with 1 x 4, channels left over take 1 x 2 then 1 x 1. The
    pointwise kernel's 2 x 2 (with an even K) widens each pair of rows once
    into int16 columns in scratch (K / 4, rounded down, steps of 2 loads, 4
    `__sxtb16` and 4 stores, plus 4), after which a 2 x 2 step is 3 `LDRD`
    (both rows' columns, a filter pair's weights), 4 `__sxtb16`, 8
    `__smlad` and half a loop instruction (the loop does two steps), plus 8
    to set the call up; a channel past the last group of four costs 9 in
    the call and 5 to widen. Its 3 x 2 widens three rows at a time (K / 4
    steps of 3 loads, 6 `__sxtb16` and 6 stores, plus 4; 7 per channel
    left over), after which a step is 1 `LDRD` and 4 `__sxtb16` for the
    weights and, per row, 1 `LDRD` and 4 `__smlad` (20), plus 3 per two
    steps for the loop, 13 per channel left over and 10 to set the call
    up; the rows left after the blocks of three are one 2 x 2 block or one
    odd row, as above. The model counts instructions only: the columns'
    rows x 2 x K bytes of scratch are planned with everything else and
    raise the peak only where the layer is at it (docs/Memory.md). The
    tile with the lowest estimate wins; ties go to the smaller tile. The
    requantization of every output costs the same under every tile and is
    left out.

    The `rows` and `channels` options override the choice (both, or
    neither) for experiments; a forced 3x2 applies where the kernel has
    int16 columns and gives 2x2 elsewhere (the im2col kernel: 3x2 where it
    applies, as without the options); any other forced tile leaves the
    im2col kernel its two columns.

    ```mlir
    %y = te.fully_connected %x, %w, %b {te.kernel = "fully_connected"} : ...
    // becomes (one row, four output channels a call)
    %y = te.fully_connected %x, %w, %b {te.kernel = "fully_connected",
                                        te.tile = array<i64: 1, 4>} : ...
    ```
  }];
  let options = [
    Option<"rows", "rows", "int64_t", /*default=*/"0",
           "Rows per block (1, 2 or 3; 0: the cost model chooses)">,
    Option<"channels", "channels", "int64_t", /*default=*/"0",
           "Output channels per block (1, 2 or 4; 0: the cost model "
           "chooses)">,
  ];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineWidenWeights
    : Pass<"te-widen-weights", "::mlir::func::FuncOp"> {
  let summary = "Store pointwise weights as int16 where flash allows";
  let description = [{
    Trades flash for speed: marks pointwise layers with `te.int16_weights`,
    and the C emitter then stores their filters as int16 (in the order the
    kernel reads them) instead of int8. The 2 x 2 step of the pointwise
    kernel over int16 columns then loads both filters' four widened weights
    with two `LDRD` instead of widening them with four `__sxtb16`: 4 `LDRD`
    and 8 `__smlad` for 16 MACs instead of 3 + 4 + 8, about 3/16 of an
    instruction per MAC less; the 3 x 2 step is 5 `LDRD` and 12 `__smlad`
    for 24 MACs instead of 4 + 4 + 12. Results are bit-identical; each
    marked layer's weights take twice the flash (OC x IC more bytes).

    Only layers whose kernel takes int16 columns are candidates
    (`te.kernel = "pointwise"`, an even number of input channels, 2 x 2 or
    3 x 2 blocks: run after `--te-tile`). The instructions saved per extra byte
    are proportional to the layer's output pixels, so with a `budget` the
    layers are taken from the most pixels down (in program order among
    equals), each while the extra bytes so far stay within the budget;
    layers too big for what is left are skipped for smaller ones.

    ```mlir
    %y = te.conv2d %x, %w, %b {te.kernel = "pointwise",
                               te.tile = array<i64: 2, 2>} : ...
    // becomes
    %y = te.conv2d %x, %w, %b {te.int16_weights, te.kernel = "pointwise",
                               te.tile = array<i64: 2, 2>} : ...
    ```
  }];
  let options = [
    Option<"budget", "budget", "int64_t", /*default=*/"-1",
           "Extra flash bytes allowed (-1: no limit; 0: none)">,
  ];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineFusePatches : Pass<"te-fuse-patches", "::mlir::func::FuncOp"> {
  let summary = "Run memory-heavy layer sequences patch by patch";
  let description = [{
    Layer-by-layer execution needs the input and the output of every layer
    in SRAM at once; on MobileNetV2-style networks the first stages (high
    resolution, expanded channels) set the peak. This pass rewrites chosen
    sequences of spatial layers (convolutions, depthwise convolutions,
    pooling, element-wise ops: an inverted bottleneck with or without its
    residual add, or a multi-layer prefix) into patch-based execution: the
    sequence's output is cut into a grid of patches (bands of rows, or n x n
    tiles); for each patch, `te.slice` cuts the input window it needs (its
    halo included) out of the whole input, clones of the layers compute just
    that window (with the original padding only on the edges of the image,
    so the arithmetic of every output value is unchanged), and
    `te.insert_slice` writes the patch into the output, in place. Only one
    patch's intermediate tensors are ever live; overlapping halos are
    recomputed (the extra MACs) -- or, for bands of whole rows, carried
    over: the rows of an intermediate tensor that the previous band
    computed are taken from it (`te.slice`) and joined with the rows the
    band computes (`te.concat` along H), so nothing is computed twice. With
    bands of one output row this is line-buffered execution of an inverted
    bottleneck: the expanded tensor exists only as the few rows the
    depthwise window covers.

    Choice (greedy, from the exact planner): evaluate the function as it
    would be planned (kernels specialized as `--te-specialize-kernels`
    would, ops in place as `--te-inplace-depthwise` would, arena from the
    planner of `--te-plan-memory`); find the op at the peak of live bytes;
    try every contiguous sequence of at most `max-ops` spatial ops that
    contains it, reads one tensor from outside and writes one tensor used
    outside, under every grid (2 to 16 bands recomputing halos, any number
    of bands carrying rows over, n x n tiles for n = 2 to 6); keep the rewrite with the smallest arena (among those within
    1% of it, the cheapest), as long as all rewrites together cost at most
    `max-overhead` times the function's MACs. Repeat until the arena stops
    shrinking or, with `budget`, until it fits the budget (then the
    cheapest rewrite that fits wins).

    Cost of a rewrite, in MAC-equivalents (about two Cortex-M instructions
    each): the extra MACs (recomputed halos), 64 per extra layer call
    (entry, loop setup), 2 per depthwise input element gathered again (the
    depthwise kernel copies each input channel into a padded buffer, so
    overlapping input windows are copied again), and one per 8 bytes that
    te.slice, te.concat and te.insert_slice copy. So a run of 1x1
    convolutions, which recomputes nothing, is still not cut into single
    pixels.

    `patch-rows` / `patch-cols` fix the patch size for experiments (the
    sequence is still chosen). `report` prints each rewrite: the layers,
    the grid, the arena before and after and the extra MACs. Ops created here carry `te.patch = array<i64:
    region, patch>`.

    ```mlir
    %e = te.conv2d %x, %w1, %b1 ... -> tensor<1x8x8x48x!q>   // expand 1x1
    %d = te.depthwise_conv2d %e, %w2, %b2 {pad = [1, 1, 1, 1]} ...
    %y = te.conv2d %d, %w3, %b3 ... -> tensor<1x8x8x8x!q>    // project 1x1
    // becomes, with two bands of four rows:
    %x0 = te.slice %x {offsets = array<i64: 0, 0>} -> tensor<1x5x8x8x!q>
    %e0 = te.conv2d %x0, %w1, %b1 ... -> tensor<1x5x8x48x!q>
    %d0 = te.depthwise_conv2d %e0, %w2, %b2 {pad = [1, 1, 0, 1]} ...
    %y0 = te.conv2d %d0, %w3, %b3 ... -> tensor<1x4x8x8x!q>
    %a = te.insert_slice %y0 {offsets = array<i64: 0, 0>} ...
    %x1 = te.slice %x {offsets = array<i64: 3, 0>} -> tensor<1x5x8x8x!q>
    ...
    %y = te.insert_slice %y1, %a {offsets = array<i64: 4, 0>} ...
    ```
  }];
  let options = [
    Option<"budget", "budget", "int64_t", /*default=*/"0",
           "Stop once the arena fits this many bytes (0: minimise)">,
    Option<"maxOverhead", "max-overhead", "double", /*default=*/"0.1",
           "Extra work allowed (MAC-equivalents of the cost model), as a "
           "fraction of the function's MACs">,
    Option<"maxOps", "max-ops", "int64_t", /*default=*/"12",
           "Longest sequence of layers run patch by patch">,
    Option<"maxRegions", "max-regions", "int64_t", /*default=*/"8",
           "Most sequences rewritten">,
    Option<"patchRows", "patch-rows", "int64_t", /*default=*/"0",
           "Output rows per patch (0: searched; with patch-cols 0: whole "
           "rows)">,
    Option<"patchCols", "patch-cols", "int64_t", /*default=*/"0",
           "Output columns per patch (0: searched; with patch-rows set: "
           "whole rows)">,
    Option<"carryRows", "carry-rows", "bool", /*default=*/"false",
           "With patch-rows and whole rows: carry the rows bands share over "
           "instead of recomputing them">,
    Option<"specialize", "specialize", "bool", /*default=*/"true",
           "Evaluate with the specialized kernels' scratch buffers">,
    Option<"inplace", "inplace", "bool", /*default=*/"true",
           "Evaluate with ops in place as --te-inplace-depthwise makes them">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Print a remark per rewrite">,
  ];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEnginePlanMemory : Pass<"te-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Assign every buffer an offset in one static arena";
  let description = [{
    Gives every byte range an inference needs in RAM a place in a single
    arena, from the live ranges in the current op order, so that buffers
    alive at the same time never overlap: the function's inputs (argument
    attribute `te.offset`), every tensor computed at run time (`te.offset` on
    its op) and kernel scratch (`te.scratch = array<i64: offset, bytes>`).
    `te.reshape` results share their input's bytes; an op marked
    `te.inplace = k` shares the bytes of operand k. The function gets
    `te.arena_size`. Offsets are aligned to `alignment` bytes.

    Before placing, pointwise and im2col kernels with three-row blocks
    (`te.tile = array<i64: 3, 2>`, `--te-tile`) whose int16 columns (3 x
    input channels, or window values, x 2 bytes of scratch) are live where
    the lower bound is reached go back to two-row blocks (`array<i64: 2,
    2>`, two columns) when that lowers the bound by 1% or more,
    repeatedly: the faster blocks never raise the peak by 1% or more
    (`fit-tiles=false` keeps every tile as it is). On real models the
    third row's 2 x input channels bytes are far below 1% of the peak
    (32 bytes of 1.4 MB on mobilenet_v2_pytorch, whose largest layer is at
    the peak and 6.4 M instructions faster with them); on the repository's
    small example they are 1.8%.

    `strategy` chooses the placement:
    - `tflm-greedy`: TensorFlow Lite Micro's GreedyMemoryPlanner: largest
      buffer first, each at the first gap among the placed buffers alive at
      the same time;
    - `tinyengine-first-fit`: buffers in the order they are created (largest
      first among those created by the same op), each at the lowest free
      offset;
    - `naive`: every buffer its own bytes (a reference for tests);
    - `ours` (default): the smallest of twelve placements (six orders: by
      size, by creation, buffers live at the peak first, most contended
      first, by bytes x lifetime, by lifetime; each with lowest-offset and
      tightest-gap fit). The first two are the classic planners, so the
      result is never worse than either.

    With `report`, a remark gives all four arena sizes and the lower bound
    (the largest, over ops, of the bytes that must be live there):

    ```
    remark: arena plan: ours 1024 B, tflm-greedy 1088 B,
            tinyengine-first-fit 1024 B, naive 2048 B, lower bound 1024 B
            (+0.00%)
    ```

    After:

    ```mlir
    func.func @main(%arg0: tensor<...> {te.offset = 512 : i64})
        attributes {te.arena_size = 1024 : i64} {
      %0 = te.conv2d %arg0, %w, %b {..., te.offset = 0 : i64} ...
    ```
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"8",
           "Byte alignment of every buffer offset (a power of two)">,
    Option<"strategy", "strategy", "std::string", /*default=*/"\"ours\"",
           "Placement: ours, tflm-greedy, tinyengine-first-fit or naive">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark comparing the strategies with the lower bound">,
    Option<"fitTiles", "fit-tiles", "bool", /*default=*/"true",
           "Take three-row pointwise blocks back to two rows where their "
           "columns raise the peak (the default pipeline turns it off when "
           "its tile options force a blocking)">,
  ];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

def TinyEngineVerifyMemoryPlan
    : Pass<"te-verify-memory-plan", "::mlir::func::FuncOp"> {
  let summary = "Check that no two live buffers overlap in the arena";
  let description = [{
    An independent checker of the arena plan (it shares no code with
    `--te-plan-memory`): it recomputes every buffer's live range from the op
    order (a reshape shares its input's buffer; a buffer lives from the op
    that writes it to its last reader) and fails, naming both ops, when two
    buffers alive at the same time share a byte, when a buffer lies outside
    `[0, te.arena_size)`, or when a computing op or an input has no
    `te.offset`. Inputs, results and kernel scratch (`te.scratch`) are all
    checked. An op marked `te.inplace = k` may share the bytes of operand k
    only if they start at the same offset and nothing reads that operand
    after it (nor returns it). It changes nothing; it ends the default
    pipeline and runs in every test.

    ```mlir
    // error: 'te.conv2d' op arena bytes [0, 512) overlap those of
    //        'te.add' at [256, 768) while both are live
    ```
  }];
  let dependentDialects = ["::mcunet::te::TinyEngineDialect"];
}

#endif // MCUNET_DIALECT_TINYENGINE_TRANSFORMS_PASSES_TD
