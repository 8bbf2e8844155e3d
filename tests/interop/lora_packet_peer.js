// SPDX-License-Identifier: Apache-2.0
//
// The lora-packet side of the interoperability test (see run.sh).
//
//   node lora_packet_peer.js gen SEED DATA_COUNT JOIN_COUNT A.jsonl B.jsonl
//       Draws random cases from SEED. A.jsonl: cases encoded by lora-packet
//       (fields, keys and the PHYPayload as "phy"), for libmyk10 to decode.
//       B.jsonl: cases without "phy", for libmyk10 to encode.
//   node lora_packet_peer.js check B_ENCODED.jsonl
//       Decodes, MIC-checks and decrypts every "phy" written by libmyk10
//       with lora-packet and compares it field for field with the case.
//
// The case generator lives here only, so both directions draw from the same
// distribution. Everything is LoRaWAN 1.0: lora-packet 0.9.3 has pieces of
// 1.1, but its 1.1 uplink MIC folds ConfFCnt in for FPort 0 as well as for
// ACK and takes ConfFCnt in a byte order of its own, so a 1.1 comparison
// would test its quirks rather than the specification.
//
// lora-packet is found through LORA_PACKET (a directory) or NODE_PATH.
'use strict';

const fs = require('fs');
const lora = require(process.env.LORA_PACKET || 'lora-packet');

// ------------------------------------------------------------ random source

// xorshift128+ on BigInt would be slow; mulberry32 is enough for test data
// and gives the same stream on every platform for a given seed.
function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
  return {
    u32: next,
    below: (n) => next() % n,
    bool: () => (next() & 1) === 1,
    bytes: (n) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
  };
}

const hex = (b) => Buffer.from(b).toString('hex');
const hexN = (value, digits) => value.toString(16).padStart(digits, '0');

// Counters stress the 32-bit reconstruction: plain 16-bit values, values
// around each 16-bit wrap, anything in 32 bits, and the extremes.
function drawFcnt(rng) {
  switch (rng.below(4)) {
    case 0:
      return rng.below(0x10000);
    case 1: {
      const wrap = (rng.below(0x10000) << 16) >>> 0;
      return (wrap + rng.below(5) - 2) >>> 0;
    }
    case 2:
      return rng.u32();
    default:
      return [0, 1, 0xffff, 0x10000, 0xffff0000, 0xfffffffe, 0xffffffff][rng.below(7)];
  }
}

// Payload sizes: mostly sensor-sized, sometimes up to what fits in 255 bytes.
function drawSize(rng, max) {
  return rng.below(4) === 0 ? rng.below(max + 1) : rng.below(Math.min(max, 64) + 1);
}

function drawDataCase(rng, id) {
  const mtype = 2 + (id % 4); // every data MType in turn
  const uplink = mtype === 2 || mtype === 4;
  const c = {
    id,
    kind: 'data',
    mtype,
    dev_addr: hexN(rng.u32(), 8),
    adr: rng.bool(),
    ack: rng.bool(),
    // FCtrl bits 6 and 4 mean ADRACKReq/ClassB uplink, RFU/FPending downlink.
    adr_ack_req: uplink ? rng.bool() : false,
    class_b: uplink ? rng.bool() : false,
    fpending: uplink ? false : rng.bool(),
    fcnt: drawFcnt(rng),
    nwk_s_key: hex(rng.bytes(16)),
    app_s_key: hex(rng.bytes(16)),
  };
  const portKind = rng.below(20);
  let fopts = 0;
  let payload = 0;
  if (portKind < 2) {
    c.fport = null; // no FPort, so no FRMPayload either
    fopts = rng.below(16);
  } else if (portKind < 5) {
    c.fport = 0; // MAC commands in FRMPayload: FOpts not allowed
    payload = drawSize(rng, 242);
  } else {
    c.fport = 1 + rng.below(223);
    fopts = rng.bool() ? 0 : rng.below(16);
    payload = drawSize(rng, 242 - fopts);
  }
  c.fopts = hex(rng.bytes(fopts));
  c.payload = hex(rng.bytes(payload));
  return c;
}

function drawJoinRequest(rng, id) {
  return {
    id,
    kind: 'join_request',
    join_eui: hex(rng.bytes(8)),
    dev_eui: hex(rng.bytes(8)),
    dev_nonce: hexN(rng.below(0x10000), 4),
    app_key: hex(rng.bytes(16)),
  };
}

