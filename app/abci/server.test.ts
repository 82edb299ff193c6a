import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Request, Response } from "cosmjs-types/tendermint/abci/types";
import { OptchainApp } from "../app";
import { AbciServer } from "./server";
import { FrameDecoder, frame } from "./framing";

const errors: string[] = [];
const log = { info: () => undefined, error: (m: string) => errors.push(m) };

describe("ABCI socket server", () => {
  let dir: string;
  let app: OptchainApp;
  let server: AbciServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "abci-server-"));
    app = new OptchainApp({ dataDir: dir, logger: log });
    server = new AbciServer(app, log);
    await server.listen("127.0.0.1", 0);
  });

  afterAll(async () => {
    await server.close();
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function connect() {
    const socket = net.connect(server.port, "127.0.0.1");
    const decoder = new FrameDecoder();
    const responses: Response[] = [];
    socket.on("data", (chunk) => responses.push(...decoder.push(chunk).map((f) => Response.decode(f))));
    return { socket, responses };
  }

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  test("answers requests in order, including Flush after everything before it", async () => {
    const { socket, responses } = connect();
    const requests = [
      Request.fromPartial({ echo: { message: "one" } }),
      Request.fromPartial({ info: { version: "0.38.25" } }),
      Request.fromPartial({ echo: { message: "two" } }),
      Request.fromPartial({ flush: {} }),
    ];
    // Coalesced into one write, as CometBFT's buffered client does.
    socket.write(Buffer.concat(requests.map((r) => frame(Request.encode(r).finish()))));
    await until(() => responses.length === 4);
    expect(responses.map((r) => Object.keys(r).find((k) => (r as Record<string, unknown>)[k] !== undefined))).toEqual(["echo", "info", "echo", "flush"]);
    expect(responses[0].echo?.message).toBe("one");
    expect(responses[1].info?.lastBlockHeight).toBe(0n);
    socket.destroy();
  });

  test("a malformed frame closes that connection with a logged reason and the server keeps serving", async () => {
    const bad = connect();
    const closed = new Promise((resolve) => bad.socket.on("close", resolve));
    bad.socket.write(Buffer.concat([Buffer.from([0x05]), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff])]));
    await closed;
    expect(errors.some((e) => /undecodable request|malformed frame/.test(e))).toBe(true);

    const good = connect();
    good.socket.write(frame(Request.encode(Request.fromPartial({ echo: { message: "still here" } })).finish()));
    await until(() => good.responses.length === 1);
    expect(good.responses[0].echo?.message).toBe("still here");
    good.socket.destroy();
  });

  test("CheckTx requests, new and rechecks, get the bytes the generic encoding of the app's answer gives", async () => {
    const socket = net.connect(server.port, "127.0.0.1");
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    socket.on("data", (chunk) => frames.push(...decoder.push(chunk)));
    // Refused without state (undecodable, empty, the oracle's injected-votes marker), so the app answers alike when asked again.
    const requests = [
      { tx: Uint8Array.from([1, 2, 3]), type: 0 },
      { tx: new Uint8Array(), type: 1 },
      { tx: Buffer.from("not a tx at all, but long enough to need a two-byte length prefix ".repeat(3)), type: 0 },
    ];
    socket.write(Buffer.concat(requests.map((checkTx) => frame(Request.encode(Request.fromPartial({ checkTx })).finish()))));
    await until(() => frames.length === requests.length);
    expect(frames.map((bytes) => Buffer.from(bytes))).toEqual(requests.map((checkTx) => Buffer.from(Response.encode(Response.fromPartial({ checkTx: app.checkTx(checkTx) })).finish())));
    expect(frames.every((bytes) => (Response.decode(bytes).checkTx?.code ?? 0) !== 0)).toBe(true);
    socket.destroy();
  });
});
