#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// The layer-wise ONNX Runtime oracle (docs/oracle.md). For every model
// directory made by genmodel.py and run by scripts/ort-oracle.sh:
//
//   MODEL/model.onnx, input.bin, layers.json, sub_<node>.onnx  (genmodel.py)
//   MODEL/c/report.json                            (mcunet-compile)
//   MODEL/output.bin, MODEL/trace/{trace.txt,<index>.bin}  (trace_harness.c)
//   MODEL/status  "ok", or why the model could not be compiled/built/run
//
// (a) runs model.onnx in ONNX Runtime on input.bin and compares the end-to-end
//     output with ours: exact-match rate, max |diff|, top-1 agreement. These
//     are reported, never asserted: ORT requantizes in float with
//     round-half-to-even, mcunet in TFLite's fixed point, and the one-unit
//     differences of single ops accumulate through depth.
// (b) for every layer of layers.json, runs sub_<node>.onnx fed with OUR int8
//     input tensor(s) of that layer (NHWC traces converted to NCHW) and
//     compares ORT's int8 output with OUR output of that layer: a model
//     fails when any element differs by more than --tolerance (1) unit.
//
// Usage: node ort_oracle.js [--ort-dir DIR] [--json FILE] [--tolerance N]
//                           [--verbose] MODEL...
// Prints one line per model, a JSON summary (also to --json FILE) and a last
// line "N passed, M failed". Exit status 0 when every model passed, 1 if not,
// 2 on bad usage.
'use strict';

const fs = require('fs');
const path = require('path');

function usage(msg) {
  if (msg) console.error('ort_oracle: ' + msg);
  console.error('usage: node ort_oracle.js [--ort-dir DIR] [--json FILE] ' +
                '[--tolerance N] [--verbose] MODEL...');
  process.exit(2);
}

const opts = {ortDir: null, json: null, tolerance: 1, verbose: false};
const models = [];
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--ort-dir') opts.ortDir = a[++i];
    else if (a[i] === '--json') opts.json = a[++i];
    else if (a[i] === '--tolerance') opts.tolerance = Number(a[++i]);
    else if (a[i] === '--verbose' || a[i] === '-v') opts.verbose = true;
    else if (a[i].startsWith('-')) usage('unknown option ' + a[i]);
    else models.push(a[i]);
  }
  if (!models.length) usage('no model directory');
}

function loadOrt() {
  const tries = [];
  if (opts.ortDir) tries.push(path.resolve(opts.ortDir, 'node_modules', 'onnxruntime-node'));
  tries.push('onnxruntime-node');
  for (const t of tries) {
    try { return require(t); } catch (e) { /* next */ }
  }
  console.error('ort_oracle: cannot load onnxruntime-node (tried ' + tries.join(', ') + ')');
  process.exit(2);
}
const ort = loadOrt();
const SESSION_OPTS = {
  graphOptimizationLevel: 'disabled', executionProviders: ['cpu'],
  intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3,
};

const prod = (s) => s.reduce((a, b) => a * b, 1);

// [N,C,H,W] NHWC bytes -> NCHW, and back.
function nhwcToNchw(d, s) {
  const [n, c, h, w] = s, o = new Int8Array(d.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++)
          o[((b * c + k) * h + y) * w + x] = d[((b * h + y) * w + x) * c + k];
  return o;
}

function readInt8(file) {
  const b = fs.readFileSync(file);
  return new Int8Array(b.buffer, b.byteOffset, b.length);
}

function argmax(d) {
  let best = 0;
  for (let i = 1; i < d.length; i++) if (d[i] > d[best]) best = i;
  return best;
}

function compare(a, b) {
  let max = 0, equal = 0, firstBad = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d === 0) equal++;
    if (d > max) { max = d; }
    if (d > opts.tolerance && firstBad < 0) firstBad = i;
  }
  return {max, equal, n: a.length, firstBad};
}

async function runOrt(file, feeds) {
  const s = await ort.InferenceSession.create(file, SESSION_OPTS);
  try {
    const r = await s.run(feeds);
    return r[s.outputNames[0]].data;
  } finally {
    if (s.release) await s.release();
  }
}

