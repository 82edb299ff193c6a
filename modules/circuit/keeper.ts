import { includesAccAddress } from "../../app/address";
import type { Context } from "../../app/context";
import { onBranch } from "../../app/module";
import { readJson, readParams, writeJson } from "../../app/json-state";
import { utf8 } from "../../app/keys";
import { successor } from "../../app/pagination";
import { Branch } from "../../app/store/branch";
import { startsWith } from "../../app/store/bytes";
import type { KVReader, KVStore } from "../../app/store/types";
import { decFromString, decToString } from "../../lib/fixed";
import { type BreakerRule, EMPTY_TRACKER, type PriceTracker, assessTally } from "./breakers";
import { ErrAlreadyApproved, ErrInvalidAction, ErrMarketFrozen, ErrMsgDisabled, ErrNoGuardians, ErrNotGuardian, ErrProposalClosed, ErrUnknownProposal } from "./errors";
import * as events from "./events";
import type { BlockWrite, Invariant, OraclePrice, PagedInvariant, PriceHistory, ProposalVetoer } from "./expected";
import {
  BREAKER_PREFIX,
  FREEZE_PREFIX,
  GRACE_PREFIX,
  HALT_KEY,
  LAST_BREACH_KEY,
  LAST_CHECK_KEY,
  LAST_FULL_CHECK_KEY,
  LAST_HALT_KEY,
  NEXT_PROPOSAL_ID_KEY,
  PARAMS_KEY,
  PROPOSAL_PREFIX,
  TRACKER_PREFIX,
  CONFIRMED_PREFIX,
  breakerKey,
  confirmedKey,
  confirmedOf,
  invariantCursorKey,
  freezeKey,
  freezesOf,
  graceKey,
  proposalKey,
  readText,
  trackerKey,
} from "./keys";
import { type CircuitParams, DEFAULT_PARAMS, validateParams } from "./params";

const NS_PER_SECOND = 1_000_000_000n;
/** Guardians can always act: their own messages cannot be switched off. */
export const GUARDIAN_MSG_TYPES = ["/optchain.circuit.v1.MsgGuardianPropose", "/optchain.circuit.v1.MsgGuardianApprove"];
/**
 * Governance's path to replace the guardians or change circuit and gov params: submitting a proposal,
 * depositing on it, voting, and the MsgUpdateParams it runs. A breaker on any of them could only be reset by
 * the guardians it would protect, so none may be tripped, and the gate lets them through whatever is stored.
 */
export const GOVERNANCE_MSG_TYPES = ["/optchain.gov.v1.MsgSubmitProposal", "/optchain.gov.v1.MsgDeposit", "/optchain.gov.v1.MsgVote", "/optchain.gov.v1.MsgUpdateParams"];
/**
 * Validators' duties, whose omission is punished: oracle prevotes and votes (missed ones slash and jail) and
 * unjailing. A breaker on them would let guardians jail every validator, and jailed validators have no vote
 * in governance. A bad price feed is stopped with a market freeze instead.
 */
export const VALIDATOR_DUTY_MSG_TYPES = ["/optchain.oracle.v1.MsgAggregatePricePrevote", "/optchain.oracle.v1.MsgAggregatePriceVote", "/optchain.slashing.v1.MsgUnjail"];
/**
 * The way a user without spare funds cuts risk: closing orders. A freeze never stops them (it refuses new risk
 * only), so a grace period follows only a breaker on these being reset, or a halt: the times users could not
 * act while prices went on.
 */
export const RISK_REDUCING_MSG_TYPES = ["/optchain.options.v1.MsgPlaceOrder"];
/** The message types no breaker may gate. */
export const UNGATED_MSG_TYPES: readonly string[] = [...GUARDIAN_MSG_TYPES, ...GOVERNANCE_MSG_TYPES, ...VALIDATOR_DUTY_MSG_TYPES];
const TYPE_URL = /^\/[A-Za-z][A-Za-z0-9_.]{0,199}$/;
const UNDERLYING = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
/** Violations kept per check record and events per block: enough to diagnose, bounded whatever breaks. */
const MAX_VIOLATIONS_KEPT = 50;
const PRUNE_PAGE = 8;

export type ActionKind = "trip_breaker" | "reset_breaker" | "freeze_market" | "unfreeze_market" | "halt_chain" | "cancel_halt" | "veto_proposal";
export type FreezeKind = "guardian" | "price_jump" | "stale_price" | "invariant";

/** Every field present whatever the kind, so the stored JSON has one shape. */
export interface StoredAction {
  kind: ActionKind;
  type_urls: string[];
  /** decimal; "0" = not scoped to a series */
  series_id: string;
  /** "" = not scoped to an underlying / the whole market */
  underlying: string;
  /** halt height, decimal */
  height: string;
  /** governance proposal to veto, decimal */
  proposal_id: string;
}

export interface StoredGuardianProposal {
  id: string;
  proposer: string;
  action: StoredAction;
  reason: string;
  approvals: string[];
  status: "pending" | "executed";
  submit_height: number;
  expires_height: number;
  executed_height: number;
}

export interface StoredBreaker {
  type_url: string;
  series_id: string;
  underlying: string;
  reason: string;
  guardian_proposal_id: string;
  height: number;
}

export interface StoredFreeze {
  underlying: string;
  kind: FreezeKind;
  detail: string;
  since_height: number;
  /** last frozen height; 0 = until cleared */
  until_height: number;
}

/** The price the breaker had confirmed once it assessed the tally of `height` (Dec string), at that tally's time. */
export interface StoredConfirmedPoint {
  height: number;
  price: string;
  time_ns: string;
}

export interface StoredHalt {
  height: string;
  guardian_proposal_id: string;
  reason: string;
  scheduled_at_height: number;
  /** set on last_halt: the first height committed after the restart */
  resumed_at_height: number;
}

export interface StoredInvariantCheck {
  height: number;
  full: boolean;
  ok: boolean;
  checked: number;
  violations: Array<{ invariant: string; detail: string }>;
}

/**
 * Where a paged invariant's pass stands: the last key read (hex), the sums, decimal, of the records up to it, and
 * the block that wrote it. A cursor with no height (written before heights were kept) is read as no cursor.
 */
