// `optd start --oracle.sidecar`: where the app asks for its vote-extension prices, saved into optd.json.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultPorts, initHome, nodeConfigPath, readNodeConfig } from "../localnet/genesis";
import { saveStartFlags } from "../localnet/node";

test("--oracle.sidecar saves http://HOST:PORT, refuses anything else without changing the home, and \"\" removes it", () => {
  const home = mkdtempSync(path.join(os.tmpdir(), "optchain-sidecar-flag-"));
  try {
    initHome(home, { moniker: "sidecar", chainId: "optchain-1", ports: defaultPorts(0) });
    saveStartFlags(home, { oracleSidecar: "http://127.0.0.1:8080/" });
    expect(readNodeConfig(home).oracle_sidecar).toBe("http://127.0.0.1:8080");
    const saved = readFileSync(nodeConfigPath(home), "utf8");
    for (const bad of ["127.0.0.1:8080", "https://127.0.0.1:8080", "http://127.0.0.1", "http://127.0.0.1:8080/prices", "http://user@127.0.0.1:8080"]) {
      expect(() => saveStartFlags(home, { oracleSidecar: bad })).toThrow(/--oracle.sidecar wants http:\/\/HOST:PORT/);
      expect(readFileSync(nodeConfigPath(home), "utf8")).toBe(saved);
    }
    saveStartFlags(home, { oracleSidecar: "" });
    expect(readNodeConfig(home).oracle_sidecar).toBeUndefined();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
