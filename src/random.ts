// Reproducible random streams for daemons: xoshiro128** with a jump of 2^64 draws per stream,
// the JavaScript counterpart of R's L'Ecuyer-CMRG streams.

/** A stream's state: four 32-bit words. */
export type StreamState = [number, number, number, number];

/** Seeds four words from one number with splitmix32, so any integer seed gives a good state. */
export function seedState(seed: number): StreamState {
  let x = seed >>> 0;
  const next = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state: StreamState = [next(), next(), next(), next()];
  if (state.every((w) => w === 0)) state[0] = 1;
  return state;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** One draw: advances `s` in place and returns a 32-bit unsigned integer. */
export function nextUint32(s: StreamState): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
  const t = (s[1] << 9) >>> 0;
  s[2] = (s[2] ^ s[0]) >>> 0;
  s[3] = (s[3] ^ s[1]) >>> 0;
  s[1] = (s[1] ^ s[2]) >>> 0;
  s[0] = (s[0] ^ s[3]) >>> 0;
  s[2] = (s[2] ^ t) >>> 0;
  s[3] = rotl(s[3], 11);
  return result;
}

const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];

/** Advances `s` by 2^64 draws: successive jumps give non-overlapping streams. */
export function jump(s: StreamState): void {
  const acc: StreamState = [0, 0, 0, 0];
  for (const word of JUMP) {
    for (let b = 0; b < 32; b++) {
      if (word & (1 << b)) for (let i = 0; i < 4; i++) acc[i] = (acc[i] ^ s[i]) >>> 0;
      nextUint32(s);
    }
  }
  for (let i = 0; i < 4; i++) s[i] = acc[i];
}

/** The state of stream `index` for `seed`: the seed's state jumped `index` times. */
export function streamState(seed: number, index: number): StreamState {
  const state = seedState(seed);
  for (let i = 0; i < index; i++) jump(state);
  return state;
}

/** A Math.random replacement drawing 53-bit doubles in [0, 1) from `state`. */
export function randomFrom(state: StreamState): () => number {
  return () => {
    const high = nextUint32(state) >>> 5; // 27 bits
    const low = nextUint32(state) >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  };
}

/** murmur3's 32-bit finaliser: a bijection that mixes every input bit into every output bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const WORD_KEYS = [0x9e3779b9, 0x3c6ef372, 0xdaa66d2b, 0x78dde6e4];

/** The state of mirai `index`'s stream for `seed`, in constant time whatever the index:
 * each of the four words hashes (seed, index) under its own key. For one seed, two indices
 * below 2^32 apart never share a word (each word is a bijection of the low 32 bits), so
 * streams start at distinct, unrelated points of xoshiro128**'s 2^128 period: unlike jumps,
 * not provably disjoint, but n streams of L draws overlap with odds about n^2 L / 2^128. */
export function taskStreamState(seed: number, index: number): StreamState {
  const low = index >>> 0;
  const high = Math.floor(index / 4294967296) >>> 0;
  const state = WORD_KEYS.map((key) => fmix32((fmix32(fmix32((seed ^ key) >>> 0) ^ high) + low) >>> 0)) as StreamState;
  if (state.every((w) => w === 0)) state[0] = 1;
  return state;
}
