import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace optchain {

    namespace circuit {

        namespace v1 {

            interface IQueryParamsRequest extends optchain.circuit.v1.QueryParamsRequest.$Properties {
            }

            class QueryParamsRequest {
                constructor(properties?: optchain.circuit.v1.QueryParamsRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.circuit.v1.QueryParamsRequest.$Shape): optchain.circuit.v1.QueryParamsRequest & optchain.circuit.v1.QueryParamsRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryParamsRequest.$Properties): optchain.circuit.v1.QueryParamsRequest;
                static encode(message: optchain.circuit.v1.QueryParamsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryParamsRequest & optchain.circuit.v1.QueryParamsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryParamsRequest.$Properties;
            }

            interface IQueryParamsResponse extends optchain.circuit.v1.QueryParamsResponse.$Properties {
            }

            class QueryParamsResponse {
                constructor(properties?: optchain.circuit.v1.QueryParamsResponse.$Properties);
                $unknowns?: Uint8Array[];
                params?: (optchain.circuit.v1.Params.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryParamsResponse.$Shape): optchain.circuit.v1.QueryParamsResponse & optchain.circuit.v1.QueryParamsResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryParamsResponse.$Properties): optchain.circuit.v1.QueryParamsResponse;
                static encode(message: optchain.circuit.v1.QueryParamsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryParamsResponse & optchain.circuit.v1.QueryParamsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsResponse {
                interface $Properties {
                    params?: (optchain.circuit.v1.Params.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryParamsResponse.$Properties;
            }

            interface IQueryBreakersRequest extends optchain.circuit.v1.QueryBreakersRequest.$Properties {
            }

            class QueryBreakersRequest {
                constructor(properties?: optchain.circuit.v1.QueryBreakersRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryBreakersRequest.$Shape): optchain.circuit.v1.QueryBreakersRequest & optchain.circuit.v1.QueryBreakersRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryBreakersRequest.$Properties): optchain.circuit.v1.QueryBreakersRequest;
                static encode(message: optchain.circuit.v1.QueryBreakersRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryBreakersRequest & optchain.circuit.v1.QueryBreakersRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryBreakersRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryBreakersRequest.$Properties;
            }

            interface IQueryBreakersResponse extends optchain.circuit.v1.QueryBreakersResponse.$Properties {
            }

            class QueryBreakersResponse {
                constructor(properties?: optchain.circuit.v1.QueryBreakersResponse.$Properties);
                $unknowns?: Uint8Array[];
                breakers: optchain.circuit.v1.Breaker.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryBreakersResponse.$Shape): optchain.circuit.v1.QueryBreakersResponse & optchain.circuit.v1.QueryBreakersResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryBreakersResponse.$Properties): optchain.circuit.v1.QueryBreakersResponse;
                static encode(message: optchain.circuit.v1.QueryBreakersResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryBreakersResponse & optchain.circuit.v1.QueryBreakersResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryBreakersResponse {
                interface $Properties {
                    breakers?: (optchain.circuit.v1.Breaker.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryBreakersResponse.$Properties;
            }

            interface IQueryMarketsRequest extends optchain.circuit.v1.QueryMarketsRequest.$Properties {
            }

            class QueryMarketsRequest {
                constructor(properties?: optchain.circuit.v1.QueryMarketsRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryMarketsRequest.$Shape): optchain.circuit.v1.QueryMarketsRequest & optchain.circuit.v1.QueryMarketsRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryMarketsRequest.$Properties): optchain.circuit.v1.QueryMarketsRequest;
                static encode(message: optchain.circuit.v1.QueryMarketsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryMarketsRequest & optchain.circuit.v1.QueryMarketsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMarketsRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryMarketsRequest.$Properties;
            }

            interface IQueryMarketsResponse extends optchain.circuit.v1.QueryMarketsResponse.$Properties {
            }

            class QueryMarketsResponse {
                constructor(properties?: optchain.circuit.v1.QueryMarketsResponse.$Properties);
                $unknowns?: Uint8Array[];
                markets: optchain.circuit.v1.MarketState.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryMarketsResponse.$Shape): optchain.circuit.v1.QueryMarketsResponse & optchain.circuit.v1.QueryMarketsResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryMarketsResponse.$Properties): optchain.circuit.v1.QueryMarketsResponse;
                static encode(message: optchain.circuit.v1.QueryMarketsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryMarketsResponse & optchain.circuit.v1.QueryMarketsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMarketsResponse {
                interface $Properties {
                    markets?: (optchain.circuit.v1.MarketState.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryMarketsResponse.$Properties;
            }

            interface IQueryMarketRequest extends optchain.circuit.v1.QueryMarketRequest.$Properties {
            }

            class QueryMarketRequest {
                constructor(properties?: optchain.circuit.v1.QueryMarketRequest.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                static create(properties: optchain.circuit.v1.QueryMarketRequest.$Shape): optchain.circuit.v1.QueryMarketRequest & optchain.circuit.v1.QueryMarketRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryMarketRequest.$Properties): optchain.circuit.v1.QueryMarketRequest;
                static encode(message: optchain.circuit.v1.QueryMarketRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryMarketRequest & optchain.circuit.v1.QueryMarketRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMarketRequest {
                interface $Properties {
                    underlying?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryMarketRequest.$Properties;
            }

            interface IQueryMarketResponse extends optchain.circuit.v1.QueryMarketResponse.$Properties {
            }

            class QueryMarketResponse {
                constructor(properties?: optchain.circuit.v1.QueryMarketResponse.$Properties);
                $unknowns?: Uint8Array[];
                market?: (optchain.circuit.v1.MarketState.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryMarketResponse.$Shape): optchain.circuit.v1.QueryMarketResponse & optchain.circuit.v1.QueryMarketResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryMarketResponse.$Properties): optchain.circuit.v1.QueryMarketResponse;
                static encode(message: optchain.circuit.v1.QueryMarketResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryMarketResponse & optchain.circuit.v1.QueryMarketResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMarketResponse {
                interface $Properties {
                    market?: (optchain.circuit.v1.MarketState.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryMarketResponse.$Properties;
            }

            interface IQueryGuardianProposalsRequest extends optchain.circuit.v1.QueryGuardianProposalsRequest.$Properties {
            }

            class QueryGuardianProposalsRequest {
                constructor(properties?: optchain.circuit.v1.QueryGuardianProposalsRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryGuardianProposalsRequest.$Shape): optchain.circuit.v1.QueryGuardianProposalsRequest & optchain.circuit.v1.QueryGuardianProposalsRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryGuardianProposalsRequest.$Properties): optchain.circuit.v1.QueryGuardianProposalsRequest;
                static encode(message: optchain.circuit.v1.QueryGuardianProposalsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryGuardianProposalsRequest & optchain.circuit.v1.QueryGuardianProposalsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryGuardianProposalsRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryGuardianProposalsRequest.$Properties;
            }

            interface IQueryGuardianProposalsResponse extends optchain.circuit.v1.QueryGuardianProposalsResponse.$Properties {
            }

            class QueryGuardianProposalsResponse {
                constructor(properties?: optchain.circuit.v1.QueryGuardianProposalsResponse.$Properties);
                $unknowns?: Uint8Array[];
                proposals: optchain.circuit.v1.GuardianProposal.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryGuardianProposalsResponse.$Shape): optchain.circuit.v1.QueryGuardianProposalsResponse & optchain.circuit.v1.QueryGuardianProposalsResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryGuardianProposalsResponse.$Properties): optchain.circuit.v1.QueryGuardianProposalsResponse;
                static encode(message: optchain.circuit.v1.QueryGuardianProposalsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryGuardianProposalsResponse & optchain.circuit.v1.QueryGuardianProposalsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryGuardianProposalsResponse {
                interface $Properties {
                    proposals?: (optchain.circuit.v1.GuardianProposal.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  proposals?: optchain.circuit.v1.GuardianProposal.$Shape[]|null;
                  pagination?: cosmos.base.query.v1beta1.PageResponse.$Shape|null;
                  $unknowns?: Uint8Array[];
                };
            }

            interface IQueryGuardianProposalRequest extends optchain.circuit.v1.QueryGuardianProposalRequest.$Properties {
            }

            class QueryGuardianProposalRequest {
                constructor(properties?: optchain.circuit.v1.QueryGuardianProposalRequest.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                static create(properties: optchain.circuit.v1.QueryGuardianProposalRequest.$Shape): optchain.circuit.v1.QueryGuardianProposalRequest & optchain.circuit.v1.QueryGuardianProposalRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryGuardianProposalRequest.$Properties): optchain.circuit.v1.QueryGuardianProposalRequest;
                static encode(message: optchain.circuit.v1.QueryGuardianProposalRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryGuardianProposalRequest & optchain.circuit.v1.QueryGuardianProposalRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryGuardianProposalRequest {
                interface $Properties {
                    id?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryGuardianProposalRequest.$Properties;
            }

            interface IQueryGuardianProposalResponse extends optchain.circuit.v1.QueryGuardianProposalResponse.$Properties {
            }

            class QueryGuardianProposalResponse {
                constructor(properties?: optchain.circuit.v1.QueryGuardianProposalResponse.$Properties);
                $unknowns?: Uint8Array[];
                proposal?: (optchain.circuit.v1.GuardianProposal.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryGuardianProposalResponse.$Shape): optchain.circuit.v1.QueryGuardianProposalResponse & optchain.circuit.v1.QueryGuardianProposalResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryGuardianProposalResponse.$Properties): optchain.circuit.v1.QueryGuardianProposalResponse;
                static encode(message: optchain.circuit.v1.QueryGuardianProposalResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryGuardianProposalResponse & optchain.circuit.v1.QueryGuardianProposalResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryGuardianProposalResponse {
                interface $Properties {
                    proposal?: (optchain.circuit.v1.GuardianProposal.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  proposal?: optchain.circuit.v1.GuardianProposal.$Shape|null;
                  $unknowns?: Uint8Array[];
                };
            }

            interface IQueryHaltRequest extends optchain.circuit.v1.QueryHaltRequest.$Properties {
            }

            class QueryHaltRequest {
                constructor(properties?: optchain.circuit.v1.QueryHaltRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.circuit.v1.QueryHaltRequest.$Shape): optchain.circuit.v1.QueryHaltRequest & optchain.circuit.v1.QueryHaltRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryHaltRequest.$Properties): optchain.circuit.v1.QueryHaltRequest;
                static encode(message: optchain.circuit.v1.QueryHaltRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryHaltRequest & optchain.circuit.v1.QueryHaltRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryHaltRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryHaltRequest.$Properties;
            }

            interface IQueryHaltResponse extends optchain.circuit.v1.QueryHaltResponse.$Properties {
            }

            class QueryHaltResponse {
                constructor(properties?: optchain.circuit.v1.QueryHaltResponse.$Properties);
                $unknowns?: Uint8Array[];
                halt?: (optchain.circuit.v1.Halt.$Properties|null);
                lastHalt?: (optchain.circuit.v1.Halt.$Properties|null);
                lastResumedAtHeight: number;
                static create(properties: optchain.circuit.v1.QueryHaltResponse.$Shape): optchain.circuit.v1.QueryHaltResponse & optchain.circuit.v1.QueryHaltResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryHaltResponse.$Properties): optchain.circuit.v1.QueryHaltResponse;
                static encode(message: optchain.circuit.v1.QueryHaltResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryHaltResponse & optchain.circuit.v1.QueryHaltResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryHaltResponse {
                interface $Properties {
                    halt?: (optchain.circuit.v1.Halt.$Properties|null);
                    lastHalt?: (optchain.circuit.v1.Halt.$Properties|null);
                    lastResumedAtHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryHaltResponse.$Properties;
            }

            interface IQueryInvariantsRequest extends optchain.circuit.v1.QueryInvariantsRequest.$Properties {
            }

            class QueryInvariantsRequest {
                constructor(properties?: optchain.circuit.v1.QueryInvariantsRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.circuit.v1.QueryInvariantsRequest.$Shape): optchain.circuit.v1.QueryInvariantsRequest & optchain.circuit.v1.QueryInvariantsRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryInvariantsRequest.$Properties): optchain.circuit.v1.QueryInvariantsRequest;
                static encode(message: optchain.circuit.v1.QueryInvariantsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryInvariantsRequest & optchain.circuit.v1.QueryInvariantsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryInvariantsRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryInvariantsRequest.$Properties;
            }

            interface IQueryInvariantsResponse extends optchain.circuit.v1.QueryInvariantsResponse.$Properties {
            }

            class QueryInvariantsResponse {
                constructor(properties?: optchain.circuit.v1.QueryInvariantsResponse.$Properties);
                $unknowns?: Uint8Array[];
                lastCheck?: (optchain.circuit.v1.InvariantCheck.$Properties|null);
                lastFullCheck?: (optchain.circuit.v1.InvariantCheck.$Properties|null);
                lastBreach?: (optchain.circuit.v1.InvariantCheck.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryInvariantsResponse.$Shape): optchain.circuit.v1.QueryInvariantsResponse & optchain.circuit.v1.QueryInvariantsResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryInvariantsResponse.$Properties): optchain.circuit.v1.QueryInvariantsResponse;
                static encode(message: optchain.circuit.v1.QueryInvariantsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryInvariantsResponse & optchain.circuit.v1.QueryInvariantsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryInvariantsResponse {
                interface $Properties {
                    lastCheck?: (optchain.circuit.v1.InvariantCheck.$Properties|null);
                    lastFullCheck?: (optchain.circuit.v1.InvariantCheck.$Properties|null);
                    lastBreach?: (optchain.circuit.v1.InvariantCheck.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryInvariantsResponse.$Properties;
            }

            interface IQueryPriceBreakersRequest extends optchain.circuit.v1.QueryPriceBreakersRequest.$Properties {
            }

            class QueryPriceBreakersRequest {
                constructor(properties?: optchain.circuit.v1.QueryPriceBreakersRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryPriceBreakersRequest.$Shape): optchain.circuit.v1.QueryPriceBreakersRequest & optchain.circuit.v1.QueryPriceBreakersRequest.$Shape;
                static create(properties?: optchain.circuit.v1.QueryPriceBreakersRequest.$Properties): optchain.circuit.v1.QueryPriceBreakersRequest;
                static encode(message: optchain.circuit.v1.QueryPriceBreakersRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryPriceBreakersRequest & optchain.circuit.v1.QueryPriceBreakersRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPriceBreakersRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryPriceBreakersRequest.$Properties;
            }

            interface IQueryPriceBreakersResponse extends optchain.circuit.v1.QueryPriceBreakersResponse.$Properties {
            }

            class QueryPriceBreakersResponse {
                constructor(properties?: optchain.circuit.v1.QueryPriceBreakersResponse.$Properties);
                $unknowns?: Uint8Array[];
                assets: optchain.circuit.v1.PriceBreakerState.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.circuit.v1.QueryPriceBreakersResponse.$Shape): optchain.circuit.v1.QueryPriceBreakersResponse & optchain.circuit.v1.QueryPriceBreakersResponse.$Shape;
                static create(properties?: optchain.circuit.v1.QueryPriceBreakersResponse.$Properties): optchain.circuit.v1.QueryPriceBreakersResponse;
                static encode(message: optchain.circuit.v1.QueryPriceBreakersResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.QueryPriceBreakersResponse & optchain.circuit.v1.QueryPriceBreakersResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPriceBreakersResponse {
                interface $Properties {
                    assets?: (optchain.circuit.v1.PriceBreakerState.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.QueryPriceBreakersResponse.$Properties;
            }

            interface IBreakerScope extends optchain.circuit.v1.BreakerScope.$Properties {
            }

            class BreakerScope {
                constructor(properties?: optchain.circuit.v1.BreakerScope.$Properties);
                $unknowns?: Uint8Array[];
                seriesId: number;
                underlying: string;
                static create(properties: optchain.circuit.v1.BreakerScope.$Shape): optchain.circuit.v1.BreakerScope & optchain.circuit.v1.BreakerScope.$Shape;
                static create(properties?: optchain.circuit.v1.BreakerScope.$Properties): optchain.circuit.v1.BreakerScope;
                static encode(message: optchain.circuit.v1.BreakerScope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.BreakerScope & optchain.circuit.v1.BreakerScope.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace BreakerScope {
                interface $Properties {
                    seriesId?: (number|null);
                    underlying?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.BreakerScope.$Properties;
            }

            interface ITripBreaker extends optchain.circuit.v1.TripBreaker.$Properties {
            }

            class TripBreaker {
                constructor(properties?: optchain.circuit.v1.TripBreaker.$Properties);
                $unknowns?: Uint8Array[];
                typeUrls: string[];
                scope?: (optchain.circuit.v1.BreakerScope.$Properties|null);
                static create(properties: optchain.circuit.v1.TripBreaker.$Shape): optchain.circuit.v1.TripBreaker & optchain.circuit.v1.TripBreaker.$Shape;
                static create(properties?: optchain.circuit.v1.TripBreaker.$Properties): optchain.circuit.v1.TripBreaker;
                static encode(message: optchain.circuit.v1.TripBreaker.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.TripBreaker & optchain.circuit.v1.TripBreaker.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace TripBreaker {
                interface $Properties {
                    typeUrls?: (string[]|null);
                    scope?: (optchain.circuit.v1.BreakerScope.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.TripBreaker.$Properties;
            }

            interface IResetBreaker extends optchain.circuit.v1.ResetBreaker.$Properties {
            }

            class ResetBreaker {
                constructor(properties?: optchain.circuit.v1.ResetBreaker.$Properties);
                $unknowns?: Uint8Array[];
                typeUrls: string[];
                scope?: (optchain.circuit.v1.BreakerScope.$Properties|null);
                static create(properties: optchain.circuit.v1.ResetBreaker.$Shape): optchain.circuit.v1.ResetBreaker & optchain.circuit.v1.ResetBreaker.$Shape;
                static create(properties?: optchain.circuit.v1.ResetBreaker.$Properties): optchain.circuit.v1.ResetBreaker;
                static encode(message: optchain.circuit.v1.ResetBreaker.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.ResetBreaker & optchain.circuit.v1.ResetBreaker.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace ResetBreaker {
                interface $Properties {
                    typeUrls?: (string[]|null);
                    scope?: (optchain.circuit.v1.BreakerScope.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.ResetBreaker.$Properties;
            }

            interface IFreezeMarket extends optchain.circuit.v1.FreezeMarket.$Properties {
            }

            class FreezeMarket {
                constructor(properties?: optchain.circuit.v1.FreezeMarket.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                static create(properties: optchain.circuit.v1.FreezeMarket.$Shape): optchain.circuit.v1.FreezeMarket & optchain.circuit.v1.FreezeMarket.$Shape;
                static create(properties?: optchain.circuit.v1.FreezeMarket.$Properties): optchain.circuit.v1.FreezeMarket;
                static encode(message: optchain.circuit.v1.FreezeMarket.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.FreezeMarket & optchain.circuit.v1.FreezeMarket.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace FreezeMarket {
                interface $Properties {
                    underlying?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.FreezeMarket.$Properties;
            }

            interface IUnfreezeMarket extends optchain.circuit.v1.UnfreezeMarket.$Properties {
            }

            class UnfreezeMarket {
                constructor(properties?: optchain.circuit.v1.UnfreezeMarket.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                static create(properties: optchain.circuit.v1.UnfreezeMarket.$Shape): optchain.circuit.v1.UnfreezeMarket & optchain.circuit.v1.UnfreezeMarket.$Shape;
                static create(properties?: optchain.circuit.v1.UnfreezeMarket.$Properties): optchain.circuit.v1.UnfreezeMarket;
                static encode(message: optchain.circuit.v1.UnfreezeMarket.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.UnfreezeMarket & optchain.circuit.v1.UnfreezeMarket.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace UnfreezeMarket {
                interface $Properties {
                    underlying?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.UnfreezeMarket.$Properties;
            }

            interface IHaltChain extends optchain.circuit.v1.HaltChain.$Properties {
            }

            class HaltChain {
                constructor(properties?: optchain.circuit.v1.HaltChain.$Properties);
                $unknowns?: Uint8Array[];
                height: number;
                static create(properties: optchain.circuit.v1.HaltChain.$Shape): optchain.circuit.v1.HaltChain & optchain.circuit.v1.HaltChain.$Shape;
                static create(properties?: optchain.circuit.v1.HaltChain.$Properties): optchain.circuit.v1.HaltChain;
                static encode(message: optchain.circuit.v1.HaltChain.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.HaltChain & optchain.circuit.v1.HaltChain.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace HaltChain {
                interface $Properties {
                    height?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.HaltChain.$Properties;
            }

            interface ICancelHalt extends optchain.circuit.v1.CancelHalt.$Properties {
            }

            class CancelHalt {
                constructor(properties?: optchain.circuit.v1.CancelHalt.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.circuit.v1.CancelHalt.$Shape): optchain.circuit.v1.CancelHalt & optchain.circuit.v1.CancelHalt.$Shape;
                static create(properties?: optchain.circuit.v1.CancelHalt.$Properties): optchain.circuit.v1.CancelHalt;
                static encode(message: optchain.circuit.v1.CancelHalt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.CancelHalt & optchain.circuit.v1.CancelHalt.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace CancelHalt {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.CancelHalt.$Properties;
            }

            interface IVetoProposal extends optchain.circuit.v1.VetoProposal.$Properties {
            }

            class VetoProposal {
                constructor(properties?: optchain.circuit.v1.VetoProposal.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                static create(properties: optchain.circuit.v1.VetoProposal.$Shape): optchain.circuit.v1.VetoProposal & optchain.circuit.v1.VetoProposal.$Shape;
                static create(properties?: optchain.circuit.v1.VetoProposal.$Properties): optchain.circuit.v1.VetoProposal;
                static encode(message: optchain.circuit.v1.VetoProposal.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.VetoProposal & optchain.circuit.v1.VetoProposal.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace VetoProposal {
                interface $Properties {
                    proposalId?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.VetoProposal.$Properties;
            }

            interface IGuardianAction extends optchain.circuit.v1.GuardianAction.$Properties {
            }

            class GuardianAction {
                constructor(properties?: optchain.circuit.v1.GuardianAction.$Properties);
                $unknowns?: Uint8Array[];
                tripBreaker?: (optchain.circuit.v1.TripBreaker.$Properties|null);
                resetBreaker?: (optchain.circuit.v1.ResetBreaker.$Properties|null);
                freezeMarket?: (optchain.circuit.v1.FreezeMarket.$Properties|null);
                unfreezeMarket?: (optchain.circuit.v1.UnfreezeMarket.$Properties|null);
                haltChain?: (optchain.circuit.v1.HaltChain.$Properties|null);
                cancelHalt?: (optchain.circuit.v1.CancelHalt.$Properties|null);
                vetoProposal?: (optchain.circuit.v1.VetoProposal.$Properties|null);
                action?: ("tripBreaker"|"resetBreaker"|"freezeMarket"|"unfreezeMarket"|"haltChain"|"cancelHalt"|"vetoProposal");
                static create(properties: optchain.circuit.v1.GuardianAction.$Shape): optchain.circuit.v1.GuardianAction & optchain.circuit.v1.GuardianAction.$Shape;
                static create(properties?: optchain.circuit.v1.GuardianAction.$Properties): optchain.circuit.v1.GuardianAction;
                static encode(message: optchain.circuit.v1.GuardianAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.GuardianAction & optchain.circuit.v1.GuardianAction.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace GuardianAction {
                interface $Properties {
                    tripBreaker?: (optchain.circuit.v1.TripBreaker.$Properties|null);
                    resetBreaker?: (optchain.circuit.v1.ResetBreaker.$Properties|null);
                    freezeMarket?: (optchain.circuit.v1.FreezeMarket.$Properties|null);
                    unfreezeMarket?: (optchain.circuit.v1.UnfreezeMarket.$Properties|null);
                    haltChain?: (optchain.circuit.v1.HaltChain.$Properties|null);
                    cancelHalt?: (optchain.circuit.v1.CancelHalt.$Properties|null);
                    vetoProposal?: (optchain.circuit.v1.VetoProposal.$Properties|null);
                    action?: ("tripBreaker"|"resetBreaker"|"freezeMarket"|"unfreezeMarket"|"haltChain"|"cancelHalt"|"vetoProposal");
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  tripBreaker?: optchain.circuit.v1.TripBreaker.$Shape|null;
                  resetBreaker?: optchain.circuit.v1.ResetBreaker.$Shape|null;
                  freezeMarket?: optchain.circuit.v1.FreezeMarket.$Shape|null;
                  unfreezeMarket?: optchain.circuit.v1.UnfreezeMarket.$Shape|null;
                  haltChain?: optchain.circuit.v1.HaltChain.$Shape|null;
                  cancelHalt?: optchain.circuit.v1.CancelHalt.$Shape|null;
                  vetoProposal?: optchain.circuit.v1.VetoProposal.$Shape|null;
                  $unknowns?: Uint8Array[];
                } & (
                  ({ action?: undefined; tripBreaker?: null; resetBreaker?: null; freezeMarket?: null; unfreezeMarket?: null; haltChain?: null; cancelHalt?: null; vetoProposal?: null }|{ action?: "tripBreaker"; tripBreaker: optchain.circuit.v1.TripBreaker.$Shape; resetBreaker?: null; freezeMarket?: null; unfreezeMarket?: null; haltChain?: null; cancelHalt?: null; vetoProposal?: null }|{ action?: "resetBreaker"; tripBreaker?: null; resetBreaker: optchain.circuit.v1.ResetBreaker.$Shape; freezeMarket?: null; unfreezeMarket?: null; haltChain?: null; cancelHalt?: null; vetoProposal?: null }|{ action?: "freezeMarket"; tripBreaker?: null; resetBreaker?: null; freezeMarket: optchain.circuit.v1.FreezeMarket.$Shape; unfreezeMarket?: null; haltChain?: null; cancelHalt?: null; vetoProposal?: null }|{ action?: "unfreezeMarket"; tripBreaker?: null; resetBreaker?: null; freezeMarket?: null; unfreezeMarket: optchain.circuit.v1.UnfreezeMarket.$Shape; haltChain?: null; cancelHalt?: null; vetoProposal?: null }|{ action?: "haltChain"; tripBreaker?: null; resetBreaker?: null; freezeMarket?: null; unfreezeMarket?: null; haltChain: optchain.circuit.v1.HaltChain.$Shape; cancelHalt?: null; vetoProposal?: null }|{ action?: "cancelHalt"; tripBreaker?: null; resetBreaker?: null; freezeMarket?: null; unfreezeMarket?: null; haltChain?: null; cancelHalt: optchain.circuit.v1.CancelHalt.$Shape; vetoProposal?: null }|{ action?: "vetoProposal"; tripBreaker?: null; resetBreaker?: null; freezeMarket?: null; unfreezeMarket?: null; haltChain?: null; cancelHalt?: null; vetoProposal: optchain.circuit.v1.VetoProposal.$Shape })
                );
            }

            interface IPriceBreakerAsset extends optchain.circuit.v1.PriceBreakerAsset.$Properties {
            }

            class PriceBreakerAsset {
                constructor(properties?: optchain.circuit.v1.PriceBreakerAsset.$Properties);
                $unknowns?: Uint8Array[];
                name: string;
                maxPriceJump: string;
                static create(properties: optchain.circuit.v1.PriceBreakerAsset.$Shape): optchain.circuit.v1.PriceBreakerAsset & optchain.circuit.v1.PriceBreakerAsset.$Shape;
                static create(properties?: optchain.circuit.v1.PriceBreakerAsset.$Properties): optchain.circuit.v1.PriceBreakerAsset;
                static encode(message: optchain.circuit.v1.PriceBreakerAsset.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.PriceBreakerAsset & optchain.circuit.v1.PriceBreakerAsset.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace PriceBreakerAsset {
                interface $Properties {
                    name?: (string|null);
                    maxPriceJump?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.PriceBreakerAsset.$Properties;
            }

            interface IParams extends optchain.circuit.v1.Params.$Properties {
            }

            class Params {
                constructor(properties?: optchain.circuit.v1.Params.$Properties);
                $unknowns?: Uint8Array[];
                guardians: string[];
                guardianThreshold: number;
                guardianProposalTtlBlocks: number;
                priceBreakerAssets: optchain.circuit.v1.PriceBreakerAsset.$Properties[];
                cooldownBlocks: number;
                confirmations: number;
                twapWindowSeconds: number;
                maxPriceAgeSeconds: number;
                gracePeriodBlocks: number;
                invariantCheckPeriod: number;
                invariantKeysPerBlock: number;
                static create(properties: optchain.circuit.v1.Params.$Shape): optchain.circuit.v1.Params & optchain.circuit.v1.Params.$Shape;
                static create(properties?: optchain.circuit.v1.Params.$Properties): optchain.circuit.v1.Params;
                static encode(message: optchain.circuit.v1.Params.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.Params & optchain.circuit.v1.Params.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Params {
                interface $Properties {
                    guardians?: (string[]|null);
                    guardianThreshold?: (number|null);
                    guardianProposalTtlBlocks?: (number|null);
                    priceBreakerAssets?: (optchain.circuit.v1.PriceBreakerAsset.$Properties[]|null);
                    cooldownBlocks?: (number|null);
                    confirmations?: (number|null);
                    twapWindowSeconds?: (number|null);
                    maxPriceAgeSeconds?: (number|null);
                    gracePeriodBlocks?: (number|null);
                    invariantCheckPeriod?: (number|null);
                    invariantKeysPerBlock?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.Params.$Properties;
            }

            interface IBreaker extends optchain.circuit.v1.Breaker.$Properties {
            }

            class Breaker {
                constructor(properties?: optchain.circuit.v1.Breaker.$Properties);
                $unknowns?: Uint8Array[];
                typeUrl: string;
                scope?: (optchain.circuit.v1.BreakerScope.$Properties|null);
                reason: string;
                guardianProposalId: number;
                height: number;
                static create(properties: optchain.circuit.v1.Breaker.$Shape): optchain.circuit.v1.Breaker & optchain.circuit.v1.Breaker.$Shape;
                static create(properties?: optchain.circuit.v1.Breaker.$Properties): optchain.circuit.v1.Breaker;
                static encode(message: optchain.circuit.v1.Breaker.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.Breaker & optchain.circuit.v1.Breaker.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Breaker {
                interface $Properties {
                    typeUrl?: (string|null);
                    scope?: (optchain.circuit.v1.BreakerScope.$Properties|null);
                    reason?: (string|null);
                    guardianProposalId?: (number|null);
                    height?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.Breaker.$Properties;
            }

            interface IFreeze extends optchain.circuit.v1.Freeze.$Properties {
            }

            class Freeze {
                constructor(properties?: optchain.circuit.v1.Freeze.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                kind: string;
                detail: string;
                sinceHeight: number;
                untilHeight: number;
                static create(properties: optchain.circuit.v1.Freeze.$Shape): optchain.circuit.v1.Freeze & optchain.circuit.v1.Freeze.$Shape;
                static create(properties?: optchain.circuit.v1.Freeze.$Properties): optchain.circuit.v1.Freeze;
                static encode(message: optchain.circuit.v1.Freeze.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.Freeze & optchain.circuit.v1.Freeze.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Freeze {
                interface $Properties {
                    underlying?: (string|null);
                    kind?: (string|null);
                    detail?: (string|null);
                    sinceHeight?: (number|null);
                    untilHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.Freeze.$Properties;
            }

            interface IMarketState extends optchain.circuit.v1.MarketState.$Properties {
            }

            class MarketState {
                constructor(properties?: optchain.circuit.v1.MarketState.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                frozen: boolean;
                freezes: optchain.circuit.v1.Freeze.$Properties[];
                graceUntilHeight: number;
                inGracePeriod: boolean;
                static create(properties: optchain.circuit.v1.MarketState.$Shape): optchain.circuit.v1.MarketState & optchain.circuit.v1.MarketState.$Shape;
                static create(properties?: optchain.circuit.v1.MarketState.$Properties): optchain.circuit.v1.MarketState;
                static encode(message: optchain.circuit.v1.MarketState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.MarketState & optchain.circuit.v1.MarketState.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MarketState {
                interface $Properties {
                    underlying?: (string|null);
                    frozen?: (boolean|null);
                    freezes?: (optchain.circuit.v1.Freeze.$Properties[]|null);
                    graceUntilHeight?: (number|null);
                    inGracePeriod?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.MarketState.$Properties;
            }

            interface IGuardianProposal extends optchain.circuit.v1.GuardianProposal.$Properties {
            }

            class GuardianProposal {
                constructor(properties?: optchain.circuit.v1.GuardianProposal.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                proposer: string;
                action?: (optchain.circuit.v1.GuardianAction.$Properties|null);
                reason: string;
                approvals: string[];
                status: string;
                submitHeight: number;
                expiresHeight: number;
                executedHeight: number;
                static create(properties: optchain.circuit.v1.GuardianProposal.$Shape): optchain.circuit.v1.GuardianProposal & optchain.circuit.v1.GuardianProposal.$Shape;
                static create(properties?: optchain.circuit.v1.GuardianProposal.$Properties): optchain.circuit.v1.GuardianProposal;
                static encode(message: optchain.circuit.v1.GuardianProposal.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.GuardianProposal & optchain.circuit.v1.GuardianProposal.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace GuardianProposal {
                interface $Properties {
                    id?: (number|null);
                    proposer?: (string|null);
                    action?: (optchain.circuit.v1.GuardianAction.$Properties|null);
                    reason?: (string|null);
                    approvals?: (string[]|null);
                    status?: (string|null);
                    submitHeight?: (number|null);
                    expiresHeight?: (number|null);
                    executedHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  id?: number|null;
                  proposer?: string|null;
                  action?: optchain.circuit.v1.GuardianAction.$Shape|null;
                  reason?: string|null;
                  approvals?: string[]|null;
                  status?: string|null;
                  submitHeight?: number|null;
                  expiresHeight?: number|null;
                  executedHeight?: number|null;
                  $unknowns?: Uint8Array[];
                };
            }

            interface IHalt extends optchain.circuit.v1.Halt.$Properties {
            }

            class Halt {
                constructor(properties?: optchain.circuit.v1.Halt.$Properties);
                $unknowns?: Uint8Array[];
                height: number;
                guardianProposalId: number;
                reason: string;
                scheduledAtHeight: number;
                static create(properties: optchain.circuit.v1.Halt.$Shape): optchain.circuit.v1.Halt & optchain.circuit.v1.Halt.$Shape;
                static create(properties?: optchain.circuit.v1.Halt.$Properties): optchain.circuit.v1.Halt;
                static encode(message: optchain.circuit.v1.Halt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.Halt & optchain.circuit.v1.Halt.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Halt {
                interface $Properties {
                    height?: (number|null);
                    guardianProposalId?: (number|null);
                    reason?: (string|null);
                    scheduledAtHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.Halt.$Properties;
            }

            interface IInvariantViolation extends optchain.circuit.v1.InvariantViolation.$Properties {
            }

            class InvariantViolation {
                constructor(properties?: optchain.circuit.v1.InvariantViolation.$Properties);
                $unknowns?: Uint8Array[];
                invariant: string;
                detail: string;
                static create(properties: optchain.circuit.v1.InvariantViolation.$Shape): optchain.circuit.v1.InvariantViolation & optchain.circuit.v1.InvariantViolation.$Shape;
                static create(properties?: optchain.circuit.v1.InvariantViolation.$Properties): optchain.circuit.v1.InvariantViolation;
                static encode(message: optchain.circuit.v1.InvariantViolation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.InvariantViolation & optchain.circuit.v1.InvariantViolation.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace InvariantViolation {
                interface $Properties {
                    invariant?: (string|null);
                    detail?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.InvariantViolation.$Properties;
            }

            interface IInvariantCheck extends optchain.circuit.v1.InvariantCheck.$Properties {
            }

            class InvariantCheck {
                constructor(properties?: optchain.circuit.v1.InvariantCheck.$Properties);
                $unknowns?: Uint8Array[];
                height: number;
                full: boolean;
                ok: boolean;
                violations: optchain.circuit.v1.InvariantViolation.$Properties[];
                invariantsChecked: number;
                static create(properties: optchain.circuit.v1.InvariantCheck.$Shape): optchain.circuit.v1.InvariantCheck & optchain.circuit.v1.InvariantCheck.$Shape;
                static create(properties?: optchain.circuit.v1.InvariantCheck.$Properties): optchain.circuit.v1.InvariantCheck;
                static encode(message: optchain.circuit.v1.InvariantCheck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.InvariantCheck & optchain.circuit.v1.InvariantCheck.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace InvariantCheck {
                interface $Properties {
                    height?: (number|null);
                    full?: (boolean|null);
                    ok?: (boolean|null);
                    violations?: (optchain.circuit.v1.InvariantViolation.$Properties[]|null);
                    invariantsChecked?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.InvariantCheck.$Properties;
            }

            interface IPriceBreakerState extends optchain.circuit.v1.PriceBreakerState.$Properties {
            }

            class PriceBreakerState {
                constructor(properties?: optchain.circuit.v1.PriceBreakerState.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                confirmedPrice: string;
                confirmedHeight: number;
                pendingPrice: string;
                pendingHolds: number;
                lastSeenHeight: number;
                static create(properties: optchain.circuit.v1.PriceBreakerState.$Shape): optchain.circuit.v1.PriceBreakerState & optchain.circuit.v1.PriceBreakerState.$Shape;
                static create(properties?: optchain.circuit.v1.PriceBreakerState.$Properties): optchain.circuit.v1.PriceBreakerState;
                static encode(message: optchain.circuit.v1.PriceBreakerState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.PriceBreakerState & optchain.circuit.v1.PriceBreakerState.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace PriceBreakerState {
                interface $Properties {
                    asset?: (string|null);
                    confirmedPrice?: (string|null);
                    confirmedHeight?: (number|null);
                    pendingPrice?: (string|null);
                    pendingHolds?: (number|null);
                    lastSeenHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.PriceBreakerState.$Properties;
            }

            interface IMsgGuardianPropose extends optchain.circuit.v1.MsgGuardianPropose.$Properties {
            }

            class MsgGuardianPropose {
                constructor(properties?: optchain.circuit.v1.MsgGuardianPropose.$Properties);
                $unknowns?: Uint8Array[];
                guardian: string;
                action?: (optchain.circuit.v1.GuardianAction.$Properties|null);
                reason: string;
                static create(properties: optchain.circuit.v1.MsgGuardianPropose.$Shape): optchain.circuit.v1.MsgGuardianPropose & optchain.circuit.v1.MsgGuardianPropose.$Shape;
                static create(properties?: optchain.circuit.v1.MsgGuardianPropose.$Properties): optchain.circuit.v1.MsgGuardianPropose;
                static encode(message: optchain.circuit.v1.MsgGuardianPropose.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.MsgGuardianPropose & optchain.circuit.v1.MsgGuardianPropose.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgGuardianPropose {
                interface $Properties {
                    guardian?: (string|null);
                    action?: (optchain.circuit.v1.GuardianAction.$Properties|null);
                    reason?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  guardian?: string|null;
                  action?: optchain.circuit.v1.GuardianAction.$Shape|null;
                  reason?: string|null;
                  $unknowns?: Uint8Array[];
                };
            }

            interface IMsgGuardianProposeResponse extends optchain.circuit.v1.MsgGuardianProposeResponse.$Properties {
            }

            class MsgGuardianProposeResponse {
                constructor(properties?: optchain.circuit.v1.MsgGuardianProposeResponse.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                executed: boolean;
                static create(properties: optchain.circuit.v1.MsgGuardianProposeResponse.$Shape): optchain.circuit.v1.MsgGuardianProposeResponse & optchain.circuit.v1.MsgGuardianProposeResponse.$Shape;
                static create(properties?: optchain.circuit.v1.MsgGuardianProposeResponse.$Properties): optchain.circuit.v1.MsgGuardianProposeResponse;
                static encode(message: optchain.circuit.v1.MsgGuardianProposeResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.MsgGuardianProposeResponse & optchain.circuit.v1.MsgGuardianProposeResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgGuardianProposeResponse {
                interface $Properties {
                    proposalId?: (number|null);
                    executed?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.MsgGuardianProposeResponse.$Properties;
            }

            interface IMsgGuardianApprove extends optchain.circuit.v1.MsgGuardianApprove.$Properties {
            }

            class MsgGuardianApprove {
                constructor(properties?: optchain.circuit.v1.MsgGuardianApprove.$Properties);
                $unknowns?: Uint8Array[];
                guardian: string;
                proposalId: number;
                static create(properties: optchain.circuit.v1.MsgGuardianApprove.$Shape): optchain.circuit.v1.MsgGuardianApprove & optchain.circuit.v1.MsgGuardianApprove.$Shape;
                static create(properties?: optchain.circuit.v1.MsgGuardianApprove.$Properties): optchain.circuit.v1.MsgGuardianApprove;
                static encode(message: optchain.circuit.v1.MsgGuardianApprove.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.MsgGuardianApprove & optchain.circuit.v1.MsgGuardianApprove.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgGuardianApprove {
                interface $Properties {
                    guardian?: (string|null);
                    proposalId?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.MsgGuardianApprove.$Properties;
            }

            interface IMsgGuardianApproveResponse extends optchain.circuit.v1.MsgGuardianApproveResponse.$Properties {
            }

            class MsgGuardianApproveResponse {
                constructor(properties?: optchain.circuit.v1.MsgGuardianApproveResponse.$Properties);
                $unknowns?: Uint8Array[];
                executed: boolean;
                static create(properties: optchain.circuit.v1.MsgGuardianApproveResponse.$Shape): optchain.circuit.v1.MsgGuardianApproveResponse & optchain.circuit.v1.MsgGuardianApproveResponse.$Shape;
                static create(properties?: optchain.circuit.v1.MsgGuardianApproveResponse.$Properties): optchain.circuit.v1.MsgGuardianApproveResponse;
                static encode(message: optchain.circuit.v1.MsgGuardianApproveResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.circuit.v1.MsgGuardianApproveResponse & optchain.circuit.v1.MsgGuardianApproveResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgGuardianApproveResponse {
                interface $Properties {
                    executed?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.circuit.v1.MsgGuardianApproveResponse.$Properties;
            }
        }
    }

    namespace gov {

        namespace v1 {

            interface IQueryParamsRequest extends optchain.gov.v1.QueryParamsRequest.$Properties {
            }

            class QueryParamsRequest {
                constructor(properties?: optchain.gov.v1.QueryParamsRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.gov.v1.QueryParamsRequest.$Shape): optchain.gov.v1.QueryParamsRequest & optchain.gov.v1.QueryParamsRequest.$Shape;
                static create(properties?: optchain.gov.v1.QueryParamsRequest.$Properties): optchain.gov.v1.QueryParamsRequest;
                static encode(message: optchain.gov.v1.QueryParamsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryParamsRequest & optchain.gov.v1.QueryParamsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryParamsRequest.$Properties;
            }

            interface IQueryParamsResponse extends optchain.gov.v1.QueryParamsResponse.$Properties {
            }

            class QueryParamsResponse {
                constructor(properties?: optchain.gov.v1.QueryParamsResponse.$Properties);
                $unknowns?: Uint8Array[];
                params?: (optchain.gov.v1.Params.$Properties|null);
                static create(properties: optchain.gov.v1.QueryParamsResponse.$Shape): optchain.gov.v1.QueryParamsResponse & optchain.gov.v1.QueryParamsResponse.$Shape;
                static create(properties?: optchain.gov.v1.QueryParamsResponse.$Properties): optchain.gov.v1.QueryParamsResponse;
                static encode(message: optchain.gov.v1.QueryParamsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryParamsResponse & optchain.gov.v1.QueryParamsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsResponse {
                interface $Properties {
                    params?: (optchain.gov.v1.Params.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryParamsResponse.$Properties;
            }

            interface IQueryProposalRequest extends optchain.gov.v1.QueryProposalRequest.$Properties {
            }

            class QueryProposalRequest {
                constructor(properties?: optchain.gov.v1.QueryProposalRequest.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                static create(properties: optchain.gov.v1.QueryProposalRequest.$Shape): optchain.gov.v1.QueryProposalRequest & optchain.gov.v1.QueryProposalRequest.$Shape;
                static create(properties?: optchain.gov.v1.QueryProposalRequest.$Properties): optchain.gov.v1.QueryProposalRequest;
                static encode(message: optchain.gov.v1.QueryProposalRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryProposalRequest & optchain.gov.v1.QueryProposalRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryProposalRequest {
                interface $Properties {
                    proposalId?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryProposalRequest.$Properties;
            }

            interface IQueryProposalResponse extends optchain.gov.v1.QueryProposalResponse.$Properties {
            }

            class QueryProposalResponse {
                constructor(properties?: optchain.gov.v1.QueryProposalResponse.$Properties);
                $unknowns?: Uint8Array[];
                proposal?: (optchain.gov.v1.Proposal.$Properties|null);
                static create(properties: optchain.gov.v1.QueryProposalResponse.$Shape): optchain.gov.v1.QueryProposalResponse & optchain.gov.v1.QueryProposalResponse.$Shape;
                static create(properties?: optchain.gov.v1.QueryProposalResponse.$Properties): optchain.gov.v1.QueryProposalResponse;
                static encode(message: optchain.gov.v1.QueryProposalResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryProposalResponse & optchain.gov.v1.QueryProposalResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryProposalResponse {
                interface $Properties {
                    proposal?: (optchain.gov.v1.Proposal.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryProposalResponse.$Properties;
            }

            interface IQueryProposalsRequest extends optchain.gov.v1.QueryProposalsRequest.$Properties {
            }

            class QueryProposalsRequest {
                constructor(properties?: optchain.gov.v1.QueryProposalsRequest.$Properties);
                $unknowns?: Uint8Array[];
                status: string;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.gov.v1.QueryProposalsRequest.$Shape): optchain.gov.v1.QueryProposalsRequest & optchain.gov.v1.QueryProposalsRequest.$Shape;
                static create(properties?: optchain.gov.v1.QueryProposalsRequest.$Properties): optchain.gov.v1.QueryProposalsRequest;
                static encode(message: optchain.gov.v1.QueryProposalsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryProposalsRequest & optchain.gov.v1.QueryProposalsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryProposalsRequest {
                interface $Properties {
                    status?: (string|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryProposalsRequest.$Properties;
            }

            interface IQueryProposalsResponse extends optchain.gov.v1.QueryProposalsResponse.$Properties {
            }

            class QueryProposalsResponse {
                constructor(properties?: optchain.gov.v1.QueryProposalsResponse.$Properties);
                $unknowns?: Uint8Array[];
                proposals: optchain.gov.v1.Proposal.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.gov.v1.QueryProposalsResponse.$Shape): optchain.gov.v1.QueryProposalsResponse & optchain.gov.v1.QueryProposalsResponse.$Shape;
                static create(properties?: optchain.gov.v1.QueryProposalsResponse.$Properties): optchain.gov.v1.QueryProposalsResponse;
                static encode(message: optchain.gov.v1.QueryProposalsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryProposalsResponse & optchain.gov.v1.QueryProposalsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryProposalsResponse {
                interface $Properties {
                    proposals?: (optchain.gov.v1.Proposal.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryProposalsResponse.$Properties;
            }

            interface IQueryVotesRequest extends optchain.gov.v1.QueryVotesRequest.$Properties {
            }

            class QueryVotesRequest {
                constructor(properties?: optchain.gov.v1.QueryVotesRequest.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.gov.v1.QueryVotesRequest.$Shape): optchain.gov.v1.QueryVotesRequest & optchain.gov.v1.QueryVotesRequest.$Shape;
                static create(properties?: optchain.gov.v1.QueryVotesRequest.$Properties): optchain.gov.v1.QueryVotesRequest;
                static encode(message: optchain.gov.v1.QueryVotesRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryVotesRequest & optchain.gov.v1.QueryVotesRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryVotesRequest {
                interface $Properties {
                    proposalId?: (number|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryVotesRequest.$Properties;
            }

            interface IQueryVotesResponse extends optchain.gov.v1.QueryVotesResponse.$Properties {
            }

            class QueryVotesResponse {
                constructor(properties?: optchain.gov.v1.QueryVotesResponse.$Properties);
                $unknowns?: Uint8Array[];
                votes: optchain.gov.v1.Vote.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.gov.v1.QueryVotesResponse.$Shape): optchain.gov.v1.QueryVotesResponse & optchain.gov.v1.QueryVotesResponse.$Shape;
                static create(properties?: optchain.gov.v1.QueryVotesResponse.$Properties): optchain.gov.v1.QueryVotesResponse;
                static encode(message: optchain.gov.v1.QueryVotesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryVotesResponse & optchain.gov.v1.QueryVotesResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryVotesResponse {
                interface $Properties {
                    votes?: (optchain.gov.v1.Vote.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryVotesResponse.$Properties;
            }

            interface IQueryDepositsRequest extends optchain.gov.v1.QueryDepositsRequest.$Properties {
            }

            class QueryDepositsRequest {
                constructor(properties?: optchain.gov.v1.QueryDepositsRequest.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.gov.v1.QueryDepositsRequest.$Shape): optchain.gov.v1.QueryDepositsRequest & optchain.gov.v1.QueryDepositsRequest.$Shape;
                static create(properties?: optchain.gov.v1.QueryDepositsRequest.$Properties): optchain.gov.v1.QueryDepositsRequest;
                static encode(message: optchain.gov.v1.QueryDepositsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryDepositsRequest & optchain.gov.v1.QueryDepositsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryDepositsRequest {
                interface $Properties {
                    proposalId?: (number|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryDepositsRequest.$Properties;
            }

            interface IQueryDepositsResponse extends optchain.gov.v1.QueryDepositsResponse.$Properties {
            }

            class QueryDepositsResponse {
                constructor(properties?: optchain.gov.v1.QueryDepositsResponse.$Properties);
                $unknowns?: Uint8Array[];
                deposits: optchain.gov.v1.Deposit.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.gov.v1.QueryDepositsResponse.$Shape): optchain.gov.v1.QueryDepositsResponse & optchain.gov.v1.QueryDepositsResponse.$Shape;
                static create(properties?: optchain.gov.v1.QueryDepositsResponse.$Properties): optchain.gov.v1.QueryDepositsResponse;
                static encode(message: optchain.gov.v1.QueryDepositsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryDepositsResponse & optchain.gov.v1.QueryDepositsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryDepositsResponse {
                interface $Properties {
                    deposits?: (optchain.gov.v1.Deposit.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryDepositsResponse.$Properties;
            }

            interface IQueryAuthorityRequest extends optchain.gov.v1.QueryAuthorityRequest.$Properties {
            }

            class QueryAuthorityRequest {
                constructor(properties?: optchain.gov.v1.QueryAuthorityRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.gov.v1.QueryAuthorityRequest.$Shape): optchain.gov.v1.QueryAuthorityRequest & optchain.gov.v1.QueryAuthorityRequest.$Shape;
                static create(properties?: optchain.gov.v1.QueryAuthorityRequest.$Properties): optchain.gov.v1.QueryAuthorityRequest;
                static encode(message: optchain.gov.v1.QueryAuthorityRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryAuthorityRequest & optchain.gov.v1.QueryAuthorityRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAuthorityRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryAuthorityRequest.$Properties;
            }

            interface IQueryAuthorityResponse extends optchain.gov.v1.QueryAuthorityResponse.$Properties {
            }

            class QueryAuthorityResponse {
                constructor(properties?: optchain.gov.v1.QueryAuthorityResponse.$Properties);
                $unknowns?: Uint8Array[];
                authority: string;
                static create(properties: optchain.gov.v1.QueryAuthorityResponse.$Shape): optchain.gov.v1.QueryAuthorityResponse & optchain.gov.v1.QueryAuthorityResponse.$Shape;
                static create(properties?: optchain.gov.v1.QueryAuthorityResponse.$Properties): optchain.gov.v1.QueryAuthorityResponse;
                static encode(message: optchain.gov.v1.QueryAuthorityResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.QueryAuthorityResponse & optchain.gov.v1.QueryAuthorityResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAuthorityResponse {
                interface $Properties {
                    authority?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.QueryAuthorityResponse.$Properties;
            }

            interface IAny extends optchain.gov.v1.Any.$Properties {
            }

            class Any {
                constructor(properties?: optchain.gov.v1.Any.$Properties);
                $unknowns?: Uint8Array[];
                typeUrl: string;
                value: Uint8Array;
                static create(properties: optchain.gov.v1.Any.$Shape): optchain.gov.v1.Any & optchain.gov.v1.Any.$Shape;
                static create(properties?: optchain.gov.v1.Any.$Properties): optchain.gov.v1.Any;
                static encode(message: optchain.gov.v1.Any.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.Any & optchain.gov.v1.Any.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Any {
                interface $Properties {
                    typeUrl?: (string|null);
                    value?: (Uint8Array|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.Any.$Properties;
            }

            interface ICoin extends optchain.gov.v1.Coin.$Properties {
            }

            class Coin {
                constructor(properties?: optchain.gov.v1.Coin.$Properties);
                $unknowns?: Uint8Array[];
                denom: string;
                amount: string;
                static create(properties: optchain.gov.v1.Coin.$Shape): optchain.gov.v1.Coin & optchain.gov.v1.Coin.$Shape;
                static create(properties?: optchain.gov.v1.Coin.$Properties): optchain.gov.v1.Coin;
                static encode(message: optchain.gov.v1.Coin.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.Coin & optchain.gov.v1.Coin.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Coin {
                interface $Properties {
                    denom?: (string|null);
                    amount?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.Coin.$Properties;
            }

            enum VoteOption {
                VOTE_OPTION_UNSPECIFIED = 0,
                VOTE_OPTION_YES = 1,
                VOTE_OPTION_ABSTAIN = 2,
                VOTE_OPTION_NO = 3,
                VOTE_OPTION_NO_WITH_VETO = 4
            }

            interface ITallyResult extends optchain.gov.v1.TallyResult.$Properties {
            }

            class TallyResult {
                constructor(properties?: optchain.gov.v1.TallyResult.$Properties);
                $unknowns?: Uint8Array[];
                yes: string;
                abstain: string;
                no: string;
                noWithVeto: string;
                totalPower: string;
                static create(properties: optchain.gov.v1.TallyResult.$Shape): optchain.gov.v1.TallyResult & optchain.gov.v1.TallyResult.$Shape;
                static create(properties?: optchain.gov.v1.TallyResult.$Properties): optchain.gov.v1.TallyResult;
                static encode(message: optchain.gov.v1.TallyResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.TallyResult & optchain.gov.v1.TallyResult.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace TallyResult {
                interface $Properties {
                    yes?: (string|null);
                    abstain?: (string|null);
                    no?: (string|null);
                    noWithVeto?: (string|null);
                    totalPower?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.TallyResult.$Properties;
            }

            interface IProposal extends optchain.gov.v1.Proposal.$Properties {
            }

            class Proposal {
                constructor(properties?: optchain.gov.v1.Proposal.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                proposer: string;
                title: string;
                summary: string;
                messages: optchain.gov.v1.Any.$Properties[];
                status: string;
                totalDeposit: optchain.gov.v1.Coin.$Properties[];
                submitTimeNs: string;
                depositEndTimeNs: string;
                votingStartTimeNs: string;
                votingEndTimeNs: string;
                timelockEndTimeNs: string;
                tally?: (optchain.gov.v1.TallyResult.$Properties|null);
                vetoedByGuardianProposal: number;
                failedReason: string;
                executedHeight: number;
                static create(properties: optchain.gov.v1.Proposal.$Shape): optchain.gov.v1.Proposal & optchain.gov.v1.Proposal.$Shape;
                static create(properties?: optchain.gov.v1.Proposal.$Properties): optchain.gov.v1.Proposal;
                static encode(message: optchain.gov.v1.Proposal.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.Proposal & optchain.gov.v1.Proposal.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Proposal {
                interface $Properties {
                    id?: (number|null);
                    proposer?: (string|null);
                    title?: (string|null);
                    summary?: (string|null);
                    messages?: (optchain.gov.v1.Any.$Properties[]|null);
                    status?: (string|null);
                    totalDeposit?: (optchain.gov.v1.Coin.$Properties[]|null);
                    submitTimeNs?: (string|null);
                    depositEndTimeNs?: (string|null);
                    votingStartTimeNs?: (string|null);
                    votingEndTimeNs?: (string|null);
                    timelockEndTimeNs?: (string|null);
                    tally?: (optchain.gov.v1.TallyResult.$Properties|null);
                    vetoedByGuardianProposal?: (number|null);
                    failedReason?: (string|null);
                    executedHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.Proposal.$Properties;
            }

            interface IVote extends optchain.gov.v1.Vote.$Properties {
            }

            class Vote {
                constructor(properties?: optchain.gov.v1.Vote.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                voter: string;
                option: optchain.gov.v1.VoteOption;
                power: string;
                static create(properties: optchain.gov.v1.Vote.$Shape): optchain.gov.v1.Vote & optchain.gov.v1.Vote.$Shape;
                static create(properties?: optchain.gov.v1.Vote.$Properties): optchain.gov.v1.Vote;
                static encode(message: optchain.gov.v1.Vote.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.Vote & optchain.gov.v1.Vote.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Vote {
                interface $Properties {
                    proposalId?: (number|null);
                    voter?: (string|null);
                    option?: (optchain.gov.v1.VoteOption|null);
                    power?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.Vote.$Properties;
            }

            interface IDeposit extends optchain.gov.v1.Deposit.$Properties {
            }

            class Deposit {
                constructor(properties?: optchain.gov.v1.Deposit.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                depositor: string;
                amount: optchain.gov.v1.Coin.$Properties[];
                static create(properties: optchain.gov.v1.Deposit.$Shape): optchain.gov.v1.Deposit & optchain.gov.v1.Deposit.$Shape;
                static create(properties?: optchain.gov.v1.Deposit.$Properties): optchain.gov.v1.Deposit;
                static encode(message: optchain.gov.v1.Deposit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.Deposit & optchain.gov.v1.Deposit.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Deposit {
                interface $Properties {
                    proposalId?: (number|null);
                    depositor?: (string|null);
                    amount?: (optchain.gov.v1.Coin.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.Deposit.$Properties;
            }

            interface IParams extends optchain.gov.v1.Params.$Properties {
            }

            class Params {
                constructor(properties?: optchain.gov.v1.Params.$Properties);
                $unknowns?: Uint8Array[];
                minDeposit: optchain.gov.v1.Coin.$Properties[];
                maxDepositPeriodSeconds: number;
                votingPeriodSeconds: number;
                quorum: string;
                threshold: string;
                vetoThreshold: string;
                timelockSeconds: number;
                maxMessages: number;
                static create(properties: optchain.gov.v1.Params.$Shape): optchain.gov.v1.Params & optchain.gov.v1.Params.$Shape;
                static create(properties?: optchain.gov.v1.Params.$Properties): optchain.gov.v1.Params;
                static encode(message: optchain.gov.v1.Params.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.Params & optchain.gov.v1.Params.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Params {
                interface $Properties {
                    minDeposit?: (optchain.gov.v1.Coin.$Properties[]|null);
                    maxDepositPeriodSeconds?: (number|null);
                    votingPeriodSeconds?: (number|null);
                    quorum?: (string|null);
                    threshold?: (string|null);
                    vetoThreshold?: (string|null);
                    timelockSeconds?: (number|null);
                    maxMessages?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.Params.$Properties;
            }

            interface IMsgSubmitProposal extends optchain.gov.v1.MsgSubmitProposal.$Properties {
            }

            class MsgSubmitProposal {
                constructor(properties?: optchain.gov.v1.MsgSubmitProposal.$Properties);
                $unknowns?: Uint8Array[];
                proposer: string;
                messages: optchain.gov.v1.Any.$Properties[];
                initialDeposit: optchain.gov.v1.Coin.$Properties[];
                title: string;
                summary: string;
                static create(properties: optchain.gov.v1.MsgSubmitProposal.$Shape): optchain.gov.v1.MsgSubmitProposal & optchain.gov.v1.MsgSubmitProposal.$Shape;
                static create(properties?: optchain.gov.v1.MsgSubmitProposal.$Properties): optchain.gov.v1.MsgSubmitProposal;
                static encode(message: optchain.gov.v1.MsgSubmitProposal.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgSubmitProposal & optchain.gov.v1.MsgSubmitProposal.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgSubmitProposal {
                interface $Properties {
                    proposer?: (string|null);
                    messages?: (optchain.gov.v1.Any.$Properties[]|null);
                    initialDeposit?: (optchain.gov.v1.Coin.$Properties[]|null);
                    title?: (string|null);
                    summary?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgSubmitProposal.$Properties;
            }

            interface IMsgSubmitProposalResponse extends optchain.gov.v1.MsgSubmitProposalResponse.$Properties {
            }

            class MsgSubmitProposalResponse {
                constructor(properties?: optchain.gov.v1.MsgSubmitProposalResponse.$Properties);
                $unknowns?: Uint8Array[];
                proposalId: number;
                static create(properties: optchain.gov.v1.MsgSubmitProposalResponse.$Shape): optchain.gov.v1.MsgSubmitProposalResponse & optchain.gov.v1.MsgSubmitProposalResponse.$Shape;
                static create(properties?: optchain.gov.v1.MsgSubmitProposalResponse.$Properties): optchain.gov.v1.MsgSubmitProposalResponse;
                static encode(message: optchain.gov.v1.MsgSubmitProposalResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgSubmitProposalResponse & optchain.gov.v1.MsgSubmitProposalResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgSubmitProposalResponse {
                interface $Properties {
                    proposalId?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgSubmitProposalResponse.$Properties;
            }

            interface IMsgDeposit extends optchain.gov.v1.MsgDeposit.$Properties {
            }

            class MsgDeposit {
                constructor(properties?: optchain.gov.v1.MsgDeposit.$Properties);
                $unknowns?: Uint8Array[];
                depositor: string;
                proposalId: number;
                amount: optchain.gov.v1.Coin.$Properties[];
                static create(properties: optchain.gov.v1.MsgDeposit.$Shape): optchain.gov.v1.MsgDeposit & optchain.gov.v1.MsgDeposit.$Shape;
                static create(properties?: optchain.gov.v1.MsgDeposit.$Properties): optchain.gov.v1.MsgDeposit;
                static encode(message: optchain.gov.v1.MsgDeposit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgDeposit & optchain.gov.v1.MsgDeposit.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDeposit {
                interface $Properties {
                    depositor?: (string|null);
                    proposalId?: (number|null);
                    amount?: (optchain.gov.v1.Coin.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgDeposit.$Properties;
            }

            interface IMsgDepositResponse extends optchain.gov.v1.MsgDepositResponse.$Properties {
            }

            class MsgDepositResponse {
                constructor(properties?: optchain.gov.v1.MsgDepositResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.gov.v1.MsgDepositResponse.$Shape): optchain.gov.v1.MsgDepositResponse & optchain.gov.v1.MsgDepositResponse.$Shape;
                static create(properties?: optchain.gov.v1.MsgDepositResponse.$Properties): optchain.gov.v1.MsgDepositResponse;
                static encode(message: optchain.gov.v1.MsgDepositResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgDepositResponse & optchain.gov.v1.MsgDepositResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDepositResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgDepositResponse.$Properties;
            }

            interface IMsgVote extends optchain.gov.v1.MsgVote.$Properties {
            }

            class MsgVote {
                constructor(properties?: optchain.gov.v1.MsgVote.$Properties);
                $unknowns?: Uint8Array[];
                voter: string;
                proposalId: number;
                option: optchain.gov.v1.VoteOption;
                static create(properties: optchain.gov.v1.MsgVote.$Shape): optchain.gov.v1.MsgVote & optchain.gov.v1.MsgVote.$Shape;
                static create(properties?: optchain.gov.v1.MsgVote.$Properties): optchain.gov.v1.MsgVote;
                static encode(message: optchain.gov.v1.MsgVote.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgVote & optchain.gov.v1.MsgVote.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgVote {
                interface $Properties {
                    voter?: (string|null);
                    proposalId?: (number|null);
                    option?: (optchain.gov.v1.VoteOption|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgVote.$Properties;
            }

            interface IMsgVoteResponse extends optchain.gov.v1.MsgVoteResponse.$Properties {
            }

            class MsgVoteResponse {
                constructor(properties?: optchain.gov.v1.MsgVoteResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.gov.v1.MsgVoteResponse.$Shape): optchain.gov.v1.MsgVoteResponse & optchain.gov.v1.MsgVoteResponse.$Shape;
                static create(properties?: optchain.gov.v1.MsgVoteResponse.$Properties): optchain.gov.v1.MsgVoteResponse;
                static encode(message: optchain.gov.v1.MsgVoteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgVoteResponse & optchain.gov.v1.MsgVoteResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgVoteResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgVoteResponse.$Properties;
            }

            interface IMsgUpdateParams extends optchain.gov.v1.MsgUpdateParams.$Properties {
            }

            class MsgUpdateParams {
                constructor(properties?: optchain.gov.v1.MsgUpdateParams.$Properties);
                $unknowns?: Uint8Array[];
                authority: string;
                module: string;
                changes: string;
                static create(properties: optchain.gov.v1.MsgUpdateParams.$Shape): optchain.gov.v1.MsgUpdateParams & optchain.gov.v1.MsgUpdateParams.$Shape;
                static create(properties?: optchain.gov.v1.MsgUpdateParams.$Properties): optchain.gov.v1.MsgUpdateParams;
                static encode(message: optchain.gov.v1.MsgUpdateParams.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgUpdateParams & optchain.gov.v1.MsgUpdateParams.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgUpdateParams {
                interface $Properties {
                    authority?: (string|null);
                    module?: (string|null);
                    changes?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgUpdateParams.$Properties;
            }

            interface IMsgUpdateParamsResponse extends optchain.gov.v1.MsgUpdateParamsResponse.$Properties {
            }

            class MsgUpdateParamsResponse {
                constructor(properties?: optchain.gov.v1.MsgUpdateParamsResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.gov.v1.MsgUpdateParamsResponse.$Shape): optchain.gov.v1.MsgUpdateParamsResponse & optchain.gov.v1.MsgUpdateParamsResponse.$Shape;
                static create(properties?: optchain.gov.v1.MsgUpdateParamsResponse.$Properties): optchain.gov.v1.MsgUpdateParamsResponse;
                static encode(message: optchain.gov.v1.MsgUpdateParamsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.gov.v1.MsgUpdateParamsResponse & optchain.gov.v1.MsgUpdateParamsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgUpdateParamsResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.gov.v1.MsgUpdateParamsResponse.$Properties;
            }
        }
    }

    namespace options {

        namespace v1 {

            interface IQueryParamsRequest extends optchain.options.v1.QueryParamsRequest.$Properties {
            }

            class QueryParamsRequest {
                constructor(properties?: optchain.options.v1.QueryParamsRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.options.v1.QueryParamsRequest.$Shape): optchain.options.v1.QueryParamsRequest & optchain.options.v1.QueryParamsRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryParamsRequest.$Properties): optchain.options.v1.QueryParamsRequest;
                static encode(message: optchain.options.v1.QueryParamsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryParamsRequest & optchain.options.v1.QueryParamsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryParamsRequest.$Properties;
            }

            interface IQueryParamsResponse extends optchain.options.v1.QueryParamsResponse.$Properties {
            }

            class QueryParamsResponse {
                constructor(properties?: optchain.options.v1.QueryParamsResponse.$Properties);
                $unknowns?: Uint8Array[];
                params?: (optchain.options.v1.Params.$Properties|null);
                static create(properties: optchain.options.v1.QueryParamsResponse.$Shape): optchain.options.v1.QueryParamsResponse & optchain.options.v1.QueryParamsResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryParamsResponse.$Properties): optchain.options.v1.QueryParamsResponse;
                static encode(message: optchain.options.v1.QueryParamsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryParamsResponse & optchain.options.v1.QueryParamsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsResponse {
                interface $Properties {
                    params?: (optchain.options.v1.Params.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryParamsResponse.$Properties;
            }

            interface IQuerySeriesRequest extends optchain.options.v1.QuerySeriesRequest.$Properties {
            }

            class QuerySeriesRequest {
                constructor(properties?: optchain.options.v1.QuerySeriesRequest.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                static create(properties: optchain.options.v1.QuerySeriesRequest.$Shape): optchain.options.v1.QuerySeriesRequest & optchain.options.v1.QuerySeriesRequest.$Shape;
                static create(properties?: optchain.options.v1.QuerySeriesRequest.$Properties): optchain.options.v1.QuerySeriesRequest;
                static encode(message: optchain.options.v1.QuerySeriesRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QuerySeriesRequest & optchain.options.v1.QuerySeriesRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySeriesRequest {
                interface $Properties {
                    id?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QuerySeriesRequest.$Properties;
            }

            interface IQuerySeriesResponse extends optchain.options.v1.QuerySeriesResponse.$Properties {
            }

            class QuerySeriesResponse {
                constructor(properties?: optchain.options.v1.QuerySeriesResponse.$Properties);
                $unknowns?: Uint8Array[];
                series?: (optchain.options.v1.Series.$Properties|null);
                static create(properties: optchain.options.v1.QuerySeriesResponse.$Shape): optchain.options.v1.QuerySeriesResponse & optchain.options.v1.QuerySeriesResponse.$Shape;
                static create(properties?: optchain.options.v1.QuerySeriesResponse.$Properties): optchain.options.v1.QuerySeriesResponse;
                static encode(message: optchain.options.v1.QuerySeriesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QuerySeriesResponse & optchain.options.v1.QuerySeriesResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySeriesResponse {
                interface $Properties {
                    series?: (optchain.options.v1.Series.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QuerySeriesResponse.$Properties;
            }

            interface IQuerySeriesListRequest extends optchain.options.v1.QuerySeriesListRequest.$Properties {
            }

            class QuerySeriesListRequest {
                constructor(properties?: optchain.options.v1.QuerySeriesListRequest.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                includeSettled: boolean;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.options.v1.QuerySeriesListRequest.$Shape): optchain.options.v1.QuerySeriesListRequest & optchain.options.v1.QuerySeriesListRequest.$Shape;
                static create(properties?: optchain.options.v1.QuerySeriesListRequest.$Properties): optchain.options.v1.QuerySeriesListRequest;
                static encode(message: optchain.options.v1.QuerySeriesListRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QuerySeriesListRequest & optchain.options.v1.QuerySeriesListRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySeriesListRequest {
                interface $Properties {
                    underlying?: (string|null);
                    includeSettled?: (boolean|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QuerySeriesListRequest.$Properties;
            }

            interface IQuerySeriesListResponse extends optchain.options.v1.QuerySeriesListResponse.$Properties {
            }

            class QuerySeriesListResponse {
                constructor(properties?: optchain.options.v1.QuerySeriesListResponse.$Properties);
                $unknowns?: Uint8Array[];
                series: optchain.options.v1.Series.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.options.v1.QuerySeriesListResponse.$Shape): optchain.options.v1.QuerySeriesListResponse & optchain.options.v1.QuerySeriesListResponse.$Shape;
                static create(properties?: optchain.options.v1.QuerySeriesListResponse.$Properties): optchain.options.v1.QuerySeriesListResponse;
                static encode(message: optchain.options.v1.QuerySeriesListResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QuerySeriesListResponse & optchain.options.v1.QuerySeriesListResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySeriesListResponse {
                interface $Properties {
                    series?: (optchain.options.v1.Series.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QuerySeriesListResponse.$Properties;
            }

            interface IQueryBookRequest extends optchain.options.v1.QueryBookRequest.$Properties {
            }

            class QueryBookRequest {
                constructor(properties?: optchain.options.v1.QueryBookRequest.$Properties);
                $unknowns?: Uint8Array[];
                seriesId: number;
                depth: number;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                side: optchain.options.v1.Side;
                static create(properties: optchain.options.v1.QueryBookRequest.$Shape): optchain.options.v1.QueryBookRequest & optchain.options.v1.QueryBookRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryBookRequest.$Properties): optchain.options.v1.QueryBookRequest;
                static encode(message: optchain.options.v1.QueryBookRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryBookRequest & optchain.options.v1.QueryBookRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryBookRequest {
                interface $Properties {
                    seriesId?: (number|null);
                    depth?: (number|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    side?: (optchain.options.v1.Side|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryBookRequest.$Properties;
            }

            interface IQueryBookResponse extends optchain.options.v1.QueryBookResponse.$Properties {
            }

            class QueryBookResponse {
                constructor(properties?: optchain.options.v1.QueryBookResponse.$Properties);
                $unknowns?: Uint8Array[];
                bids: optchain.options.v1.BookLevel.$Properties[];
                asks: optchain.options.v1.BookLevel.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.options.v1.QueryBookResponse.$Shape): optchain.options.v1.QueryBookResponse & optchain.options.v1.QueryBookResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryBookResponse.$Properties): optchain.options.v1.QueryBookResponse;
                static encode(message: optchain.options.v1.QueryBookResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryBookResponse & optchain.options.v1.QueryBookResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryBookResponse {
                interface $Properties {
                    bids?: (optchain.options.v1.BookLevel.$Properties[]|null);
                    asks?: (optchain.options.v1.BookLevel.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryBookResponse.$Properties;
            }

            interface IQueryOrdersRequest extends optchain.options.v1.QueryOrdersRequest.$Properties {
            }

            class QueryOrdersRequest {
                constructor(properties?: optchain.options.v1.QueryOrdersRequest.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.options.v1.QueryOrdersRequest.$Shape): optchain.options.v1.QueryOrdersRequest & optchain.options.v1.QueryOrdersRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryOrdersRequest.$Properties): optchain.options.v1.QueryOrdersRequest;
                static encode(message: optchain.options.v1.QueryOrdersRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryOrdersRequest & optchain.options.v1.QueryOrdersRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryOrdersRequest {
                interface $Properties {
                    owner?: (string|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryOrdersRequest.$Properties;
            }

            interface IQueryOrdersResponse extends optchain.options.v1.QueryOrdersResponse.$Properties {
            }

            class QueryOrdersResponse {
                constructor(properties?: optchain.options.v1.QueryOrdersResponse.$Properties);
                $unknowns?: Uint8Array[];
                orders: optchain.options.v1.Order.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.options.v1.QueryOrdersResponse.$Shape): optchain.options.v1.QueryOrdersResponse & optchain.options.v1.QueryOrdersResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryOrdersResponse.$Properties): optchain.options.v1.QueryOrdersResponse;
                static encode(message: optchain.options.v1.QueryOrdersResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryOrdersResponse & optchain.options.v1.QueryOrdersResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryOrdersResponse {
                interface $Properties {
                    orders?: (optchain.options.v1.Order.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryOrdersResponse.$Properties;
            }

            interface IQueryAccountRequest extends optchain.options.v1.QueryAccountRequest.$Properties {
            }

            class QueryAccountRequest {
                constructor(properties?: optchain.options.v1.QueryAccountRequest.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                static create(properties: optchain.options.v1.QueryAccountRequest.$Shape): optchain.options.v1.QueryAccountRequest & optchain.options.v1.QueryAccountRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryAccountRequest.$Properties): optchain.options.v1.QueryAccountRequest;
                static encode(message: optchain.options.v1.QueryAccountRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryAccountRequest & optchain.options.v1.QueryAccountRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAccountRequest {
                interface $Properties {
                    owner?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryAccountRequest.$Properties;
            }

            interface IQueryAccountResponse extends optchain.options.v1.QueryAccountResponse.$Properties {
            }

            class QueryAccountResponse {
                constructor(properties?: optchain.options.v1.QueryAccountResponse.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                collateral: optchain.options.v1.CollateralBalance.$Properties[];
                collateralValue: string;
                positionValue: string;
                equity: string;
                initialMargin: string;
                maintenanceMargin: string;
                marginAvailable: boolean;
                marginUnavailableReason: string;
                standardMarginApplied: boolean;
                positions: optchain.options.v1.Position.$Properties[];
                underlyings: optchain.options.v1.UnderlyingRisk.$Properties[];
                static create(properties: optchain.options.v1.QueryAccountResponse.$Shape): optchain.options.v1.QueryAccountResponse & optchain.options.v1.QueryAccountResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryAccountResponse.$Properties): optchain.options.v1.QueryAccountResponse;
                static encode(message: optchain.options.v1.QueryAccountResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryAccountResponse & optchain.options.v1.QueryAccountResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAccountResponse {
                interface $Properties {
                    owner?: (string|null);
                    collateral?: (optchain.options.v1.CollateralBalance.$Properties[]|null);
                    collateralValue?: (string|null);
                    positionValue?: (string|null);
                    equity?: (string|null);
                    initialMargin?: (string|null);
                    maintenanceMargin?: (string|null);
                    marginAvailable?: (boolean|null);
                    marginUnavailableReason?: (string|null);
                    standardMarginApplied?: (boolean|null);
                    positions?: (optchain.options.v1.Position.$Properties[]|null);
                    underlyings?: (optchain.options.v1.UnderlyingRisk.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryAccountResponse.$Properties;
            }

            interface IQueryMarksRequest extends optchain.options.v1.QueryMarksRequest.$Properties {
            }

            class QueryMarksRequest {
                constructor(properties?: optchain.options.v1.QueryMarksRequest.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.options.v1.QueryMarksRequest.$Shape): optchain.options.v1.QueryMarksRequest & optchain.options.v1.QueryMarksRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryMarksRequest.$Properties): optchain.options.v1.QueryMarksRequest;
                static encode(message: optchain.options.v1.QueryMarksRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryMarksRequest & optchain.options.v1.QueryMarksRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMarksRequest {
                interface $Properties {
                    underlying?: (string|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryMarksRequest.$Properties;
            }

            interface ISeriesMark extends optchain.options.v1.SeriesMark.$Properties {
            }

            class SeriesMark {
                constructor(properties?: optchain.options.v1.SeriesMark.$Properties);
                $unknowns?: Uint8Array[];
                seriesId: number;
                seriesName: string;
                mark: string;
                greeks?: (optchain.options.v1.Greeks.$Properties|null);
                static create(properties: optchain.options.v1.SeriesMark.$Shape): optchain.options.v1.SeriesMark & optchain.options.v1.SeriesMark.$Shape;
                static create(properties?: optchain.options.v1.SeriesMark.$Properties): optchain.options.v1.SeriesMark;
                static encode(message: optchain.options.v1.SeriesMark.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.SeriesMark & optchain.options.v1.SeriesMark.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace SeriesMark {
                interface $Properties {
                    seriesId?: (number|null);
                    seriesName?: (string|null);
                    mark?: (string|null);
                    greeks?: (optchain.options.v1.Greeks.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.SeriesMark.$Properties;
            }

            interface IQueryMarksResponse extends optchain.options.v1.QueryMarksResponse.$Properties {
            }

            class QueryMarksResponse {
                constructor(properties?: optchain.options.v1.QueryMarksResponse.$Properties);
                $unknowns?: Uint8Array[];
                market?: (optchain.options.v1.UnderlyingRisk.$Properties|null);
                marks: optchain.options.v1.SeriesMark.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.options.v1.QueryMarksResponse.$Shape): optchain.options.v1.QueryMarksResponse & optchain.options.v1.QueryMarksResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryMarksResponse.$Properties): optchain.options.v1.QueryMarksResponse;
                static encode(message: optchain.options.v1.QueryMarksResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryMarksResponse & optchain.options.v1.QueryMarksResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMarksResponse {
                interface $Properties {
                    market?: (optchain.options.v1.UnderlyingRisk.$Properties|null);
                    marks?: (optchain.options.v1.SeriesMark.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryMarksResponse.$Properties;
            }

            interface IQueryInsuranceFundRequest extends optchain.options.v1.QueryInsuranceFundRequest.$Properties {
            }

            class QueryInsuranceFundRequest {
                constructor(properties?: optchain.options.v1.QueryInsuranceFundRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.options.v1.QueryInsuranceFundRequest.$Shape): optchain.options.v1.QueryInsuranceFundRequest & optchain.options.v1.QueryInsuranceFundRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryInsuranceFundRequest.$Properties): optchain.options.v1.QueryInsuranceFundRequest;
                static encode(message: optchain.options.v1.QueryInsuranceFundRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryInsuranceFundRequest & optchain.options.v1.QueryInsuranceFundRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryInsuranceFundRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryInsuranceFundRequest.$Properties;
            }

            interface IQueryInsuranceFundResponse extends optchain.options.v1.QueryInsuranceFundResponse.$Properties {
            }

            class QueryInsuranceFundResponse {
                constructor(properties?: optchain.options.v1.QueryInsuranceFundResponse.$Properties);
                $unknowns?: Uint8Array[];
                address: string;
                collateral: optchain.options.v1.CollateralBalance.$Properties[];
                positions: optchain.options.v1.Position.$Properties[];
                equity: string;
                totalShares: string;
                pendingWithdrawals: optchain.options.v1.BackstopWithdrawal.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.options.v1.QueryInsuranceFundResponse.$Shape): optchain.options.v1.QueryInsuranceFundResponse & optchain.options.v1.QueryInsuranceFundResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryInsuranceFundResponse.$Properties): optchain.options.v1.QueryInsuranceFundResponse;
                static encode(message: optchain.options.v1.QueryInsuranceFundResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryInsuranceFundResponse & optchain.options.v1.QueryInsuranceFundResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryInsuranceFundResponse {
                interface $Properties {
                    address?: (string|null);
                    collateral?: (optchain.options.v1.CollateralBalance.$Properties[]|null);
                    positions?: (optchain.options.v1.Position.$Properties[]|null);
                    equity?: (string|null);
                    totalShares?: (string|null);
                    pendingWithdrawals?: (optchain.options.v1.BackstopWithdrawal.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryInsuranceFundResponse.$Properties;
            }

            interface IQueryBackstopRequest extends optchain.options.v1.QueryBackstopRequest.$Properties {
            }

            class QueryBackstopRequest {
                constructor(properties?: optchain.options.v1.QueryBackstopRequest.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.options.v1.QueryBackstopRequest.$Shape): optchain.options.v1.QueryBackstopRequest & optchain.options.v1.QueryBackstopRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryBackstopRequest.$Properties): optchain.options.v1.QueryBackstopRequest;
                static encode(message: optchain.options.v1.QueryBackstopRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryBackstopRequest & optchain.options.v1.QueryBackstopRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryBackstopRequest {
                interface $Properties {
                    owner?: (string|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryBackstopRequest.$Properties;
            }

            interface IQueryBackstopResponse extends optchain.options.v1.QueryBackstopResponse.$Properties {
            }

            class QueryBackstopResponse {
                constructor(properties?: optchain.options.v1.QueryBackstopResponse.$Properties);
                $unknowns?: Uint8Array[];
                shares: string;
                value: string;
                pendingWithdrawals: optchain.options.v1.BackstopWithdrawal.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.options.v1.QueryBackstopResponse.$Shape): optchain.options.v1.QueryBackstopResponse & optchain.options.v1.QueryBackstopResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryBackstopResponse.$Properties): optchain.options.v1.QueryBackstopResponse;
                static encode(message: optchain.options.v1.QueryBackstopResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryBackstopResponse & optchain.options.v1.QueryBackstopResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryBackstopResponse {
                interface $Properties {
                    shares?: (string|null);
                    value?: (string|null);
                    pendingWithdrawals?: (optchain.options.v1.BackstopWithdrawal.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryBackstopResponse.$Properties;
            }

            interface IQueryOpenInterestRequest extends optchain.options.v1.QueryOpenInterestRequest.$Properties {
            }

            class QueryOpenInterestRequest {
                constructor(properties?: optchain.options.v1.QueryOpenInterestRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.options.v1.QueryOpenInterestRequest.$Shape): optchain.options.v1.QueryOpenInterestRequest & optchain.options.v1.QueryOpenInterestRequest.$Shape;
                static create(properties?: optchain.options.v1.QueryOpenInterestRequest.$Properties): optchain.options.v1.QueryOpenInterestRequest;
                static encode(message: optchain.options.v1.QueryOpenInterestRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryOpenInterestRequest & optchain.options.v1.QueryOpenInterestRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryOpenInterestRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryOpenInterestRequest.$Properties;
            }

            interface ISeriesOpenInterest extends optchain.options.v1.SeriesOpenInterest.$Properties {
            }

            class SeriesOpenInterest {
                constructor(properties?: optchain.options.v1.SeriesOpenInterest.$Properties);
                $unknowns?: Uint8Array[];
                seriesId: number;
                contracts: number;
                static create(properties: optchain.options.v1.SeriesOpenInterest.$Shape): optchain.options.v1.SeriesOpenInterest & optchain.options.v1.SeriesOpenInterest.$Shape;
                static create(properties?: optchain.options.v1.SeriesOpenInterest.$Properties): optchain.options.v1.SeriesOpenInterest;
                static encode(message: optchain.options.v1.SeriesOpenInterest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.SeriesOpenInterest & optchain.options.v1.SeriesOpenInterest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace SeriesOpenInterest {
                interface $Properties {
                    seriesId?: (number|null);
                    contracts?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.SeriesOpenInterest.$Properties;
            }

            interface IQueryOpenInterestResponse extends optchain.options.v1.QueryOpenInterestResponse.$Properties {
            }

            class QueryOpenInterestResponse {
                constructor(properties?: optchain.options.v1.QueryOpenInterestResponse.$Properties);
                $unknowns?: Uint8Array[];
                openInterest: optchain.options.v1.SeriesOpenInterest.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.options.v1.QueryOpenInterestResponse.$Shape): optchain.options.v1.QueryOpenInterestResponse & optchain.options.v1.QueryOpenInterestResponse.$Shape;
                static create(properties?: optchain.options.v1.QueryOpenInterestResponse.$Properties): optchain.options.v1.QueryOpenInterestResponse;
                static encode(message: optchain.options.v1.QueryOpenInterestResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.QueryOpenInterestResponse & optchain.options.v1.QueryOpenInterestResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryOpenInterestResponse {
                interface $Properties {
                    openInterest?: (optchain.options.v1.SeriesOpenInterest.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.QueryOpenInterestResponse.$Properties;
            }

            enum OptionKind {
                OPTION_KIND_UNSPECIFIED = 0,
                OPTION_KIND_CALL = 1,
                OPTION_KIND_PUT = 2
            }

            enum Side {
                SIDE_UNSPECIFIED = 0,
                SIDE_BUY = 1,
                SIDE_SELL = 2
            }

            enum TimeInForce {
                TIME_IN_FORCE_UNSPECIFIED = 0,
                TIME_IN_FORCE_GTC = 1,
                TIME_IN_FORCE_IOC = 2,
                TIME_IN_FORCE_POST_ONLY = 3
            }

            enum SeriesStatus {
                SERIES_STATUS_UNSPECIFIED = 0,
                SERIES_STATUS_ACTIVE = 1,
                SERIES_STATUS_EXPIRED = 2,
                SERIES_STATUS_SETTLED = 3,
                SERIES_STATUS_SETTLING = 4
            }

            interface ISeries extends optchain.options.v1.Series.$Properties {
            }

            class Series {
                constructor(properties?: optchain.options.v1.Series.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                name: string;
                underlying: string;
                quoteDenom: string;
                kind: optchain.options.v1.OptionKind;
                strike: string;
                expiryUnix: number;
                contractSize: string;
                status: optchain.options.v1.SeriesStatus;
                settlementPrice: string;
                static create(properties: optchain.options.v1.Series.$Shape): optchain.options.v1.Series & optchain.options.v1.Series.$Shape;
                static create(properties?: optchain.options.v1.Series.$Properties): optchain.options.v1.Series;
                static encode(message: optchain.options.v1.Series.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.Series & optchain.options.v1.Series.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Series {
                interface $Properties {
                    id?: (number|null);
                    name?: (string|null);
                    underlying?: (string|null);
                    quoteDenom?: (string|null);
                    kind?: (optchain.options.v1.OptionKind|null);
                    strike?: (string|null);
                    expiryUnix?: (number|null);
                    contractSize?: (string|null);
                    status?: (optchain.options.v1.SeriesStatus|null);
                    settlementPrice?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.Series.$Properties;
            }

            interface IOrder extends optchain.options.v1.Order.$Properties {
            }

            class Order {
                constructor(properties?: optchain.options.v1.Order.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                owner: string;
                seriesId: number;
                side: optchain.options.v1.Side;
                quantity: number;
                remaining: number;
                price: string;
                timeInForce: optchain.options.v1.TimeInForce;
                clientOrderId: string;
                placedHeight: number;
                static create(properties: optchain.options.v1.Order.$Shape): optchain.options.v1.Order & optchain.options.v1.Order.$Shape;
                static create(properties?: optchain.options.v1.Order.$Properties): optchain.options.v1.Order;
                static encode(message: optchain.options.v1.Order.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.Order & optchain.options.v1.Order.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Order {
                interface $Properties {
                    id?: (number|null);
                    owner?: (string|null);
                    seriesId?: (number|null);
                    side?: (optchain.options.v1.Side|null);
                    quantity?: (number|null);
                    remaining?: (number|null);
                    price?: (string|null);
                    timeInForce?: (optchain.options.v1.TimeInForce|null);
                    clientOrderId?: (string|null);
                    placedHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.Order.$Properties;
            }

            interface IFill extends optchain.options.v1.Fill.$Properties {
            }

            class Fill {
                constructor(properties?: optchain.options.v1.Fill.$Properties);
                $unknowns?: Uint8Array[];
                makerOrderId: number;
                maker: string;
                quantity: number;
                price: string;
                static create(properties: optchain.options.v1.Fill.$Shape): optchain.options.v1.Fill & optchain.options.v1.Fill.$Shape;
                static create(properties?: optchain.options.v1.Fill.$Properties): optchain.options.v1.Fill;
                static encode(message: optchain.options.v1.Fill.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.Fill & optchain.options.v1.Fill.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Fill {
                interface $Properties {
                    makerOrderId?: (number|null);
                    maker?: (string|null);
                    quantity?: (number|null);
                    price?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.Fill.$Properties;
            }

            interface ICollateralBalance extends optchain.options.v1.CollateralBalance.$Properties {
            }

            class CollateralBalance {
                constructor(properties?: optchain.options.v1.CollateralBalance.$Properties);
                $unknowns?: Uint8Array[];
                denom: string;
                amount: string;
                price: string;
                haircut: string;
                value: string;
                static create(properties: optchain.options.v1.CollateralBalance.$Shape): optchain.options.v1.CollateralBalance & optchain.options.v1.CollateralBalance.$Shape;
                static create(properties?: optchain.options.v1.CollateralBalance.$Properties): optchain.options.v1.CollateralBalance;
                static encode(message: optchain.options.v1.CollateralBalance.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.CollateralBalance & optchain.options.v1.CollateralBalance.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace CollateralBalance {
                interface $Properties {
                    denom?: (string|null);
                    amount?: (string|null);
                    price?: (string|null);
                    haircut?: (string|null);
                    value?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.CollateralBalance.$Properties;
            }

            interface IGreeks extends optchain.options.v1.Greeks.$Properties {
            }

            class Greeks {
                constructor(properties?: optchain.options.v1.Greeks.$Properties);
                $unknowns?: Uint8Array[];
                delta: string;
                gamma: string;
                vega: string;
                theta: string;
                static create(properties: optchain.options.v1.Greeks.$Shape): optchain.options.v1.Greeks & optchain.options.v1.Greeks.$Shape;
                static create(properties?: optchain.options.v1.Greeks.$Properties): optchain.options.v1.Greeks;
                static encode(message: optchain.options.v1.Greeks.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.Greeks & optchain.options.v1.Greeks.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Greeks {
                interface $Properties {
                    delta?: (string|null);
                    gamma?: (string|null);
                    vega?: (string|null);
                    theta?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.Greeks.$Properties;
            }

            interface IPosition extends optchain.options.v1.Position.$Properties {
            }

            class Position {
                constructor(properties?: optchain.options.v1.Position.$Properties);
                $unknowns?: Uint8Array[];
                seriesId: number;
                seriesName: string;
                quantity: string;
                cost: string;
                mark: string;
                value: string;
                unrealisedPnl: string;
                greeks?: (optchain.options.v1.Greeks.$Properties|null);
                static create(properties: optchain.options.v1.Position.$Shape): optchain.options.v1.Position & optchain.options.v1.Position.$Shape;
                static create(properties?: optchain.options.v1.Position.$Properties): optchain.options.v1.Position;
                static encode(message: optchain.options.v1.Position.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.Position & optchain.options.v1.Position.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Position {
                interface $Properties {
                    seriesId?: (number|null);
                    seriesName?: (string|null);
                    quantity?: (string|null);
                    cost?: (string|null);
                    mark?: (string|null);
                    value?: (string|null);
                    unrealisedPnl?: (string|null);
                    greeks?: (optchain.options.v1.Greeks.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.Position.$Properties;
            }

            interface IUnderlyingRisk extends optchain.options.v1.UnderlyingRisk.$Properties {
            }

            class UnderlyingRisk {
                constructor(properties?: optchain.options.v1.UnderlyingRisk.$Properties);
                $unknowns?: Uint8Array[];
                underlying: string;
                spot: string;
                markVol: string;
                marginVol: string;
                regime: string;
                volSource: string;
                worstScenario: string;
                worstLoss: string;
                contingency: string;
                greeks?: (optchain.options.v1.Greeks.$Properties|null);
                static create(properties: optchain.options.v1.UnderlyingRisk.$Shape): optchain.options.v1.UnderlyingRisk & optchain.options.v1.UnderlyingRisk.$Shape;
                static create(properties?: optchain.options.v1.UnderlyingRisk.$Properties): optchain.options.v1.UnderlyingRisk;
                static encode(message: optchain.options.v1.UnderlyingRisk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.UnderlyingRisk & optchain.options.v1.UnderlyingRisk.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace UnderlyingRisk {
                interface $Properties {
                    underlying?: (string|null);
                    spot?: (string|null);
                    markVol?: (string|null);
                    marginVol?: (string|null);
                    regime?: (string|null);
                    volSource?: (string|null);
                    worstScenario?: (string|null);
                    worstLoss?: (string|null);
                    contingency?: (string|null);
                    greeks?: (optchain.options.v1.Greeks.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.UnderlyingRisk.$Properties;
            }

            interface IBookLevel extends optchain.options.v1.BookLevel.$Properties {
            }

            class BookLevel {
                constructor(properties?: optchain.options.v1.BookLevel.$Properties);
                $unknowns?: Uint8Array[];
                price: string;
                quantity: number;
                orders: number;
                static create(properties: optchain.options.v1.BookLevel.$Shape): optchain.options.v1.BookLevel & optchain.options.v1.BookLevel.$Shape;
                static create(properties?: optchain.options.v1.BookLevel.$Properties): optchain.options.v1.BookLevel;
                static encode(message: optchain.options.v1.BookLevel.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.BookLevel & optchain.options.v1.BookLevel.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace BookLevel {
                interface $Properties {
                    price?: (string|null);
                    quantity?: (number|null);
                    orders?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.BookLevel.$Properties;
            }

            interface ICollateralParam extends optchain.options.v1.CollateralParam.$Properties {
            }

            class CollateralParam {
                constructor(properties?: optchain.options.v1.CollateralParam.$Properties);
                $unknowns?: Uint8Array[];
                denom: string;
                oracleAsset: string;
                haircut: string;
                maxPerAccount: string;
                maxTotal: string;
                calmVol: string;
                volHaircutSlope: string;
                volWindowS: number;
                static create(properties: optchain.options.v1.CollateralParam.$Shape): optchain.options.v1.CollateralParam & optchain.options.v1.CollateralParam.$Shape;
                static create(properties?: optchain.options.v1.CollateralParam.$Properties): optchain.options.v1.CollateralParam;
                static encode(message: optchain.options.v1.CollateralParam.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.CollateralParam & optchain.options.v1.CollateralParam.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace CollateralParam {
                interface $Properties {
                    denom?: (string|null);
                    oracleAsset?: (string|null);
                    haircut?: (string|null);
                    maxPerAccount?: (string|null);
                    maxTotal?: (string|null);
                    calmVol?: (string|null);
                    volHaircutSlope?: (string|null);
                    volWindowS?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.CollateralParam.$Properties;
            }

            interface IParams extends optchain.options.v1.Params.$Properties {
            }

            class Params {
                constructor(properties?: optchain.options.v1.Params.$Properties);
                $unknowns?: Uint8Array[];
                authority: string;
                collateral: optchain.options.v1.CollateralParam.$Properties[];
                imFactor: string;
                spotShockStep: string;
                spotShockSteps: number;
                extremeSpotShock: string;
                maxSpotShock: string;
                volUpCoeff: string;
                volDownCoeff: string;
                shortExpiryPower: string;
                longExpiryPower: string;
                contingencyRate: string;
                stdImRate: string;
                stdImMinRate: string;
                stdMmRate: string;
                calmVol: string;
                volFloor: string;
                maxRegime: string;
                ewmaLambda: string;
                ewmaMinIntervalS: number;
                maxLiquidationsPerBlock: number;
                liquidationPenalty: string;
                liquidationSteps: number;
                settlementWindowS: number;
                maxSettlementsPerBlock: number;
                backstopWithdrawalDelayS: number;
                maxOpenOrdersPerAccount: number;
                maxPositionsPerAccount: number;
                maxOrderQuantity: number;
                maxFillsPerOrder: number;
                maxAccountsScannedPerBlock: number;
                maxSettlementItemsPerBlock: number;
                liquidationWatchRatio: string;
                extendedSpotShocks: string[];
                extendedWeight: string;
                maxFillPriceDeviation: string;
                minPriceTick: number;
                maxFundMargin: string;
                auctionStartDiscount: string;
                auctionFloorDiscount: string;
                auctionBlocks: number;
                static create(properties: optchain.options.v1.Params.$Shape): optchain.options.v1.Params & optchain.options.v1.Params.$Shape;
                static create(properties?: optchain.options.v1.Params.$Properties): optchain.options.v1.Params;
                static encode(message: optchain.options.v1.Params.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.Params & optchain.options.v1.Params.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Params {
                interface $Properties {
                    authority?: (string|null);
                    collateral?: (optchain.options.v1.CollateralParam.$Properties[]|null);
                    imFactor?: (string|null);
                    spotShockStep?: (string|null);
                    spotShockSteps?: (number|null);
                    extremeSpotShock?: (string|null);
                    maxSpotShock?: (string|null);
                    volUpCoeff?: (string|null);
                    volDownCoeff?: (string|null);
                    shortExpiryPower?: (string|null);
                    longExpiryPower?: (string|null);
                    contingencyRate?: (string|null);
                    stdImRate?: (string|null);
                    stdImMinRate?: (string|null);
                    stdMmRate?: (string|null);
                    calmVol?: (string|null);
                    volFloor?: (string|null);
                    maxRegime?: (string|null);
                    ewmaLambda?: (string|null);
                    ewmaMinIntervalS?: (number|null);
                    maxLiquidationsPerBlock?: (number|null);
                    liquidationPenalty?: (string|null);
                    liquidationSteps?: (number|null);
                    settlementWindowS?: (number|null);
                    maxSettlementsPerBlock?: (number|null);
                    backstopWithdrawalDelayS?: (number|null);
                    maxOpenOrdersPerAccount?: (number|null);
                    maxPositionsPerAccount?: (number|null);
                    maxOrderQuantity?: (number|null);
                    maxFillsPerOrder?: (number|null);
                    maxAccountsScannedPerBlock?: (number|null);
                    maxSettlementItemsPerBlock?: (number|null);
                    liquidationWatchRatio?: (string|null);
                    extendedSpotShocks?: (string[]|null);
                    extendedWeight?: (string|null);
                    maxFillPriceDeviation?: (string|null);
                    minPriceTick?: (number|null);
                    maxFundMargin?: (string|null);
                    auctionStartDiscount?: (string|null);
                    auctionFloorDiscount?: (string|null);
                    auctionBlocks?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.Params.$Properties;
            }

            interface IBackstopWithdrawal extends optchain.options.v1.BackstopWithdrawal.$Properties {
            }

            class BackstopWithdrawal {
                constructor(properties?: optchain.options.v1.BackstopWithdrawal.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                shares: string;
                releaseUnix: number;
                static create(properties: optchain.options.v1.BackstopWithdrawal.$Shape): optchain.options.v1.BackstopWithdrawal & optchain.options.v1.BackstopWithdrawal.$Shape;
                static create(properties?: optchain.options.v1.BackstopWithdrawal.$Properties): optchain.options.v1.BackstopWithdrawal;
                static encode(message: optchain.options.v1.BackstopWithdrawal.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.BackstopWithdrawal & optchain.options.v1.BackstopWithdrawal.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace BackstopWithdrawal {
                interface $Properties {
                    owner?: (string|null);
                    shares?: (string|null);
                    releaseUnix?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.BackstopWithdrawal.$Properties;
            }

            interface IMsgListSeries extends optchain.options.v1.MsgListSeries.$Properties {
            }

            class MsgListSeries {
                constructor(properties?: optchain.options.v1.MsgListSeries.$Properties);
                $unknowns?: Uint8Array[];
                authority: string;
                underlying: string;
                strikes: string[];
                expiriesUnix: number[];
                kinds: optchain.options.v1.OptionKind[];
                contractSize: string;
                static create(properties: optchain.options.v1.MsgListSeries.$Shape): optchain.options.v1.MsgListSeries & optchain.options.v1.MsgListSeries.$Shape;
                static create(properties?: optchain.options.v1.MsgListSeries.$Properties): optchain.options.v1.MsgListSeries;
                static encode(message: optchain.options.v1.MsgListSeries.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgListSeries & optchain.options.v1.MsgListSeries.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgListSeries {
                interface $Properties {
                    authority?: (string|null);
                    underlying?: (string|null);
                    strikes?: (string[]|null);
                    expiriesUnix?: (number[]|null);
                    kinds?: (optchain.options.v1.OptionKind[]|null);
                    contractSize?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgListSeries.$Properties;
            }

            interface IMsgListSeriesResponse extends optchain.options.v1.MsgListSeriesResponse.$Properties {
            }

            class MsgListSeriesResponse {
                constructor(properties?: optchain.options.v1.MsgListSeriesResponse.$Properties);
                $unknowns?: Uint8Array[];
                seriesIds: number[];
                static create(properties: optchain.options.v1.MsgListSeriesResponse.$Shape): optchain.options.v1.MsgListSeriesResponse & optchain.options.v1.MsgListSeriesResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgListSeriesResponse.$Properties): optchain.options.v1.MsgListSeriesResponse;
                static encode(message: optchain.options.v1.MsgListSeriesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgListSeriesResponse & optchain.options.v1.MsgListSeriesResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgListSeriesResponse {
                interface $Properties {
                    seriesIds?: (number[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgListSeriesResponse.$Properties;
            }

            interface IMsgDepositCollateral extends optchain.options.v1.MsgDepositCollateral.$Properties {
            }

            class MsgDepositCollateral {
                constructor(properties?: optchain.options.v1.MsgDepositCollateral.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                denom: string;
                amount: string;
                static create(properties: optchain.options.v1.MsgDepositCollateral.$Shape): optchain.options.v1.MsgDepositCollateral & optchain.options.v1.MsgDepositCollateral.$Shape;
                static create(properties?: optchain.options.v1.MsgDepositCollateral.$Properties): optchain.options.v1.MsgDepositCollateral;
                static encode(message: optchain.options.v1.MsgDepositCollateral.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgDepositCollateral & optchain.options.v1.MsgDepositCollateral.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDepositCollateral {
                interface $Properties {
                    owner?: (string|null);
                    denom?: (string|null);
                    amount?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgDepositCollateral.$Properties;
            }

            interface IMsgDepositCollateralResponse extends optchain.options.v1.MsgDepositCollateralResponse.$Properties {
            }

            class MsgDepositCollateralResponse {
                constructor(properties?: optchain.options.v1.MsgDepositCollateralResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.options.v1.MsgDepositCollateralResponse.$Shape): optchain.options.v1.MsgDepositCollateralResponse & optchain.options.v1.MsgDepositCollateralResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgDepositCollateralResponse.$Properties): optchain.options.v1.MsgDepositCollateralResponse;
                static encode(message: optchain.options.v1.MsgDepositCollateralResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgDepositCollateralResponse & optchain.options.v1.MsgDepositCollateralResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDepositCollateralResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgDepositCollateralResponse.$Properties;
            }

            interface IMsgWithdrawCollateral extends optchain.options.v1.MsgWithdrawCollateral.$Properties {
            }

            class MsgWithdrawCollateral {
                constructor(properties?: optchain.options.v1.MsgWithdrawCollateral.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                denom: string;
                amount: string;
                static create(properties: optchain.options.v1.MsgWithdrawCollateral.$Shape): optchain.options.v1.MsgWithdrawCollateral & optchain.options.v1.MsgWithdrawCollateral.$Shape;
                static create(properties?: optchain.options.v1.MsgWithdrawCollateral.$Properties): optchain.options.v1.MsgWithdrawCollateral;
                static encode(message: optchain.options.v1.MsgWithdrawCollateral.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgWithdrawCollateral & optchain.options.v1.MsgWithdrawCollateral.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgWithdrawCollateral {
                interface $Properties {
                    owner?: (string|null);
                    denom?: (string|null);
                    amount?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgWithdrawCollateral.$Properties;
            }

            interface IMsgWithdrawCollateralResponse extends optchain.options.v1.MsgWithdrawCollateralResponse.$Properties {
            }

            class MsgWithdrawCollateralResponse {
                constructor(properties?: optchain.options.v1.MsgWithdrawCollateralResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.options.v1.MsgWithdrawCollateralResponse.$Shape): optchain.options.v1.MsgWithdrawCollateralResponse & optchain.options.v1.MsgWithdrawCollateralResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgWithdrawCollateralResponse.$Properties): optchain.options.v1.MsgWithdrawCollateralResponse;
                static encode(message: optchain.options.v1.MsgWithdrawCollateralResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgWithdrawCollateralResponse & optchain.options.v1.MsgWithdrawCollateralResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgWithdrawCollateralResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgWithdrawCollateralResponse.$Properties;
            }

            interface IMsgPlaceOrder extends optchain.options.v1.MsgPlaceOrder.$Properties {
            }

            class MsgPlaceOrder {
                constructor(properties?: optchain.options.v1.MsgPlaceOrder.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                seriesId: number;
                side: optchain.options.v1.Side;
                quantity: number;
                price: string;
                timeInForce: optchain.options.v1.TimeInForce;
                clientOrderId: string;
                static create(properties: optchain.options.v1.MsgPlaceOrder.$Shape): optchain.options.v1.MsgPlaceOrder & optchain.options.v1.MsgPlaceOrder.$Shape;
                static create(properties?: optchain.options.v1.MsgPlaceOrder.$Properties): optchain.options.v1.MsgPlaceOrder;
                static encode(message: optchain.options.v1.MsgPlaceOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgPlaceOrder & optchain.options.v1.MsgPlaceOrder.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgPlaceOrder {
                interface $Properties {
                    owner?: (string|null);
                    seriesId?: (number|null);
                    side?: (optchain.options.v1.Side|null);
                    quantity?: (number|null);
                    price?: (string|null);
                    timeInForce?: (optchain.options.v1.TimeInForce|null);
                    clientOrderId?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgPlaceOrder.$Properties;
            }

            interface IMsgPlaceOrderResponse extends optchain.options.v1.MsgPlaceOrderResponse.$Properties {
            }

            class MsgPlaceOrderResponse {
                constructor(properties?: optchain.options.v1.MsgPlaceOrderResponse.$Properties);
                $unknowns?: Uint8Array[];
                orderId: number;
                filledQuantity: number;
                restingQuantity: number;
                fills: optchain.options.v1.Fill.$Properties[];
                static create(properties: optchain.options.v1.MsgPlaceOrderResponse.$Shape): optchain.options.v1.MsgPlaceOrderResponse & optchain.options.v1.MsgPlaceOrderResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgPlaceOrderResponse.$Properties): optchain.options.v1.MsgPlaceOrderResponse;
                static encode(message: optchain.options.v1.MsgPlaceOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgPlaceOrderResponse & optchain.options.v1.MsgPlaceOrderResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgPlaceOrderResponse {
                interface $Properties {
                    orderId?: (number|null);
                    filledQuantity?: (number|null);
                    restingQuantity?: (number|null);
                    fills?: (optchain.options.v1.Fill.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgPlaceOrderResponse.$Properties;
            }

            interface IMsgCancelOrder extends optchain.options.v1.MsgCancelOrder.$Properties {
            }

            class MsgCancelOrder {
                constructor(properties?: optchain.options.v1.MsgCancelOrder.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                orderId: number;
                clientOrderId: string;
                static create(properties: optchain.options.v1.MsgCancelOrder.$Shape): optchain.options.v1.MsgCancelOrder & optchain.options.v1.MsgCancelOrder.$Shape;
                static create(properties?: optchain.options.v1.MsgCancelOrder.$Properties): optchain.options.v1.MsgCancelOrder;
                static encode(message: optchain.options.v1.MsgCancelOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgCancelOrder & optchain.options.v1.MsgCancelOrder.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgCancelOrder {
                interface $Properties {
                    owner?: (string|null);
                    orderId?: (number|null);
                    clientOrderId?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgCancelOrder.$Properties;
            }

            interface IMsgCancelOrderResponse extends optchain.options.v1.MsgCancelOrderResponse.$Properties {
            }

            class MsgCancelOrderResponse {
                constructor(properties?: optchain.options.v1.MsgCancelOrderResponse.$Properties);
                $unknowns?: Uint8Array[];
                orderId: number;
                cancelledQuantity: number;
                static create(properties: optchain.options.v1.MsgCancelOrderResponse.$Shape): optchain.options.v1.MsgCancelOrderResponse & optchain.options.v1.MsgCancelOrderResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgCancelOrderResponse.$Properties): optchain.options.v1.MsgCancelOrderResponse;
                static encode(message: optchain.options.v1.MsgCancelOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgCancelOrderResponse & optchain.options.v1.MsgCancelOrderResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgCancelOrderResponse {
                interface $Properties {
                    orderId?: (number|null);
                    cancelledQuantity?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgCancelOrderResponse.$Properties;
            }

            interface IMsgDepositBackstop extends optchain.options.v1.MsgDepositBackstop.$Properties {
            }

            class MsgDepositBackstop {
                constructor(properties?: optchain.options.v1.MsgDepositBackstop.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                amount: string;
                static create(properties: optchain.options.v1.MsgDepositBackstop.$Shape): optchain.options.v1.MsgDepositBackstop & optchain.options.v1.MsgDepositBackstop.$Shape;
                static create(properties?: optchain.options.v1.MsgDepositBackstop.$Properties): optchain.options.v1.MsgDepositBackstop;
                static encode(message: optchain.options.v1.MsgDepositBackstop.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgDepositBackstop & optchain.options.v1.MsgDepositBackstop.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDepositBackstop {
                interface $Properties {
                    owner?: (string|null);
                    amount?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgDepositBackstop.$Properties;
            }

            interface IMsgDepositBackstopResponse extends optchain.options.v1.MsgDepositBackstopResponse.$Properties {
            }

            class MsgDepositBackstopResponse {
                constructor(properties?: optchain.options.v1.MsgDepositBackstopResponse.$Properties);
                $unknowns?: Uint8Array[];
                shares: string;
                cost: string;
                static create(properties: optchain.options.v1.MsgDepositBackstopResponse.$Shape): optchain.options.v1.MsgDepositBackstopResponse & optchain.options.v1.MsgDepositBackstopResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgDepositBackstopResponse.$Properties): optchain.options.v1.MsgDepositBackstopResponse;
                static encode(message: optchain.options.v1.MsgDepositBackstopResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgDepositBackstopResponse & optchain.options.v1.MsgDepositBackstopResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDepositBackstopResponse {
                interface $Properties {
                    shares?: (string|null);
                    cost?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgDepositBackstopResponse.$Properties;
            }

            interface IMsgWithdrawBackstop extends optchain.options.v1.MsgWithdrawBackstop.$Properties {
            }

            class MsgWithdrawBackstop {
                constructor(properties?: optchain.options.v1.MsgWithdrawBackstop.$Properties);
                $unknowns?: Uint8Array[];
                owner: string;
                shares: string;
                static create(properties: optchain.options.v1.MsgWithdrawBackstop.$Shape): optchain.options.v1.MsgWithdrawBackstop & optchain.options.v1.MsgWithdrawBackstop.$Shape;
                static create(properties?: optchain.options.v1.MsgWithdrawBackstop.$Properties): optchain.options.v1.MsgWithdrawBackstop;
                static encode(message: optchain.options.v1.MsgWithdrawBackstop.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgWithdrawBackstop & optchain.options.v1.MsgWithdrawBackstop.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgWithdrawBackstop {
                interface $Properties {
                    owner?: (string|null);
                    shares?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgWithdrawBackstop.$Properties;
            }

            interface IMsgWithdrawBackstopResponse extends optchain.options.v1.MsgWithdrawBackstopResponse.$Properties {
            }

            class MsgWithdrawBackstopResponse {
                constructor(properties?: optchain.options.v1.MsgWithdrawBackstopResponse.$Properties);
                $unknowns?: Uint8Array[];
                releaseUnix: number;
                static create(properties: optchain.options.v1.MsgWithdrawBackstopResponse.$Shape): optchain.options.v1.MsgWithdrawBackstopResponse & optchain.options.v1.MsgWithdrawBackstopResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgWithdrawBackstopResponse.$Properties): optchain.options.v1.MsgWithdrawBackstopResponse;
                static encode(message: optchain.options.v1.MsgWithdrawBackstopResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgWithdrawBackstopResponse & optchain.options.v1.MsgWithdrawBackstopResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgWithdrawBackstopResponse {
                interface $Properties {
                    releaseUnix?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgWithdrawBackstopResponse.$Properties;
            }

            interface IMsgBidAuction extends optchain.options.v1.MsgBidAuction.$Properties {
            }

            class MsgBidAuction {
                constructor(properties?: optchain.options.v1.MsgBidAuction.$Properties);
                $unknowns?: Uint8Array[];
                bidder: string;
                owner: string;
                percent: number;
                static create(properties: optchain.options.v1.MsgBidAuction.$Shape): optchain.options.v1.MsgBidAuction & optchain.options.v1.MsgBidAuction.$Shape;
                static create(properties?: optchain.options.v1.MsgBidAuction.$Properties): optchain.options.v1.MsgBidAuction;
                static encode(message: optchain.options.v1.MsgBidAuction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgBidAuction & optchain.options.v1.MsgBidAuction.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgBidAuction {
                interface $Properties {
                    bidder?: (string|null);
                    owner?: (string|null);
                    percent?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgBidAuction.$Properties;
            }

            interface IMsgBidAuctionResponse extends optchain.options.v1.MsgBidAuctionResponse.$Properties {
            }

            class MsgBidAuctionResponse {
                constructor(properties?: optchain.options.v1.MsgBidAuctionResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.options.v1.MsgBidAuctionResponse.$Shape): optchain.options.v1.MsgBidAuctionResponse & optchain.options.v1.MsgBidAuctionResponse.$Shape;
                static create(properties?: optchain.options.v1.MsgBidAuctionResponse.$Properties): optchain.options.v1.MsgBidAuctionResponse;
                static encode(message: optchain.options.v1.MsgBidAuctionResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.options.v1.MsgBidAuctionResponse & optchain.options.v1.MsgBidAuctionResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgBidAuctionResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.options.v1.MsgBidAuctionResponse.$Properties;
            }
        }
    }

    namespace oracle {

        namespace v1 {

            interface IQueryParamsRequest extends optchain.oracle.v1.QueryParamsRequest.$Properties {
            }

            class QueryParamsRequest {
                constructor(properties?: optchain.oracle.v1.QueryParamsRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.oracle.v1.QueryParamsRequest.$Shape): optchain.oracle.v1.QueryParamsRequest & optchain.oracle.v1.QueryParamsRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryParamsRequest.$Properties): optchain.oracle.v1.QueryParamsRequest;
                static encode(message: optchain.oracle.v1.QueryParamsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryParamsRequest & optchain.oracle.v1.QueryParamsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryParamsRequest.$Properties;
            }

            interface IQueryParamsResponse extends optchain.oracle.v1.QueryParamsResponse.$Properties {
            }

            class QueryParamsResponse {
                constructor(properties?: optchain.oracle.v1.QueryParamsResponse.$Properties);
                $unknowns?: Uint8Array[];
                params?: (optchain.oracle.v1.Params.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryParamsResponse.$Shape): optchain.oracle.v1.QueryParamsResponse & optchain.oracle.v1.QueryParamsResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryParamsResponse.$Properties): optchain.oracle.v1.QueryParamsResponse;
                static encode(message: optchain.oracle.v1.QueryParamsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryParamsResponse & optchain.oracle.v1.QueryParamsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsResponse {
                interface $Properties {
                    params?: (optchain.oracle.v1.Params.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryParamsResponse.$Properties;
            }

            interface IQueryPricesRequest extends optchain.oracle.v1.QueryPricesRequest.$Properties {
            }

            class QueryPricesRequest {
                constructor(properties?: optchain.oracle.v1.QueryPricesRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryPricesRequest.$Shape): optchain.oracle.v1.QueryPricesRequest & optchain.oracle.v1.QueryPricesRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryPricesRequest.$Properties): optchain.oracle.v1.QueryPricesRequest;
                static encode(message: optchain.oracle.v1.QueryPricesRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryPricesRequest & optchain.oracle.v1.QueryPricesRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPricesRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryPricesRequest.$Properties;
            }

            interface IQueryPricesResponse extends optchain.oracle.v1.QueryPricesResponse.$Properties {
            }

            class QueryPricesResponse {
                constructor(properties?: optchain.oracle.v1.QueryPricesResponse.$Properties);
                $unknowns?: Uint8Array[];
                prices: optchain.oracle.v1.Price.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryPricesResponse.$Shape): optchain.oracle.v1.QueryPricesResponse & optchain.oracle.v1.QueryPricesResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryPricesResponse.$Properties): optchain.oracle.v1.QueryPricesResponse;
                static encode(message: optchain.oracle.v1.QueryPricesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryPricesResponse & optchain.oracle.v1.QueryPricesResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPricesResponse {
                interface $Properties {
                    prices?: (optchain.oracle.v1.Price.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryPricesResponse.$Properties;
            }

            interface IQueryPriceRequest extends optchain.oracle.v1.QueryPriceRequest.$Properties {
            }

            class QueryPriceRequest {
                constructor(properties?: optchain.oracle.v1.QueryPriceRequest.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                static create(properties: optchain.oracle.v1.QueryPriceRequest.$Shape): optchain.oracle.v1.QueryPriceRequest & optchain.oracle.v1.QueryPriceRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryPriceRequest.$Properties): optchain.oracle.v1.QueryPriceRequest;
                static encode(message: optchain.oracle.v1.QueryPriceRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryPriceRequest & optchain.oracle.v1.QueryPriceRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPriceRequest {
                interface $Properties {
                    asset?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryPriceRequest.$Properties;
            }

            interface IQueryPriceResponse extends optchain.oracle.v1.QueryPriceResponse.$Properties {
            }

            class QueryPriceResponse {
                constructor(properties?: optchain.oracle.v1.QueryPriceResponse.$Properties);
                $unknowns?: Uint8Array[];
                price?: (optchain.oracle.v1.Price.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryPriceResponse.$Shape): optchain.oracle.v1.QueryPriceResponse & optchain.oracle.v1.QueryPriceResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryPriceResponse.$Properties): optchain.oracle.v1.QueryPriceResponse;
                static encode(message: optchain.oracle.v1.QueryPriceResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryPriceResponse & optchain.oracle.v1.QueryPriceResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPriceResponse {
                interface $Properties {
                    price?: (optchain.oracle.v1.Price.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryPriceResponse.$Properties;
            }

            interface IQueryPriceHistoryRequest extends optchain.oracle.v1.QueryPriceHistoryRequest.$Properties {
            }

            class QueryPriceHistoryRequest {
                constructor(properties?: optchain.oracle.v1.QueryPriceHistoryRequest.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryPriceHistoryRequest.$Shape): optchain.oracle.v1.QueryPriceHistoryRequest & optchain.oracle.v1.QueryPriceHistoryRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryPriceHistoryRequest.$Properties): optchain.oracle.v1.QueryPriceHistoryRequest;
                static encode(message: optchain.oracle.v1.QueryPriceHistoryRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryPriceHistoryRequest & optchain.oracle.v1.QueryPriceHistoryRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPriceHistoryRequest {
                interface $Properties {
                    asset?: (string|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryPriceHistoryRequest.$Properties;
            }

            interface IQueryPriceHistoryResponse extends optchain.oracle.v1.QueryPriceHistoryResponse.$Properties {
            }

            class QueryPriceHistoryResponse {
                constructor(properties?: optchain.oracle.v1.QueryPriceHistoryResponse.$Properties);
                $unknowns?: Uint8Array[];
                prices: optchain.oracle.v1.Price.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryPriceHistoryResponse.$Shape): optchain.oracle.v1.QueryPriceHistoryResponse & optchain.oracle.v1.QueryPriceHistoryResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryPriceHistoryResponse.$Properties): optchain.oracle.v1.QueryPriceHistoryResponse;
                static encode(message: optchain.oracle.v1.QueryPriceHistoryResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryPriceHistoryResponse & optchain.oracle.v1.QueryPriceHistoryResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryPriceHistoryResponse {
                interface $Properties {
                    prices?: (optchain.oracle.v1.Price.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryPriceHistoryResponse.$Properties;
            }

            interface IQueryLastTallyRequest extends optchain.oracle.v1.QueryLastTallyRequest.$Properties {
            }

            class QueryLastTallyRequest {
                constructor(properties?: optchain.oracle.v1.QueryLastTallyRequest.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                static create(properties: optchain.oracle.v1.QueryLastTallyRequest.$Shape): optchain.oracle.v1.QueryLastTallyRequest & optchain.oracle.v1.QueryLastTallyRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryLastTallyRequest.$Properties): optchain.oracle.v1.QueryLastTallyRequest;
                static encode(message: optchain.oracle.v1.QueryLastTallyRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryLastTallyRequest & optchain.oracle.v1.QueryLastTallyRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryLastTallyRequest {
                interface $Properties {
                    asset?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryLastTallyRequest.$Properties;
            }

            interface IQueryLastTallyResponse extends optchain.oracle.v1.QueryLastTallyResponse.$Properties {
            }

            class QueryLastTallyResponse {
                constructor(properties?: optchain.oracle.v1.QueryLastTallyResponse.$Properties);
                $unknowns?: Uint8Array[];
                tally?: (optchain.oracle.v1.Tally.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryLastTallyResponse.$Shape): optchain.oracle.v1.QueryLastTallyResponse & optchain.oracle.v1.QueryLastTallyResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryLastTallyResponse.$Properties): optchain.oracle.v1.QueryLastTallyResponse;
                static encode(message: optchain.oracle.v1.QueryLastTallyResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryLastTallyResponse & optchain.oracle.v1.QueryLastTallyResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryLastTallyResponse {
                interface $Properties {
                    tally?: (optchain.oracle.v1.Tally.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryLastTallyResponse.$Properties;
            }

            interface IQueryLastTalliesRequest extends optchain.oracle.v1.QueryLastTalliesRequest.$Properties {
            }

            class QueryLastTalliesRequest {
                constructor(properties?: optchain.oracle.v1.QueryLastTalliesRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryLastTalliesRequest.$Shape): optchain.oracle.v1.QueryLastTalliesRequest & optchain.oracle.v1.QueryLastTalliesRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryLastTalliesRequest.$Properties): optchain.oracle.v1.QueryLastTalliesRequest;
                static encode(message: optchain.oracle.v1.QueryLastTalliesRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryLastTalliesRequest & optchain.oracle.v1.QueryLastTalliesRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryLastTalliesRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryLastTalliesRequest.$Properties;
            }

            interface IQueryLastTalliesResponse extends optchain.oracle.v1.QueryLastTalliesResponse.$Properties {
            }

            class QueryLastTalliesResponse {
                constructor(properties?: optchain.oracle.v1.QueryLastTalliesResponse.$Properties);
                $unknowns?: Uint8Array[];
                tallies: optchain.oracle.v1.Tally.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryLastTalliesResponse.$Shape): optchain.oracle.v1.QueryLastTalliesResponse & optchain.oracle.v1.QueryLastTalliesResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryLastTalliesResponse.$Properties): optchain.oracle.v1.QueryLastTalliesResponse;
                static encode(message: optchain.oracle.v1.QueryLastTalliesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryLastTalliesResponse & optchain.oracle.v1.QueryLastTalliesResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryLastTalliesResponse {
                interface $Properties {
                    tallies?: (optchain.oracle.v1.Tally.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryLastTalliesResponse.$Properties;
            }

            interface IQueryMissCounterRequest extends optchain.oracle.v1.QueryMissCounterRequest.$Properties {
            }

            class QueryMissCounterRequest {
                constructor(properties?: optchain.oracle.v1.QueryMissCounterRequest.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryMissCounterRequest.$Shape): optchain.oracle.v1.QueryMissCounterRequest & optchain.oracle.v1.QueryMissCounterRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryMissCounterRequest.$Properties): optchain.oracle.v1.QueryMissCounterRequest;
                static encode(message: optchain.oracle.v1.QueryMissCounterRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryMissCounterRequest & optchain.oracle.v1.QueryMissCounterRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMissCounterRequest {
                interface $Properties {
                    validator?: (string|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryMissCounterRequest.$Properties;
            }

            interface IQueryMissCounterResponse extends optchain.oracle.v1.QueryMissCounterResponse.$Properties {
            }

            class QueryMissCounterResponse {
                constructor(properties?: optchain.oracle.v1.QueryMissCounterResponse.$Properties);
                $unknowns?: Uint8Array[];
                missCounter?: (optchain.oracle.v1.MissCounter.$Properties|null);
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryMissCounterResponse.$Shape): optchain.oracle.v1.QueryMissCounterResponse & optchain.oracle.v1.QueryMissCounterResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryMissCounterResponse.$Properties): optchain.oracle.v1.QueryMissCounterResponse;
                static encode(message: optchain.oracle.v1.QueryMissCounterResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryMissCounterResponse & optchain.oracle.v1.QueryMissCounterResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMissCounterResponse {
                interface $Properties {
                    missCounter?: (optchain.oracle.v1.MissCounter.$Properties|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryMissCounterResponse.$Properties;
            }

            interface IQueryMissCountersRequest extends optchain.oracle.v1.QueryMissCountersRequest.$Properties {
            }

            class QueryMissCountersRequest {
                constructor(properties?: optchain.oracle.v1.QueryMissCountersRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryMissCountersRequest.$Shape): optchain.oracle.v1.QueryMissCountersRequest & optchain.oracle.v1.QueryMissCountersRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryMissCountersRequest.$Properties): optchain.oracle.v1.QueryMissCountersRequest;
                static encode(message: optchain.oracle.v1.QueryMissCountersRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryMissCountersRequest & optchain.oracle.v1.QueryMissCountersRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMissCountersRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryMissCountersRequest.$Properties;
            }

            interface IQueryMissCountersResponse extends optchain.oracle.v1.QueryMissCountersResponse.$Properties {
            }

            class QueryMissCountersResponse {
                constructor(properties?: optchain.oracle.v1.QueryMissCountersResponse.$Properties);
                $unknowns?: Uint8Array[];
                missCounters: optchain.oracle.v1.MissCounter.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryMissCountersResponse.$Shape): optchain.oracle.v1.QueryMissCountersResponse & optchain.oracle.v1.QueryMissCountersResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryMissCountersResponse.$Properties): optchain.oracle.v1.QueryMissCountersResponse;
                static encode(message: optchain.oracle.v1.QueryMissCountersResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryMissCountersResponse & optchain.oracle.v1.QueryMissCountersResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryMissCountersResponse {
                interface $Properties {
                    missCounters?: (optchain.oracle.v1.MissCounter.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryMissCountersResponse.$Properties;
            }

            interface IQueryFeederDelegationRequest extends optchain.oracle.v1.QueryFeederDelegationRequest.$Properties {
            }

            class QueryFeederDelegationRequest {
                constructor(properties?: optchain.oracle.v1.QueryFeederDelegationRequest.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                static create(properties: optchain.oracle.v1.QueryFeederDelegationRequest.$Shape): optchain.oracle.v1.QueryFeederDelegationRequest & optchain.oracle.v1.QueryFeederDelegationRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryFeederDelegationRequest.$Properties): optchain.oracle.v1.QueryFeederDelegationRequest;
                static encode(message: optchain.oracle.v1.QueryFeederDelegationRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryFeederDelegationRequest & optchain.oracle.v1.QueryFeederDelegationRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryFeederDelegationRequest {
                interface $Properties {
                    validator?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryFeederDelegationRequest.$Properties;
            }

            interface IQueryFeederDelegationResponse extends optchain.oracle.v1.QueryFeederDelegationResponse.$Properties {
            }

            class QueryFeederDelegationResponse {
                constructor(properties?: optchain.oracle.v1.QueryFeederDelegationResponse.$Properties);
                $unknowns?: Uint8Array[];
                feeder: string;
                static create(properties: optchain.oracle.v1.QueryFeederDelegationResponse.$Shape): optchain.oracle.v1.QueryFeederDelegationResponse & optchain.oracle.v1.QueryFeederDelegationResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryFeederDelegationResponse.$Properties): optchain.oracle.v1.QueryFeederDelegationResponse;
                static encode(message: optchain.oracle.v1.QueryFeederDelegationResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryFeederDelegationResponse & optchain.oracle.v1.QueryFeederDelegationResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryFeederDelegationResponse {
                interface $Properties {
                    feeder?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryFeederDelegationResponse.$Properties;
            }

            interface IQueryAggregatePrevoteRequest extends optchain.oracle.v1.QueryAggregatePrevoteRequest.$Properties {
            }

            class QueryAggregatePrevoteRequest {
                constructor(properties?: optchain.oracle.v1.QueryAggregatePrevoteRequest.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                static create(properties: optchain.oracle.v1.QueryAggregatePrevoteRequest.$Shape): optchain.oracle.v1.QueryAggregatePrevoteRequest & optchain.oracle.v1.QueryAggregatePrevoteRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryAggregatePrevoteRequest.$Properties): optchain.oracle.v1.QueryAggregatePrevoteRequest;
                static encode(message: optchain.oracle.v1.QueryAggregatePrevoteRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryAggregatePrevoteRequest & optchain.oracle.v1.QueryAggregatePrevoteRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAggregatePrevoteRequest {
                interface $Properties {
                    validator?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryAggregatePrevoteRequest.$Properties;
            }

            interface IQueryAggregatePrevoteResponse extends optchain.oracle.v1.QueryAggregatePrevoteResponse.$Properties {
            }

            class QueryAggregatePrevoteResponse {
                constructor(properties?: optchain.oracle.v1.QueryAggregatePrevoteResponse.$Properties);
                $unknowns?: Uint8Array[];
                prevote?: (optchain.oracle.v1.AggregatePrevote.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryAggregatePrevoteResponse.$Shape): optchain.oracle.v1.QueryAggregatePrevoteResponse & optchain.oracle.v1.QueryAggregatePrevoteResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryAggregatePrevoteResponse.$Properties): optchain.oracle.v1.QueryAggregatePrevoteResponse;
                static encode(message: optchain.oracle.v1.QueryAggregatePrevoteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryAggregatePrevoteResponse & optchain.oracle.v1.QueryAggregatePrevoteResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAggregatePrevoteResponse {
                interface $Properties {
                    prevote?: (optchain.oracle.v1.AggregatePrevote.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryAggregatePrevoteResponse.$Properties;
            }

            interface IQueryAggregateVoteRequest extends optchain.oracle.v1.QueryAggregateVoteRequest.$Properties {
            }

            class QueryAggregateVoteRequest {
                constructor(properties?: optchain.oracle.v1.QueryAggregateVoteRequest.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                static create(properties: optchain.oracle.v1.QueryAggregateVoteRequest.$Shape): optchain.oracle.v1.QueryAggregateVoteRequest & optchain.oracle.v1.QueryAggregateVoteRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryAggregateVoteRequest.$Properties): optchain.oracle.v1.QueryAggregateVoteRequest;
                static encode(message: optchain.oracle.v1.QueryAggregateVoteRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryAggregateVoteRequest & optchain.oracle.v1.QueryAggregateVoteRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAggregateVoteRequest {
                interface $Properties {
                    validator?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryAggregateVoteRequest.$Properties;
            }

            interface IQueryAggregateVoteResponse extends optchain.oracle.v1.QueryAggregateVoteResponse.$Properties {
            }

            class QueryAggregateVoteResponse {
                constructor(properties?: optchain.oracle.v1.QueryAggregateVoteResponse.$Properties);
                $unknowns?: Uint8Array[];
                vote?: (optchain.oracle.v1.AggregateVote.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryAggregateVoteResponse.$Shape): optchain.oracle.v1.QueryAggregateVoteResponse & optchain.oracle.v1.QueryAggregateVoteResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryAggregateVoteResponse.$Properties): optchain.oracle.v1.QueryAggregateVoteResponse;
                static encode(message: optchain.oracle.v1.QueryAggregateVoteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryAggregateVoteResponse & optchain.oracle.v1.QueryAggregateVoteResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryAggregateVoteResponse {
                interface $Properties {
                    vote?: (optchain.oracle.v1.AggregateVote.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryAggregateVoteResponse.$Properties;
            }

            interface IQueryRewardPoolRequest extends optchain.oracle.v1.QueryRewardPoolRequest.$Properties {
            }

            class QueryRewardPoolRequest {
                constructor(properties?: optchain.oracle.v1.QueryRewardPoolRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.oracle.v1.QueryRewardPoolRequest.$Shape): optchain.oracle.v1.QueryRewardPoolRequest & optchain.oracle.v1.QueryRewardPoolRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryRewardPoolRequest.$Properties): optchain.oracle.v1.QueryRewardPoolRequest;
                static encode(message: optchain.oracle.v1.QueryRewardPoolRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryRewardPoolRequest & optchain.oracle.v1.QueryRewardPoolRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryRewardPoolRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryRewardPoolRequest.$Properties;
            }

            interface IQueryRewardPoolResponse extends optchain.oracle.v1.QueryRewardPoolResponse.$Properties {
            }

            class QueryRewardPoolResponse {
                constructor(properties?: optchain.oracle.v1.QueryRewardPoolResponse.$Properties);
                $unknowns?: Uint8Array[];
                pool: optchain.oracle.v1.Coin.$Properties[];
                funded: optchain.oracle.v1.Coin.$Properties[];
                paid: optchain.oracle.v1.Coin.$Properties[];
                static create(properties: optchain.oracle.v1.QueryRewardPoolResponse.$Shape): optchain.oracle.v1.QueryRewardPoolResponse & optchain.oracle.v1.QueryRewardPoolResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryRewardPoolResponse.$Properties): optchain.oracle.v1.QueryRewardPoolResponse;
                static encode(message: optchain.oracle.v1.QueryRewardPoolResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryRewardPoolResponse & optchain.oracle.v1.QueryRewardPoolResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryRewardPoolResponse {
                interface $Properties {
                    pool?: (optchain.oracle.v1.Coin.$Properties[]|null);
                    funded?: (optchain.oracle.v1.Coin.$Properties[]|null);
                    paid?: (optchain.oracle.v1.Coin.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryRewardPoolResponse.$Properties;
            }

            interface IQueryValidatorRewardRequest extends optchain.oracle.v1.QueryValidatorRewardRequest.$Properties {
            }

            class QueryValidatorRewardRequest {
                constructor(properties?: optchain.oracle.v1.QueryValidatorRewardRequest.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                static create(properties: optchain.oracle.v1.QueryValidatorRewardRequest.$Shape): optchain.oracle.v1.QueryValidatorRewardRequest & optchain.oracle.v1.QueryValidatorRewardRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryValidatorRewardRequest.$Properties): optchain.oracle.v1.QueryValidatorRewardRequest;
                static encode(message: optchain.oracle.v1.QueryValidatorRewardRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryValidatorRewardRequest & optchain.oracle.v1.QueryValidatorRewardRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorRewardRequest {
                interface $Properties {
                    validator?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryValidatorRewardRequest.$Properties;
            }

            interface IQueryValidatorRewardResponse extends optchain.oracle.v1.QueryValidatorRewardResponse.$Properties {
            }

            class QueryValidatorRewardResponse {
                constructor(properties?: optchain.oracle.v1.QueryValidatorRewardResponse.$Properties);
                $unknowns?: Uint8Array[];
                reward?: (optchain.oracle.v1.ValidatorReward.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryValidatorRewardResponse.$Shape): optchain.oracle.v1.QueryValidatorRewardResponse & optchain.oracle.v1.QueryValidatorRewardResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryValidatorRewardResponse.$Properties): optchain.oracle.v1.QueryValidatorRewardResponse;
                static encode(message: optchain.oracle.v1.QueryValidatorRewardResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryValidatorRewardResponse & optchain.oracle.v1.QueryValidatorRewardResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorRewardResponse {
                interface $Properties {
                    reward?: (optchain.oracle.v1.ValidatorReward.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryValidatorRewardResponse.$Properties;
            }

            interface IQueryValidatorRewardsRequest extends optchain.oracle.v1.QueryValidatorRewardsRequest.$Properties {
            }

            class QueryValidatorRewardsRequest {
                constructor(properties?: optchain.oracle.v1.QueryValidatorRewardsRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryValidatorRewardsRequest.$Shape): optchain.oracle.v1.QueryValidatorRewardsRequest & optchain.oracle.v1.QueryValidatorRewardsRequest.$Shape;
                static create(properties?: optchain.oracle.v1.QueryValidatorRewardsRequest.$Properties): optchain.oracle.v1.QueryValidatorRewardsRequest;
                static encode(message: optchain.oracle.v1.QueryValidatorRewardsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryValidatorRewardsRequest & optchain.oracle.v1.QueryValidatorRewardsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorRewardsRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryValidatorRewardsRequest.$Properties;
            }

            interface IQueryValidatorRewardsResponse extends optchain.oracle.v1.QueryValidatorRewardsResponse.$Properties {
            }

            class QueryValidatorRewardsResponse {
                constructor(properties?: optchain.oracle.v1.QueryValidatorRewardsResponse.$Properties);
                $unknowns?: Uint8Array[];
                rewards: optchain.oracle.v1.ValidatorReward.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.oracle.v1.QueryValidatorRewardsResponse.$Shape): optchain.oracle.v1.QueryValidatorRewardsResponse & optchain.oracle.v1.QueryValidatorRewardsResponse.$Shape;
                static create(properties?: optchain.oracle.v1.QueryValidatorRewardsResponse.$Properties): optchain.oracle.v1.QueryValidatorRewardsResponse;
                static encode(message: optchain.oracle.v1.QueryValidatorRewardsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.QueryValidatorRewardsResponse & optchain.oracle.v1.QueryValidatorRewardsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorRewardsResponse {
                interface $Properties {
                    rewards?: (optchain.oracle.v1.ValidatorReward.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.QueryValidatorRewardsResponse.$Properties;
            }

            interface IParams extends optchain.oracle.v1.Params.$Properties {
            }

            class Params {
                constructor(properties?: optchain.oracle.v1.Params.$Properties);
                $unknowns?: Uint8Array[];
                votePeriod: number;
                assets: optchain.oracle.v1.Asset.$Properties[];
                quoteDenom: string;
                rewardBand: string;
                slashFraction: string;
                slashWindow: number;
                minValidPerWindow: string;
                jailDurationSeconds: number;
                maxPriceAgeSeconds: number;
                historyLength: number;
                voteQuorum: string;
                rewardFeeShare: string;
                rewardInflationPerBlock: string;
                rewardInflationDenom: string;
                rewardPeriodBlocks: number;
                rewardDistributionWindow: number;
                maxRewardDenoms: number;
                static create(properties: optchain.oracle.v1.Params.$Shape): optchain.oracle.v1.Params & optchain.oracle.v1.Params.$Shape;
                static create(properties?: optchain.oracle.v1.Params.$Properties): optchain.oracle.v1.Params;
                static encode(message: optchain.oracle.v1.Params.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.Params & optchain.oracle.v1.Params.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Params {
                interface $Properties {
                    votePeriod?: (number|null);
                    assets?: (optchain.oracle.v1.Asset.$Properties[]|null);
                    quoteDenom?: (string|null);
                    rewardBand?: (string|null);
                    slashFraction?: (string|null);
                    slashWindow?: (number|null);
                    minValidPerWindow?: (string|null);
                    jailDurationSeconds?: (number|null);
                    maxPriceAgeSeconds?: (number|null);
                    historyLength?: (number|null);
                    voteQuorum?: (string|null);
                    rewardFeeShare?: (string|null);
                    rewardInflationPerBlock?: (string|null);
                    rewardInflationDenom?: (string|null);
                    rewardPeriodBlocks?: (number|null);
                    rewardDistributionWindow?: (number|null);
                    maxRewardDenoms?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.Params.$Properties;
            }

            interface IAsset extends optchain.oracle.v1.Asset.$Properties {
            }

            class Asset {
                constructor(properties?: optchain.oracle.v1.Asset.$Properties);
                $unknowns?: Uint8Array[];
                name: string;
                voteThreshold: string;
                static create(properties: optchain.oracle.v1.Asset.$Shape): optchain.oracle.v1.Asset & optchain.oracle.v1.Asset.$Shape;
                static create(properties?: optchain.oracle.v1.Asset.$Properties): optchain.oracle.v1.Asset;
                static encode(message: optchain.oracle.v1.Asset.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.Asset & optchain.oracle.v1.Asset.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Asset {
                interface $Properties {
                    name?: (string|null);
                    voteThreshold?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.Asset.$Properties;
            }

            interface IPrice extends optchain.oracle.v1.Price.$Properties {
            }

            class Price {
                constructor(properties?: optchain.oracle.v1.Price.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                price: string;
                height: number;
                timeUnixNanos: string;
                stale: boolean;
                static create(properties: optchain.oracle.v1.Price.$Shape): optchain.oracle.v1.Price & optchain.oracle.v1.Price.$Shape;
                static create(properties?: optchain.oracle.v1.Price.$Properties): optchain.oracle.v1.Price;
                static encode(message: optchain.oracle.v1.Price.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.Price & optchain.oracle.v1.Price.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Price {
                interface $Properties {
                    asset?: (string|null);
                    price?: (string|null);
                    height?: (number|null);
                    timeUnixNanos?: (string|null);
                    stale?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.Price.$Properties;
            }

            interface IBallotVote extends optchain.oracle.v1.BallotVote.$Properties {
            }

            class BallotVote {
                constructor(properties?: optchain.oracle.v1.BallotVote.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                price: string;
                power: number;
                inBand: boolean;
                static create(properties: optchain.oracle.v1.BallotVote.$Shape): optchain.oracle.v1.BallotVote & optchain.oracle.v1.BallotVote.$Shape;
                static create(properties?: optchain.oracle.v1.BallotVote.$Properties): optchain.oracle.v1.BallotVote;
                static encode(message: optchain.oracle.v1.BallotVote.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.BallotVote & optchain.oracle.v1.BallotVote.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace BallotVote {
                interface $Properties {
                    validator?: (string|null);
                    price?: (string|null);
                    power?: (number|null);
                    inBand?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.BallotVote.$Properties;
            }

            interface ITally extends optchain.oracle.v1.Tally.$Properties {
            }

            class Tally {
                constructor(properties?: optchain.oracle.v1.Tally.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                height: number;
                timeUnixNanos: string;
                passed: boolean;
                median: string;
                standardDeviation: string;
                band: string;
                votedPower: number;
                totalPower: number;
                voteThreshold: string;
                votes: optchain.oracle.v1.BallotVote.$Properties[];
                absent: string[];
                static create(properties: optchain.oracle.v1.Tally.$Shape): optchain.oracle.v1.Tally & optchain.oracle.v1.Tally.$Shape;
                static create(properties?: optchain.oracle.v1.Tally.$Properties): optchain.oracle.v1.Tally;
                static encode(message: optchain.oracle.v1.Tally.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.Tally & optchain.oracle.v1.Tally.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Tally {
                interface $Properties {
                    asset?: (string|null);
                    height?: (number|null);
                    timeUnixNanos?: (string|null);
                    passed?: (boolean|null);
                    median?: (string|null);
                    standardDeviation?: (string|null);
                    band?: (string|null);
                    votedPower?: (number|null);
                    totalPower?: (number|null);
                    voteThreshold?: (string|null);
                    votes?: (optchain.oracle.v1.BallotVote.$Properties[]|null);
                    absent?: (string[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.Tally.$Properties;
            }

            interface IMissCounter extends optchain.oracle.v1.MissCounter.$Properties {
            }

            class MissCounter {
                constructor(properties?: optchain.oracle.v1.MissCounter.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                misses: number;
                ballots: number;
                assets: optchain.oracle.v1.AssetMissCounter.$Properties[];
                windowBallots: number;
                static create(properties: optchain.oracle.v1.MissCounter.$Shape): optchain.oracle.v1.MissCounter & optchain.oracle.v1.MissCounter.$Shape;
                static create(properties?: optchain.oracle.v1.MissCounter.$Properties): optchain.oracle.v1.MissCounter;
                static encode(message: optchain.oracle.v1.MissCounter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.MissCounter & optchain.oracle.v1.MissCounter.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MissCounter {
                interface $Properties {
                    validator?: (string|null);
                    misses?: (number|null);
                    ballots?: (number|null);
                    assets?: (optchain.oracle.v1.AssetMissCounter.$Properties[]|null);
                    windowBallots?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.MissCounter.$Properties;
            }

            interface IAssetMissCounter extends optchain.oracle.v1.AssetMissCounter.$Properties {
            }

            class AssetMissCounter {
                constructor(properties?: optchain.oracle.v1.AssetMissCounter.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                misses: number;
                ballots: number;
                static create(properties: optchain.oracle.v1.AssetMissCounter.$Shape): optchain.oracle.v1.AssetMissCounter & optchain.oracle.v1.AssetMissCounter.$Shape;
                static create(properties?: optchain.oracle.v1.AssetMissCounter.$Properties): optchain.oracle.v1.AssetMissCounter;
                static encode(message: optchain.oracle.v1.AssetMissCounter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.AssetMissCounter & optchain.oracle.v1.AssetMissCounter.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace AssetMissCounter {
                interface $Properties {
                    asset?: (string|null);
                    misses?: (number|null);
                    ballots?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.AssetMissCounter.$Properties;
            }

            interface IAggregatePrevote extends optchain.oracle.v1.AggregatePrevote.$Properties {
            }

            class AggregatePrevote {
                constructor(properties?: optchain.oracle.v1.AggregatePrevote.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                hash: string;
                period: number;
                submitHeight: number;
                static create(properties: optchain.oracle.v1.AggregatePrevote.$Shape): optchain.oracle.v1.AggregatePrevote & optchain.oracle.v1.AggregatePrevote.$Shape;
                static create(properties?: optchain.oracle.v1.AggregatePrevote.$Properties): optchain.oracle.v1.AggregatePrevote;
                static encode(message: optchain.oracle.v1.AggregatePrevote.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.AggregatePrevote & optchain.oracle.v1.AggregatePrevote.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace AggregatePrevote {
                interface $Properties {
                    validator?: (string|null);
                    hash?: (string|null);
                    period?: (number|null);
                    submitHeight?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.AggregatePrevote.$Properties;
            }

            interface IAggregateVote extends optchain.oracle.v1.AggregateVote.$Properties {
            }

            class AggregateVote {
                constructor(properties?: optchain.oracle.v1.AggregateVote.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                prices: string;
                period: number;
                static create(properties: optchain.oracle.v1.AggregateVote.$Shape): optchain.oracle.v1.AggregateVote & optchain.oracle.v1.AggregateVote.$Shape;
                static create(properties?: optchain.oracle.v1.AggregateVote.$Properties): optchain.oracle.v1.AggregateVote;
                static encode(message: optchain.oracle.v1.AggregateVote.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.AggregateVote & optchain.oracle.v1.AggregateVote.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace AggregateVote {
                interface $Properties {
                    validator?: (string|null);
                    prices?: (string|null);
                    period?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.AggregateVote.$Properties;
            }

            interface ICoin extends optchain.oracle.v1.Coin.$Properties {
            }

            class Coin {
                constructor(properties?: optchain.oracle.v1.Coin.$Properties);
                $unknowns?: Uint8Array[];
                denom: string;
                amount: string;
                static create(properties: optchain.oracle.v1.Coin.$Shape): optchain.oracle.v1.Coin & optchain.oracle.v1.Coin.$Shape;
                static create(properties?: optchain.oracle.v1.Coin.$Properties): optchain.oracle.v1.Coin;
                static encode(message: optchain.oracle.v1.Coin.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.Coin & optchain.oracle.v1.Coin.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Coin {
                interface $Properties {
                    denom?: (string|null);
                    amount?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.Coin.$Properties;
            }

            interface IValidatorReward extends optchain.oracle.v1.ValidatorReward.$Properties {
            }

            class ValidatorReward {
                constructor(properties?: optchain.oracle.v1.ValidatorReward.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                rewards: optchain.oracle.v1.Coin.$Properties[];
                weight: string;
                inBandVotes: number;
                misses: number;
                ballots: number;
                static create(properties: optchain.oracle.v1.ValidatorReward.$Shape): optchain.oracle.v1.ValidatorReward & optchain.oracle.v1.ValidatorReward.$Shape;
                static create(properties?: optchain.oracle.v1.ValidatorReward.$Properties): optchain.oracle.v1.ValidatorReward;
                static encode(message: optchain.oracle.v1.ValidatorReward.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.ValidatorReward & optchain.oracle.v1.ValidatorReward.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace ValidatorReward {
                interface $Properties {
                    validator?: (string|null);
                    rewards?: (optchain.oracle.v1.Coin.$Properties[]|null);
                    weight?: (string|null);
                    inBandVotes?: (number|null);
                    misses?: (number|null);
                    ballots?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.ValidatorReward.$Properties;
            }

            interface IMsgDelegateFeedConsent extends optchain.oracle.v1.MsgDelegateFeedConsent.$Properties {
            }

            class MsgDelegateFeedConsent {
                constructor(properties?: optchain.oracle.v1.MsgDelegateFeedConsent.$Properties);
                $unknowns?: Uint8Array[];
                operator: string;
                delegate: string;
                static create(properties: optchain.oracle.v1.MsgDelegateFeedConsent.$Shape): optchain.oracle.v1.MsgDelegateFeedConsent & optchain.oracle.v1.MsgDelegateFeedConsent.$Shape;
                static create(properties?: optchain.oracle.v1.MsgDelegateFeedConsent.$Properties): optchain.oracle.v1.MsgDelegateFeedConsent;
                static encode(message: optchain.oracle.v1.MsgDelegateFeedConsent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.MsgDelegateFeedConsent & optchain.oracle.v1.MsgDelegateFeedConsent.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDelegateFeedConsent {
                interface $Properties {
                    operator?: (string|null);
                    delegate?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.MsgDelegateFeedConsent.$Properties;
            }

            interface IMsgDelegateFeedConsentResponse extends optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Properties {
            }

            class MsgDelegateFeedConsentResponse {
                constructor(properties?: optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Shape): optchain.oracle.v1.MsgDelegateFeedConsentResponse & optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Shape;
                static create(properties?: optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Properties): optchain.oracle.v1.MsgDelegateFeedConsentResponse;
                static encode(message: optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.MsgDelegateFeedConsentResponse & optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgDelegateFeedConsentResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.MsgDelegateFeedConsentResponse.$Properties;
            }

            interface IMsgAggregatePricePrevote extends optchain.oracle.v1.MsgAggregatePricePrevote.$Properties {
            }

            class MsgAggregatePricePrevote {
                constructor(properties?: optchain.oracle.v1.MsgAggregatePricePrevote.$Properties);
                $unknowns?: Uint8Array[];
                hash: string;
                feeder: string;
                validator: string;
                static create(properties: optchain.oracle.v1.MsgAggregatePricePrevote.$Shape): optchain.oracle.v1.MsgAggregatePricePrevote & optchain.oracle.v1.MsgAggregatePricePrevote.$Shape;
                static create(properties?: optchain.oracle.v1.MsgAggregatePricePrevote.$Properties): optchain.oracle.v1.MsgAggregatePricePrevote;
                static encode(message: optchain.oracle.v1.MsgAggregatePricePrevote.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.MsgAggregatePricePrevote & optchain.oracle.v1.MsgAggregatePricePrevote.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgAggregatePricePrevote {
                interface $Properties {
                    hash?: (string|null);
                    feeder?: (string|null);
                    validator?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.MsgAggregatePricePrevote.$Properties;
            }

            interface IMsgAggregatePricePrevoteResponse extends optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Properties {
            }

            class MsgAggregatePricePrevoteResponse {
                constructor(properties?: optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Shape): optchain.oracle.v1.MsgAggregatePricePrevoteResponse & optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Shape;
                static create(properties?: optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Properties): optchain.oracle.v1.MsgAggregatePricePrevoteResponse;
                static encode(message: optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.MsgAggregatePricePrevoteResponse & optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgAggregatePricePrevoteResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.MsgAggregatePricePrevoteResponse.$Properties;
            }

            interface IMsgAggregatePriceVote extends optchain.oracle.v1.MsgAggregatePriceVote.$Properties {
            }

            class MsgAggregatePriceVote {
                constructor(properties?: optchain.oracle.v1.MsgAggregatePriceVote.$Properties);
                $unknowns?: Uint8Array[];
                salt: string;
                prices: string;
                feeder: string;
                validator: string;
                static create(properties: optchain.oracle.v1.MsgAggregatePriceVote.$Shape): optchain.oracle.v1.MsgAggregatePriceVote & optchain.oracle.v1.MsgAggregatePriceVote.$Shape;
                static create(properties?: optchain.oracle.v1.MsgAggregatePriceVote.$Properties): optchain.oracle.v1.MsgAggregatePriceVote;
                static encode(message: optchain.oracle.v1.MsgAggregatePriceVote.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.MsgAggregatePriceVote & optchain.oracle.v1.MsgAggregatePriceVote.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgAggregatePriceVote {
                interface $Properties {
                    salt?: (string|null);
                    prices?: (string|null);
                    feeder?: (string|null);
                    validator?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.MsgAggregatePriceVote.$Properties;
            }

            interface IMsgAggregatePriceVoteResponse extends optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Properties {
            }

            class MsgAggregatePriceVoteResponse {
                constructor(properties?: optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Shape): optchain.oracle.v1.MsgAggregatePriceVoteResponse & optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Shape;
                static create(properties?: optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Properties): optchain.oracle.v1.MsgAggregatePriceVoteResponse;
                static encode(message: optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.MsgAggregatePriceVoteResponse & optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgAggregatePriceVoteResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.MsgAggregatePriceVoteResponse.$Properties;
            }

            interface IVoteExtensionPrices extends optchain.oracle.v1.VoteExtensionPrices.$Properties {
            }

            class VoteExtensionPrices {
                constructor(properties?: optchain.oracle.v1.VoteExtensionPrices.$Properties);
                $unknowns?: Uint8Array[];
                prices: optchain.oracle.v1.VoteExtensionPrice.$Properties[];
                static create(properties: optchain.oracle.v1.VoteExtensionPrices.$Shape): optchain.oracle.v1.VoteExtensionPrices & optchain.oracle.v1.VoteExtensionPrices.$Shape;
                static create(properties?: optchain.oracle.v1.VoteExtensionPrices.$Properties): optchain.oracle.v1.VoteExtensionPrices;
                static encode(message: optchain.oracle.v1.VoteExtensionPrices.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.VoteExtensionPrices & optchain.oracle.v1.VoteExtensionPrices.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace VoteExtensionPrices {
                interface $Properties {
                    prices?: (optchain.oracle.v1.VoteExtensionPrice.$Properties[]|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.VoteExtensionPrices.$Properties;
            }

            interface IVoteExtensionPrice extends optchain.oracle.v1.VoteExtensionPrice.$Properties {
            }

            class VoteExtensionPrice {
                constructor(properties?: optchain.oracle.v1.VoteExtensionPrice.$Properties);
                $unknowns?: Uint8Array[];
                asset: string;
                price: Uint8Array;
                static create(properties: optchain.oracle.v1.VoteExtensionPrice.$Shape): optchain.oracle.v1.VoteExtensionPrice & optchain.oracle.v1.VoteExtensionPrice.$Shape;
                static create(properties?: optchain.oracle.v1.VoteExtensionPrice.$Properties): optchain.oracle.v1.VoteExtensionPrice;
                static encode(message: optchain.oracle.v1.VoteExtensionPrice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.oracle.v1.VoteExtensionPrice & optchain.oracle.v1.VoteExtensionPrice.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace VoteExtensionPrice {
                interface $Properties {
                    asset?: (string|null);
                    price?: (Uint8Array|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.oracle.v1.VoteExtensionPrice.$Properties;
            }
        }
    }

    namespace slashing {

        namespace v1 {

            interface IQueryParamsRequest extends optchain.slashing.v1.QueryParamsRequest.$Properties {
            }

            class QueryParamsRequest {
                constructor(properties?: optchain.slashing.v1.QueryParamsRequest.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.slashing.v1.QueryParamsRequest.$Shape): optchain.slashing.v1.QueryParamsRequest & optchain.slashing.v1.QueryParamsRequest.$Shape;
                static create(properties?: optchain.slashing.v1.QueryParamsRequest.$Properties): optchain.slashing.v1.QueryParamsRequest;
                static encode(message: optchain.slashing.v1.QueryParamsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QueryParamsRequest & optchain.slashing.v1.QueryParamsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsRequest {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QueryParamsRequest.$Properties;
            }

            interface IQueryParamsResponse extends optchain.slashing.v1.QueryParamsResponse.$Properties {
            }

            class QueryParamsResponse {
                constructor(properties?: optchain.slashing.v1.QueryParamsResponse.$Properties);
                $unknowns?: Uint8Array[];
                params?: (optchain.slashing.v1.Params.$Properties|null);
                static create(properties: optchain.slashing.v1.QueryParamsResponse.$Shape): optchain.slashing.v1.QueryParamsResponse & optchain.slashing.v1.QueryParamsResponse.$Shape;
                static create(properties?: optchain.slashing.v1.QueryParamsResponse.$Properties): optchain.slashing.v1.QueryParamsResponse;
                static encode(message: optchain.slashing.v1.QueryParamsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QueryParamsResponse & optchain.slashing.v1.QueryParamsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryParamsResponse {
                interface $Properties {
                    params?: (optchain.slashing.v1.Params.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QueryParamsResponse.$Properties;
            }

            interface IQuerySigningInfoRequest extends optchain.slashing.v1.QuerySigningInfoRequest.$Properties {
            }

            class QuerySigningInfoRequest {
                constructor(properties?: optchain.slashing.v1.QuerySigningInfoRequest.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                static create(properties: optchain.slashing.v1.QuerySigningInfoRequest.$Shape): optchain.slashing.v1.QuerySigningInfoRequest & optchain.slashing.v1.QuerySigningInfoRequest.$Shape;
                static create(properties?: optchain.slashing.v1.QuerySigningInfoRequest.$Properties): optchain.slashing.v1.QuerySigningInfoRequest;
                static encode(message: optchain.slashing.v1.QuerySigningInfoRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QuerySigningInfoRequest & optchain.slashing.v1.QuerySigningInfoRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySigningInfoRequest {
                interface $Properties {
                    validator?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QuerySigningInfoRequest.$Properties;
            }

            interface IQuerySigningInfoResponse extends optchain.slashing.v1.QuerySigningInfoResponse.$Properties {
            }

            class QuerySigningInfoResponse {
                constructor(properties?: optchain.slashing.v1.QuerySigningInfoResponse.$Properties);
                $unknowns?: Uint8Array[];
                info?: (optchain.slashing.v1.ValidatorSigningInfo.$Properties|null);
                static create(properties: optchain.slashing.v1.QuerySigningInfoResponse.$Shape): optchain.slashing.v1.QuerySigningInfoResponse & optchain.slashing.v1.QuerySigningInfoResponse.$Shape;
                static create(properties?: optchain.slashing.v1.QuerySigningInfoResponse.$Properties): optchain.slashing.v1.QuerySigningInfoResponse;
                static encode(message: optchain.slashing.v1.QuerySigningInfoResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QuerySigningInfoResponse & optchain.slashing.v1.QuerySigningInfoResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySigningInfoResponse {
                interface $Properties {
                    info?: (optchain.slashing.v1.ValidatorSigningInfo.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QuerySigningInfoResponse.$Properties;
            }

            interface IQuerySigningInfosRequest extends optchain.slashing.v1.QuerySigningInfosRequest.$Properties {
            }

            class QuerySigningInfosRequest {
                constructor(properties?: optchain.slashing.v1.QuerySigningInfosRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.slashing.v1.QuerySigningInfosRequest.$Shape): optchain.slashing.v1.QuerySigningInfosRequest & optchain.slashing.v1.QuerySigningInfosRequest.$Shape;
                static create(properties?: optchain.slashing.v1.QuerySigningInfosRequest.$Properties): optchain.slashing.v1.QuerySigningInfosRequest;
                static encode(message: optchain.slashing.v1.QuerySigningInfosRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QuerySigningInfosRequest & optchain.slashing.v1.QuerySigningInfosRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySigningInfosRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QuerySigningInfosRequest.$Properties;
            }

            interface IQuerySigningInfosResponse extends optchain.slashing.v1.QuerySigningInfosResponse.$Properties {
            }

            class QuerySigningInfosResponse {
                constructor(properties?: optchain.slashing.v1.QuerySigningInfosResponse.$Properties);
                $unknowns?: Uint8Array[];
                infos: optchain.slashing.v1.ValidatorSigningInfo.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.slashing.v1.QuerySigningInfosResponse.$Shape): optchain.slashing.v1.QuerySigningInfosResponse & optchain.slashing.v1.QuerySigningInfosResponse.$Shape;
                static create(properties?: optchain.slashing.v1.QuerySigningInfosResponse.$Properties): optchain.slashing.v1.QuerySigningInfosResponse;
                static encode(message: optchain.slashing.v1.QuerySigningInfosResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QuerySigningInfosResponse & optchain.slashing.v1.QuerySigningInfosResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySigningInfosResponse {
                interface $Properties {
                    infos?: (optchain.slashing.v1.ValidatorSigningInfo.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QuerySigningInfosResponse.$Properties;
            }

            interface IQuerySlashHistoryRequest extends optchain.slashing.v1.QuerySlashHistoryRequest.$Properties {
            }

            class QuerySlashHistoryRequest {
                constructor(properties?: optchain.slashing.v1.QuerySlashHistoryRequest.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                limit: number;
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.slashing.v1.QuerySlashHistoryRequest.$Shape): optchain.slashing.v1.QuerySlashHistoryRequest & optchain.slashing.v1.QuerySlashHistoryRequest.$Shape;
                static create(properties?: optchain.slashing.v1.QuerySlashHistoryRequest.$Properties): optchain.slashing.v1.QuerySlashHistoryRequest;
                static encode(message: optchain.slashing.v1.QuerySlashHistoryRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QuerySlashHistoryRequest & optchain.slashing.v1.QuerySlashHistoryRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySlashHistoryRequest {
                interface $Properties {
                    validator?: (string|null);
                    limit?: (number|null);
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QuerySlashHistoryRequest.$Properties;
            }

            interface IQuerySlashHistoryResponse extends optchain.slashing.v1.QuerySlashHistoryResponse.$Properties {
            }

            class QuerySlashHistoryResponse {
                constructor(properties?: optchain.slashing.v1.QuerySlashHistoryResponse.$Properties);
                $unknowns?: Uint8Array[];
                slashes: optchain.slashing.v1.SlashRecord.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.slashing.v1.QuerySlashHistoryResponse.$Shape): optchain.slashing.v1.QuerySlashHistoryResponse & optchain.slashing.v1.QuerySlashHistoryResponse.$Shape;
                static create(properties?: optchain.slashing.v1.QuerySlashHistoryResponse.$Properties): optchain.slashing.v1.QuerySlashHistoryResponse;
                static encode(message: optchain.slashing.v1.QuerySlashHistoryResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QuerySlashHistoryResponse & optchain.slashing.v1.QuerySlashHistoryResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QuerySlashHistoryResponse {
                interface $Properties {
                    slashes?: (optchain.slashing.v1.SlashRecord.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QuerySlashHistoryResponse.$Properties;
            }

            interface IQueryJailQueueRequest extends optchain.slashing.v1.QueryJailQueueRequest.$Properties {
            }

            class QueryJailQueueRequest {
                constructor(properties?: optchain.slashing.v1.QueryJailQueueRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.slashing.v1.QueryJailQueueRequest.$Shape): optchain.slashing.v1.QueryJailQueueRequest & optchain.slashing.v1.QueryJailQueueRequest.$Shape;
                static create(properties?: optchain.slashing.v1.QueryJailQueueRequest.$Properties): optchain.slashing.v1.QueryJailQueueRequest;
                static encode(message: optchain.slashing.v1.QueryJailQueueRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QueryJailQueueRequest & optchain.slashing.v1.QueryJailQueueRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryJailQueueRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QueryJailQueueRequest.$Properties;
            }

            interface IQueryJailQueueResponse extends optchain.slashing.v1.QueryJailQueueResponse.$Properties {
            }

            class QueryJailQueueResponse {
                constructor(properties?: optchain.slashing.v1.QueryJailQueueResponse.$Properties);
                $unknowns?: Uint8Array[];
                pending: optchain.slashing.v1.PendingJail.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.slashing.v1.QueryJailQueueResponse.$Shape): optchain.slashing.v1.QueryJailQueueResponse & optchain.slashing.v1.QueryJailQueueResponse.$Shape;
                static create(properties?: optchain.slashing.v1.QueryJailQueueResponse.$Properties): optchain.slashing.v1.QueryJailQueueResponse;
                static encode(message: optchain.slashing.v1.QueryJailQueueResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.QueryJailQueueResponse & optchain.slashing.v1.QueryJailQueueResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryJailQueueResponse {
                interface $Properties {
                    pending?: (optchain.slashing.v1.PendingJail.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.QueryJailQueueResponse.$Properties;
            }

            interface IParams extends optchain.slashing.v1.Params.$Properties {
            }

            class Params {
                constructor(properties?: optchain.slashing.v1.Params.$Properties);
                $unknowns?: Uint8Array[];
                signedBlocksWindow: number;
                minSignedPerWindow: string;
                downtimeJailDurationSeconds: number;
                slashFractionDowntime: string;
                slashFractionDoubleSign: string;
                maxJailedPowerPerBlock: string;
                static create(properties: optchain.slashing.v1.Params.$Shape): optchain.slashing.v1.Params & optchain.slashing.v1.Params.$Shape;
                static create(properties?: optchain.slashing.v1.Params.$Properties): optchain.slashing.v1.Params;
                static encode(message: optchain.slashing.v1.Params.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.Params & optchain.slashing.v1.Params.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Params {
                interface $Properties {
                    signedBlocksWindow?: (number|null);
                    minSignedPerWindow?: (string|null);
                    downtimeJailDurationSeconds?: (number|null);
                    slashFractionDowntime?: (string|null);
                    slashFractionDoubleSign?: (string|null);
                    maxJailedPowerPerBlock?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.Params.$Properties;
            }

            interface IValidatorSigningInfo extends optchain.slashing.v1.ValidatorSigningInfo.$Properties {
            }

            class ValidatorSigningInfo {
                constructor(properties?: optchain.slashing.v1.ValidatorSigningInfo.$Properties);
                $unknowns?: Uint8Array[];
                validator: string;
                consensusAddress: string;
                startHeight: number;
                indexOffset: number;
                missedBlocksCounter: number;
                jailedUntilUnixNanos: string;
                tombstoned: boolean;
                jailed: boolean;
                jailPending: boolean;
                static create(properties: optchain.slashing.v1.ValidatorSigningInfo.$Shape): optchain.slashing.v1.ValidatorSigningInfo & optchain.slashing.v1.ValidatorSigningInfo.$Shape;
                static create(properties?: optchain.slashing.v1.ValidatorSigningInfo.$Properties): optchain.slashing.v1.ValidatorSigningInfo;
                static encode(message: optchain.slashing.v1.ValidatorSigningInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.ValidatorSigningInfo & optchain.slashing.v1.ValidatorSigningInfo.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace ValidatorSigningInfo {
                interface $Properties {
                    validator?: (string|null);
                    consensusAddress?: (string|null);
                    startHeight?: (number|null);
                    indexOffset?: (number|null);
                    missedBlocksCounter?: (number|null);
                    jailedUntilUnixNanos?: (string|null);
                    tombstoned?: (boolean|null);
                    jailed?: (boolean|null);
                    jailPending?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.ValidatorSigningInfo.$Properties;
            }

            interface ISlashRecord extends optchain.slashing.v1.SlashRecord.$Properties {
            }

            class SlashRecord {
                constructor(properties?: optchain.slashing.v1.SlashRecord.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                validator: string;
                reason: string;
                height: number;
                timeUnixNanos: string;
                fraction: string;
                burned: string;
                jailSeconds: number;
                tombstoned: boolean;
                static create(properties: optchain.slashing.v1.SlashRecord.$Shape): optchain.slashing.v1.SlashRecord & optchain.slashing.v1.SlashRecord.$Shape;
                static create(properties?: optchain.slashing.v1.SlashRecord.$Properties): optchain.slashing.v1.SlashRecord;
                static encode(message: optchain.slashing.v1.SlashRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.SlashRecord & optchain.slashing.v1.SlashRecord.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace SlashRecord {
                interface $Properties {
                    id?: (number|null);
                    validator?: (string|null);
                    reason?: (string|null);
                    height?: (number|null);
                    timeUnixNanos?: (string|null);
                    fraction?: (string|null);
                    burned?: (string|null);
                    jailSeconds?: (number|null);
                    tombstoned?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.SlashRecord.$Properties;
            }

            interface IPendingJail extends optchain.slashing.v1.PendingJail.$Properties {
            }

            class PendingJail {
                constructor(properties?: optchain.slashing.v1.PendingJail.$Properties);
                $unknowns?: Uint8Array[];
                id: number;
                validator: string;
                reason: string;
                queuedHeight: number;
                jailSeconds: number;
                tombstoned: boolean;
                static create(properties: optchain.slashing.v1.PendingJail.$Shape): optchain.slashing.v1.PendingJail & optchain.slashing.v1.PendingJail.$Shape;
                static create(properties?: optchain.slashing.v1.PendingJail.$Properties): optchain.slashing.v1.PendingJail;
                static encode(message: optchain.slashing.v1.PendingJail.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.PendingJail & optchain.slashing.v1.PendingJail.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace PendingJail {
                interface $Properties {
                    id?: (number|null);
                    validator?: (string|null);
                    reason?: (string|null);
                    queuedHeight?: (number|null);
                    jailSeconds?: (number|null);
                    tombstoned?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.PendingJail.$Properties;
            }

            interface IMsgUnjail extends optchain.slashing.v1.MsgUnjail.$Properties {
            }

            class MsgUnjail {
                constructor(properties?: optchain.slashing.v1.MsgUnjail.$Properties);
                $unknowns?: Uint8Array[];
                validatorAddr: string;
                static create(properties: optchain.slashing.v1.MsgUnjail.$Shape): optchain.slashing.v1.MsgUnjail & optchain.slashing.v1.MsgUnjail.$Shape;
                static create(properties?: optchain.slashing.v1.MsgUnjail.$Properties): optchain.slashing.v1.MsgUnjail;
                static encode(message: optchain.slashing.v1.MsgUnjail.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.MsgUnjail & optchain.slashing.v1.MsgUnjail.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgUnjail {
                interface $Properties {
                    validatorAddr?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.MsgUnjail.$Properties;
            }

            interface IMsgUnjailResponse extends optchain.slashing.v1.MsgUnjailResponse.$Properties {
            }

            class MsgUnjailResponse {
                constructor(properties?: optchain.slashing.v1.MsgUnjailResponse.$Properties);
                $unknowns?: Uint8Array[];
                static create(properties: optchain.slashing.v1.MsgUnjailResponse.$Shape): optchain.slashing.v1.MsgUnjailResponse & optchain.slashing.v1.MsgUnjailResponse.$Shape;
                static create(properties?: optchain.slashing.v1.MsgUnjailResponse.$Properties): optchain.slashing.v1.MsgUnjailResponse;
                static encode(message: optchain.slashing.v1.MsgUnjailResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.slashing.v1.MsgUnjailResponse & optchain.slashing.v1.MsgUnjailResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace MsgUnjailResponse {
                interface $Properties {
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.slashing.v1.MsgUnjailResponse.$Properties;
            }
        }
    }

    namespace staking {

        namespace v1 {

            interface IValidator extends optchain.staking.v1.Validator.$Properties {
            }

            class Validator {
                constructor(properties?: optchain.staking.v1.Validator.$Properties);
                $unknowns?: Uint8Array[];
                operatorAddress: string;
                consensusPubkey: string;
                tokens: string;
                power: number;
                jailed: boolean;
                moniker: string;
                consensusAddress: string;
                static create(properties: optchain.staking.v1.Validator.$Shape): optchain.staking.v1.Validator & optchain.staking.v1.Validator.$Shape;
                static create(properties?: optchain.staking.v1.Validator.$Properties): optchain.staking.v1.Validator;
                static encode(message: optchain.staking.v1.Validator.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.staking.v1.Validator & optchain.staking.v1.Validator.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace Validator {
                interface $Properties {
                    operatorAddress?: (string|null);
                    consensusPubkey?: (string|null);
                    tokens?: (string|null);
                    power?: (number|null);
                    jailed?: (boolean|null);
                    moniker?: (string|null);
                    consensusAddress?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.staking.v1.Validator.$Properties;
            }

            interface IQueryValidatorsRequest extends optchain.staking.v1.QueryValidatorsRequest.$Properties {
            }

            class QueryValidatorsRequest {
                constructor(properties?: optchain.staking.v1.QueryValidatorsRequest.$Properties);
                $unknowns?: Uint8Array[];
                pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                static create(properties: optchain.staking.v1.QueryValidatorsRequest.$Shape): optchain.staking.v1.QueryValidatorsRequest & optchain.staking.v1.QueryValidatorsRequest.$Shape;
                static create(properties?: optchain.staking.v1.QueryValidatorsRequest.$Properties): optchain.staking.v1.QueryValidatorsRequest;
                static encode(message: optchain.staking.v1.QueryValidatorsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.staking.v1.QueryValidatorsRequest & optchain.staking.v1.QueryValidatorsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorsRequest {
                interface $Properties {
                    pagination?: (cosmos.base.query.v1beta1.PageRequest.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.staking.v1.QueryValidatorsRequest.$Properties;
            }

            interface IQueryValidatorsResponse extends optchain.staking.v1.QueryValidatorsResponse.$Properties {
            }

            class QueryValidatorsResponse {
                constructor(properties?: optchain.staking.v1.QueryValidatorsResponse.$Properties);
                $unknowns?: Uint8Array[];
                validators: optchain.staking.v1.Validator.$Properties[];
                pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                static create(properties: optchain.staking.v1.QueryValidatorsResponse.$Shape): optchain.staking.v1.QueryValidatorsResponse & optchain.staking.v1.QueryValidatorsResponse.$Shape;
                static create(properties?: optchain.staking.v1.QueryValidatorsResponse.$Properties): optchain.staking.v1.QueryValidatorsResponse;
                static encode(message: optchain.staking.v1.QueryValidatorsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.staking.v1.QueryValidatorsResponse & optchain.staking.v1.QueryValidatorsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorsResponse {
                interface $Properties {
                    validators?: (optchain.staking.v1.Validator.$Properties[]|null);
                    pagination?: (cosmos.base.query.v1beta1.PageResponse.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.staking.v1.QueryValidatorsResponse.$Properties;
            }

            interface IQueryValidatorRequest extends optchain.staking.v1.QueryValidatorRequest.$Properties {
            }

            class QueryValidatorRequest {
                constructor(properties?: optchain.staking.v1.QueryValidatorRequest.$Properties);
                $unknowns?: Uint8Array[];
                operatorAddress: string;
                static create(properties: optchain.staking.v1.QueryValidatorRequest.$Shape): optchain.staking.v1.QueryValidatorRequest & optchain.staking.v1.QueryValidatorRequest.$Shape;
                static create(properties?: optchain.staking.v1.QueryValidatorRequest.$Properties): optchain.staking.v1.QueryValidatorRequest;
                static encode(message: optchain.staking.v1.QueryValidatorRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.staking.v1.QueryValidatorRequest & optchain.staking.v1.QueryValidatorRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorRequest {
                interface $Properties {
                    operatorAddress?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.staking.v1.QueryValidatorRequest.$Properties;
            }

            interface IQueryValidatorResponse extends optchain.staking.v1.QueryValidatorResponse.$Properties {
            }

            class QueryValidatorResponse {
                constructor(properties?: optchain.staking.v1.QueryValidatorResponse.$Properties);
                $unknowns?: Uint8Array[];
                validator?: (optchain.staking.v1.Validator.$Properties|null);
                static create(properties: optchain.staking.v1.QueryValidatorResponse.$Shape): optchain.staking.v1.QueryValidatorResponse & optchain.staking.v1.QueryValidatorResponse.$Shape;
                static create(properties?: optchain.staking.v1.QueryValidatorResponse.$Properties): optchain.staking.v1.QueryValidatorResponse;
                static encode(message: optchain.staking.v1.QueryValidatorResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.staking.v1.QueryValidatorResponse & optchain.staking.v1.QueryValidatorResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorResponse {
                interface $Properties {
                    validator?: (optchain.staking.v1.Validator.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = optchain.staking.v1.QueryValidatorResponse.$Properties;
            }
        }
    }
}

export namespace cosmos {

    namespace base {

        namespace query {

            namespace v1beta1 {

                interface IPageRequest extends cosmos.base.query.v1beta1.PageRequest.$Properties {
                }

                class PageRequest {
                    constructor(properties?: cosmos.base.query.v1beta1.PageRequest.$Properties);
                    $unknowns?: Uint8Array[];
                    key: Uint8Array;
                    offset: number;
                    limit: number;
                    countTotal: boolean;
                    reverse: boolean;
                    static create(properties: cosmos.base.query.v1beta1.PageRequest.$Shape): cosmos.base.query.v1beta1.PageRequest & cosmos.base.query.v1beta1.PageRequest.$Shape;
                    static create(properties?: cosmos.base.query.v1beta1.PageRequest.$Properties): cosmos.base.query.v1beta1.PageRequest;
                    static encode(message: cosmos.base.query.v1beta1.PageRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                    static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cosmos.base.query.v1beta1.PageRequest & cosmos.base.query.v1beta1.PageRequest.$Shape;
                    static getTypeUrl(prefix?: string): string;
                }

                namespace PageRequest {
                    interface $Properties {
                        key?: (Uint8Array|null);
                        offset?: (number|null);
                        limit?: (number|null);
                        countTotal?: (boolean|null);
                        reverse?: (boolean|null);
                        $unknowns?: Uint8Array[];
                    }
                    type $Shape = cosmos.base.query.v1beta1.PageRequest.$Properties;
                }

                interface IPageResponse extends cosmos.base.query.v1beta1.PageResponse.$Properties {
                }

                class PageResponse {
                    constructor(properties?: cosmos.base.query.v1beta1.PageResponse.$Properties);
                    $unknowns?: Uint8Array[];
                    nextKey: Uint8Array;
                    total: number;
                    static create(properties: cosmos.base.query.v1beta1.PageResponse.$Shape): cosmos.base.query.v1beta1.PageResponse & cosmos.base.query.v1beta1.PageResponse.$Shape;
                    static create(properties?: cosmos.base.query.v1beta1.PageResponse.$Properties): cosmos.base.query.v1beta1.PageResponse;
                    static encode(message: cosmos.base.query.v1beta1.PageResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                    static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cosmos.base.query.v1beta1.PageResponse & cosmos.base.query.v1beta1.PageResponse.$Shape;
                    static getTypeUrl(prefix?: string): string;
                }

                namespace PageResponse {
                    interface $Properties {
                        nextKey?: (Uint8Array|null);
                        total?: (number|null);
                        $unknowns?: Uint8Array[];
                    }
                    type $Shape = cosmos.base.query.v1beta1.PageResponse.$Properties;
                }
            }
        }
    }
}
