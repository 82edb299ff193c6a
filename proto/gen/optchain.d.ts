import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace optchain {

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
                static create(properties: optchain.staking.v1.QueryValidatorsRequest.$Shape): optchain.staking.v1.QueryValidatorsRequest & optchain.staking.v1.QueryValidatorsRequest.$Shape;
                static create(properties?: optchain.staking.v1.QueryValidatorsRequest.$Properties): optchain.staking.v1.QueryValidatorsRequest;
                static encode(message: optchain.staking.v1.QueryValidatorsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.staking.v1.QueryValidatorsRequest & optchain.staking.v1.QueryValidatorsRequest.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorsRequest {
                interface $Properties {
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
                static create(properties: optchain.staking.v1.QueryValidatorsResponse.$Shape): optchain.staking.v1.QueryValidatorsResponse & optchain.staking.v1.QueryValidatorsResponse.$Shape;
                static create(properties?: optchain.staking.v1.QueryValidatorsResponse.$Properties): optchain.staking.v1.QueryValidatorsResponse;
                static encode(message: optchain.staking.v1.QueryValidatorsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): optchain.staking.v1.QueryValidatorsResponse & optchain.staking.v1.QueryValidatorsResponse.$Shape;
                static getTypeUrl(prefix?: string): string;
            }

            namespace QueryValidatorsResponse {
                interface $Properties {
                    validators?: (optchain.staking.v1.Validator.$Properties[]|null);
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