// Our traced layer outputs: ONNX node name -> {data, shape (report), name}.
function loadTrace(dir) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'c', 'report.json')));
  const byName = new Map();
  for (const l of report.layers) byName.set(l.name, l);
  const lines = fs.readFileSync(path.join(dir, 'trace', 'trace.txt'), 'utf8')
                    .split('\n').filter((x) => x.trim());
  const byOnnx = new Map();
  for (const line of lines) {
    const [idx, name, bytes] = line.trim().split(/\s+/);
    const rep = byName.get(name);
    if (!rep) throw new Error('trace layer ' + name + ' is not in report.json');
    const data = readInt8(path.join(dir, 'trace', idx + '.bin'));
    if (data.length !== Number(bytes)) throw new Error('trace ' + name + ': short file');
    // a node lowered to several layers: its last layer holds its output
    byOnnx.set(rep.onnx_name, {
      name, data,
      shape: String(rep.output_shape).split('x').map(Number),
    });
  }
  return byOnnx;
}

// Our tensor of ONNX shape `shape` (NCHW for rank 4) from a trace record.
function toOnnxLayout(rec, shape, what) {
  if (rec.data.length !== prod(shape))
    throw new Error(`${what}: ${rec.name} holds ${rec.data.length} bytes, ` +
                    `ONNX shape [${shape}] needs ${prod(shape)}`);
  if (shape.length !== 4) return rec.data;
  const [n, c, h, w] = shape;
  const same = (x, y) => x.length === y.length && x.every((v, i) => v === y[i]);
  if (!same(rec.shape, [n, h, w, c]) && same(rec.shape, shape)) return rec.data;
  return nhwcToNchw(rec.data, shape);
}

const summary = {
  models: 0, passed: 0, failed: 0, failures: [],
  layers: {compared: 0, untraced: 0, max_diff_histogram: {}, by_op: {}},
  elements: {compared: 0, equal: 0, off_by_one: 0, worse: 0},
  end_to_end: {models: 0, elements: 0, equal: 0, exact_models: 0,
               max_diff: 0, max_diff_histogram: {}, top1_agree: 0,
               mean_exact_match_rate: 0},
};

