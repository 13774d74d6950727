import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

// An admin invites a triager, passes on the link by hand (no SMTP in e2e), the
// invitee joins and lands in the program's inbox, then the admin disables them.
test("invite a triager, accept the link, then disable them", async ({ page }) => {
  const email = `new.triager.${Date.now()}@embargo.test`;
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();

  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role").selectOption("triager");
  const programSelect = invite.getByLabel("Program");
  const programName = (await programSelect.locator("option:checked").textContent())?.trim() ?? "";
  await invite.getByRole("button", { name: "Send invitation" }).click();
  const linkBox = invite.getByRole("textbox", { name: "Invitation link" });
  await expect(linkBox).toHaveValue(/\/invite\?token=/);
  const link = new URL(await linkBox.inputValue());
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(email);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Embargo" })).toBeVisible();

  // The link's host is the configured public URL; the path and token are what matter.
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { name: `Join ${programName}` })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await page.getByLabel("Your name").fill("Nia Newcomer");
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Program" })).toHaveValue(/.+/);
  await expect(page.getByRole("combobox", { name: "Program" }).locator("option:checked")).toHaveText(programName);
  await expect(page.getByRole("link", { name: "Nia Newcomer" })).toBeVisible();

  // The link is single use.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();

  await signIn(page, "admin");
  await page.goto("/members");
  const row = page.getByRole("row", { name: email });
  await expect(row).toContainText("Triager");
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(row).toContainText("Disabled");
  await expect(row.getByRole("button", { name: `Enable ${email}` })).toBeVisible();
});
