import type { RouterInputs, RouterOutputs } from "@embargo/api";

export type InboxPage = RouterOutputs["reports"]["list"];
export type InboxRow = InboxPage["rows"][number];
export type ReportDetail = RouterOutputs["reports"]["byKey"];
export type Me = NonNullable<RouterOutputs["auth"]["me"]>;
export type ProgramSummary = RouterOutputs["programs"]["list"][number];
export type ListInput = RouterInputs["reports"]["list"];
export type OutboxInput = RouterInputs["notifications"]["outbox"];
export type OutboxStatus = NonNullable<OutboxInput["status"]>;
export type OutboxChannel = NonNullable<OutboxInput["channel"]>;
