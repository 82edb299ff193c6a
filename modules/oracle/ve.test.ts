import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import type { CommitInfo, ExtendedCommitInfo } from "cosmjs-types/tendermint/abci/types";
import { consensusAddress } from "../../app/address";
import { DEC_ONE } from "../../lib/fixed";
import { optchain } from "../../proto/gen/optchain";
import {
  checkInjectedVotes,
  decodeInjectedVotes,
  decodeVoteExtension,
  encodeInjectedVotes,
  encodeVoteExtension,
  INJECTED_VOTES_PREFIX,
  isInjectedVotesTx,
  voteExtensionSignBytes,
} from "./ve";

const WHITELIST = new Set(["BTC", "ETH", "uopt"]);
const CHAIN = "optchain-test";

describe("vote extension encoding", () => {
  test("round-trips any positive prices of whitelisted assets, and only the canonical bytes decode", () => {
    const assets = fc.subarray(["BTC", "ETH", "uopt"], { minLength: 1 });
    fc.assert(
      fc.property(assets, fc.array(fc.bigInt({ min: 1n, max: 10n ** 48n }), { minLength: 3, maxLength: 3 }), (names, values) => {
        const prices = new Map(names.map((name, i) => [name, values[i]]));
        const bytes = encodeVoteExtension(prices);
        const decoded = decodeVoteExtension(bytes, WHITELIST);
        expect(decoded).toEqual({ prices: new Map([...prices].sort(([a], [b]) => (a < b ? -1 : 1))) });
        // An unknown field appended keeps every value, and is still refused: the signed bytes have one form.
        expect("error" in decodeVoteExtension(Buffer.concat([bytes, Buffer.from([0x10, 0x01])]), WHITELIST)).toBe(true);
      }),
    );
  });

  test("the empty extension abstains", () => {
    expect(encodeVoteExtension(new Map())).toHaveLength(0);
    expect(decodeVoteExtension(new Uint8Array(), WHITELIST)).toEqual({ prices: new Map() });
  });

  const raw = (prices: Array<{ asset: string; price: number[] }>) =>
    optchain.oracle.v1.VoteExtensionPrices.encode({ prices: prices.map(({ asset, price }) => ({ asset, price: Uint8Array.from(price) })) }).finish();

  test.each([
    ["an asset off the whitelist", raw([{ asset: "DOGE", price: [1] }])],
    ["a zero price", raw([{ asset: "BTC", price: [] }])],
    ["a leading zero byte", raw([{ asset: "BTC", price: [0, 1] }])],
    ["assets out of order", raw([{ asset: "ETH", price: [1] }, { asset: "BTC", price: [1] }])],
    ["an asset twice", raw([{ asset: "BTC", price: [1] }, { asset: "BTC", price: [2] }])],
    ["a price over 1e48", raw([{ asset: "BTC", price: [...Buffer.from((10n ** 48n + 1n).toString(16).padStart(40, "0"), "hex")] }])],
    ["garbage", Buffer.from([0xff, 0xff, 0xff])],
    ["an oversized extension", Buffer.alloc(5000, 1)],
  ])("refuses %s", (_, bytes) => {
    expect("error" in decodeVoteExtension(bytes, WHITELIST)).toBe(true);
  });
});

describe("CanonicalVoteExtension sign bytes", () => {
  test("length-delimited proto3 with default fields left out", () => {
    // extension "ab", height 5, round 0, chain "c": 0a 02 61 62 | 11 05 00.. | 22 01 63, prefixed by its length 16
    expect(voteExtensionSignBytes(Buffer.from("ab"), 5n, 0, "c").toString("hex")).toBe("10" + "0a026162" + "110500000000000000" + "220163");
    expect(voteExtensionSignBytes(new Uint8Array(), 1n, 2, "").toString("hex")).toBe("12" + "110100000000000000" + "190200000000000000");
  });
});

interface Signer {
  key: KeyObject;
  pubkey: Buffer;
  address: Buffer;
  power: bigint;
}

function signers(powers: bigint[]): Signer[] {
  return powers.map((power) => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pubkey = publicKey.export({ format: "der", type: "spki" }).subarray(12);
    return { key: privateKey, pubkey, address: Buffer.from(consensusAddress(pubkey)), power };
  });
}

/** What honest CometBFT gives a proposer: each committed validator's signed extension. */
function extendedCommit(vals: Signer[], committed: boolean[], height: bigint, round = 0): { info: ExtendedCommitInfo; last: CommitInfo } {
  const votes = vals.map((val, i) => {
    const flag = committed[i] ? BlockIDFlag.BLOCK_ID_FLAG_COMMIT : BlockIDFlag.BLOCK_ID_FLAG_ABSENT;
    const extension = committed[i] ? encodeVoteExtension(new Map([["BTC", (65000n + BigInt(i)) * DEC_ONE]])) : new Uint8Array();
    const signature = committed[i] ? sign(null, voteExtensionSignBytes(extension, height, round, CHAIN), val.key) : new Uint8Array();
    return { validator: { address: val.address, power: val.power }, voteExtension: extension, extensionSignature: signature, blockIdFlag: flag };
  });
  return { info: { round, votes }, last: { round, votes: votes.map(({ validator, blockIdFlag }) => ({ validator, blockIdFlag })) } };
}

