import type { QueryHandler } from "../../app/module";
import { pageResponse, paginate, paginateList } from "../../app/pagination";
import type { KVReader } from "../../app/store/types";
import { optchain } from "../../proto/gen/optchain";
import { ErrUnknownProposal } from "./errors";
import { BREAKER_PREFIX, PROPOSAL_PREFIX, TRACKER_PREFIX, readText } from "./keys";
import { type CircuitKeeper, type StoredBreaker, type StoredFreeze, type StoredGuardianProposal, type StoredHalt, type StoredInvariantCheck, proposalStatus } from "./keeper";
import { actionToProto } from "./msgs";
import type { CircuitParams } from "./params";

const pb = optchain.circuit.v1;

export function paramsToProto(params: CircuitParams) {
  return pb.Params.create({
    guardians: params.guardians,
    guardianThreshold: params.guardian_threshold,
    guardianProposalTtlBlocks: params.guardian_proposal_ttl_blocks,
    priceBreakerAssets: params.price_breaker_assets.map((asset) => ({ name: asset.name, maxPriceJump: asset.max_price_jump })),
    cooldownBlocks: params.cooldown_blocks,
    confirmations: params.confirmations,
    twapWindowSeconds: params.twap_window_seconds,
    maxPriceAgeSeconds: params.max_price_age_seconds,
    gracePeriodBlocks: params.grace_period_blocks,
    invariantCheckPeriod: params.invariant_check_period,
    invariantKeysPerBlock: params.invariant_keys_per_block,
  });
}

/**
 * Queries judge freezes and proposal expiry as the next block will: one above the last block the circuit
 * module's end-block recorded.
 */
function nextHeight(keeper: CircuitKeeper, state: KVReader): bigint {
  return BigInt(keeper.lastCheck(state, "last")?.height ?? 0) + 1n;
}

const freezeToProto = (freeze: StoredFreeze) =>
  pb.Freeze.create({ underlying: freeze.underlying, kind: freeze.kind, detail: freeze.detail, sinceHeight: freeze.since_height, untilHeight: freeze.until_height });

function marketToProto(keeper: CircuitKeeper, state: KVReader, underlying: string, height: bigint) {
  const graceScopes = underlying === "" ? [""] : ["", underlying];
  const graceUntil = graceScopes.map((scope) => keeper.graceUntil(state, scope)).reduce((a, b) => (a > b ? a : b), 0n);
  return pb.MarketState.create({
    underlying,
    frozen: !keeper.canAddRisk(state, underlying, height),
    freezes: keeper.activeFreezes(state, underlying, height).map(freezeToProto),
    graceUntilHeight: Number(graceUntil),
    inGracePeriod: keeper.inGracePeriod(state, underlying, height),
  });
}

function proposalToProto(proposal: StoredGuardianProposal, height: bigint) {
  return pb.GuardianProposal.create({
    id: Number(proposal.id),
    proposer: proposal.proposer,
    action: actionToProto(proposal.action),
    reason: proposal.reason,
    approvals: proposal.approvals,
    status: proposalStatus(proposal, height),
    submitHeight: proposal.submit_height,
    expiresHeight: proposal.expires_height,
    executedHeight: proposal.executed_height,
  });
}

const haltToProto = (halt: StoredHalt | undefined) =>
  halt && pb.Halt.create({ height: Number(halt.height), guardianProposalId: Number(halt.guardian_proposal_id), reason: halt.reason, scheduledAtHeight: halt.scheduled_at_height });

const checkToProto = (check: StoredInvariantCheck | undefined) =>
  check && pb.InvariantCheck.create({ height: check.height, full: check.full, ok: check.ok, violations: check.violations, invariantsChecked: check.checked });