export interface StoredInvariantCursor {
  last_key: string;
  sums: Record<string, string>;
  height?: number;
}

export interface BreakerScope {
  seriesId?: bigint;
  underlying?: string;
}

/** A guardian proposal's status as of `height`: pending ones past their expiry are expired. */
export function proposalStatus(proposal: StoredGuardianProposal, height: bigint): "pending" | "executed" | "expired" {
  if (proposal.status === "executed") return "executed";
  return height > BigInt(proposal.expires_height) ? "expired" : "pending";
}

export function describeScope(seriesId: bigint, underlying: string): string {
  if (seriesId > 0n) return `series ${seriesId}`;
  return underlying === "" ? "everywhere" : `underlying ${underlying}`;
}

/**
 * What the options module asks the circuit module. Options declares this in its expected.ts and app.ts passes
 * the circuit keeper: refuse new risk while `assertCanAddRisk` throws (orders that increase exposure,
 * withdrawals below IM; closing, deposits, liquidation and settlement go on), check series- and
 * underlying-scoped breakers with `assertNotTripped`, liquidate on `liquidationPrice` only, and skip newly
 * under-margined accounts while `inGracePeriod` (after closing was blocked, not after a mere freeze).
 */
export interface MarketGate {
  assertCanAddRisk(state: KVReader, underlying: string, height: bigint): void;
  canAddRisk(state: KVReader, underlying: string, height: bigint): boolean;
  assertNotTripped(state: KVReader, typeUrl: string, scope?: BreakerScope): void;
  liquidationPrice(state: KVReader, underlying: string, nowNs: bigint): OraclePrice | undefined;
  inGracePeriod(state: KVReader, underlying: string, height: bigint): boolean;
}

export class CircuitKeeper implements MarketGate {
  /**
   * `committed` is the state as the last Commit left it: with the block's writes it gives each written key's
   * value before the block, which the incremental invariant checks compare. Block hooks run on their own
   * branch of the block's state, so `blockWrites` gives what the block wrote before the circuit's hook.
   */
  constructor(private readonly deps: { prices: PriceHistory; gov: ProposalVetoer; committed: KVReader; blockWrites?: () => ReadonlyArray<[Uint8Array, Uint8Array | undefined]> }) {}

