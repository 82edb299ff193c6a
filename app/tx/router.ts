import { ErrTxDecode } from "../errors";
import type { AppModule, MsgHandler } from "../module";

/** type URL → handler; the only way a message reaches a module. */
export class MsgRouter {
  private readonly handlers = new Map<string, MsgHandler<unknown>>();

  constructor(modules: readonly AppModule[]) {
    for (const module of modules) {
      for (const handler of module.msgs) {
        if (this.handlers.has(handler.typeUrl)) throw new Error(`message ${handler.typeUrl} routed twice`);
        this.handlers.set(handler.typeUrl, handler);
      }
    }
  }

  handler(typeUrl: string): MsgHandler<unknown> {
    const handler = this.handlers.get(typeUrl);
    if (!handler) throw ErrTxDecode.wrap(`unable to resolve type URL ${typeUrl}`);
    return handler;
  }

  get typeUrls(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