function drawJoinAccept(rng, id) {
  return {
    id,
    kind: 'join_accept',
    join_nonce: hexN(rng.below(0x1000000), 6),
    net_id: hexN(rng.below(0x1000000), 6),
    dev_addr: hexN(rng.u32(), 8),
    rx1_dr_offset: rng.below(8),
    rx2_dr: rng.below(16),
    rx_delay: rng.below(16),
    cflist: rng.bool() ? hex(rng.bytes(16)) : '',
    app_key: hex(rng.bytes(16)),
  };
}

function drawCases(rng, dataCount, joinCount, firstId) {
  const out = [];
  let id = firstId;
  for (let i = 0; i < dataCount; i++) out.push(drawDataCase(rng, id++));
  for (let i = 0; i < joinCount; i++) out.push(drawJoinRequest(rng, id++));
  for (let i = 0; i < joinCount; i++) out.push(drawJoinAccept(rng, id++));
  return out;
}

// lora-packet takes the upper counter half as the two bytes that follow the
// 16-bit FCnt in B0/Ai, i.e. little-endian like the rest of the block.
function fcntMsb(fcnt) {
  return Buffer.from([(fcnt >>> 16) & 0xff, (fcnt >>> 24) & 0xff]);
}

const key = (h) => Buffer.from(h, 'hex');

// ----------------------------------------------------------------- encoding

function encode(c) {
  if (c.kind === 'data') {
    const fields = {
      MType: c.mtype,
      DevAddr: Buffer.from(c.dev_addr, 'hex'),
      FCtrl: {
        ADR: c.adr,
        ADRACKReq: c.adr_ack_req,
        ACK: c.ack,
        FPending: c.class_b || c.fpending, // one bit (0x10) for both
      },
      FCnt: c.fcnt & 0xffff,
      FOpts: Buffer.from(c.fopts, 'hex'),
    };
    // Without FPort lora-packet still wants an (empty) payload to assemble
    // the MACPayload; it then leaves the FPort byte out.
    if (c.fport !== null) fields.FPort = c.fport;
    fields.payload = Buffer.from(c.payload, 'hex');
    const msb = fcntMsb(c.fcnt);
    const p = lora.fromFields(fields, key(c.app_s_key), key(c.nwk_s_key), undefined, msb);
    // fromFields only adds a MIC when it also encrypts, i.e. with an FPort.
    if (c.fport === null) lora.recalculateMIC(p, key(c.nwk_s_key), undefined, msb);
    return p.getPHYPayload();
  }
  if (c.kind === 'join_request') {
    const p = lora.fromFields({
      MType: 0,
      AppEUI: Buffer.from(c.join_eui, 'hex'),
      DevEUI: Buffer.from(c.dev_eui, 'hex'),
      DevNonce: Buffer.from(c.dev_nonce, 'hex'),
    }, undefined, undefined, key(c.app_key));
    return p.getPHYPayload();
  }
  const p = lora.fromFields({
    MType: 1,
    AppNonce: Buffer.from(c.join_nonce, 'hex'),
    NetID: Buffer.from(c.net_id, 'hex'),
    DevAddr: Buffer.from(c.dev_addr, 'hex'),
    DLSettings: (c.rx1_dr_offset << 4) | c.rx2_dr,
    RxDelay: c.rx_delay,
    CFList: Buffer.from(c.cflist, 'hex'),
  }, undefined, undefined, key(c.app_key));
  return p.getPHYPayload();
}

// ----------------------------------------------------------------- checking

