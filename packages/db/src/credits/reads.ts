import { type AckEntry, type AckPeriod, type CreditType, isWithinAckPeriod, programLocales } from "@embargo/core";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Conn } from "../client.ts";
import { credits } from "../schema/credits.ts";
import { reportMilestones } from "../schema/disclosure.ts";
import { programs } from "../schema/programs.ts";
import { reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";
import { policyOf } from "../sla/clocks.ts";
import type { CreditRow } from "./writes.ts";

type Display = CreditRow["display"];

/** The name a credit shows: as the person chose, falling back to what is known; null for anonymous. */
export function creditName(display: Display, person: { name: string | null; handle: string | null }): string | null {
  if (display === "anonymous") return null;
  const first = display === "handle" ? person.handle : person.name;
  const other = display === "handle" ? person.name : person.handle;
  return first?.trim() || other?.trim() || null;
}

/** A report's credits in order, with the person behind each (for the team). */
export function creditsOfReport(db: Conn, reportId: number) {
  return db
    .select({
      id: credits.id,
      position: credits.position,
      type: credits.type,
      display: credits.display,
      consent: credits.consent,
      consentAt: credits.consentAt,
      consentChannel: credits.consentChannel,
      withdrawnAt: credits.withdrawnAt,
      consentLinkExpiresAt: credits.consentTokenExpiresAt,
      consentLinkUsedAt: credits.consentTokenUsedAt,
      createdAt: credits.createdAt,
      researcherId: researchers.id,
      name: researchers.name,
      handle: researchers.handle,
      email: researchers.email,
    })
    .from(credits)
    .innerJoin(researchers, eq(researchers.id, credits.researcherId))
    .where(eq(credits.reportId, reportId))
    .orderBy(asc(credits.position), asc(credits.id))
    .all();
}
export type ReportCredit = ReturnType<typeof creditsOfReport>[number];

/** Accepted and not withdrawn: the only credits that ever leave Embargo. */
const publishable = and(eq(credits.consent, "accepted"), isNull(credits.withdrawnAt));

/**
 * The credits an advisory names, in order: accepted, not withdrawn and with a name
 * to give. Anonymous credits are left out: CVE, OSV and CSAF credit a named person,
 * and "Anonymous" in a CVE record credits no one.
 */
export function advisoryCreditsOf(db: Conn, reportId: number): { name: string; type: CreditType }[] {
  return creditsOfReport(db, reportId)
    .filter((c) => c.consent === "accepted" && c.withdrawnAt === null)
    .flatMap((c) => {
      const name = creditName(c.display, c);
      return name ? [{ name, type: c.type }] : [];
    });
}

/**
 * Acknowledgment entries: accepted, not withdrawn credits of disclosed reports in the
 * given programs, dated by the advisory's publication (the advisory_published
 * milestone's actual instant; a report disclosed before milestones existed falls back
 * to its last change, as the advisory export does), within the period.
 */
export function acknowledgmentEntries(db: Conn, programIds: number[], period: AckPeriod): AckEntry[] {
  if (programIds.length === 0) return [];
  const disclosedAt = sql<number>`coalesce(${reportMilestones.actualAt}, ${reports.updatedAt})`;
  const rows = db
    .select({
      display: credits.display,
      type: credits.type,
      name: researchers.name,
      handle: researchers.handle,
      reportKey: reports.key,
      cveId: reports.cveId,
      advisoryUrl: reports.advisoryUrl,
      programName: programs.name,
      disclosedAt,
    })
    .from(credits)
    .innerJoin(reports, eq(reports.id, credits.reportId))
    .innerJoin(programs, eq(programs.id, reports.programId))
    .innerJoin(researchers, eq(researchers.id, credits.researcherId))
    .leftJoin(
      reportMilestones,
      and(eq(reportMilestones.reportId, reports.id), eq(reportMilestones.kind, "advisory_published")),
    )
    .where(and(publishable, eq(reports.state, "disclosed"), inArray(reports.programId, programIds)))
    .all();
  return rows
    .map((r) => ({
      displayName: creditName(r.display, r),
      creditType: r.type,
      reportKey: r.reportKey,
      cveId: r.cveId,
      advisoryUrl: r.advisoryUrl,
      programName: r.programName,
      disclosedAt: new Date(r.disclosedAt),
    }))
    .filter((e) => isWithinAckPeriod(e.disclosedAt, period));
}

/**
 * What a consent link shows before it is answered: the program's name and the credit
 * type, nothing of the report (it is not public yet and the link may be forwarded).
 */
export function consentRequestView(db: Conn, credit: CreditRow) {
  const program = db
    .select({ id: programs.id, name: programs.name })
    .from(reports)
    .innerJoin(programs, eq(programs.id, reports.programId))
    .where(eq(reports.id, credit.reportId))
    .get()!;
  // The page offers the program's languages (the person may never have reported anything).
  const languages = programLocales(policyOf(db, program.id).languages);
  return { programName: program.name, creditType: credit.type, languages };
}
