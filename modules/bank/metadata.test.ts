import fc from "fast-check";
import { AppError } from "../../app/errors";
import { DEFAULT_DENOM_METADATA, type DenomMetadataJson, metadataFromJson, metadataToJson } from "./metadata";
import { devGenesis, initChain, openApp } from "../../test/helpers/inprocess";

const opt = DEFAULT_DENOM_METADATA[0];
const withUnits = (units: DenomMetadataJson["denom_units"], extra: Partial<DenomMetadataJson> = {}) => ({ ...opt, denom_units: units, ...extra });

describe("bank denom metadata in genesis", () => {
  test.each([
    ["the first unit is not the base", withUnits([{ denom: "opt", exponent: 6, aliases: [] }]), /first denom unit must be the base/],
    ["the base unit has a non-zero exponent", withUnits([{ denom: "uopt", exponent: 1, aliases: [] }], { display: "uopt" }), /first denom unit must be the base/],
    ["exponents do not increase", withUnits([{ denom: "uopt", exponent: 0, aliases: [] }, { denom: "opt", exponent: 0, aliases: [] }]), /strictly increase/],
    ["a unit repeats as another's alias", withUnits([{ denom: "uopt", exponent: 0, aliases: ["opt"] }, { denom: "opt", exponent: 6, aliases: [] }]), /duplicate/],
    ["display is not a unit", { ...opt, display: "mopt" }, /display denom mopt/],
    ["no symbol", { ...opt, symbol: " " }, /symbol/],
    ["an invalid base denom", { ...opt, base: "1bad" }, /base/],
    ["too many units", withUnits(Array.from({ length: 17 }, (_, i) => ({ denom: i === 0 ? "uopt" : `u${i}x`, exponent: i, aliases: [] }))), /1 to 16 units/],
    ["a huge exponent", withUnits([{ denom: "uopt", exponent: 0, aliases: [] }, { denom: "opt", exponent: 2 ** 40, aliases: [] }]), /exponent/],
    ["not an object", "uopt", /must be an object/],
  ])("refuses an entry where %s", (_name, entry, message) => {
    expect(() => metadataFromJson(entry)).toThrow(message);
  });

  test("a genesis listing one denom twice, or metadata that is not a list, is refused by InitChain", async () => {
    for (const denomMetadata of [[opt, opt], { uopt: opt }]) {
      const { app, close } = openApp();
      try {
        const genesis = await devGenesis(1);
        (genesis.bank as Record<string, unknown>).denom_metadata = denomMetadata;
        expect(() => initChain(app, genesis)).toThrow(/given twice|must be a list/);
      } finally {
        close();
      }
    }
  });

  test("genesis export gives back the metadata it was given; a genesis without any exports none", async () => {
    for (const metadata of [DEFAULT_DENOM_METADATA, undefined]) {
      const { app, close } = openApp();
      try {
        const genesis = await devGenesis(1);
        if (metadata) (genesis.bank as Record<string, unknown>).denom_metadata = metadata;
        initChain(app, genesis);
        app.finalizeBlock({ txs: [], decidedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32), height: 1n, time: { seconds: 1_800_000_001n, nanos: 0 }, nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) });
        app.commit();
        expect((app.exportGenesis().bank as Record<string, unknown>).denom_metadata).toEqual(metadata);
      } finally {
        close();
      }
    }
  });

  test("any entry is either refused with a registered error or kept exactly (property)", () => {
    const denom = fc.stringMatching(/^[a-z][a-z0-9]{2,6}$/);
    const unit = fc.record({ denom, exponent: fc.integer({ min: -1, max: 20 }), aliases: fc.array(denom, { maxLength: 2 }) });
    fc.assert(
      fc.property(
        fc.record({ description: fc.string({ maxLength: 8 }), denom_units: fc.array(unit, { maxLength: 4 }), base: denom, display: denom, name: fc.string({ maxLength: 4 }), symbol: fc.string({ maxLength: 4 }), uri: fc.constant(""), uri_hash: fc.constant("") }),
        (entry) => {
          let parsed;
          try {
            parsed = metadataFromJson(entry);
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            return;
          }
          expect(metadataToJson(parsed)).toEqual(entry);
        },
      ),
    );
  });
});
