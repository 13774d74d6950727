export * from "./states.ts";
export * from "./transitions.ts";
