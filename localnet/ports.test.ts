// Localnet ports: chosen where no outgoing connection or listen(0) on the machine can take them before the node
// binds, and never given to two localnets at once, in one process or in several.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { freePorts } from "./ports";
import { claimFreePort, claimPortLock, ephemeralRange, releasePortLock } from "./ports";

/** Every port given, sidecars included (the count checks that each node got all seven). */
const flat = (nodes: Awaited<ReturnType<typeof freePorts>>) => nodes.flatMap((p) => Object.values(p) as number[]);

let lockDir: string;
beforeEach(() => {
  lockDir = mkdtempSync(path.join(os.tmpdir(), "optchain-port-locks-"));
});
afterEach(() => rmSync(lockDir, { recursive: true, force: true }));

test("attack: no port a localnet is given lies in the kernel's ephemeral range, where any outgoing connection may take it before the node binds", async () => {
  const { low, high } = ephemeralRange();
  const ports = flat(await freePorts(4, lockDir));
  expect(ports).toHaveLength(28);
  expect(ports.filter((port) => port >= low && port <= high)).toEqual([]);
});

test("property: concurrent calls in one process get distinct ports, each free to bind, outside the ephemeral range", async () => {
  const { low, high } = ephemeralRange();
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), async (nodeCounts) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-port-locks-"));
      try {
        const ports = (await Promise.all(nodeCounts.map((n) => freePorts(n, dir)))).flatMap(flat);
        expect(ports).toHaveLength(7 * nodeCounts.reduce((a, b) => a + b, 0));
        expect(new Set(ports).size).toBe(ports.length);
        expect(ports.every((port) => port < low || port > high)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 20 },
  );
});

test("separate processes claiming at once never share a port", async () => {
  const script = path.join(lockDir, "claim.ts");
  // Each claimant lives until all have answered: a claim lasts as long as its process.
  writeFileSync(
    script,
    `import { freePorts } from ${JSON.stringify(path.resolve(__dirname, "ports"))};\nfreePorts(6, ${JSON.stringify(lockDir)}).then((p) => { console.log(JSON.stringify(p)); process.stdin.resume(); });\n`,
  );
  const children = [0, 1, 2].map(() => spawn(process.execPath, ["--import", "tsx", script], { cwd: path.resolve(__dirname, ".."), stdio: ["pipe", "pipe", "inherit"] }));
  try {
    const answers = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve, reject) => {
            let out = "";
            child.stdout!.on("data", (chunk: Buffer) => {
              out += chunk.toString("utf8");
              if (out.includes("\n")) resolve(out);
            });
            child.once("exit", (code) => reject(new Error(`claimant exited with ${code} before answering`)));
          }),
      ),
    );
    const ports = answers.flatMap((answer) => flat(JSON.parse(answer)));
    expect(ports).toHaveLength(3 * 42);
    expect(new Set(ports).size).toBe(ports.length);
  } finally {
    for (const child of children) child.stdin!.end();
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
  }
});

test("a port's lock: refused while its owner lives, taken over once its owner has exited, released only by its owner", async () => {
  const port = 40_000;
  const child = execFile(process.execPath, ["-e", "setTimeout(() => undefined, 30000)"]);
  try {
    writeFileSync(path.join(lockDir, String(port)), String(child.pid));
    expect(claimPortLock(port, lockDir)).toBe(false);
    releasePortLock(port, lockDir);
    expect(claimPortLock(port, lockDir)).toBe(false);
  } finally {
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  expect(claimPortLock(port, lockDir)).toBe(true);
  expect(claimPortLock(port, lockDir)).toBe(false);
  releasePortLock(port, lockDir);
  expect(claimPortLock(port, lockDir)).toBe(true);
});

test("a port something already listens on is not claimed, and its lock is left for others", async () => {
  const [{ p2p: port }] = await freePorts(1, lockDir);
  releasePortLock(port, lockDir);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  try {
    expect(await claimFreePort(port, lockDir)).toBe(false);
    expect(existsSync(path.join(lockDir, String(port)))).toBe(false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(await claimFreePort(port, lockDir)).toBe(true);
});
