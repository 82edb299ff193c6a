/**
 * Faults that only the crash and fault-tolerance suites switch on, to kill or corrupt an app at an exact
 * point. Ignored unless OPTCHAIN_UNSAFE_TEST_FAULTS=1, which no node configuration written by optd sets.
 */
export interface TestFaults {
  /** SIGKILL this process on the Commit of this height: FinalizeBlock answered, nothing persisted. */
  crashBeforeCommitHeight?: bigint;
  /** From this height on, report a different app hash than the state's (a validator computing a different result). */
  wrongAppHashFromHeight?: bigint;
}

export function testFaultsFromEnv(env: NodeJS.ProcessEnv): TestFaults {
  if (env.OPTCHAIN_UNSAFE_TEST_FAULTS !== "1") return {};
  const height = (name: string) => (env[name] ? BigInt(env[name] as string) : undefined);
  return {
    crashBeforeCommitHeight: height("OPTCHAIN_TEST_CRASH_BEFORE_COMMIT"),
    wrongAppHashFromHeight: height("OPTCHAIN_TEST_WRONG_APP_HASH_FROM"),
  };
}