// Returns a list of "field: got X, want Y" strings (empty when all match).
function check(c) {
  const diffs = [];
  const want = (name, got, expected) => {
    if (got !== expected) diffs.push(`${name}: lora-packet got ${got}, libmyk10 was given ${expected}`);
  };
  const phy = Buffer.from(c.phy, 'hex');
  if (c.kind === 'data') {
    const p = lora.fromWire(phy);
    const msb = fcntMsb(c.fcnt);
    want('MHDR', p.MHDR[0], c.mtype << 5);
    want('DevAddr', hex(p.DevAddr), c.dev_addr);
    want('FCtrl.ADR', p.getFCtrlADR(), c.adr);
    want('FCtrl.ACK', p.getFCtrlACK(), c.ack);
    want('FCtrl.ADRACKReq', p.getFCtrlADRACKReq(), c.adr_ack_req);
    want('FCtrl bit 4 (ClassB/FPending)', p.getFCtrlFPending(), c.class_b || c.fpending);
    want('FCnt', p.getFCnt(), c.fcnt & 0xffff);
    want('FOpts', hex(p.FOpts), c.fopts);
    want('FPort', p.getFPort(), c.fport);
    want('FRMPayload size', p.FRMPayload.length, c.payload.length / 2);
    want('MIC verify (FCnt32)', lora.verifyMIC(p, key(c.nwk_s_key), undefined, msb), true);
    if (c.fcnt > 0xffff) {
      // The upper half must matter: without it the MIC has to fail.
      want('MIC verify without FCnt MSBs', lora.verifyMIC(p, key(c.nwk_s_key)), false);
    }
    want('decrypted FRMPayload',
         hex(lora.decrypt(p, key(c.app_s_key), key(c.nwk_s_key), msb)), c.payload);
  } else if (c.kind === 'join_request') {
    const p = lora.fromWire(phy);
    want('MHDR', p.MHDR[0], 0x00);
    want('AppEUI/JoinEUI', hex(p.AppEUI), c.join_eui);
    want('DevEUI', hex(p.DevEUI), c.dev_eui);
    want('DevNonce', hex(p.DevNonce), c.dev_nonce);
    want('MIC verify', lora.verifyMIC(p, undefined, key(c.app_key)), true);
  } else {
    want('size', phy.length, c.cflist ? 33 : 17);
    const p = lora.fromWire(lora.decryptJoinAccept(lora.fromWire(phy), key(c.app_key)));
    want('MHDR', p.MHDR[0], 0x20);
    want('AppNonce/JoinNonce', hex(p.AppNonce), c.join_nonce);
    want('NetID', hex(p.NetID), c.net_id);
    want('DevAddr', hex(p.DevAddr), c.dev_addr);
    want('DLSettings.OptNeg', p.getDLSettingsOptNeg(), false);
    want('DLSettings.RX1DRoffset', p.getDLSettingsRxOneDRoffset(), c.rx1_dr_offset);
    want('DLSettings.RX2DataRate', p.getDLSettingsRxTwoDataRate(), c.rx2_dr);
    want('RxDelay', p.RxDelay[0], c.rx_delay);
    want('CFList', hex(p.CFList), c.cflist);
    want('MIC verify', lora.verifyMIC(p, undefined, key(c.app_key)), true);
  }
  return diffs;
}

// ------------------------------------------------------------------- main

function writeLines(path, objects) {
  fs.writeFileSync(path, objects.map((o) => JSON.stringify(o)).join('\n') + '\n');
}

function main(argv) {
  if (argv[0] === 'gen' && argv.length === 6) {
    const seed = Number(argv[1]);
    const dataCount = Number(argv[2]);
    const joinCount = Number(argv[3]);
    const rng = makeRng(seed);
    const a = drawCases(rng, dataCount, joinCount, 0);
    for (const c of a) c.phy = hex(encode(c));
    const b = drawCases(rng, dataCount, joinCount, a.length);
    writeLines(argv[4], a);
    writeLines(argv[5], b);
    return 0;
  }
  if (argv[0] === 'check' && argv.length === 2) {
    const lines = fs.readFileSync(argv[1], 'utf8').split('\n').filter((l) => l.length);
    let passed = 0;
    let failed = 0;
    for (const line of lines) {
      const c = JSON.parse(line);
      let diffs;
      try {
        diffs = check(c);
      } catch (e) {
        diffs = [`lora-packet threw: ${e.message}`];
      }
      if (diffs.length === 0) {
        passed++;
        continue;
      }
      if (++failed <= 5) {
        console.log(`MISMATCH (encoded by libmyk10, decoded by lora-packet) case ${c.id} ${c.kind}`);
        console.log(`  case: ${line}`);
        for (const d of diffs) console.log(`  ${d}`);
      }
    }
    console.log(`libmyk10 -> lora-packet: ${passed} passed, ${failed} failed`);
    return failed === 0 && passed > 0 ? 0 : 1;
  }
  console.error('usage: lora_packet_peer.js gen SEED DATA_COUNT JOIN_COUNT A.jsonl B.jsonl\n' +
                '       lora_packet_peer.js check B_ENCODED.jsonl');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
