export * from "./audit.ts";
export * from "./disclosure.ts";
export * from "./escalations.ts";
export * from "./intake.ts";
export * from "./programs.ts";
export * from "./reports.ts";
export * from "./researchers.ts";
export * from "./users.ts";
