import http from "node:http";

/**
 * One HTTP exchange on a fresh connection. Pooled keep-alive connections (fetch's default) race with
 * CometBFT closing idle ones and fail as "other side closed" under load.
 */
export function httpJson(url: string, postBody?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const payload = postBody === undefined ? undefined : JSON.stringify(postBody);
    const request = http.request(
      url,
      {
        method: payload === undefined ? "GET" : "POST",
        agent: false,
        headers: payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (err) {
            reject(new Error(`${url}: HTTP ${response.statusCode}, not JSON (${(err as Error).message})`));
          }
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}