async function checkModel(dir) {
  const id = path.basename(dir);
  const statusFile = path.join(dir, 'status');
  const status = fs.existsSync(statusFile) ?
      fs.readFileSync(statusFile, 'utf8').trim() : 'ok';
  let desc = null;
  try { desc = JSON.parse(fs.readFileSync(path.join(dir, 'layers.json'))); } catch (e) { /* */ }
  const tag = desc ? ` [${desc.layers.length} layers, ${desc.macs} MACs: ${desc.summary}]` : '';
  if (status !== 'ok') return {id, ok: false, reason: status, tag};

  const problems = [];
  const trace = loadTrace(dir);
  const input = readInt8(path.join(dir, 'input.bin'));
  const ours = new Map([[desc.input, input]]);

  // The input transpose (if any) must be the NCHW->NHWC of input.bin: this
  // checks the layout convention the rest relies on.
  const tin = trace.get(desc.input);
  if (tin) {
    const c = compare(toOnnxLayout(tin, desc.input_shape, 'input'), input);
    if (c.max !== 0) problems.push(`input layer ${tin.name} is not input.bin in NHWC`);
  }

  let worst = 0, worstLayer = null;
  const layerDiffs = [];
  for (const L of desc.layers) {
    const feeds = {};
    for (let i = 0; i < L.inputs.length; i++) {
      const t = L.inputs[i];
      if (!ours.has(t)) throw new Error(`layer ${L.node}: input ${t} unknown`);
      feeds[t] = new ort.Tensor('int8', ours.get(t), L.input_shapes[i]);
    }
    const ref = await runOrt(path.join(dir, L.sub_model), feeds);
    const rec = trace.get(L.node);
    const op = L.op + (L.op === 'Conv' && L.node.startsWith('dw') ? '(depthwise)' : '');
    const bo = summary.layers.by_op[op] || (summary.layers.by_op[op] = {
      layers: 0, untraced: 0, max_diff: 0, diff1: 0, elements: 0, equal: 0});
    if (!rec) {
      // folded away by the compiler (e.g. a no-op reshape): go on with ORT's
      summary.layers.untraced++;
      bo.untraced++;
      layerDiffs.push(`${L.node}:-`);
      ours.set(L.output, ref);
      continue;
    }
    const mine = toOnnxLayout(rec, L.output_shape, L.node);
    const c = compare(mine, ref);
    summary.layers.compared++;
    const h = summary.layers.max_diff_histogram;
    const key = c.max > 5 ? '>5' : String(c.max);
    h[key] = (h[key] || 0) + 1;
    bo.layers++; bo.max_diff = Math.max(bo.max_diff, c.max); bo.diff1 += c.max >= 1 ? 1 : 0;
    bo.elements += c.n; bo.equal += c.equal;
    summary.elements.compared += c.n;
    summary.elements.equal += c.equal;
    for (let i = 0; i < mine.length; i++) {
      const d = Math.abs(mine[i] - ref[i]);
      if (d === 1) summary.elements.off_by_one++;
      else if (d > 1) summary.elements.worse++;
    }
    layerDiffs.push(`${L.node}:${c.max}`);
    if (c.max > worst) { worst = c.max; worstLayer = L; }
    if (c.max > opts.tolerance) {
      const i = c.firstBad;
      problems.push(`layer ${L.node} (${L.op}${L.act ? '+' + L.act : ''}, ` +
                    `in [${L.input_shapes.map((s) => s.join('x')).join(', ')}] -> ` +
                    `[${L.output_shape.join('x')}]): max |diff| ${c.max}, ` +
                    `${c.n - c.equal}/${c.n} elements differ, first > ${opts.tolerance} ` +
                    `at NCHW flat index ${i}: ours ${mine[i]}, ORT ${ref[i]}`);
    }
    ours.set(L.output, mine);
  }

  // (a) end to end
  const outFile = path.join(dir, 'output.bin');
  const out = readInt8(outFile);
  const e2eRef = await runOrt(path.join(dir, 'model.onnx'),
      {[desc.input]: new ort.Tensor('int8', input, desc.input_shape)});
  const e = compare(out, e2eRef);
  const top1 = argmax(out) === argmax(e2eRef);
  const last = ours.get(desc.output);
  if (last && compare(out, last).max !== 0)
    problems.push('output.bin differs from the traced last layer');
  const E = summary.end_to_end;
  E.models++; E.elements += e.n; E.equal += e.equal;
  E.exact_models += e.max === 0 ? 1 : 0;
  E.max_diff = Math.max(E.max_diff, e.max);
  E.max_diff_histogram[e.max] = (E.max_diff_histogram[e.max] || 0) + 1;
  E.top1_agree += top1 ? 1 : 0;
  E.mean_exact_match_rate += e.equal / e.n;

  const line = `layers max|d| ${worst}${worstLayer ? ' (' + worstLayer.node + ')' : ''}; ` +
      `e2e exact ${(100 * e.equal / e.n).toFixed(1)}% max|d| ${e.max} ` +
      `top1 ${top1 ? 'agree' : 'DISAGREE'}` +
      (opts.verbose ? `\n    ${layerDiffs.join(' ')}` : '');
  return {id, ok: problems.length === 0, reason: problems.join('; '), line, tag};
}

(async () => {
  for (const dir of models) {
    let r;
    try {
      r = await checkModel(dir);
    } catch (err) {
      r = {id: path.basename(dir), ok: false, reason: 'oracle error: ' + err.message, tag: ''};
    }
    summary.models++;
    if (r.ok) {
      summary.passed++;
      console.log(`PASS ${r.id}: ${r.line}${r.tag}`);
    } else {
      summary.failed++;
      summary.failures.push({model: r.id, dir, reason: r.reason});
      console.log(`FAIL ${r.id}: ${r.reason}${r.line ? ' | ' + r.line : ''}${r.tag}`);
    }
  }
  const E = summary.end_to_end;
  if (E.models) {
    E.exact_match_rate = E.equal / E.elements;
    E.mean_exact_match_rate /= E.models;
    E.top1_agreement = E.top1_agree / E.models;
  }
  if (summary.elements.compared)
    summary.elements.equal_rate = summary.elements.equal / summary.elements.compared;
  const text = JSON.stringify(summary, null, 1);
  if (opts.json) fs.writeFileSync(opts.json, text + '\n');
  console.log(text);
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  process.exit(summary.failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
