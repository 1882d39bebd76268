/**
 * A small seeded PRNG (mulberry32) so every randomized reliability test is reproducible:
 * a failure prints its seed, and `TCC_SEED=<seed>` replays exactly that run.
 */
export interface Prng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max]. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Buffer;
  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet?: string): string;
}

const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-#:/.,{}[]"\\\'<>!?@%&*()+=~`|\t\n';

export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    bytes(n) {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i += 1) out[i] = int(256);
      return out;
    },
    string(length, alphabet = PRINTABLE) {
      let out = '';
      for (let i = 0; i < length; i += 1) out += alphabet[int(alphabet.length)];
      return out;
    },
  };
}

/** The seed for this run: TCC_SEED when set (to replay a failure), else `fallback`. */
export function seedFromEnv(fallback: number): number {
  const raw = process.env.TCC_SEED;
  const parsed = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(parsed) ? parsed : fallback;
}
