export * from "./types";
export * from "./branch";
export * from "./commit-store";
export * from "./proof";
