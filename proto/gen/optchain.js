/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
"use strict";

var $protobuf = require("protobufjs/minimal");

// Common aliases
var $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
var $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
var $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

$root.optchain = (function() {

    /**
     * Namespace optchain.
     * @exports optchain
     * @namespace
     */
    var optchain = {};

    optchain.staking = (function() {

        /**
         * Namespace staking.
         * @memberof optchain
         * @namespace
         */
        var staking = {};

        staking.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof optchain.staking
             * @namespace
             */
            var v1 = {};

            v1.Validator = (function() {

                /**
                 * Properties of a Validator.
                 * @typedef {Object} optchain.staking.v1.Validator.$Properties
                 * @property {string|null} [operatorAddress] Validator operatorAddress
                 * @property {string|null} [consensusPubkey] Validator consensusPubkey
                 * @property {string|null} [tokens] Validator tokens
                 * @property {number|null} [power] Validator power
                 * @property {boolean|null} [jailed] Validator jailed
                 * @property {string|null} [moniker] Validator moniker
                 * @property {string|null} [consensusAddress] Validator consensusAddress
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a Validator.
                 * @memberof optchain.staking.v1
                 * @interface IValidator
                 * @augments optchain.staking.v1.Validator.$Properties
                 * @deprecated Use optchain.staking.v1.Validator.$Properties instead.
                 */

                /**
                 * Shape of a Validator.
                 * @typedef {optchain.staking.v1.Validator.$Properties} optchain.staking.v1.Validator.$Shape
                 */

                /**
                 * Constructs a new Validator.
                 * @memberof optchain.staking.v1
                 * @classdesc Represents a Validator.
                 * @constructor
                 * @param {optchain.staking.v1.Validator.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                var Validator = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Validator operatorAddress.
                 * @member {string} operatorAddress
                 * @memberof optchain.staking.v1.Validator
                 * @instance
                 */
                Validator.prototype.operatorAddress = "";

                /**
                 * Validator consensusPubkey.
                 * @member {string} consensusPubkey
                 * @memberof optchain.staking.v1.Validator
                 * @instance
                 */
                Validator.prototype.consensusPubkey = "";

                /**
                 * Validator tokens.
                 * @member {string} tokens
                 * @memberof optchain.staking.v1.Validator
                 * @instance
                 */
                Validator.prototype.tokens = "";

                /**
                 * Validator power.
                 * @member {number} power
                 * @memberof optchain.staking.v1.Validator
                 * @instance
                 */
                Validator.prototype.power = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

                /**
                 * Validator jailed.
                 * @member {boolean} jailed
                 * @memberof optchain.staking.v1.Validator
                 * @instance
                 */
                Validator.prototype.jailed = false;

                /**
                 * Validator moniker.
                 * @member {string} moniker
                 * @memberof optchain.staking.v1.Validator
                 * @instance
                 */
                Validator.prototype.moniker = "";

                /**
                 * Validator consensusAddress.
                 * @member {string} consensusAddress
                 * @memberof optchain.staking.v1.Validator
                 * @instance
                 */
                Validator.prototype.consensusAddress = "";

                /**
                 * Creates a new Validator instance using the specified properties.
                 * @function create
                 * @memberof optchain.staking.v1.Validator
                 * @static
                 * @param {optchain.staking.v1.Validator.$Properties=} [properties] Properties to set
                 * @returns {optchain.staking.v1.Validator} Validator instance
                 * @type {{
                 *   (properties: optchain.staking.v1.Validator.$Shape): optchain.staking.v1.Validator & optchain.staking.v1.Validator.$Shape;
                 *   (properties?: optchain.staking.v1.Validator.$Properties): optchain.staking.v1.Validator;
                 * }}
                 */
                Validator.create = function(properties) {
                    return new Validator(properties);
                };

                /**
                 * Encodes the specified Validator message. Does not implicitly {@link optchain.staking.v1.Validator.verify|verify} messages.
                 * @function encode
                 * @memberof optchain.staking.v1.Validator
                 * @static
                 * @param {optchain.staking.v1.Validator.$Properties} message Validator message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                Validator.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.operatorAddress != null && $Object.hasOwnProperty.call(message, "operatorAddress") && message.operatorAddress !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.operatorAddress);
                    if (message.consensusPubkey != null && $Object.hasOwnProperty.call(message, "consensusPubkey") && message.consensusPubkey !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.consensusPubkey);
                    if (message.tokens != null && $Object.hasOwnProperty.call(message, "tokens") && message.tokens !== "")
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.tokens);
                    if (message.power != null && $Object.hasOwnProperty.call(message, "power") && (typeof message.power === "object" ? message.power.low || message.power.high : message.power !== 0))
                        writer.uint32(/* id 4, wireType 0 =*/32).int64(message.power);
                    if (message.jailed != null && $Object.hasOwnProperty.call(message, "jailed") && message.jailed !== false)
                        writer.uint32(/* id 5, wireType 0 =*/40).bool(message.jailed);
                    if (message.moniker != null && $Object.hasOwnProperty.call(message, "moniker") && message.moniker !== "")
                        writer.uint32(/* id 6, wireType 2 =*/50).string(message.moniker);
                    if (message.consensusAddress != null && $Object.hasOwnProperty.call(message, "consensusAddress") && message.consensusAddress !== "")
                        writer.uint32(/* id 7, wireType 2 =*/58).string(message.consensusAddress);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a Validator message from the specified reader or buffer.
                 * @function decode
                 * @memberof optchain.staking.v1.Validator
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {optchain.staking.v1.Validator & optchain.staking.v1.Validator.$Shape} Validator
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                Validator.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.optchain.staking.v1.Validator();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.operatorAddress = value;
                                else
                                    delete message.operatorAddress;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.consensusPubkey = value;
                                else
                                    delete message.consensusPubkey;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.tokens = value;
                                else
                                    delete message.tokens;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                    message.power = value;
                                else
                                    delete message.power;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.bool())
                                    message.jailed = value;
                                else
                                    delete message.jailed;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.moniker = value;
                                else
                                    delete message.moniker;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.consensusAddress = value;
                                else
                                    delete message.consensusAddress;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Gets the type url for Validator
                 * @function getTypeUrl
                 * @memberof optchain.staking.v1.Validator
                 * @static
                 * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
                 * @returns {string} The type url
                 */
                Validator.getTypeUrl = function(prefix) {
                    if (prefix === $undefined)
                        prefix = "type.googleapis.com";
                    return prefix + "/optchain.staking.v1.Validator";
                };

                return Validator;
            })();

            v1.QueryValidatorsRequest = (function() {

                /**
                 * Properties of a QueryValidatorsRequest.
                 * @typedef {Object} optchain.staking.v1.QueryValidatorsRequest.$Properties
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a QueryValidatorsRequest.
                 * @memberof optchain.staking.v1
                 * @interface IQueryValidatorsRequest
                 * @augments optchain.staking.v1.QueryValidatorsRequest.$Properties
                 * @deprecated Use optchain.staking.v1.QueryValidatorsRequest.$Properties instead.
                 */

                /**
                 * Shape of a QueryValidatorsRequest.
                 * @typedef {optchain.staking.v1.QueryValidatorsRequest.$Properties} optchain.staking.v1.QueryValidatorsRequest.$Shape
                 */

                /**
                 * Constructs a new QueryValidatorsRequest.
                 * @memberof optchain.staking.v1
                 * @classdesc Represents a QueryValidatorsRequest.
                 * @constructor
                 * @param {optchain.staking.v1.QueryValidatorsRequest.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                var QueryValidatorsRequest = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * Creates a new QueryValidatorsRequest instance using the specified properties.
                 * @function create
                 * @memberof optchain.staking.v1.QueryValidatorsRequest
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorsRequest.$Properties=} [properties] Properties to set
                 * @returns {optchain.staking.v1.QueryValidatorsRequest} QueryValidatorsRequest instance
                 * @type {{
                 *   (properties: optchain.staking.v1.QueryValidatorsRequest.$Shape): optchain.staking.v1.QueryValidatorsRequest & optchain.staking.v1.QueryValidatorsRequest.$Shape;
                 *   (properties?: optchain.staking.v1.QueryValidatorsRequest.$Properties): optchain.staking.v1.QueryValidatorsRequest;
                 * }}
                 */
                QueryValidatorsRequest.create = function(properties) {
                    return new QueryValidatorsRequest(properties);
                };

                /**
                 * Encodes the specified QueryValidatorsRequest message. Does not implicitly {@link optchain.staking.v1.QueryValidatorsRequest.verify|verify} messages.
                 * @function encode
                 * @memberof optchain.staking.v1.QueryValidatorsRequest
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorsRequest.$Properties} message QueryValidatorsRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                QueryValidatorsRequest.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a QueryValidatorsRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof optchain.staking.v1.QueryValidatorsRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {optchain.staking.v1.QueryValidatorsRequest & optchain.staking.v1.QueryValidatorsRequest.$Shape} QueryValidatorsRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                QueryValidatorsRequest.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.optchain.staking.v1.QueryValidatorsRequest();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        reader.skipType(tag & 7, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Gets the type url for QueryValidatorsRequest
                 * @function getTypeUrl
                 * @memberof optchain.staking.v1.QueryValidatorsRequest
                 * @static
                 * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
                 * @returns {string} The type url
                 */
                QueryValidatorsRequest.getTypeUrl = function(prefix) {
                    if (prefix === $undefined)
                        prefix = "type.googleapis.com";
                    return prefix + "/optchain.staking.v1.QueryValidatorsRequest";
                };

                return QueryValidatorsRequest;
            })();

            v1.QueryValidatorsResponse = (function() {

                /**
                 * Properties of a QueryValidatorsResponse.
                 * @typedef {Object} optchain.staking.v1.QueryValidatorsResponse.$Properties
                 * @property {Array.<optchain.staking.v1.Validator.$Properties>|null} [validators] QueryValidatorsResponse validators
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a QueryValidatorsResponse.
                 * @memberof optchain.staking.v1
                 * @interface IQueryValidatorsResponse
                 * @augments optchain.staking.v1.QueryValidatorsResponse.$Properties
                 * @deprecated Use optchain.staking.v1.QueryValidatorsResponse.$Properties instead.
                 */

                /**
                 * Shape of a QueryValidatorsResponse.
                 * @typedef {optchain.staking.v1.QueryValidatorsResponse.$Properties} optchain.staking.v1.QueryValidatorsResponse.$Shape
                 */

                /**
                 * Constructs a new QueryValidatorsResponse.
                 * @memberof optchain.staking.v1
                 * @classdesc Represents a QueryValidatorsResponse.
                 * @constructor
                 * @param {optchain.staking.v1.QueryValidatorsResponse.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                var QueryValidatorsResponse = function (properties) {
                    this.validators = [];
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * QueryValidatorsResponse validators.
                 * @member {Array.<optchain.staking.v1.Validator.$Properties>} validators
                 * @memberof optchain.staking.v1.QueryValidatorsResponse
                 * @instance
                 */
                QueryValidatorsResponse.prototype.validators = $util.emptyArray;

                /**
                 * Creates a new QueryValidatorsResponse instance using the specified properties.
                 * @function create
                 * @memberof optchain.staking.v1.QueryValidatorsResponse
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorsResponse.$Properties=} [properties] Properties to set
                 * @returns {optchain.staking.v1.QueryValidatorsResponse} QueryValidatorsResponse instance
                 * @type {{
                 *   (properties: optchain.staking.v1.QueryValidatorsResponse.$Shape): optchain.staking.v1.QueryValidatorsResponse & optchain.staking.v1.QueryValidatorsResponse.$Shape;
                 *   (properties?: optchain.staking.v1.QueryValidatorsResponse.$Properties): optchain.staking.v1.QueryValidatorsResponse;
                 * }}
                 */
                QueryValidatorsResponse.create = function(properties) {
                    return new QueryValidatorsResponse(properties);
                };

                /**
                 * Encodes the specified QueryValidatorsResponse message. Does not implicitly {@link optchain.staking.v1.QueryValidatorsResponse.verify|verify} messages.
                 * @function encode
                 * @memberof optchain.staking.v1.QueryValidatorsResponse
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorsResponse.$Properties} message QueryValidatorsResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                QueryValidatorsResponse.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.validators != null && message.validators.length)
                        for (var i = 0; i < message.validators.length; ++i)
                            $root.optchain.staking.v1.Validator.encode(message.validators[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a QueryValidatorsResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof optchain.staking.v1.QueryValidatorsResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {optchain.staking.v1.QueryValidatorsResponse & optchain.staking.v1.QueryValidatorsResponse.$Shape} QueryValidatorsResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                QueryValidatorsResponse.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.optchain.staking.v1.QueryValidatorsResponse();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.validators && message.validators.length))
                                    message.validators = [];
                                message.validators.push($root.optchain.staking.v1.Validator.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Gets the type url for QueryValidatorsResponse
                 * @function getTypeUrl
                 * @memberof optchain.staking.v1.QueryValidatorsResponse
                 * @static
                 * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
                 * @returns {string} The type url
                 */
                QueryValidatorsResponse.getTypeUrl = function(prefix) {
                    if (prefix === $undefined)
                        prefix = "type.googleapis.com";
                    return prefix + "/optchain.staking.v1.QueryValidatorsResponse";
                };

                return QueryValidatorsResponse;
            })();

            v1.QueryValidatorRequest = (function() {

                /**
                 * Properties of a QueryValidatorRequest.
                 * @typedef {Object} optchain.staking.v1.QueryValidatorRequest.$Properties
                 * @property {string|null} [operatorAddress] QueryValidatorRequest operatorAddress
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a QueryValidatorRequest.
                 * @memberof optchain.staking.v1
                 * @interface IQueryValidatorRequest
                 * @augments optchain.staking.v1.QueryValidatorRequest.$Properties
                 * @deprecated Use optchain.staking.v1.QueryValidatorRequest.$Properties instead.
                 */

                /**
                 * Shape of a QueryValidatorRequest.
                 * @typedef {optchain.staking.v1.QueryValidatorRequest.$Properties} optchain.staking.v1.QueryValidatorRequest.$Shape
                 */

                /**
                 * Constructs a new QueryValidatorRequest.
                 * @memberof optchain.staking.v1
                 * @classdesc Represents a QueryValidatorRequest.
                 * @constructor
                 * @param {optchain.staking.v1.QueryValidatorRequest.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                var QueryValidatorRequest = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * QueryValidatorRequest operatorAddress.
                 * @member {string} operatorAddress
                 * @memberof optchain.staking.v1.QueryValidatorRequest
                 * @instance
                 */
                QueryValidatorRequest.prototype.operatorAddress = "";

                /**
                 * Creates a new QueryValidatorRequest instance using the specified properties.
                 * @function create
                 * @memberof optchain.staking.v1.QueryValidatorRequest
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorRequest.$Properties=} [properties] Properties to set
                 * @returns {optchain.staking.v1.QueryValidatorRequest} QueryValidatorRequest instance
                 * @type {{
                 *   (properties: optchain.staking.v1.QueryValidatorRequest.$Shape): optchain.staking.v1.QueryValidatorRequest & optchain.staking.v1.QueryValidatorRequest.$Shape;
                 *   (properties?: optchain.staking.v1.QueryValidatorRequest.$Properties): optchain.staking.v1.QueryValidatorRequest;
                 * }}
                 */
                QueryValidatorRequest.create = function(properties) {
                    return new QueryValidatorRequest(properties);
                };

                /**
                 * Encodes the specified QueryValidatorRequest message. Does not implicitly {@link optchain.staking.v1.QueryValidatorRequest.verify|verify} messages.
                 * @function encode
                 * @memberof optchain.staking.v1.QueryValidatorRequest
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorRequest.$Properties} message QueryValidatorRequest message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                QueryValidatorRequest.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.operatorAddress != null && $Object.hasOwnProperty.call(message, "operatorAddress") && message.operatorAddress !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.operatorAddress);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a QueryValidatorRequest message from the specified reader or buffer.
                 * @function decode
                 * @memberof optchain.staking.v1.QueryValidatorRequest
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {optchain.staking.v1.QueryValidatorRequest & optchain.staking.v1.QueryValidatorRequest.$Shape} QueryValidatorRequest
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                QueryValidatorRequest.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.optchain.staking.v1.QueryValidatorRequest();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.operatorAddress = value;
                                else
                                    delete message.operatorAddress;
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Gets the type url for QueryValidatorRequest
                 * @function getTypeUrl
                 * @memberof optchain.staking.v1.QueryValidatorRequest
                 * @static
                 * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
                 * @returns {string} The type url
                 */
                QueryValidatorRequest.getTypeUrl = function(prefix) {
                    if (prefix === $undefined)
                        prefix = "type.googleapis.com";
                    return prefix + "/optchain.staking.v1.QueryValidatorRequest";
                };

                return QueryValidatorRequest;
            })();

            v1.QueryValidatorResponse = (function() {

                /**
                 * Properties of a QueryValidatorResponse.
                 * @typedef {Object} optchain.staking.v1.QueryValidatorResponse.$Properties
                 * @property {optchain.staking.v1.Validator.$Properties|null} [validator] QueryValidatorResponse validator
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a QueryValidatorResponse.
                 * @memberof optchain.staking.v1
                 * @interface IQueryValidatorResponse
                 * @augments optchain.staking.v1.QueryValidatorResponse.$Properties
                 * @deprecated Use optchain.staking.v1.QueryValidatorResponse.$Properties instead.
                 */

                /**
                 * Shape of a QueryValidatorResponse.
                 * @typedef {optchain.staking.v1.QueryValidatorResponse.$Properties} optchain.staking.v1.QueryValidatorResponse.$Shape
                 */

                /**
                 * Constructs a new QueryValidatorResponse.
                 * @memberof optchain.staking.v1
                 * @classdesc Represents a QueryValidatorResponse.
                 * @constructor
                 * @param {optchain.staking.v1.QueryValidatorResponse.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                var QueryValidatorResponse = function (properties) {
                    if (properties)
                        for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * QueryValidatorResponse validator.
                 * @member {optchain.staking.v1.Validator.$Properties|null|undefined} validator
                 * @memberof optchain.staking.v1.QueryValidatorResponse
                 * @instance
                 */
                QueryValidatorResponse.prototype.validator = null;

                /**
                 * Creates a new QueryValidatorResponse instance using the specified properties.
                 * @function create
                 * @memberof optchain.staking.v1.QueryValidatorResponse
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorResponse.$Properties=} [properties] Properties to set
                 * @returns {optchain.staking.v1.QueryValidatorResponse} QueryValidatorResponse instance
                 * @type {{
                 *   (properties: optchain.staking.v1.QueryValidatorResponse.$Shape): optchain.staking.v1.QueryValidatorResponse & optchain.staking.v1.QueryValidatorResponse.$Shape;
                 *   (properties?: optchain.staking.v1.QueryValidatorResponse.$Properties): optchain.staking.v1.QueryValidatorResponse;
                 * }}
                 */
                QueryValidatorResponse.create = function(properties) {
                    return new QueryValidatorResponse(properties);
                };

                /**
                 * Encodes the specified QueryValidatorResponse message. Does not implicitly {@link optchain.staking.v1.QueryValidatorResponse.verify|verify} messages.
                 * @function encode
                 * @memberof optchain.staking.v1.QueryValidatorResponse
                 * @static
                 * @param {optchain.staking.v1.QueryValidatorResponse.$Properties} message QueryValidatorResponse message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                QueryValidatorResponse.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.validator != null && $Object.hasOwnProperty.call(message, "validator"))
                        $root.optchain.staking.v1.Validator.encode(message.validator, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (var i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a QueryValidatorResponse message from the specified reader or buffer.
                 * @function decode
                 * @memberof optchain.staking.v1.QueryValidatorResponse
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {optchain.staking.v1.QueryValidatorResponse & optchain.staking.v1.QueryValidatorResponse.$Shape} QueryValidatorResponse
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                QueryValidatorResponse.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    var end, message, value;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.optchain.staking.v1.QueryValidatorResponse();
                    while (reader.pos < end) {
                        var start = reader.pos;
                        var tag = reader.tag();
                        if (tag === _end) {
                            _end = $undefined;
                            break;
                        }
                        var wireType = tag & 7;
                        switch (tag >>>= 3) {
                        case 1: {
                                if (wireType !== 2)
                                    break;
                                message.validator = $root.optchain.staking.v1.Validator.decode(reader, reader.size(), $undefined, _depth + 1, message.validator);
                                continue;
                            }
                        }
                        reader.skipType(wireType, _depth, tag);
                        if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                    }
                    if (length !== $undefined) {
                        if (reader.pos !== end)
                            throw $RangeError("index out of range");
                        reader.len = length;
                    }
                    if (_end !== $undefined)
                        throw $Error("missing end group");
                    return message;
                };

                /**
                 * Gets the type url for QueryValidatorResponse
                 * @function getTypeUrl
                 * @memberof optchain.staking.v1.QueryValidatorResponse
                 * @static
                 * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
                 * @returns {string} The type url
                 */
                QueryValidatorResponse.getTypeUrl = function(prefix) {
                    if (prefix === $undefined)
                        prefix = "type.googleapis.com";
                    return prefix + "/optchain.staking.v1.QueryValidatorResponse";
                };

                return QueryValidatorResponse;
            })();

            return v1;
        })();

        return staking;
    })();

    return optchain;
})();

module.exports = $root;
