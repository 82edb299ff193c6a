import net from "node:net";

/**
 * A TCP relay on loopback that can be cut and healed: the stand-in for a network partition, because the
 * nodes share one network namespace here. Cutting destroys live connections and refuses new ones.
 */
export class CuttableProxy {
  private readonly server: net.Server;
  private readonly live = new Set<net.Socket>();
  private cut = false;

  private constructor(private readonly targetPort: number) {
    this.server = net.createServer((inbound) => this.relay(inbound));
  }

  static async listen(targetPort: number): Promise<CuttableProxy> {
    const proxy = new CuttableProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  setCut(cut: boolean): void {
    this.cut = cut;
    if (cut) for (const socket of this.live) socket.destroy();
  }

  close(): Promise<void> {
    this.setCut(true);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(inbound: net.Socket): void {
    if (this.cut) {
      inbound.destroy();
      return;
    }
    const outbound = net.connect(this.targetPort, "127.0.0.1");
    for (const socket of [inbound, outbound]) {
      this.live.add(socket);
      socket.on("close", () => this.live.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  }
}
