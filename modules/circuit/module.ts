import type { AppModule } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import type { Invariant } from "./expected";
import type { PriceTracker } from "./breakers";
import {
  type CircuitKeeper,
  type StoredBreaker,
  type StoredConfirmedPoint,
  type StoredFreeze,
  type StoredGuardianProposal,
  type StoredHalt,
  type StoredInvariantCheck,
  UNGATED_MSG_TYPES,
  canonicalAction,
  validateAction,
} from "./keeper";
import { CIRCUIT_CONSENSUS_VERSION } from "./migrations";
import { msgGuardianApproveHandler, msgGuardianProposeHandler } from "./msgs";
import { type CircuitParams, DEFAULT_PARAMS } from "./params";
import { circuitQueries } from "./queries";

export interface CircuitGenesis {
  params: CircuitParams;
  next_proposal_id: string;
  proposals: StoredGuardianProposal[];
  breakers: StoredBreaker[];
  freezes: StoredFreeze[];
  graces: Array<{ underlying: string; until_height: string }>;
  price_trackers: Array<{ asset: string } & PriceTracker>;
  confirmed_prices: Array<{ asset: string } & StoredConfirmedPoint>;
  halt: StoredHalt | null;
  last_halt: StoredHalt | null;
  /**
   * The per-block check record is left out: it is rewritten by every block, the import's first included. So are
   * the paged checks' cursors: a genesis may be edited before import, and sums carried over from records changed
   * there would flag an intact state; the imported chain starts each pass afresh.
   */
  invariant_checks: { last_full: StoredInvariantCheck | null; last_breach: StoredInvariantCheck | null };
}

const FREEZE_KINDS = new Set(["guardian", "price_jump", "stale_price", "invariant"]);

/**
 * Guardians, breakers, market freezes, the halt height and the invariants. Its end-block runs after every
 * other module's, so the invariants see the block's final state and the price breakers this block's tally.
 */
export function circuitModule(keeper: CircuitKeeper, invariants: readonly Invariant[]): AppModule {
  return {
    name: "circuit",
    consensusVersion: CIRCUIT_CONSENSUS_VERSION,
    msgs: [msgGuardianProposeHandler(keeper), msgGuardianApproveHandler(keeper)],
    queries: circuitQueries(keeper),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<CircuitGenesis>;
      keeper.setParams(ctx.store, { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) });
      let nextId = BigInt(genesis.next_proposal_id ?? "1");
      for (const proposal of genesis.proposals ?? []) {
        validateAction(canonicalAction(proposal.action));
        if (BigInt(proposal.id) >= nextId) nextId = BigInt(proposal.id) + 1n;
        keeper.setProposal(ctx.store, proposal);
      }
      keeper.setNextProposalId(ctx.store, nextId);
      for (const breaker of genesis.breakers ?? []) {
        if (UNGATED_MSG_TYPES.includes(breaker.type_url)) throw ErrInvalidGenesis.wrap(`a breaker on ${breaker.type_url}, which no breaker may gate`);
        keeper.setBreaker(ctx.store, breaker);
      }
      for (const freeze of genesis.freezes ?? []) {
        if (!FREEZE_KINDS.has(freeze.kind)) throw ErrInvalidGenesis.wrap(`freeze kind ${JSON.stringify(freeze.kind)}`);
        keeper.setFreeze(ctx.store, freeze);
      }
      for (const grace of genesis.graces ?? []) keeper.setGrace(ctx.store, grace.underlying, BigInt(grace.until_height));
      for (const { asset, ...tracker } of genesis.price_trackers ?? []) keeper.setTracker(ctx.store, asset, tracker);
      for (const { asset, ...point } of genesis.confirmed_prices ?? []) keeper.setConfirmedPoint(ctx.store, asset, point);
      if (genesis.halt) keeper.setHalt(ctx.store, genesis.halt);
      if (genesis.last_halt) keeper.setLastHalt(ctx.store, genesis.last_halt);
      const checks = genesis.invariant_checks;
      if (checks?.last_full) keeper.setCheck(ctx.store, "last_full", checks.last_full);
      if (checks?.last_breach) keeper.setCheck(ctx.store, "last_breach", checks.last_breach);
    },

    exportGenesis(state): CircuitGenesis {
      return {
        params: keeper.params(state),
        next_proposal_id: keeper.nextProposalId(state).toString(),
        proposals: keeper.proposals(state),
        breakers: keeper.breakers(state),
        freezes: keeper.allFreezes(state),
        graces: keeper.graces(state).map(({ underlying, until }) => ({ underlying, until_height: until.toString() })),
        price_trackers: keeper.trackers(state).map(({ asset, tracker }) => ({ asset, ...tracker })),
        confirmed_prices: keeper.allConfirmedPoints(state),
        halt: keeper.halt(state) ?? null,
        last_halt: keeper.lastHalt(state) ?? null,
        invariant_checks: {
          last_full: keeper.lastCheck(state, "last_full") ?? null,
          last_breach: keeper.lastCheck(state, "last_breach") ?? null,
        },
      };
    },

    beginBlock(ctx) {
      keeper.resumeIfPastHalt(ctx);
      keeper.expireFreezes(ctx);
    },

    endBlock(ctx) {
      keeper.checkPrices(ctx);
      keeper.checkInvariants(ctx, invariants);
      keeper.announceHalt(ctx);
    },
  };
}
