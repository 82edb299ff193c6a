import "../proto-binary";
import net from "node:net";
import { Request, type RequestCheckTx, Response } from "cosmjs-types/tendermint/abci/types";
import { FrameDecoder, frame } from "./framing";
import { decodeCheckTxRequest, encodeCheckTxResponseFrame } from "./checktx-codec";
import { encodeFinalizeBlockResponseFrame } from "./finalize-codec";
import type { AbciApplication } from "./application";
import type { Logger } from "../logger";

/**
 * Serves the four CometBFT connections (query, snapshot, mempool, consensus) on one listener.
 * The application is synchronous and Node is single-threaded, so each request is answered in arrival
 * order on its connection and the responses are written before the Flush that follows them.
 */
export class AbciServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly app: AbciApplication, private readonly log: Logger) {
    this.server = net.createServer((socket) => this.serve(socket));
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const decoder = new FrameDecoder();
    socket.on("data", (chunk) => {
      let frames: Uint8Array[];
      try {
        frames = decoder.push(chunk);
      } catch (err) {
        this.log.error(`abci: closing connection, malformed frame: ${(err as Error).message}`);
        socket.destroy();
        return;
      }
      const out: Buffer[] = [];
      for (const bytes of frames) {
        const checkTx = decodeCheckTxRequest(bytes);
        if (checkTx !== undefined) {
          out.push(this.respondToCheckTx(checkTx));
          continue;
        }
        let request: Request;
        try {
          request = Request.decode(bytes);
        } catch (err) {
          this.log.error(`abci: closing connection, undecodable request: ${(err as Error).message}`);
          socket.destroy();
          return;
        }
        out.push(request.finalizeBlock !== undefined ? this.respondToFinalizeBlock(request) : frame(Response.encode(this.respond(request)).finish()));
      }
      if (out.length > 0) socket.write(out.length === 1 ? out[0] : Buffer.concat(out));
    });
    socket.on("error", (err) => this.log.info(`abci: connection error: ${err.message}`));
    socket.on("close", () => this.sockets.delete(socket));
  }

  /**
   * CheckTx's response (every tx, and again at each recheck) is built whole by the app, typed as such: it is
   * encoded as is. The others go through fromPartial, which fills every unset field the generated encoders need.
   */
  private respond(request: Request): Response {
    const response = this.dispatch(request);
    return response.checkTx !== undefined ? (response as Response) : Response.fromPartial(response);
  }

  /** The mempool's hot path (app/abci/checktx-codec.ts): the same bytes as `respond`, without its generic encoding. */
  private respondToCheckTx(checkTx: RequestCheckTx): Buffer {
    const response = this.respond({ checkTx } as Request);
    return (response.checkTx && encodeCheckTxResponseFrame(response.checkTx)) ?? frame(Response.encode(response).finish());
  }

  /** The block's results (app/abci/finalize-codec.ts): the same bytes as `respond`, without fromPartial's copy. */
  private respondToFinalizeBlock(request: Request): Buffer {
    const response = this.dispatch(request);
    return (response.finalizeBlock && encodeFinalizeBlockResponseFrame(response.finalizeBlock)) ?? frame(Response.encode(Response.fromPartial(response)).finish());
  }

  private dispatch(request: Request): Partial<Response> {
    const app = this.app;
    try {
      if (request.flush) return { flush: {} };
      if (request.echo) return { echo: { message: request.echo.message } };
      if (request.info) return { info: app.info(request.info) };
      if (request.initChain) return { initChain: app.initChain(request.initChain) };
      if (request.query) return { query: app.query(request.query) };
      if (request.checkTx) return { checkTx: app.checkTx(request.checkTx) };
      if (request.commit) return { commit: app.commit() };
      if (request.listSnapshots) return { listSnapshots: app.listSnapshots() };
      if (request.offerSnapshot) return { offerSnapshot: app.offerSnapshot(request.offerSnapshot) };
      if (request.loadSnapshotChunk) return { loadSnapshotChunk: app.loadSnapshotChunk(request.loadSnapshotChunk) };
      if (request.applySnapshotChunk) return { applySnapshotChunk: app.applySnapshotChunk(request.applySnapshotChunk) };
      if (request.prepareProposal) return { prepareProposal: app.prepareProposal(request.prepareProposal) };
      if (request.processProposal) return { processProposal: app.processProposal(request.processProposal) };
      if (request.extendVote) return { extendVote: app.extendVote(request.extendVote) };
      if (request.verifyVoteExtension) return { verifyVoteExtension: app.verifyVoteExtension(request.verifyVoteExtension) };
      if (request.finalizeBlock) return { finalizeBlock: app.finalizeBlock(request.finalizeBlock) };
    } catch (err) {
      // An exception stops CometBFT: that is what a broken invariant inside the app must do rather than
      // commit a state the other validators may not share.
      const message = err instanceof Error ? err.stack ?? err.message : String(err);
      this.log.error(`abci: request failed: ${message}`);
      return { exception: { error: err instanceof Error ? err.message : String(err) } };
    }
    this.log.error(`abci: unknown request ${JSON.stringify(Object.keys(request))}`);
    return { exception: { error: "unknown request" } };
  }
}
