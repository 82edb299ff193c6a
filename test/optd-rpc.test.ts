// optd pointed at something that is not a CometBFT RPC (a proxy's error page, the REST or metrics port) says what it
// reached and what came back, instead of a bare JSON parse error.
import http from "node:http";
import type net from "node:net";
import { optdInProcess } from "./helpers/optd-cli";

test("optd status against an HTTP server that answers an HTML 502 names the URL and the status", async () => {
  const server = http.createServer((_request, response) => {
    response.writeHead(502, { "content-type": "text/html" });
    response.end("<html>bad gateway</html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    const run = await optdInProcess(["status", "--node", `tcp://127.0.0.1:${port}`]);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain(`http://127.0.0.1:${port}/status answered HTTP 502, not JSON-RPC: is it a CometBFT RPC address?`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
