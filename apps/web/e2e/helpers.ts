import { expect, type Page } from "@playwright/test";

export const USERS = {
  triager: { email: "triager@embargo.test", password: "embargo-triager-demo" },
  leadership: { email: "leadership@embargo.test", password: "embargo-leadership-demo" },
  admin: { email: "admin@embargo.test", password: "embargo-admin-demo" },
  sense: { email: "sense.triager@embargo.test", password: "embargo-sense-demo" },
} as const;

export async function signIn(page: Page, who: keyof typeof USERS) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(USERS[who].email);
  await page.getByLabel("Password").fill(USERS[who].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Leadership-only users land on the leadership panel; everybody else on the inbox.
  const home = who === "leadership" ? "Leadership" : "Inbox";
  await expect(page.getByRole("heading", { name: home, exact: true, level: 1 })).toBeVisible();
}
