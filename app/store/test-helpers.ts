// Shared by the store's tests only.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bytes } from "./types";

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "optchain-store-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function h(...parts: Uint8Array[]): Buffer {
  const hasher = createHash("sha256");
  for (const p of parts) hasher.update(p);
  return hasher.digest();
}

/**
 * The app hash of a state, written straight from the design text with no code shared with the store (a full
 * 65,536-bucket tree, createHash instead of crypto.hash), so both implementing the spec differently fails.
 */
export function referenceRoot(state: Iterable<[Bytes, Bytes]>): Buffer {
  const zero = Buffer.alloc(32);
  const buckets = new Map<number, Array<[Buffer, Buffer]>>();
  for (const [k, v] of state) {
    const kh = h(k);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(k.length);
    const leaf = h(Buffer.of(0), len, k, h(v));
    const b = kh.readUInt16BE(0);
    buckets.set(b, [...(buckets.get(b) ?? []), [kh, leaf]]);
  }
  let level: Buffer[] = [];
  for (let b = 0; b < 65536; b++) {
    const list = (buckets.get(b) ?? []).sort(([x], [y]) => Buffer.compare(x, y));
    level.push(list.length === 0 ? zero : h(Buffer.of(2), ...list.flat()));
  }
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const [l, r] = [level[i], level[i + 1]];
      up.push(l.equals(zero) && r.equals(zero) ? zero : h(Buffer.of(1), l, r));
    }
    level = up;
  }
  return level[0];
}

/**
 * Deterministic pseudo-random 32-bit integers (mulberry32), so failures replay. Unlike a plain LCG its low bits
 * do not cycle, so `next() % small` is usable.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