  params(state: KVReader): CircuitParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: CircuitParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
  }

  // --- guardian proposals ---

  nextProposalId(state: KVReader): bigint {
    const bytes = state.get(NEXT_PROPOSAL_ID_KEY);
    return bytes === undefined ? 1n : BigInt(utf8(bytes));
  }

  setNextProposalId(store: KVStore, id: bigint): void {
    store.set(NEXT_PROPOSAL_ID_KEY, Buffer.from(id.toString(), "utf8"));
  }

  proposal(state: KVReader, id: bigint): StoredGuardianProposal | undefined {
    return readJson<StoredGuardianProposal>(state, proposalKey(id));
  }

  setProposal(store: KVStore, proposal: StoredGuardianProposal): void {
    writeJson(store, proposalKey(BigInt(proposal.id)), {
      id: proposal.id,
      proposer: proposal.proposer,
      action: canonicalAction(proposal.action),
      reason: proposal.reason,
      approvals: proposal.approvals,
      status: proposal.status,
      submit_height: proposal.submit_height,
      expires_height: proposal.expires_height,
      executed_height: proposal.executed_height,
    });
  }

  proposals(state: KVReader): StoredGuardianProposal[] {
    return state.iterate(PROPOSAL_PREFIX).map(([, value]) => parse<StoredGuardianProposal>(value));
  }

  assertGuardian(state: KVReader, address: string): void {
    const params = this.params(state);
    if (params.guardians.length === 0) throw ErrNoGuardians.wrap("guardian actions are switched off");
    if (!includesAccAddress(params.guardians, address)) throw ErrNotGuardian.wrap(address);
  }

  /** The proposer's submission is its approval; with a threshold of 1 (only in tests of params) it executes at once. */
  propose(ctx: Context, guardian: string, action: StoredAction, reason: string): { id: bigint; executed: boolean } {
    const id = this.nextProposalId(ctx.store);
    this.setNextProposalId(ctx.store, id + 1n);
    const params = this.params(ctx.store);
    const proposal: StoredGuardianProposal = {
      id: id.toString(),
      proposer: guardian,
      action,
      reason,
      approvals: [guardian],
      status: "pending",
      submit_height: Number(ctx.height),
      expires_height: Number(ctx.height) + params.guardian_proposal_ttl_blocks,
      executed_height: 0,
    };
    ctx.events.push(events.guardianProposed(id, guardian, action.kind, reason));
    ctx.events.push(events.guardianApproved(id, guardian, 1, params.guardian_threshold));
    const executed = this.executeIfApproved(ctx, proposal);
    this.setProposal(ctx.store, proposal);
    return { id, executed };
  }

  /** Checks that the guardian may approve proposal `id` now; returns it. */
  approvable(ctx: Context, guardian: string, id: bigint): StoredGuardianProposal {
    const proposal = this.proposal(ctx.store, id);
    if (!proposal) throw ErrUnknownProposal.wrap(`guardian proposal ${id}`);
    const status = proposalStatus(proposal, ctx.height);
    if (status !== "pending") throw ErrProposalClosed.wrap(`guardian proposal ${id} is ${status}`);
    if (includesAccAddress(proposal.approvals, guardian)) throw ErrAlreadyApproved.wrap(`${guardian} on guardian proposal ${id}`);
    return proposal;
  }

  approve(ctx: Context, guardian: string, id: bigint): boolean {
    const proposal = this.approvable(ctx, guardian, id);
    proposal.approvals = [...proposal.approvals, guardian];
    const params = this.params(ctx.store);
    ctx.events.push(events.guardianApproved(id, guardian, this.currentApprovals(params, proposal), params.guardian_threshold));
    const executed = this.executeIfApproved(ctx, proposal);
    this.setProposal(ctx.store, proposal);
    return executed;
  }

  /** Approvals of guardians still in the set: a guardian removed by governance no longer counts. */
  private currentApprovals(params: CircuitParams, proposal: StoredGuardianProposal): number {
    return proposal.approvals.filter((address) => includesAccAddress(params.guardians, address)).length;
  }

  private executeIfApproved(ctx: Context, proposal: StoredGuardianProposal): boolean {
    const params = this.params(ctx.store);
    if (this.currentApprovals(params, proposal) < params.guardian_threshold) return false;
    this.checkAction(ctx, proposal.action);
    this.execute(ctx, proposal.action, BigInt(proposal.id), proposal.reason);
    proposal.status = "executed";
    proposal.executed_height = Number(ctx.height);
    ctx.events.push(events.guardianExecuted(BigInt(proposal.id), proposal.action.kind));
    return true;
  }

  /** Whether the action can take effect in this state; run at proposal and again at execution. */
  checkAction(ctx: Context, action: StoredAction): void {
    switch (action.kind) {
      case "trip_breaker":
      case "reset_breaker": {
        const seriesId = BigInt(action.series_id);
        for (const typeUrl of action.type_urls) {
          const tripped = ctx.store.has(breakerKey(typeUrl, seriesId, action.underlying));
          if (action.kind === "reset_breaker" && !tripped) {
            throw ErrInvalidAction.wrap(`no breaker for ${typeUrl} ${describeScope(seriesId, action.underlying)}`);
          }
        }
        return;
      }
      case "halt_chain":
        if (BigInt(action.height) < ctx.height) throw ErrInvalidAction.wrap(`halt height ${action.height} is below the current height ${ctx.height}`);
        return;
      case "cancel_halt":
        if (!this.halt(ctx.store)) throw ErrInvalidAction.wrap("no halt is scheduled");
        return;
      case "veto_proposal":
        this.deps.gov.assertVetoable(ctx.store, BigInt(action.proposal_id), ctx.timeNs);
        return;
      case "freeze_market":
      case "unfreeze_market":
        return;
    }
  }

  private execute(ctx: Context, action: StoredAction, proposalId: bigint, reason: string): void {
    const seriesId = BigInt(action.series_id);
    const scope = describeScope(seriesId, action.underlying);
    switch (action.kind) {
      case "trip_breaker":
        for (const typeUrl of action.type_urls) {
          this.setBreaker(ctx.store, {
            type_url: typeUrl,
            series_id: action.series_id,
            underlying: seriesId > 0n ? "" : action.underlying,
            reason,
            guardian_proposal_id: proposalId.toString(),
            height: Number(ctx.height),
          });
          ctx.events.push(events.breakerTripped(typeUrl, scope, reason, proposalId));
        }
        return;
      case "reset_breaker":
        for (const typeUrl of action.type_urls) {
          ctx.store.delete(breakerKey(typeUrl, seriesId, action.underlying));
          ctx.events.push(events.breakerReset(typeUrl, scope, proposalId));
        }
        // Users of the underlying (or of every one) could not close while it stood. A series-scoped breaker
        // left them the rest of the book and their deposits, so it gives no grace.
        if (seriesId === 0n && action.type_urls.some((typeUrl) => RISK_REDUCING_MSG_TYPES.includes(typeUrl))) this.startGrace(ctx, action.underlying);
        return;
      case "freeze_market":
        this.freeze(ctx, action.underlying, "guardian", `guardian proposal ${proposalId}: ${reason}`, 0n);
        return;
      case "unfreeze_market":
        this.unfreeze(ctx, action.underlying, ["guardian", "invariant", "price_jump", "stale_price"]);
        return;
      case "halt_chain":
        writeJson(ctx.store, HALT_KEY, storedHalt({ height: action.height, guardian_proposal_id: proposalId.toString(), reason, scheduled_at_height: Number(ctx.height), resumed_at_height: 0 }));
        ctx.events.push(events.haltScheduled(BigInt(action.height), proposalId, reason));
        return;
      case "cancel_halt": {
        const halt = this.halt(ctx.store);
        ctx.store.delete(HALT_KEY);
        if (halt) ctx.events.push(events.haltCancelled(BigInt(halt.height), proposalId));
        return;
      }
      case "veto_proposal":
        this.deps.gov.veto(ctx, BigInt(action.proposal_id), proposalId);
        return;
    }
  }

  // --- message-type breakers (Cosmos x/circuit) ---

  setBreaker(store: KVStore, breaker: StoredBreaker): void {
    writeJson(store, breakerKey(breaker.type_url, BigInt(breaker.series_id), breaker.underlying), {
      type_url: breaker.type_url,
      series_id: breaker.series_id,
      underlying: breaker.underlying,
      reason: breaker.reason,
      guardian_proposal_id: breaker.guardian_proposal_id,
      height: breaker.height,
    });
  }

  breakers(state: KVReader): StoredBreaker[] {
    return state.iterate(BREAKER_PREFIX).map(([, value]) => parse<StoredBreaker>(value));
  }

  /** Whether a breaker covers the message type everywhere, or for the series or the underlying in `scope`. */
  isTripped(state: KVReader, typeUrl: string, scope: BreakerScope = {}): boolean {
    return this.trippedBreaker(state, typeUrl, scope) !== undefined;
  }

  trippedBreaker(state: KVReader, typeUrl: string, scope: BreakerScope = {}): StoredBreaker | undefined {
    const candidates = [breakerKey(typeUrl, 0n, "")];
    if (scope.seriesId !== undefined && scope.seriesId > 0n) candidates.push(breakerKey(typeUrl, scope.seriesId, ""));
    if (scope.underlying) candidates.push(breakerKey(typeUrl, 0n, scope.underlying));
    for (const candidate of candidates) {
      const breaker = readJson<StoredBreaker>(state, candidate);
      if (breaker) return breaker;
    }
    return undefined;
  }

  /** Throws ErrMsgDisabled when a breaker covers the message type in this scope. */
  assertNotTripped(state: KVReader, typeUrl: string, scope: BreakerScope = {}): void {
    const breaker = this.trippedBreaker(state, typeUrl, scope);
    if (breaker) {
      throw ErrMsgDisabled.wrap(
        `${typeUrl} ${describeScope(BigInt(breaker.series_id), breaker.underlying)} since height ${breaker.height} (guardian proposal ${breaker.guardian_proposal_id}: ${breaker.reason})`,
      );
    }
  }

  /**
   * MsgGate: run before every message's stateful checks, in txs and in governance executions. Only breakers
   * scoped everywhere apply here; series and underlying scopes need the message's fields, so the module that
   * owns the message asks assertNotTripped with them.
   */
  allow(ctx: Context, typeUrl: string): void {
    // Trips on these are refused (validateAction); skipping them here too keeps a breaker that reached state
    // some other way (an old genesis, a bug) from locking governance out.
    if (UNGATED_MSG_TYPES.includes(typeUrl)) return;
    this.assertNotTripped(ctx.store, typeUrl);
  }

  /** The block's writes so far: the block's state under the hook's own branch, the hook's writes winning. */
  private blockChanges(ctx: Context): Array<[Uint8Array, Uint8Array | undefined]> {
    const own = ctx.store instanceof Branch ? ctx.store.changes() : [];
    const outer = this.deps.blockWrites?.() ?? [];
    if (outer.length === 0) return own;
    const merged = new Map<string, [Uint8Array, Uint8Array | undefined]>();
    for (const write of [...outer, ...own]) merged.set(Buffer.from(write[0]).toString("hex"), write);
    return [...merged.values()].sort((a, b) => Buffer.compare(a[0], b[0]));
  }

  /**
   * A broken invariant found outside the checks (a module's block hook threw): freeze the whole market as a
   * failed invariant check does. It never throws: if the circuit's own state is what is broken, the caller's
   * block_hook_error event is all that can be said.
   */
  freezeForBrokenInvariant(ctx: Context, detail: string): void {
    onBranch(ctx, (branchCtx) => this.freeze(branchCtx, "", "invariant", detail, 0n));
  }

  // --- market freezes and grace periods ---

  freezesOf(state: KVReader, underlying: string): StoredFreeze[] {
    return state.iterate(freezesOf(underlying)).map(([, value]) => parse<StoredFreeze>(value));
  }

  allFreezes(state: KVReader): StoredFreeze[] {
    return state.iterate(FREEZE_PREFIX).map(([, value]) => parse<StoredFreeze>(value));
  }

  setFreeze(store: KVStore, freeze: StoredFreeze): void {
    writeJson(store, freezeKey(freeze.underlying, freeze.kind), {
      underlying: freeze.underlying,
      kind: freeze.kind,
      detail: freeze.detail,
      since_height: freeze.since_height,
      until_height: freeze.until_height,
    });
  }

  /** Freezes in force at `height` for the underlying, the market-wide ones ("") included. */
  activeFreezes(state: KVReader, underlying: string, height: bigint): StoredFreeze[] {
    const scopes = underlying === "" ? [""] : ["", underlying];
    return scopes.flatMap((scope) => this.freezesOf(state, scope).filter((freeze) => isActive(freeze, height)));
  }

  /** Freezes the underlying ("" = whole market) until `untilHeight` (0 = until cleared); a later end wins. */
  freeze(ctx: Context, underlying: string, kind: FreezeKind, detail: string, untilHeight: bigint): void {
    const stored = readJson<StoredFreeze>(ctx.store, freezeKey(underlying, kind));
    const current = stored && isActive(stored, ctx.height) ? stored : undefined;
    let until = untilHeight;
    if (current && untilHeight !== 0n && (current.until_height === 0 || BigInt(current.until_height) > untilHeight)) until = BigInt(current.until_height);
    this.setFreeze(ctx.store, { underlying, kind, detail, since_height: current ? current.since_height : Number(ctx.height), until_height: Number(until) });
    if (!current || current.detail !== detail || BigInt(current.until_height) !== until) ctx.events.push(events.marketFrozen(underlying, kind, detail, until));
  }

  /** Clears the kinds given; when nothing keeps the underlying frozen any more, says so. */
  unfreeze(ctx: Context, underlying: string, kinds: FreezeKind[]): void {
    const cleared = this.freezesOf(ctx.store, underlying).filter((freeze) => kinds.includes(freeze.kind));
    for (const freeze of cleared) ctx.store.delete(freezeKey(underlying, freeze.kind));
    if (cleared.length > 0) this.announceIfUnfrozen(ctx, underlying, cleared.map((freeze) => freeze.kind));
  }

  /**
   * A freeze refuses new risk only: users could close and deposit throughout (and during a stale price no
   * one could be liquidated either), so its end starts no grace period. The event names the grace still in
   * force for the scope, if any.
   */
  private announceIfUnfrozen(ctx: Context, underlying: string, kinds: string[]): void {
    if (this.freezesOf(ctx.store, underlying).some((freeze) => isActive(freeze, ctx.height))) return;
    ctx.events.push(events.marketUnfrozen(underlying, kinds.join(","), this.graceUntil(ctx.store, underlying)));
  }

  /** Newly under-margined accounts of the scope wait grace_period_blocks from now (a later stored end stands). */
  private startGrace(ctx: Context, underlying: string): void {
    const graceUntil = ctx.height + BigInt(this.params(ctx.store).grace_period_blocks);
    if (graceUntil > this.graceUntil(ctx.store, underlying)) this.setGrace(ctx.store, underlying, graceUntil);
  }

  setGrace(store: KVStore, underlying: string, lastHeight: bigint): void {
    store.set(graceKey(underlying), Buffer.from(lastHeight.toString(), "utf8"));
  }

  /** Last height of the grace period of this scope alone. */
  graceUntil(state: KVReader, underlying: string): bigint {
    const bytes = state.get(graceKey(underlying));
    return bytes === undefined ? 0n : BigInt(utf8(bytes));
  }

  graces(state: KVReader): Array<{ underlying: string; until: bigint }> {
    return state.iterate(GRACE_PREFIX).map(([storeKey, value]) => ({ underlying: readText(storeKey, GRACE_PREFIX.length).value, until: BigInt(utf8(value)) }));
  }

  // --- what the options module asks (MarketGate) ---

  /** undefined when new risk on the underlying is allowed at `height`, else why not. */
  frozenReason(state: KVReader, underlying: string, height: bigint): string | undefined {
    const active = this.activeFreezes(state, underlying, height);
    if (active.length === 0) return undefined;
    return active
      .map((freeze) => `${freeze.underlying === "" ? "whole market" : freeze.underlying} frozen (${freeze.kind}) since height ${freeze.since_height}${freeze.until_height > 0 ? ` through ${freeze.until_height}` : ""}: ${freeze.detail}`)
      .join("; ");
  }

  canAddRisk(state: KVReader, underlying: string, height: bigint): boolean {
    return this.activeFreezes(state, underlying, height).length === 0;
  }

  /** Throws ErrMarketFrozen when orders that increase exposure, or withdrawals below IM, must be refused. */
  assertCanAddRisk(state: KVReader, underlying: string, height: bigint): void {
    const reason = this.frozenReason(state, underlying, height);
    if (reason !== undefined) throw ErrMarketFrozen.wrap(reason);
  }

  /** After a freeze of the underlying (or the whole market) ended: newly under-margined accounts wait. */
  inGracePeriod(state: KVReader, underlying: string, height: bigint): boolean {
    if (!this.canAddRisk(state, underlying, height)) return false;
    const scopes = underlying === "" ? [""] : ["", underlying];
    return scopes.some((scope) => height <= this.graceUntil(state, scope));
  }

  /**
   * The price liquidations may use: the last confirmed tally, so a jump counts only once it has held for
   * `confirmations` tallies. Tallies newer than the tracker (this block's, before the circuit's end-block)
   * are judged on the fly by the same rule. undefined when there is none, or it is older than max_price_age.
   */
  liquidationPrice(state: KVReader, underlying: string, nowNs: bigint): OraclePrice | undefined {
    const params = this.params(state);
    const rule = this.rule(params, underlying);
    const tracker = this.tracker(state, underlying);
    const points = this.recentTallies(state, underlying, tracker, rule);
    let confirmed: OraclePrice | undefined;
    if (!rule) {
      confirmed = points[points.length - 1];
    } else {
      const advanced = this.advance(tracker, points, rule).tracker;
      if (advanced.confirmed_price !== "") {
        confirmed = { asset: underlying, price: decFromString(advanced.confirmed_price), height: BigInt(advanced.confirmed_height), timeNs: BigInt(advanced.confirmed_time_ns) };
      }
    }
    if (!confirmed || nowNs - confirmed.timeNs > BigInt(params.max_price_age_seconds) * NS_PER_SECOND) return undefined;
    return confirmed;
  }

  // --- automatic price breakers ---

  tracker(state: KVReader, asset: string): PriceTracker {
    return readJson<PriceTracker>(state, trackerKey(asset)) ?? EMPTY_TRACKER;
  }

  trackers(state: KVReader): Array<{ asset: string; tracker: PriceTracker }> {
    return state.iterate(TRACKER_PREFIX).map(([storeKey, value]) => ({ asset: readText(storeKey, TRACKER_PREFIX.length).value, tracker: parse<PriceTracker>(value) }));
  }

  setTracker(store: KVStore, asset: string, tracker: PriceTracker): void {
    writeJson(store, trackerKey(asset), {
      seen_height: tracker.seen_height,
      confirmed_price: tracker.confirmed_price,
      confirmed_height: tracker.confirmed_height,
      confirmed_time_ns: tracker.confirmed_time_ns,
      pending_price: tracker.pending_price,
      pending_height: tracker.pending_height,
      pending_holds: tracker.pending_holds,
      twap_from_ns: tracker.twap_from_ns,
    });
  }

  confirmedPoints(state: KVReader, asset: string): StoredConfirmedPoint[] {
    return state.iterate(confirmedOf(asset)).map(([, value]) => parse<StoredConfirmedPoint>(value));
  }

  allConfirmedPoints(state: KVReader): Array<{ asset: string } & StoredConfirmedPoint> {
    return state.iterate(CONFIRMED_PREFIX).map(([storeKey, value]) => ({ asset: readText(storeKey, CONFIRMED_PREFIX.length).value, ...parse<StoredConfirmedPoint>(value) }));
  }

  setConfirmedPoint(store: KVStore, asset: string, point: StoredConfirmedPoint): void {
    writeJson(store, confirmedKey(asset, BigInt(point.height)), { height: point.height, price: point.price, time_ns: point.time_ns });
  }

  /**
   * The asset's kept tallies as settlement averages them: each at the price the breaker had confirmed once it
   * assessed that tally, so a jump counts only from the tally that confirmed it, and a print that reverted never.
   * Tallies newer than the tracker (this block's) are judged on the fly by the same rule. A tally with no
   * confirmed price on record (tallied before the asset was watched) is left out: the window then holds the
   * confirmed price before it, or is not covered and settlement waits. Unwatched assets: the tallies as they are.
   * Read back from the newest only to the last one at or before `fromNs`: a TWAP from there on is not changed by
   * older ones (they neither hold into the window nor are checked for staleness).
   */
  confirmedHistory(state: KVReader, asset: string, fromNs = 0n): OraclePrice[] {
    const rule = this.rule(this.params(state), asset);
    const judged = new Map<bigint, bigint>();
    if (rule) {
      const tracker = this.tracker(state, asset);
      for (const outcome of this.advance(tracker, this.recentTallies(state, asset, tracker, rule), rule).outcomes) {
        judged.set(outcome.tally.height, decFromString(outcome.confirmed));
      }
    }
    const out: OraclePrice[] = [];
    for (const point of this.deps.prices.newestHistory(state, asset)) {
      const price = rule ? (judged.get(point.height) ?? this.confirmedPriceAt(state, asset, point.height)) : point.price;
      if (price === undefined) continue;
      out.push({ ...point, price });
      if (point.timeNs <= fromNs) break;
    }
    return out.reverse();
  }

  private confirmedPriceAt(state: KVReader, asset: string, height: bigint): bigint | undefined {
    const stored = readJson<StoredConfirmedPoint>(state, confirmedKey(asset, height));
    return stored === undefined ? undefined : decFromString(stored.price);
  }

  /** MarketGate: the settlement price, the oracle's TWAP over [fromNs, toNs] of the confirmed prices. */
  settlementTwap(state: KVReader, asset: string, fromNs: bigint, toNs: bigint): bigint {
    return this.deps.prices.twapOf(state, asset, this.confirmedHistory(state, asset, fromNs), fromNs, toNs);
  }

  private rule(params: CircuitParams, asset: string): BreakerRule | undefined {
    const watched = params.price_breaker_assets.find((entry) => entry.name === asset);
    if (!watched) return undefined;
    return { maxJump: decFromString(watched.max_price_jump), confirmations: params.confirmations, twapWindowNs: BigInt(params.twap_window_seconds) * NS_PER_SECOND };
  }

  /**
   * The kept tallies the breaker rule needs, oldest first: those newer than the tracker and, before them, those
   * the oldest new one's TWAP window reaches, down to the last one before that window, which holds into it; the
   * newest alone when nothing is new or the asset is not watched. Older tallies change neither an outcome nor a
   * reference TWAP, and the ring is read backwards only this far, every block, instead of whole.
   */
  private recentTallies(state: KVReader, asset: string, tracker: PriceTracker, rule: BreakerRule | undefined): OraclePrice[] {
    const seen = BigInt(tracker.seen_height);
    const points: OraclePrice[] = [];
    let oldestNewNs: bigint | undefined;
    for (const point of this.deps.prices.newestHistory(state, asset)) {
      points.push(point);
      if (rule && point.height > seen) {
        oldestNewNs = point.timeNs;
        continue;
      }
      if (!rule || oldestNewNs === undefined || rule.twapWindowNs === 0n || point.timeNs < oldestNewNs - rule.twapWindowNs) break;
    }
    return points.reverse();
  }

  /** Runs every tally newer than the tracker through the breaker rule, oldest first. */
  private advance(tracker: PriceTracker, points: readonly OraclePrice[], rule: BreakerRule) {
    const outcomes: Array<{ tally: OraclePrice; tripped: boolean; reference?: bigint; confirmedJump: boolean; holds: number; confirmed: string }> = [];
    let current = tracker;
    points.forEach((tally, index) => {
      if (tally.height <= BigInt(current.seen_height)) return;
      const holdsBefore = current.pending_holds;
      const assessment = assessTally(current, tally, points.slice(0, index), rule);
      current = assessment.tracker;
      outcomes.push({
        tally,
        tripped: assessment.tripped,
        reference: assessment.reference,
        confirmedJump: assessment.confirmedJump,
        holds: holdsBefore + 1,
        confirmed: current.confirmed_price,
      });
    });
    return { tracker: current, outcomes };
  }

  /**
   * End of block, after the oracle's tally: new tallies go through the jump rule (a jump freezes the
   * underlying for cooldown_blocks), and an underlying whose last tally is older than max_price_age is frozen
   * until a fresh one comes.
   */
  checkPrices(ctx: Context): void {
    const params = this.params(ctx.store);
    for (const asset of params.price_breaker_assets) {
      const rule = this.rule(params, asset.name) as BreakerRule;
      const before = this.tracker(ctx.store, asset.name);
      const points = this.recentTallies(ctx.store, asset.name, before, rule);
      const { tracker, outcomes } = this.advance(before, points, rule);
      if (outcomes.length > 0) {
        this.setTracker(ctx.store, asset.name, tracker);
        this.pruneConfirmedPoints(ctx.store, asset.name);
      }
      for (const outcome of outcomes) {
        this.setConfirmedPoint(ctx.store, asset.name, { height: Number(outcome.tally.height), price: outcome.confirmed, time_ns: outcome.tally.timeNs.toString() });
        const price = decToString(outcome.tally.price, { trimZeros: true });
        if (outcome.tripped) {
          const reference = decToString(outcome.reference as bigint, { trimZeros: true });
          ctx.events.push(events.priceJump(asset.name, price, reference, asset.max_price_jump, params.confirmations > 0));
          const detail = `tally ${price} at height ${outcome.tally.height} moved more than ${asset.max_price_jump} from ${reference}`;
          this.freeze(ctx, asset.name, "price_jump", detail, ctx.height + BigInt(params.cooldown_blocks));
        }
        if (outcome.confirmedJump) ctx.events.push(events.priceConfirmed(asset.name, price, params.confirmations === 0 ? 0 : outcome.holds));
      }
      const latest = points[points.length - 1];
      if (!latest) continue;
      const ageNs = ctx.timeNs - latest.timeNs;
      const stale = readJson<StoredFreeze>(ctx.store, freezeKey(asset.name, "stale_price"));
      if (ageNs > BigInt(params.max_price_age_seconds) * NS_PER_SECOND) {
        if (!stale) {
          const detail = `last tally at height ${latest.height} is ${ageNs / NS_PER_SECOND} s old (max ${params.max_price_age_seconds} s)`;
          this.freeze(ctx, asset.name, "stale_price", detail, 0n);
        }
      } else if (stale) {
        this.unfreeze(ctx, asset.name, ["stale_price"]);
      }
    }
  }

  /**
   * Confirmed points are kept as long as the oracle keeps the tallies they confirm. Each new tally usually
   * pushes one out of the ring, so this reads a page at a time from the oldest: a shorter history_length set by
   * governance drops many once, every other block a few.
   */
  private pruneConfirmedPoints(store: KVStore, asset: string): void {
    const oldest = this.deps.prices.oldestHistory(store, asset)?.height;
    if (oldest === undefined) return;
    for (let full = true; full; ) {
      const page = store.iterate(confirmedOf(asset), { limit: PRUNE_PAGE });
      full = page.length === PRUNE_PAGE;
      for (const [storeKey, value] of page) {
        if (BigInt(parse<StoredConfirmedPoint>(value).height) >= oldest) return;
        store.delete(storeKey);
      }
    }
  }

  /** Start of block: timed freezes that ended are cleared and their grace periods recorded. */
  expireFreezes(ctx: Context): void {
    const ended = new Map<string, FreezeKind[]>();
    for (const freeze of this.allFreezes(ctx.store)) {
      if (isActive(freeze, ctx.height)) continue;
      ctx.store.delete(freezeKey(freeze.underlying, freeze.kind));
      ended.set(freeze.underlying, [...(ended.get(freeze.underlying) ?? []), freeze.kind]);
    }
    // allFreezes is in key order, so the map's insertion order is too.
    for (const [underlying, kinds] of ended) this.announceIfUnfrozen(ctx, underlying, kinds);
  }

  // --- halt at a height ---

  halt(state: KVReader): StoredHalt | undefined {
    return readJson<StoredHalt>(state, HALT_KEY);
  }

  lastHalt(state: KVReader): StoredHalt | undefined {
    return readJson<StoredHalt>(state, LAST_HALT_KEY);
  }

  setHalt(store: KVStore, halt: StoredHalt): void {
    writeJson(store, HALT_KEY, storedHalt(halt));
  }

  setLastHalt(store: KVStore, halt: StoredHalt): void {
    writeJson(store, LAST_HALT_KEY, storedHalt(halt));
  }

  /**
   * The first block after a halt runs only where operators resumed past it: the halt becomes history. Nobody
   * could act while the chain stood, so the whole market gets a grace period.
   */
  resumeIfPastHalt(ctx: Context): void {
    const halt = this.halt(ctx.store);
    if (!halt || BigInt(halt.height) >= ctx.height) return;
    ctx.store.delete(HALT_KEY);
    this.startGrace(ctx, "");
    this.setLastHalt(ctx.store, { ...halt, resumed_at_height: Number(ctx.height) });
    ctx.events.push(events.chainResumed(BigInt(halt.height), ctx.height));
  }

  announceHalt(ctx: Context): void {
    const halt = this.halt(ctx.store);
    if (halt && BigInt(halt.height) === ctx.height) ctx.events.push(events.haltReached(ctx.height, BigInt(halt.guardian_proposal_id)));
  }

  // --- invariants ---

  lastCheck(state: KVReader, which: "last" | "last_full" | "last_breach"): StoredInvariantCheck | undefined {
    return readJson<StoredInvariantCheck>(state, which === "last" ? LAST_CHECK_KEY : which === "last_full" ? LAST_FULL_CHECK_KEY : LAST_BREACH_KEY);
  }

  setCheck(store: KVStore, which: "last" | "last_full" | "last_breach", check: StoredInvariantCheck): void {
    const record = { height: check.height, full: check.full, ok: check.ok, checked: check.checked, violations: check.violations };
    writeJson(store, which === "last" ? LAST_CHECK_KEY : which === "last_full" ? LAST_FULL_CHECK_KEY : LAST_BREACH_KEY, record);
  }

  /**
   * Every block: each invariant's incremental check over the block's writes, and a page of each paged
   * invariant's records; every invariant_check_period blocks: every other invariant over the whole state. A
   * violation freezes the whole market and is recorded and emitted; a check that throws counts as a violation.
   * Nothing here throws.
   */
  checkInvariants(ctx: Context, invariants: readonly Invariant[]): StoredInvariantCheck {
    const params = this.params(ctx.store);
    const full = ctx.height % BigInt(params.invariant_check_period) === 0n;
    const changes = this.blockChanges(ctx);
    const violations: Array<{ invariant: string; detail: string }> = [];
    let checked = 0;
    for (const invariant of invariants) {
      const found: string[] = [];
      try {
        if (invariant.incremental && (!full || invariant.paged)) {
          const prefixes = invariant.incremental.prefixes;
          const writes: BlockWrite[] = changes
            .filter(([storeKey]) => prefixes.some((prefix) => startsWith(storeKey, prefix)))
            .map(([storeKey, after]) => ({ key: storeKey, before: this.deps.committed.get(storeKey), after }));
          if (writes.length > 0) found.push(...invariant.incremental.check(ctx.store, writes));
        }
        if (invariant.paged) found.push(...this.checkPage(ctx.store, ctx.height, invariant.name, invariant.paged, changes, params.invariant_keys_per_block));
        else if (full) found.push(...invariant.full(ctx.store));
        else if (!invariant.incremental) continue;
      } catch (err) {
        found.push(`check failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      checked++;
      for (const detail of found) violations.push({ invariant: invariant.name, detail });
    }
    const check: StoredInvariantCheck = { height: Number(ctx.height), full, ok: violations.length === 0, checked, violations: violations.slice(0, MAX_VIOLATIONS_KEPT) };
    this.setCheck(ctx.store, "last", check);
    if (full) this.setCheck(ctx.store, "last_full", check);
    if (!check.ok) {
      this.setCheck(ctx.store, "last_breach", check);
      for (const violation of check.violations) ctx.events.push(events.invariantBroken(violation.invariant, violation.detail, ctx.height, full));
      const summary = `${violations.length} violation(s) at height ${ctx.height}, first: ${violations[0].invariant}: ${violations[0].detail}`;
      this.freeze(ctx, "", "invariant", summary, 0n);
    }
    return check;
  }

  invariantCursor(state: KVReader, name: string): StoredInvariantCursor | undefined {
    return readJson<StoredInvariantCursor>(state, invariantCursorKey(name));
  }

  /**
   * One block of a paged invariant's pass. The cursor (the last key read) and the sums of every record up to it
   * are kept in state. Before the page is read, each of the block's writes to a record the cursor has passed
   * moves the sums by what it changed (its value at the last Commit out, its value now in), so the sums stay
   * those of the passed records as they are now; records ahead are read as they are when the cursor gets there.
   * At the end of the prefix the sums are every record's, as the state is in that block, and are compared with
   * what the module records (supply, module balance, open interest): the full check's verdict on that block.
   *
   * Why a cursor rather than aggregates kept up to date for ever: each pass sums the records afresh, so a write
   * that no block saw (a migration, a corrupt store) cannot hide in a running total, starting needs no scan of
   * the whole state (a migration or a genesis only leaves the cursor unset), and nothing in bank or options
   * changes: the block's writes, which the circuit already reads for the incremental checks, carry the deltas.
   *
   * Work per block: keys_per_block records, plus the block's writes and the records they created (paid for
   * with gas, or bounded by other modules' params), and at the end of a pass the module's own records
   * (denoms, series).
   * The sums hold only if every block since the cursor was written moved them: a cursor not written by the block
   * before (that block's circuit end-block threw and runHook dropped its writes, or a height was skipped) starts a
   * new pass, as no cursor does.
   * Bound: the cursor moves keys_per_block records a block past what the block itself created, so with R
   * records when a pass starts it ends within floor(R / keys_per_block) + 1 blocks. A broken sum is found at the
   * end of the pass in progress; a corruption that no block wrote, or a record bad by itself, at the end of the
   * next one at the latest: within two passes.
   */
  private checkPage(store: KVStore, height: bigint, name: string, paged: PagedInvariant, changes: ReadonlyArray<[Uint8Array, Uint8Array | undefined]>, keysPerBlock: number): string[] {
    const stored = this.invariantCursor(store, name);
    const cursor = stored?.height !== undefined && BigInt(stored.height) === height - 1n ? stored : undefined;
    const last = cursor ? Buffer.from(cursor.last_key, "hex") : undefined;
    const sums = new Map<string, bigint>(Object.entries(cursor?.sums ?? {}).map(([sumName, amount]) => [sumName, BigInt(amount)]));
    const add = (entries: ReadonlyArray<[string, bigint]>, sign: bigint) => {
      for (const [sumName, amount] of entries) sums.set(sumName, (sums.get(sumName) ?? 0n) + sign * amount);
    };
    let createdAhead = 0;
    for (const [storeKey, after] of changes) {
      if (!startsWith(storeKey, paged.prefix)) continue;
      const before = this.deps.committed.get(storeKey);
      if (last === undefined || Buffer.compare(storeKey, last) > 0) {
        if (before === undefined && after !== undefined) createdAhead++;
        continue;
      }
      if (before !== undefined) add(paged.tally(storeKey, before).sums, -1n);
      if (after !== undefined) add(paged.tally(storeKey, after).sums, 1n);
    }
    const violations: string[] = [];
    // Records created ahead of the cursor are read on top of the page, paid for by the writes that made them:
    // otherwise a block creating keys_per_block of them just ahead would hold the pass where it is.
    const limit = keysPerBlock + createdAhead;
    const page = store.iterate(paged.prefix, { limit, start: last && successor(last, false) });
    for (const [storeKey, value] of page) {
      const tally = paged.tally(storeKey, value);
      violations.push(...tally.violations);
      add(tally.sums, 1n);
    }
    if (page.length < limit) {
      violations.push(...paged.compare(store, sums));
      store.delete(invariantCursorKey(name));
      return violations;
    }
    const kept = [...sums].filter(([, amount]) => amount !== 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const next: StoredInvariantCursor = { last_key: Buffer.from(page[page.length - 1][0]).toString("hex"), sums: Object.fromEntries(kept.map(([sumName, amount]) => [sumName, amount.toString()])), height: Number(height) };
    writeJson(store, invariantCursorKey(name), next);
    return violations;
  }
}

function isActive(freeze: StoredFreeze, height: bigint): boolean {
  return freeze.until_height === 0 || height <= BigInt(freeze.until_height);
}

function parse<T>(bytes: Uint8Array): T {
  return JSON.parse(utf8(bytes)) as T;
}

function storedHalt(halt: StoredHalt): StoredHalt {
  return { height: halt.height, guardian_proposal_id: halt.guardian_proposal_id, reason: halt.reason, scheduled_at_height: halt.scheduled_at_height, resumed_at_height: halt.resumed_at_height };
}

export function canonicalAction(action: StoredAction): StoredAction {
  return {
    kind: action.kind,
    type_urls: [...action.type_urls],
    series_id: action.series_id,
    underlying: action.underlying,
    height: action.height,
    proposal_id: action.proposal_id,
  };
}

/** Stateless shape checks of an action, shared by the message handler and genesis. */
export function validateAction(action: StoredAction): void {
  const needsUnderlying = (value: string, field: string) => {
    if (value !== "" && !UNDERLYING.test(value)) throw ErrInvalidAction.wrap(`${field} ${JSON.stringify(value)} is not an asset name`);
  };
  switch (action.kind) {
    case "trip_breaker":
    case "reset_breaker": {
      if (action.type_urls.length === 0 || action.type_urls.length > 50) throw ErrInvalidAction.wrap("name 1 to 50 message type URLs");
      if (new Set(action.type_urls).size !== action.type_urls.length) throw ErrInvalidAction.wrap("a type URL is listed twice");
      for (const typeUrl of action.type_urls) {
        if (!TYPE_URL.test(typeUrl)) throw ErrInvalidAction.wrap(`${JSON.stringify(typeUrl)} is not a message type URL`);
        if (GUARDIAN_MSG_TYPES.includes(typeUrl)) throw ErrInvalidAction.wrap(`${typeUrl} cannot be disabled: guardians must always be able to act`);
        if (action.kind === "trip_breaker" && GOVERNANCE_MSG_TYPES.includes(typeUrl)) {
          throw ErrInvalidAction.wrap(`${typeUrl} cannot be disabled: governance must always be able to change guardians and circuit params`);
        }
        if (action.kind === "trip_breaker" && VALIDATOR_DUTY_MSG_TYPES.includes(typeUrl)) {
          throw ErrInvalidAction.wrap(`${typeUrl} cannot be disabled: validators are slashed and jailed without it, which takes their vote in governance; freeze the market instead`);
        }
      }
      if (BigInt(action.series_id) > 0n && action.underlying !== "") throw ErrInvalidAction.wrap("scope a breaker to a series or to an underlying, not both");
      needsUnderlying(action.underlying, "underlying");
      return;
    }
    case "freeze_market":
    case "unfreeze_market":
      needsUnderlying(action.underlying, "underlying");
      return;
    case "halt_chain":
      if (BigInt(action.height) <= 0n) throw ErrInvalidAction.wrap("halt height must be positive");
      return;
    case "veto_proposal":
      if (BigInt(action.proposal_id) <= 0n) throw ErrInvalidAction.wrap("name the governance proposal to veto");
      return;
    case "cancel_halt":
      return;
  }
}
