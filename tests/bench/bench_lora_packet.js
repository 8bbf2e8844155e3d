// SPDX-License-Identifier: Apache-2.0
//
// The lora-packet anchor of bench_frame: the same three paths on the frames
// bench_frame --dump wrote (devices, then the first 20 000 uplinks), median
// of several runs after a warm-up, one thread.
//
//   node bench_lora_packet.js FRAMES_FILE [REPEATS]
//
// Prints one line per path and, last, "RATES parse,mic,decrypt" in frames/s
// for bench_frame --anchor. lora-packet is found through LORA_PACKET (a
// directory) or NODE_PATH.
'use strict';

const fs = require('fs');
const lora = require(process.env.LORA_PACKET || 'lora-packet');

function load(path) {
  const devices = new Map();
  const frames = [];
  for (const line of fs.readFileSync(path, 'utf8').split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'D') {
      devices.set(f[1], {
        base: Number(f[2]),
        nwk: Buffer.from(f[3], 'hex'),
        app: Buffer.from(f[4], 'hex'),
      });
    } else if (f[0] === 'F') {
      frames.push(Buffer.from(f[1], 'hex'));
    }
  }
  return { devices, frames };
}

// Same reconstruction as bench_frame: FCnt32 from the 16 bits on air and the
// device's first counter; lora-packet wants the upper half as two bytes.
function fcntMsb(dev, fcnt16) {
  let f = ((dev.base & 0xffff0000) | fcnt16) >>> 0;
  if (f < dev.base) f = (f + 0x10000) >>> 0;
  return Buffer.from([(f >>> 16) & 0xff, (f >>> 24) & 0xff]);
}

const paths = {
  parse(w) {
    let sum = 0;
    for (const buf of w.frames) sum += lora.fromWire(buf).getFCnt();
    return sum >= 0 ? w.frames.length : 0;
  },
  mic(w) {
    let ok = 0;
    for (const buf of w.frames) {
      const p = lora.fromWire(buf);
      const dev = w.devices.get(p.DevAddr.toString('hex'));
      if (dev && lora.verifyMIC(p, dev.nwk, undefined, fcntMsb(dev, p.getFCnt()))) ok++;
    }
    return ok;
  },
  decrypt(w) {
    let ok = 0;
    for (const buf of w.frames) {
      const p = lora.fromWire(buf);
      const dev = w.devices.get(p.DevAddr.toString('hex'));
      if (!dev) continue;
      const msb = fcntMsb(dev, p.getFCnt());
      if (!lora.verifyMIC(p, dev.nwk, undefined, msb)) continue;
      if (p.FRMPayload.length > 0) lora.decrypt(p, dev.app, dev.nwk, msb);
      ok++;
    }
    return ok;
  },
};

function medianRate(fn, w, repeats) {
  fn(w); // warm-up: lets V8 optimise before the timed runs
  const rates = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    const ok = fn(w);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (ok !== w.frames.length) throw new Error(`only ${ok} of ${w.frames.length} frames passed`);
    rates.push(w.frames.length / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(repeats / 2)];
}

const w = load(process.argv[2]);
const repeats = Number(process.argv[3] || 3); // lora-packet decrypts ~5k frames/s: keep the run short
const version = require((process.env.LORA_PACKET || 'lora-packet') + '/package.json').version;
console.log(`bench_lora_packet: lora-packet ${version}, node ${process.version}, ` +
            `${w.frames.length} uplinks from ${w.devices.size} devices, median of ${repeats} runs`);
const rates = {};
for (const name of ['parse', 'mic', 'decrypt']) {
  rates[name] = medianRate(paths[name], w, repeats);
  console.log(`${name.padEnd(8)} ${rates[name].toExponential(3)} frames/s`);
}
console.log(`RATES ${rates.parse},${rates.mic},${rates.decrypt}`);
