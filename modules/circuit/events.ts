import { event } from "../../app/context";

export const guardianProposed = (id: bigint, guardian: string, action: string, reason: string) =>
  event("guardian_proposal_submitted", { proposal_id: id.toString(), guardian, action, reason });
export const guardianApproved = (id: bigint, guardian: string, approvals: number, threshold: number) =>
  event("guardian_proposal_approved", { proposal_id: id.toString(), guardian, approvals: approvals.toString(), threshold: threshold.toString() });
export const guardianExecuted = (id: bigint, action: string) => event("guardian_proposal_executed", { proposal_id: id.toString(), action });
export const breakerTripped = (typeUrl: string, scope: string, reason: string, proposalId: bigint) =>
  event("circuit_breaker_tripped", { type_url: typeUrl, scope, reason, guardian_proposal_id: proposalId.toString() });
export const breakerReset = (typeUrl: string, scope: string, proposalId: bigint) =>
  event("circuit_breaker_reset", { type_url: typeUrl, scope, guardian_proposal_id: proposalId.toString() });
/** underlying "" = the whole options market. */
export const marketFrozen = (underlying: string, kind: string, detail: string, untilHeight: bigint) =>
  event("market_frozen", { underlying, kind, detail, until_height: untilHeight.toString() });
export const marketUnfrozen = (underlying: string, kinds: string, graceUntilHeight: bigint) =>
  event("market_unfrozen", { underlying, kinds, grace_until_height: graceUntilHeight.toString() });
export const priceJump = (asset: string, price: string, reference: string, maxJump: string, held: boolean) =>
  event("price_jump", { asset, price, reference, max_price_jump: maxJump, held_for_confirmation: held.toString() });
export const priceConfirmed = (asset: string, price: string, holds: number) => event("price_confirmed", { asset, price, holds: holds.toString() });
export const haltScheduled = (height: bigint, proposalId: bigint, reason: string) =>
  event("chain_halt_scheduled", { height: height.toString(), guardian_proposal_id: proposalId.toString(), reason });
export const haltCancelled = (height: bigint, proposalId: bigint) =>
  event("chain_halt_cancelled", { height: height.toString(), guardian_proposal_id: proposalId.toString() });
export const haltReached = (height: bigint, proposalId: bigint) => event("chain_halted", { height: height.toString(), guardian_proposal_id: proposalId.toString() });
export const chainResumed = (haltHeight: bigint, height: bigint) => event("chain_resumed", { halt_height: haltHeight.toString(), height: height.toString() });
export const invariantBroken = (invariant: string, detail: string, height: bigint, full: boolean) =>
  event("invariant_broken", { invariant, detail, height: height.toString(), full: full.toString() });
