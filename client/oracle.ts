// Typed messages and queries of the oracle and slashing modules, for wallets, feeders and tests.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { QueryClient } from "@cosmjs/stargate";
import { type CometClient, connectComet } from "@cosmjs/tendermint-rpc";
import { optchain } from "../proto/gen/optchain";
import { allPages } from "./pages";

const oracle = optchain.oracle.v1;
const slashing = optchain.slashing.v1;

export function delegateFeedConsentMsg(operator: string, delegate: string): EncodeObject {
  return { typeUrl: "/optchain.oracle.v1.MsgDelegateFeedConsent", value: oracle.MsgDelegateFeedConsent.create({ operator, delegate }) };
}

export function prevoteMsg(feeder: string, validator: string, hash: string): EncodeObject {
  return { typeUrl: "/optchain.oracle.v1.MsgAggregatePricePrevote", value: oracle.MsgAggregatePricePrevote.create({ hash, feeder, validator }) };
}

export function voteMsg(feeder: string, validator: string, salt: string, prices: string): EncodeObject {
  return { typeUrl: "/optchain.oracle.v1.MsgAggregatePriceVote", value: oracle.MsgAggregatePriceVote.create({ salt, prices, feeder, validator }) };
}

export function unjailMsg(validator: string): EncodeObject {
  return { typeUrl: "/optchain.slashing.v1.MsgUnjail", value: slashing.MsgUnjail.create({ validatorAddr: validator }) };
}

/** ABCI queries of both modules, decoded into their proto responses. */
export class OracleSlashingQueries {
  private readonly queryClient: QueryClient;

  private constructor(readonly comet: CometClient) {
    this.queryClient = new QueryClient(comet);
  }

  static async connect(rpc: string): Promise<OracleSlashingQueries> {
    return new OracleSlashingQueries(await connectComet(rpc));
  }

  disconnect(): void {
    this.comet.disconnect();
  }

  private async query(path: string, request: Uint8Array): Promise<Uint8Array> {
    return (await this.queryClient.queryAbci(path, request)).value;
  }

  async params() {
    return oracle.QueryParamsResponse.decode(await this.query("/optchain.oracle.v1.Query/Params", new Uint8Array())).params;
  }

  async prices() {
    return allPages(async (pagination) => {
      const response = oracle.QueryPricesResponse.decode(await this.query("/optchain.oracle.v1.Query/Prices", oracle.QueryPricesRequest.encode({ pagination }).finish()));
      return { items: response.prices, nextKey: response.pagination?.nextKey };
    });
  }

  async price(asset: string) {
    return oracle.QueryPriceResponse.decode(await this.query("/optchain.oracle.v1.Query/Price", oracle.QueryPriceRequest.encode({ asset }).finish())).price;
  }

  async lastTally(asset: string) {
    return oracle.QueryLastTallyResponse.decode(await this.query("/optchain.oracle.v1.Query/LastTally", oracle.QueryLastTallyRequest.encode({ asset }).finish())).tally;
  }

  async missCounters() {
    return allPages(async (pagination) => {
      const response = oracle.QueryMissCountersResponse.decode(await this.query("/optchain.oracle.v1.Query/MissCounters", oracle.QueryMissCountersRequest.encode({ pagination }).finish()));
      return { items: response.missCounters, nextKey: response.pagination?.nextKey };
    });
  }

  async feederDelegation(validator: string) {
    const request = oracle.QueryFeederDelegationRequest.encode({ validator }).finish();
    return oracle.QueryFeederDelegationResponse.decode(await this.query("/optchain.oracle.v1.Query/FeederDelegation", request)).feeder;
  }

  async aggregatePrevote(validator: string) {
    const request = oracle.QueryAggregatePrevoteRequest.encode({ validator }).finish();
    return oracle.QueryAggregatePrevoteResponse.decode(await this.query("/optchain.oracle.v1.Query/AggregatePrevote", request)).prevote;
  }

  async signingInfo(validator: string) {
    const request = slashing.QuerySigningInfoRequest.encode({ validator }).finish();
    return slashing.QuerySigningInfoResponse.decode(await this.query("/optchain.slashing.v1.Query/SigningInfo", request)).info;
  }

  async slashHistory(validator = "", limit = 0) {
    const request = slashing.QuerySlashHistoryRequest.encode({ validator, limit }).finish();
    return slashing.QuerySlashHistoryResponse.decode(await this.query("/optchain.slashing.v1.Query/SlashHistory", request)).slashes;
  }
}
