// drawAlgo.js — the JavaScript port of the draw algorithm "zhifa-draw-1"
// (docs/draw-algorithm.md; the C original is src/draw_algo.c). Used by the
// public page's 验证 button to re-run a published draw in the browser, and
// by the tests as an independent implementation of the specification.
//
// SHA-256 comes from WebCrypto (crypto.subtle) when the page has it (a
// secure context: HTTPS or localhost); elsewhere from the small pure-JS
// implementation below, so that verification works on a plain-HTTP
// intranet too. Both give the same bytes.

const ALGORITHM = 'zhifa-draw-1';
const enc = new TextEncoder();

// ---- SHA-256 ---------------------------------------------------------------

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Pure-JS SHA-256 of a Uint8Array → Uint8Array(32). */
export function sha256Sync(data) {
  const n = data.length;
  const total = Math.ceil((n + 9) / 64) * 64;
  const m = new Uint8Array(total);
  m.set(data);
  m[n] = 0x80;
  const bits = n * 8;
  const dv = new DataView(m.buffer);
  dv.setUint32(total - 8, Math.floor(bits / 0x100000000));
  dv.setUint32(total - 4, bits >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getUint32(off + 4 * i);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15], b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(4 * i, h[i]);
  return out;
}

function subtleOf(subtle) {
  if (subtle) return subtle;
  const c = typeof globalThis !== 'undefined' ? globalThis.crypto : undefined;
  return c && c.subtle ? c.subtle : null;
}

/** SHA-256 of bytes: WebCrypto when given/available, else the JS one. */
export async function sha256(bytes, subtle) {
  const s = subtleOf(subtle);
  if (s) return new Uint8Array(await s.digest('SHA-256', bytes));
  return sha256Sync(bytes);
}

export function hex(bytes) {
  let z = '';
  for (const b of bytes) z += b.toString(16).padStart(2, '0');
  return z;
}

