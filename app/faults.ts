/**
 * Faults that only the crash and fault-tolerance suites switch on, to kill or corrupt an app at an exact
 * point. Ignored unless OPTCHAIN_UNSAFE_TEST_FAULTS=1, which no node configuration written by optd sets.
 */
export interface TestFaults {
  /** SIGKILL this process on the Commit of this height: FinalizeBlock answered, nothing persisted. */
  crashBeforeCommitHeight?: bigint;
  /** From this height on, report a different app hash than the state's (a validator computing a different result). */
  wrongAppHashFromHeight?: bigint;
  /**
   * As proposer, tamper with the injected vote-extension tx: "drop-vote" shows one committed validator as
   * absent, "forge-vote" alters one committed extension so its signature no longer verifies.
   */
  proposalFault?: ProposalFault;
}

export type ProposalFault = "drop-vote" | "forge-vote";
const PROPOSAL_FAULTS: readonly ProposalFault[] = ["drop-vote", "forge-vote"];

export function testFaultsFromEnv(env: NodeJS.ProcessEnv): TestFaults {
  if (env.OPTCHAIN_UNSAFE_TEST_FAULTS !== "1") return {};
  const height = (name: string) => (env[name] ? BigInt(env[name] as string) : undefined);
  return {
    crashBeforeCommitHeight: height("OPTCHAIN_TEST_CRASH_BEFORE_COMMIT"),
    wrongAppHashFromHeight: height("OPTCHAIN_TEST_WRONG_APP_HASH_FROM"),
    proposalFault: proposalFault(env.OPTCHAIN_TEST_PROPOSAL_FAULT),
  };
}

function proposalFault(value: string | undefined): ProposalFault | undefined {
  if (value === undefined || value === "") return undefined;
  if (!PROPOSAL_FAULTS.includes(value as ProposalFault)) throw new Error(`OPTCHAIN_TEST_PROPOSAL_FAULT must be one of ${PROPOSAL_FAULTS.join(", ")}, got "${value}"`);
  return value as ProposalFault;
}
