// RNNoise peer: enhance noisy 16 kHz WAVs with @jitsi/rnnoise-wasm@0.2.1 and write time-aligned 16 kHz outputs.
//
//   node enhance.mjs --model 0.1|0.2 --pairs PATH/TO/pairs.csv --out DIR [--only ID]
//
//   --model 0.1  dist/rnnoise.js + dist/rnnoise.wasm (async build, RNNoise 0.1 network), delay 480 samples @48 kHz (10 ms)
//   --model 0.2  dist/rnnoise-sync.js (sync build, inlined wasm, RNNoise 0.2 network),    delay 960 samples @48 kHz (20 ms)
//   pairs.csv: header id,source,duration_s,snr_db; noisy input read from <dir of pairs.csv>/noisy/<id>.wav
//   --only ID   process a single id (debugging)
//
// Signal path per file (identical to the original harness, deterministic thanks to sox -R):
//   sox -R IN.wav -t f32 -c 1 in48.f32 rate -v 48000
//   x*32768 -> 480-sample frames (DELAY zeros appended, last partial frame zero-padded) -> rnnoise_process_frame
//   -> /32768, drop the first DELAY samples, keep n48 samples
//   sox -R -t f32 -r 48000 -c 1 out48.f32 -b 16 -e signed-integer OUT.wav rate -v 16000   (sox default TPDF dither)
//   The output must have exactly as many samples as the input, otherwise the run fails.
//
// stdout: one JSON line per file, then a summary line; cpu_s_per_audio_s counts the RNNoise calls only
// (process.cpuUsage around the frame loop, single thread).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, 'node_modules', '@jitsi', 'rnnoise-wasm', 'dist');
const FRAME = 480; // RNNoise frame: 10 ms @48 kHz
const MODELS = {
  '0.1': { loader: 'rnnoise.js', wasm: 'rnnoise.wasm', delay: 480, build: 'dist/rnnoise.js + dist/rnnoise.wasm (async build, RNNoise 0.1 model)' },
  '0.2': { loader: 'rnnoise-sync.js', wasm: null, delay: 960, build: 'dist/rnnoise-sync.js (sync build, inlined wasm, RNNoise 0.2 model)' },
};

function die(msg) {
  console.error(`enhance.mjs: error: ${msg}`);
  process.exit(1);
}

// ---- arguments ----
const USAGE = 'usage: node enhance.mjs --model 0.1|0.2 --pairs PATH/TO/pairs.csv --out DIR [--only ID]';
const opts = {};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    if (!['--model', '--pairs', '--out', '--only'].includes(a)) die(`unknown argument '${a}'\n${USAGE}`);
    if (i + 1 >= argv.length) die(`${a} needs a value\n${USAGE}`);
    opts[a.slice(2)] = argv[++i];
  }
}
for (const k of ['model', 'pairs', 'out']) if (!opts[k]) die(`missing --${k}\n${USAGE}`);
const model = MODELS[opts.model];
if (!model) die(`unknown model '${opts.model}' (expected one of: ${Object.keys(MODELS).join(', ')})`);
const DELAY = model.delay;

// ---- inputs ----
const pairsFile = path.resolve(opts.pairs);
if (!fs.existsSync(pairsFile) || !fs.statSync(pairsFile).isFile()) die(`pairs file not found: ${pairsFile}`);
const noisyDir = path.join(path.dirname(pairsFile), 'noisy');
const lines = fs.readFileSync(pairsFile, 'utf8').split(/\r?\n/).filter(l => l.trim() !== '');
if (lines.length === 0 || lines[0].split(',')[0].trim() !== 'id') die(`${pairsFile}: expected a header line starting with 'id' (id,source,duration_s,snr_db)`);
let ids = lines.slice(1).map(l => l.split(',')[0].trim());
if (opts.only !== undefined) {
  if (!ids.includes(opts.only)) die(`id '${opts.only}' is not listed in ${pairsFile}`);
  ids = [opts.only];
}
if (ids.length === 0) die(`${pairsFile}: no rows`);
const missing = ids.filter(id => !fs.existsSync(path.join(noisyDir, id + '.wav')));
if (missing.length) die(`missing noisy file(s) in ${noisyDir}: ${missing.map(id => id + '.wav').join(', ')}`);