function unhex(z) {
  if (typeof z !== 'string' || !/^[0-9a-f]{64}$/.test(z)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(z.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export const sha256Hex = async (text, subtle) => hex(await sha256(enc.encode(text), subtle));

// ---- canonical serialisations -------------------------------------------------

export function serParams(p) {
  return `algorithm\t${ALGORITHM}\nsample_size\t${p.sample_size}\nstratify_sector\t${p.stratify_sector ? 1 : 0}\n`
    + `stratify_street\t${p.stratify_street ? 1 : 0}\nofficers_per_enterprise\t${p.officers_per_enterprise}\n`
    + `experts_per_enterprise\t${p.experts_per_enterprise}\n`;
}
export const serPool = (rows) => rows.map((r) => `${r[0]}\t${r[1]}\t${r[2]}\t${r[3]}\n`).join('');
export const serPersons = (rows) => rows.map((r) => `${r[0]}\t${r[1]}\t${r[2]}\t${r[3]}\n`).join('');
export const serPairs = (rows) => rows.map((r) => `${r[0]}\t${r[1]}\n`).join('');
export const serResult = (rows) => rows.map((r, i) => `${i + 1}\t${r.enterprise_id}\t${r.officers.join(',')}\t${r.experts.join(',')}\n`).join('');
export function serInputs(doc) {
  return `#params\n${serParams(doc.parameters)}#pool\n${serPool(doc.pool.rows)}#officers\n${serPersons(doc.officers.rows)}`
    + `#experts\n${serPersons(doc.experts.rows)}#exclusions\n${serPairs(doc.exclusions.rows)}`;
}

// ---- the PRNG -------------------------------------------------------------------

class Prng {
  constructor(seed, subtle) {
    this.seed = seed;
    this.subtle = subtle;
    this.block = 0;
    this.words = null;
    this.pos = 8;
  }

  async word() {
    if (this.pos === 8) {
      const input = new Uint8Array(32 + 12 + 8);
      input.set(this.seed, 0);
      input.set(enc.encode(ALGORITHM), 32);
      const dv = new DataView(input.buffer);
      dv.setUint32(44, Math.floor(this.block / 0x100000000));
      dv.setUint32(48, this.block >>> 0);
      const h = await sha256(input, this.subtle);
      this.words = new DataView(h.buffer);
      this.block++;
      this.pos = 0;
    }
    return this.words.getUint32(4 * this.pos++);
  }

  /** Uniform integer in [0, m), 1 <= m <= 2^32, rejection sampling. */
  async uniform(m) {
    const limit = 4294967296 - (4294967296 % m);
    for (;;) {
      const u = await this.word();
      if (u < limit) return u % m;
    }
  }
}

// ---- the algorithm ----------------------------------------------------------------

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

async function sample(input, g) {
  const { pool, params } = input;
  const N = pool.length, n = params.sample_size;
  const keys = pool.map((r, i) => ({ a: params.stratify_sector ? r[2] : '', b: params.stratify_street ? r[3] : '', i }));
  if (params.stratify_sector || params.stratify_street) keys.sort((x, y) => cmp(x.a, y.a) || cmp(x.b, y.b) || x.i - y.i);
  const strata = [];
  keys.forEach((k, j) => {
    const prev = keys[j - 1];
    if (!prev || prev.a !== k.a || prev.b !== k.b) strata.push({ members: [], order: strata.length });
    strata[strata.length - 1].members.push(k.i);
  });
  let given = 0;
  for (const s of strata) {
    s.quota = Math.floor((n * s.members.length) / N);
    s.rem = (n * s.members.length) % N;
    given += s.quota;
  }
  const byRem = strata.slice().sort((x, y) => y.rem - x.rem || x.order - y.order);
  for (let s = 0; given < n && s < byRem.length; s++, given++) byRem[s].quota++;
  const out = [];
  for (const s of strata) {
    const a = s.members;
    for (let q = 0; q < s.quota; q++) {
      const j = q + await g.uniform(a.length - q);
      [a[q], a[j]] = [a[j], a[q]];
      out.push(pool[a[q]][0]);
    }
  }
  return out;
}

async function pick(g, persons, rem, excluded, need) {
  const chosen = new Set();
  const out = [];
  for (let t = 0; t < need; t++) {
    let W = 0, cnt = 0;
    persons.forEach((p, j) => { if (!excluded.has(p[0]) && !chosen.has(j) && rem[j] > 0) { W += rem[j]; cnt++; } });
    if (t === 0 && cnt < need) {
      let excl = 0, full = 0;
      persons.forEach((p, j) => { if (excluded.has(p[0])) excl++; else if (rem[j] <= 0) full++; });
      return { fail: { pool: persons.length, excluded: excl, full, available: cnt, need } };
    }
    let u = await g.uniform(W), j = 0;
    for (; j < persons.length; j++) {
      if (excluded.has(persons[j][0]) || chosen.has(j) || rem[j] <= 0) continue;
      if (u < rem[j]) break;
      u -= rem[j];
    }
    chosen.add(j);
    rem[j]--;
    out.push(persons[j][0]);
  }
  return { ids: out.sort((x, y) => x - y) };
}

/**
 * Runs zhifa-draw-1. input: {params, pool, officers, experts, exclusions,
 * seed (Uint8Array 32)} with the document's row arrays. Resolves to
 * {rows:[{enterprise_id, officers, experts}]} or {fail:{enterprise_id,…}}.
 */
export async function runDraw(input, subtle) {
  const g = new Prng(input.seed, subtle);
  const ents = await sample(input, g);
  const excl = new Map();
  for (const [e, p] of input.exclusions) {
    if (!excl.has(e)) excl.set(e, new Set());
    excl.get(e).add(p);
  }
  const officerIds = new Set(input.officers.map((o) => o[0]));
  const order = ents.map((e, row) => {
    let c = 0;
    for (const p of excl.get(e) || []) if (officerIds.has(p)) c++;
    return { row, c };
  }).sort((x, y) => y.c - x.c || x.row - y.row);
  const remO = input.officers.map((o) => o[1]);
  const remX = input.experts.map((x) => x[1]);
  const rows = ents.map((e) => ({ enterprise_id: e, officers: [], experts: [] }));
  const k = input.params.officers_per_enterprise, m = input.params.experts_per_enterprise;
  for (const { row } of order) {
    const e = ents[row], ex = excl.get(e) || new Set();
    const o = await pick(g, input.officers, remO, ex, k);
    if (o.fail) return { fail: { enterprise_id: e, experts: false, ...o.fail } };
    rows[row].officers = o.ids;
    if (m > 0) {
      const x = await pick(g, input.experts, remX, ex, m);
      if (x.fail) return { fail: { enterprise_id: e, experts: true, ...x.fail } };
      rows[row].experts = x.ids;
    }
  }
  return { rows };
}

/**
 * Verifies a published document. Resolves to {ok, step, message, row?}:
 * step is 'pool' | 'inputs' | 'commitment' | 'result' | 'format' | 'seed'.
 */
export async function verifyDocument(doc, subtle) {
  if (!doc || doc.algorithm !== ALGORITHM) return { ok: false, step: 'format', message: `unknown algorithm ${doc && doc.algorithm}` };
  const poolHash = await sha256Hex(serPool(doc.pool.rows), subtle);
  if (poolHash !== doc.pool.hash) return { ok: false, step: 'pool', message: `pool hash ${poolHash} ≠ ${doc.pool.hash}` };
  const inputsHash = await sha256Hex(serInputs(doc), subtle);
  if (inputsHash !== doc.inputs_hash) return { ok: false, step: 'inputs', message: `inputs hash ${inputsHash} ≠ ${doc.inputs_hash}` };
  const seed = unhex(doc.seed);
  if (!seed) return { ok: false, step: 'seed', message: 'seed not revealed' };
  const commit = hex(await sha256(seed, subtle));
  if (commit !== doc.commitment) return { ok: false, step: 'commitment', message: `SHA-256(seed) ${commit} ≠ ${doc.commitment}` };
  const r = await runDraw({
    params: doc.parameters, pool: doc.pool.rows, officers: doc.officers.rows, experts: doc.experts.rows,
    exclusions: doc.exclusions.rows, seed,
  }, subtle);
  if (r.fail) return { ok: false, step: 'result', message: `re-run fails at enterprise ${r.fail.enterprise_id}` };
  const pub = doc.result.rows;
  for (let i = 0; i < Math.max(pub.length, r.rows.length); i++) {
    const a = pub[i], b = r.rows[i];
    const sa = a ? `${a.enterprise_id}|${a.officers.join(',')}|${a.experts.join(',')}` : '-';
    const sb = b ? `${b.enterprise_id}|${b.officers.join(',')}|${b.experts.join(',')}` : '-';
    if (sa !== sb) return { ok: false, step: 'result', row: i + 1, message: `row ${i + 1}: published ${sa}, recomputed ${sb}` };
  }
  const resultHash = await sha256Hex(serResult(r.rows), subtle);
  if (resultHash !== doc.result.hash) return { ok: false, step: 'result', message: `result hash ${resultHash} ≠ ${doc.result.hash}` };
  return { ok: true, step: 'result', rows: r.rows.length, message: 'OK' };
}