export function circuitQueries(keeper: CircuitKeeper): Record<string, QueryHandler> {
  return {
    "/optchain.circuit.v1.Query/Params": (state) => pb.QueryParamsResponse.encode({ params: paramsToProto(keeper.params(state)) }).finish(),

    "/optchain.circuit.v1.Query/Breakers": (state, request) => {
      const { pagination } = pb.QueryBreakersRequest.decode(request);
      const page = paginate(state, BREAKER_PREFIX, pagination, (_, value) => {
        const breaker = JSON.parse(Buffer.from(value).toString("utf8")) as StoredBreaker;
        return {
          typeUrl: breaker.type_url,
          scope: { seriesId: Number(breaker.series_id), underlying: breaker.underlying },
          reason: breaker.reason,
          guardianProposalId: Number(breaker.guardian_proposal_id),
          height: breaker.height,
        };
      });
      return pb.QueryBreakersResponse.encode({ breakers: page.items, pagination: pageResponse(page) }).finish();
    },

    // A list derived from freezes, grace periods and params, each bounded: paged in memory.
    "/optchain.circuit.v1.Query/Markets": (state, request) => {
      const { pagination } = pb.QueryMarketsRequest.decode(request);
      const height = nextHeight(keeper, state);
      const underlyings = new Set<string>([""]);
      for (const freeze of keeper.allFreezes(state)) underlyings.add(freeze.underlying);
      for (const { underlying } of keeper.graces(state)) underlyings.add(underlying);
      for (const asset of keeper.params(state).price_breaker_assets) underlyings.add(asset.name);
      const page = paginateList([...underlyings], (underlying) => Buffer.from(underlying, "utf8"), pagination);
      const markets = page.items.map((underlying) => marketToProto(keeper, state, underlying, height));
      return pb.QueryMarketsResponse.encode({ markets, pagination: pageResponse(page) }).finish();
    },

    "/optchain.circuit.v1.Query/Market": (state, request) => {
      const { underlying } = pb.QueryMarketRequest.decode(request);
      return pb.QueryMarketResponse.encode({ market: marketToProto(keeper, state, underlying, nextHeight(keeper, state)) }).finish();
    },

    "/optchain.circuit.v1.Query/GuardianProposals": (state, request) => {
      const { pagination } = pb.QueryGuardianProposalsRequest.decode(request);
      const height = nextHeight(keeper, state);
      const page = paginate(state, PROPOSAL_PREFIX, pagination, (idKey) => proposalToProto(keeper.proposal(state, Buffer.from(idKey).readBigUInt64BE(0))!, height));
      return pb.QueryGuardianProposalsResponse.encode({ proposals: page.items, pagination: pageResponse(page) }).finish();
    },

    "/optchain.circuit.v1.Query/GuardianProposal": (state, request) => {
      const { id } = pb.QueryGuardianProposalRequest.decode(request);
      const proposal = keeper.proposal(state, BigInt(id));
      if (!proposal) throw ErrUnknownProposal.wrap(`guardian proposal ${id}`);
      return pb.QueryGuardianProposalResponse.encode({ proposal: proposalToProto(proposal, nextHeight(keeper, state)) }).finish();
    },

    "/optchain.circuit.v1.Query/Halt": (state) => {
      const last = keeper.lastHalt(state);
      return pb.QueryHaltResponse.encode({ halt: haltToProto(keeper.halt(state)), lastHalt: haltToProto(last), lastResumedAtHeight: last?.resumed_at_height ?? 0 }).finish();
    },

    "/optchain.circuit.v1.Query/Invariants": (state) =>
      pb.QueryInvariantsResponse.encode({
        lastCheck: checkToProto(keeper.lastCheck(state, "last")),
        lastFullCheck: checkToProto(keeper.lastCheck(state, "last_full")),
        lastBreach: checkToProto(keeper.lastCheck(state, "last_breach")),
      }).finish(),

    "/optchain.circuit.v1.Query/PriceBreakers": (state, request) => {
      const { pagination } = pb.QueryPriceBreakersRequest.decode(request);
      const page = paginate(state, TRACKER_PREFIX, pagination, (assetKey) => {
        const asset = readText(assetKey, 0).value;
        const tracker = keeper.tracker(state, asset);
        return {
          asset,
          confirmedPrice: tracker.confirmed_price,
          confirmedHeight: tracker.confirmed_height,
          pendingPrice: tracker.pending_price,
          pendingHolds: tracker.pending_holds,
          lastSeenHeight: tracker.seen_height,
        };
      });
      return pb.QueryPriceBreakersResponse.encode({ assets: page.items, pagination: pageResponse(page) }).finish();
    },
  };
}
