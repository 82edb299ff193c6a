// A proof is only as good as its weakest bit: for random states and keys, flipping any one bit of the proof,
// the root, the key or the value must make verification fail — except where the flipped statement is itself
// true (a flipped key that is also absent), which the absence case checks against the state instead.
import fc from "fast-check";
import { CommitStore } from "./commit-store";
import { verifyProof } from "./proof";
import { makeTempDir } from "./test-helpers";
import type { Bytes } from "./types";

const flip = (bytes: Bytes, bit: number): Buffer => {
  const out = Buffer.from(bytes);
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
};

/** The bits whose flip still verifies: must be none. */
function bitsThatStillVerify(count: number, verifies: (bit: number) => boolean): number[] {
  const bad: number[] = [];
  for (let bit = 0; bit < count; bit++) if (verifies(bit)) bad.push(bit);
  return bad;
}

const key = fc.uint8Array({ minLength: 1, maxLength: 40 });
const value = fc.uint8Array({ minLength: 0, maxLength: 64 });

let store: CommitStore;
let height = 0;
let cleanup: () => void;
beforeAll(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  store = CommitStore.open(temp.dir);
  // filler so that buckets often hold other keys beside the one proved
  commit(Array.from({ length: 5000 }, (_, i): [Bytes, Bytes] => [Buffer.from(`filler/${i}`), Buffer.from(`v${i}`)]));
});
afterAll(() => {
  store.close();
  cleanup();
});

function commit(changes: Array<[Bytes, Bytes | undefined]>): void {
  height += 1;
  store.commit(height, changes);
}

describe("proof properties", () => {
  test("a presence proof fails after any single bit flip of proof, root, key or value", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength: 8, selector: ([k]) => Buffer.from(k).toString("hex") }), fc.nat(), (entries, pick) => {
        commit(entries);
        const [k] = entries[pick % entries.length];
        const root = store.lastAppHash;
        const { value: v, proof } = store.prove(k);
        expect(v).toBeDefined();
        expect(verifyProof(root, k, v, proof)).toBe(true);
        const bits = { proof: proof.length * 8, root: root.length * 8, key: k.length * 8, value: v!.length * 8 };
        expect(bitsThatStillVerify(bits.root, (bit) => verifyProof(flip(root, bit), k, v, proof))).toEqual([]);
        expect(bitsThatStillVerify(bits.key, (bit) => verifyProof(root, flip(k, bit), v, proof))).toEqual([]);
        expect(bitsThatStillVerify(bits.value, (bit) => verifyProof(root, k, flip(v!, bit), proof))).toEqual([]);
        expect(bitsThatStillVerify(bits.proof, (bit) => verifyProof(root, k, v, flip(proof, bit)))).toEqual([]);
        // claiming absence of a present key fails too
        expect(verifyProof(root, k, undefined, proof)).toBe(false);
      }),
      { numRuns: 12 },
    );
  });

  test("an absence proof fails after any bit flip of proof or root; a flipped key verifies only if it is truly absent", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 6 }), key, (entries, absent) => {
        commit([...entries.filter(([k]) => !Buffer.from(k).equals(Buffer.from(absent))), [absent, undefined]]);
        const root = store.lastAppHash;
        const { value: v, proof } = store.prove(absent);
        expect(v).toBeUndefined();
        expect(verifyProof(root, absent, undefined, proof)).toBe(true);
        expect(bitsThatStillVerify(root.length * 8, (bit) => verifyProof(flip(root, bit), absent, undefined, proof))).toEqual([]);
        expect(bitsThatStillVerify(proof.length * 8, (bit) => verifyProof(root, absent, undefined, flip(proof, bit)))).toEqual([]);
        const lies = bitsThatStillVerify(absent.length * 8, (bit) => verifyProof(root, flip(absent, bit), undefined, proof) && store.get(flip(absent, bit)) !== undefined);
        expect(lies).toEqual([]);
        // an absence proof cannot be passed off as presence of any value
        expect(verifyProof(root, absent, new Uint8Array(), proof)).toBe(false);
      }),
      { numRuns: 12 },
    );
  });

  test("a proof of one state does not verify against the root of a state that differs in that key", () => {
    fc.assert(
      fc.property(key, value, value, (k, before, after) => {
        fc.pre(!Buffer.from(before).equals(Buffer.from(after)));
        commit([[k, before]]);
        const old = store.prove(k);
        commit([[k, after]]);
        expect(verifyProof(store.lastAppHash, k, old.value, old.proof)).toBe(false);
        expect(verifyProof(store.lastAppHash, k, after, store.prove(k).proof)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
