// Halting the chain at a height (Penumbra-style), for a coordinated fix.
//
// Guardians schedule a halt at height H (HaltChain). Block H executes and commits like any other; from then
// on every node's app rejects each proposal for H+1 in ProcessProposal (CometBFT then prevotes nil, so no block
// H+1 is ever decided) and refuses FinalizeBlock above H. CometBFT keeps running and serving RPC, so the
// halted state can be queried and exported; nothing is lost, because H was committed normally.
//
// To resume, operators stop their nodes, install the fix, and restart past the halt: either
// `optd start --resume-halt H` (or OPTCHAIN_RESUME_HALT=H in the app's environment), or a binary that lists H
// in RESUMED_HALTS. The first block after H then removes the halt from state (it becomes `last_halt`), the
// same way on every node, so the app hash chain continues unchanged.
import type { KVReader } from "../../app/store/types";
import type { CircuitKeeper } from "./keeper";

/** Halt heights this binary was released to resume past; an upgrade made for a halt adds its height here. */
export const RESUMED_HALTS: readonly bigint[] = [];

/** Halt heights named by the operator: OPTCHAIN_RESUME_HALT="H[,H2…]". */
export function resumedHaltsFromEnv(env: NodeJS.ProcessEnv): bigint[] {
  const text = env.OPTCHAIN_RESUME_HALT ?? "";
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      if (!/^[1-9][0-9]*$/.test(part)) throw new Error(`OPTCHAIN_RESUME_HALT: "${part}" is not a height`);
      return BigInt(part);
    });
}

export class ChainHalt {
  private readonly resumed: ReadonlySet<bigint>;

  constructor(private readonly keeper: CircuitKeeper, resumed: readonly bigint[] = []) {
    this.resumed = new Set([...RESUMED_HALTS, ...resumed]);
  }

  /** The height the chain stopped at, if the committed state holds a halt at or below `lastHeight` this node may not pass. */
  haltedAt(committed: KVReader, lastHeight: bigint): bigint | undefined {
    const halt = this.keeper.halt(committed);
    if (!halt) return undefined;
    const height = BigInt(halt.height);
    return height <= lastHeight && !this.resumed.has(height) ? height : undefined;
  }

  /** Why block `height` may not be built on this state, or undefined. */
  refusal(committed: KVReader, lastHeight: bigint, height: bigint): string | undefined {
    const halted = this.haltedAt(committed, lastHeight);
    if (halted === undefined || height <= halted) return undefined;
    const halt = this.keeper.halt(committed);
    return (
      `chain halted at height ${halted} by guardian proposal ${halt?.guardian_proposal_id} (${halt?.reason}); ` +
      `restart with \`optd start --resume-halt ${halted}\` (or OPTCHAIN_RESUME_HALT=${halted}) once the fix is installed`
    );
  }
}
