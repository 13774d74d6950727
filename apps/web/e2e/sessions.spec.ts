import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";
import { expectAccessible, newMember, screens, signInAs } from "./trust-helpers.ts";

// Sessions (issue 17 §2): the profile lists them with "End"; an admin sees and ends a member's.
test("end another session from the profile; an admin ends a member's sessions", async ({ browser }) => {
  test.setTimeout(90_000);
  const { email, context: first, page: a } = await newMember(browser, "sessions");
  await expect(a.getByRole("heading", { name: "Inbox", exact: true, level: 1 })).toBeVisible();
  const second = await browser.newContext();
  const b = await second.newPage();
  await signInAs(b, email);
  await expect(b.getByRole("heading", { name: "Inbox", exact: true, level: 1 })).toBeVisible();

  await a.goto("/profile");
  const table = a.getByRole("table", { name: "Sessions" });
  await expect(table.getByRole("row")).toHaveCount(3); // header and two sessions
  await expectAccessible(a, "profile sessions");
  await screens(a, "profile-sessions");
  const other = table.getByRole("row").filter({ hasNotText: "(this session)" }).nth(1);
  await other.getByRole("button", { name: /^End session/ }).click();
  await expect(a.getByText("Session ended.")).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(2);
  // The ended session is signed out at its next request.
  await b.reload();
  await expect(b.getByRole("heading", { name: "Sign in to Embargo" })).toBeVisible();

  // An admin lists the member's sessions and ends them all.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin");
  await admin.goto("/members");
  await admin.getByRole("button", { name: `Sessions and second factors of ${email}` }).click();
  const panel = admin.getByRole("region", { name: /Sessions and second factors of/ });
  await expect(panel.getByRole("list", { name: `Sessions of ${email}` }).getByRole("listitem")).toHaveCount(1);
  await expectAccessible(admin, "member sessions");
  await screens(admin, "members-sessions");
  await panel.getByRole("button", { name: "End all sessions" }).click();
  await expect(panel.getByText("Ended 1 session.")).toBeVisible();
  await a.reload();
  await expect(a.getByRole("heading", { name: "Sign in to Embargo" })).toBeVisible();
  await Promise.all([first.close(), second.close(), adminContext.close()]);
});
