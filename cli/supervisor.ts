// A process started by a supervisor (the localnet, a test) exits when it dies without stopping its children.

/** Calls `stop` once the process named by OPTCHAIN_EXIT_WITH_PID is gone; nothing when the variable is unset. */
export function followSupervisor(stop: () => void): void {
  const supervisor = Number(process.env.OPTCHAIN_EXIT_WITH_PID ?? 0);
  if (supervisor <= 0) return;
  setInterval(() => {
    try {
      process.kill(supervisor, 0);
    } catch {
      stop();
    }
  }, 1000).unref();
}