// ---- sox ----
const sox = (a) => execFileSync('sox', a, { stdio: ['ignore', 'ignore', 'inherit'] });
const soxInfo = (flag, f) => execFileSync('sox', ['--i', flag, f], { stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
try {
  execFileSync('sox', ['--version'], { stdio: 'ignore' });
} catch (e) {
  die(e.code === 'ENOENT' ? 'sox not found on PATH (install it, e.g. apt-get install sox)' : `sox --version failed: ${e.message}`);
}

// ---- RNNoise loader ----
if (!fs.existsSync(path.join(DIST, model.loader))) die(`${path.join(DIST, model.loader)} not found; run 'npm ci' in ${HERE}`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnoise-peer-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

// The emscripten loaders are ES modules (export default) with a .js extension in a package without "type": "module".
// Node versions with module-syntax detection import them as they are; older ones refuse. In that case import a
// byte-identical .mjs copy made in the temp dir (nothing from node_modules is committed or modified).
async function importLoader(file) {
  let direct;
  try {
    direct = (await import(pathToFileURL(file).href)).default;
  } catch (e) {
    // e.g. SyntaxError 'Unexpected token export', ERR_REQUIRE_ESM, ERR_REQUIRE_CYCLE_MODULE depending on the node version
    const copy = path.join(tmp, path.basename(file, '.js') + '.mjs');
    fs.copyFileSync(file, copy);
    try {
      return (await import(pathToFileURL(copy).href)).default;
    } catch (e2) {
      die(`cannot load ${file}: ${e.message}; the .mjs copy failed too: ${e2.message}`);
    }
  }
  if (typeof direct !== 'function') die(`${file}: default export is not a factory function`);
  return direct;
}
const factory = await importLoader(path.join(DIST, model.loader));
// 0.1: the loader is built for ENVIRONMENT=web,worker and would fetch() the relative URL 'rnnoise.wasm', which fails in
// node; hand it the bytes via Module.wasmBinary. 0.2: the wasm is inlined and the factory returns the module synchronously.
const M = model.wasm ? await factory({ wasmBinary: fs.readFileSync(path.join(DIST, model.wasm)) }) : factory();
const inPtr = M._malloc(FRAME * 4), outPtr = M._malloc(FRAME * 4);

// ---- run ----
const outDir = path.resolve(opts.out);
fs.mkdirSync(outDir, { recursive: true });
let totCpuUs = 0, totSec = 0;
for (const id of ids) {
  const inWav = path.join(noisyDir, id + '.wav');
  const outWav = path.join(outDir, id + '.wav');
  const in48 = path.join(tmp, id + '.in48.f32'), out48 = path.join(tmp, id + '.out48.f32');
  const rate = +soxInfo('-r', inWav), ch = +soxInfo('-c', inWav);
  if (rate !== 16000 || ch !== 1) die(`${inWav}: expected 16 kHz mono, got ${rate} Hz, ${ch} channel(s)`);
  const n16 = parseInt(soxInfo('-s', inWav), 10);
  // 1) 16k -> 48k float32 raw, very-high-quality resampler
  sox(['-R', inWav, '-t', 'f32', '-c', '1', in48, 'rate', '-v', '48000']);
  const b = fs.readFileSync(in48);
  const x = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
  const n48 = x.length;
  // 2) RNNoise: scale to 16-bit range, append DELAY zeros, zero-pad the last partial frame
  const nFrames = Math.ceil((n48 + DELAY) / FRAME);
  const padded = new Float32Array(nFrames * FRAME);
  for (let i = 0; i < n48; i++) padded[i] = x[i] * 32768;
  const y = new Float32Array(nFrames * FRAME);
  const st = M._rnnoise_create(0); // NULL model = built-in network
  const c0 = process.cpuUsage();
  for (let f = 0; f < nFrames; f++) {
    M.HEAPF32.set(padded.subarray(f * FRAME, (f + 1) * FRAME), inPtr >> 2);
    M._rnnoise_process_frame(st, outPtr, inPtr);
    y.set(M.HEAPF32.subarray(outPtr >> 2, (outPtr >> 2) + FRAME), f * FRAME);
  }
  const c1 = process.cpuUsage(c0);
  M._rnnoise_destroy(st);
  const cpuUs = c1.user + c1.system;
  totCpuUs += cpuUs; totSec += n48 / 48000;
  // drop the first DELAY samples (model delay) so the output is time-aligned with the input
  const o = new Float32Array(n48);
  for (let i = 0; i < n48; i++) o[i] = y[DELAY + i] / 32768;
  fs.writeFileSync(out48, Buffer.from(o.buffer));
  // 3) 48k -> 16k, 16-bit signed PCM WAV
  sox(['-R', '-t', 'f32', '-r', '48000', '-c', '1', out48, '-b', '16', '-e', 'signed-integer', outWav, 'rate', '-v', '16000']);
  fs.rmSync(in48); fs.rmSync(out48);
  const n = parseInt(soxInfo('-s', outWav), 10);
  if (n !== n16) {
    fs.rmSync(outWav);
    die(`${id}: output would have ${n} samples but the input has ${n16}; not time-aligned (output removed)`);
  }
  console.log(JSON.stringify({ id, n16_in: n16, n16_out: n, n48, frames: nFrames, cpu_ms: +(cpuUs / 1000).toFixed(1), rtf: +(cpuUs / 1e6 / (n48 / 48000)).toFixed(5) }));
}
console.log(JSON.stringify({
  summary: true, model: opts.model, build: `@jitsi/rnnoise-wasm@0.2.1 ${model.build}`, delay_48k: DELAY, files: ids.length,
  audio_s: +totSec.toFixed(3), rnnoise_cpu_s: +(totCpuUs / 1e6).toFixed(3), cpu_s_per_audio_s: +(totCpuUs / 1e6 / totSec).toFixed(5),
  out: outDir,
}));