test("isInjectedVotesTx: exactly the txs that start with the prefix, whatever follows or however short", () => {
  const prefixed = fc.tuple(fc.nat({ max: INJECTED_VOTES_PREFIX.length }), fc.uint8Array({ maxLength: 8 })).map(([kept, rest]) => Buffer.concat([INJECTED_VOTES_PREFIX.subarray(0, kept), rest]));
  fc.assert(
    fc.property(fc.oneof(prefixed, fc.uint8Array({ maxLength: 24 })), (tx) => {
      expect(isInjectedVotesTx(tx)).toBe(Buffer.from(tx).subarray(0, INJECTED_VOTES_PREFIX.length).equals(INJECTED_VOTES_PREFIX));
    }),
  );
});

describe("checkInjectedVotes", () => {
  const vals = signers([10n, 10n, 10n, 10n]);
  const pubkeyOf = (address: Uint8Array) => vals.find((val) => val.address.equals(Buffer.from(address)))?.pubkey;
  const check = (info: ExtendedCommitInfo, last: CommitInfo, height = 7n) => checkInjectedVotes(info, { chainId: CHAIN, height, lastCommit: last, pubkeyOf, whitelist: WHITELIST });

  test("honest votes of 3 of 4 validators pass, and survive the injected tx's round trip", () => {
    const { info, last } = extendedCommit(vals, [true, true, true, false], 7n);
    const tx = encodeInjectedVotes(info);
    expect(isInjectedVotesTx(tx)).toBe(true);
    const decoded = decodeInjectedVotes(tx);
    expect(decoded).toBeDefined();
    expect(check(decoded as ExtendedCommitInfo, last)).toBeUndefined();
  });

  test("a forged extension (another validator's prices under a stolen signature) is refused", () => {
    const { info, last } = extendedCommit(vals, [true, true, true, true], 7n);
    info.votes[1] = { ...info.votes[1], voteExtension: encodeVoteExtension(new Map([["BTC", 1n]])) };
    expect(check(info, last)).toMatch(/signature does not verify/);
  });

  test("a signature over another height or chain is refused", () => {
    const { info, last } = extendedCommit(vals, [true, true, true, true], 6n);
    expect(check(info, last, 7n)).toMatch(/signature does not verify/);
  });

  test("a committed vote shown absent (dropped) is refused", () => {
    const { info, last } = extendedCommit(vals, [true, true, true, true], 7n);
    info.votes[2] = { ...info.votes[2], voteExtension: new Uint8Array(), extensionSignature: new Uint8Array(), blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_ABSENT };
    expect(check(info, last)).toMatch(/flag/);
  });

  test("a vote left out altogether is refused", () => {
    const { info, last } = extendedCommit(vals, [true, true, true, true], 7n);
    expect(check({ ...info, votes: info.votes.slice(1) }, last)).toMatch(/3 votes for a last commit of 4/);
  });

  test("votes under 2/3 of the power are refused", () => {
    const { info, last } = extendedCommit(vals, [true, true, false, false], 7n);
    expect(check(info, last)).toMatch(/under 2\/3/);
  });

  test("an absent vote carrying prices is refused", () => {
    const { info, last } = extendedCommit(vals, [true, true, true, false], 7n);
    info.votes[3] = { ...info.votes[3], voteExtension: info.votes[0].voteExtension, extensionSignature: info.votes[0].extensionSignature };
    expect(check(info, last)).toMatch(/did not commit/);
  });

  test("a well-signed but malformed extension (the proposer's own, never verified by anyone) is refused", () => {
    const { info, last } = extendedCommit(vals, [true, true, true, true], 7n);
    const bad = Buffer.from([0xff, 0x01]);
    info.votes[0] = { ...info.votes[0], voteExtension: bad, extensionSignature: sign(null, voteExtensionSignBytes(bad, 7n, 0, CHAIN), vals[0].key) };
    expect(check(info, last)).toMatch(/vote 0/);
  });

  test("the injected tx decodes only in its canonical form", () => {
    const { info } = extendedCommit(vals, [true, true, true, true], 7n);
    const tx = encodeInjectedVotes(info);
    expect(decodeInjectedVotes(Buffer.concat([tx, Buffer.from([0x78, 0x01])]))).toBeUndefined();
    expect(decodeInjectedVotes(tx.subarray(0, tx.length - 3))).toBeUndefined();
  });
});
