import { type Browser, type BrowserContext, type BrowserContextOptions, expect, type Page } from "@playwright/test";
import { postPublicReport, signIn, staffCall } from "./helpers.ts";

/**
 * Every screen of the dashboard and the public pages, with the roles that can see
 * it and how to reach it: shared by the specs that sweep them all (a11y-sweep,
 * phone-layout). A new screen joins SCREENS below.
 */

export type Role = keyof typeof ROLES;
export const ROLES = { admin: "admin", triager: "triager", leadership: "leadership", public: null } as const;

export interface Screen {
  name: string;
  roles: Role[];
  /** Its address (a function for one only known once the setup below has run)… */
  path?: string | (() => string);
  /** …or how to reach it. */
  reach?: (page: Page) => Promise<void>;
}

/** Made once by the setup: a fresh report's links, a consent link, a disclosed report's key. */
export const made = { statusPath: "", consentPath: "", newKey: "", disclosedKey: "" };

const STAFF: Role[] = ["admin", "triager", "leadership"];
const TRIAGE: Role[] = ["admin", "triager"];

export const SCREENS: Screen[] = [
  // Public: no account.
  { name: "sign-in", roles: ["public"], path: "/login" },
  { name: "public report form", roles: ["public"], path: "/report/voice" },
  { name: "receipt", roles: ["public"], reach: submitPublicReport },
  { name: "status page", roles: ["public"], path: () => made.statusPath },
  { name: "credit consent", roles: ["public"], path: () => made.consentPath },
  { name: "hall of fame", roles: ["public"], path: "/thanks/voice" },
  { name: "public advisory", roles: ["public"], path: () => `/advisories/${made.disclosedKey}` },
  { name: "invitation (bad link)", roles: ["public"], path: "/invite?token=not-a-real-token" },
  { name: "password reset (bad link)", roles: ["public"], path: "/reset-password?token=not-a-real-token" },
  { name: "first-run setup (no code)", roles: ["public"], path: "/setup" },
  // Signed in.
  { name: "inbox", roles: STAFF, path: "/?tab=all" },
  { name: "report (new)", roles: TRIAGE, path: () => `/reports/${made.newKey}` },
  { name: "report (disclosed)", roles: STAFF, path: () => `/reports/${made.disclosedKey}` },
  { name: "new report", roles: TRIAGE, path: "/reports/new" },
  { name: "leadership panel", roles: STAFF, path: "/leadership" },
  { name: "leadership reports", roles: STAFF, path: "/leadership/reports?metric=backlog" },
  { name: "disclosures calendar", roles: STAFF, path: "/disclosures" },
  { name: "acknowledgments", roles: STAFF, path: "/acknowledgments" },
  { name: "researchers", roles: TRIAGE, path: "/researchers" },
  { name: "researcher", roles: TRIAGE, reach: openFirstResearcher },
  { name: "profile", roles: STAFF, path: "/profile" },
  { name: "settings: Voice policy", roles: ["admin"], path: "/settings/voice" },
  { name: "settings: Echo policy", roles: ["admin"], path: "/settings/echo" },
  { name: "settings: SereneSense policy", roles: ["admin"], path: "/settings/serenesense" },
  { name: "settings: security", roles: ["admin"], path: "/settings/security" },
  { name: "settings: programs", roles: ["admin"], path: "/settings/programs" },
  { name: "settings: new program", roles: ["admin"], path: "/settings/programs/new" },
  { name: "settings: edit program", roles: ["admin"], path: "/settings/programs/voice" },
  { name: "members", roles: ["admin"], path: "/members" },
  { name: "outbox", roles: ["admin"], path: "/outbox" },
  { name: "audit", roles: ["admin"], path: "/audit" },
  { name: "not found", roles: ["triager"], path: "/no-such-screen" },
];
async function submitPublicReport(page: Page) {
  await page.goto("/report/voice");
  await page.getByLabel("Title").fill("Sweep: transcript leak through the export endpoint");
  await page.getByLabel("Affected version").fill("1.0.2");
  await page.getByLabel("Description", { exact: true }).fill("The export endpoint ignores the tenant.");
  await page.getByLabel("Steps to reproduce").fill("1. Export a transcript\n2. Change the tenant");
  await page.getByLabel("Impact", { exact: true }).fill("Read every tenant's transcripts.");
  await page.getByLabel("Your name").fill("Axe Sweeper");
  await page.getByLabel("Email (for the receipt and updates)").fill("sweeper@researcher.example");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("heading", { name: /^Report received: VOICE-\d+$/ })).toBeVisible();
}

async function openFirstResearcher(page: Page) {
  await page.goto("/researchers");
  await page.locator("main a[href^='/researchers/']").first().click();
  await expect(page).toHaveURL(/\/researchers\/\d+$/);
}

/** Each role signs in once; its cookies are reused by every later context. */
const storage: Partial<Record<Role, Awaited<ReturnType<BrowserContext["storageState"]>>>> = {};

export async function contextFor(browser: Browser, role: Role, options: BrowserContextOptions = {}) {
  if (role === "public") return browser.newContext(options);
  if (!storage[role]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, ROLES[role]!);
    storage[role] = await context.storageState();
    await context.close();
  }
  return browser.newContext({ ...options, storageState: storage[role] });
}

/** Waits until the screen has rendered: a heading, no loading state left. */
export async function settle(page: Page) {
  await expect(page.locator("h1").first()).toBeVisible();
  await expect(page.locator(".state-box[role=status], .spinner")).toHaveCount(0);
}

/** Paths in SCREENS known only once this has run (in a beforeAll): a fresh report, a consent link, a disclosed report. */
export async function makeScreenData(browser: Browser) {
  // A fresh report by the public route (its status link), a consent link, a disclosed report.
  const context = await contextFor(browser, "admin");
  const page = await context.newPage();
  await page.goto("/profile");
  const fresh = await postPublicReport(page, "Sweep: recordings listed without a session", {
    name: "Rosa Researcher",
    email: "rosa.sweep@researcher.example",
  });
  made.newKey = fresh.key;
  made.statusPath = fresh.statusPath;
  const credit = (await staffCall(page, "credits.add", {
    key: fresh.key,
    name: "Chidi Okafor",
    email: "chidi.sweep@example.net",
    type: "finder",
  })) as { link: string };
  made.consentPath = new URL(credit.link).pathname;
  await page.goto("/?tab=disclosed&program=voice");
  const first = page.locator("main table a[href^='/reports/VOICE-']").first();
  made.disclosedKey = ((await first.getAttribute("href")) ?? "").replace("/reports/", "");
  expect(made.disclosedKey).toMatch(/^VOICE-\d+$/);
  await context.close();
}

/** The screens a role sees. */
export const screensFor = (role: Role) => SCREENS.filter((s) => s.roles.includes(role));

/** Opens a screen and waits until it has rendered. */
export async function openScreen(page: Page, screen: Screen) {
  if (screen.reach) await screen.reach(page);
  else await page.goto(typeof screen.path === "function" ? screen.path() : (screen.path ?? "/"));
  await settle(page);
}
