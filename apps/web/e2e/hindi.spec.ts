import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { postPublicReport, signIn, staffCall } from "./helpers.ts";

// A researcher whose browser reads Hindi (issue 15): the pages follow it, and the choice sticks to the report.
test.use({ locale: "hi-IN" });
test.setTimeout(120_000);

const SHOTS = "/tmp/shots";

async function noSeriousAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Screenshots at the desktop and phone widths; nothing may be wider than the phone's screen. */
async function shootBothWidths(page: Page, name: string, ready: () => Promise<void>) {
  await page.setViewportSize({ width: 1366, height: 860 });
  await ready();
  await page.screenshot({ path: `${SHOTS}/${name}-1366.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await ready();
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
    main: document.querySelector("main")!.scrollWidth,
    mainView: document.querySelector("main")!.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  expect(widths.main).toBeLessThanOrEqual(widths.mainView);
  await page.setViewportSize({ width: 1366, height: 860 });
}

test("a Hindi-reading researcher reports in Hindi, follows the status page in Hindi, then switches to English", async ({
  page,
  browser,
}) => {
  mkdirSync(SHOTS, { recursive: true });

  // 1. The form, in Hindi because the browser asks for it; the program offers English and Hindi.
  await page.goto("/report/voice");
  const formHeading = page.getByRole("heading", { name: "IndiVillage Voice Agent System में सुरक्षा खामी की रिपोर्ट करें" });
  await expect(formHeading).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "hi-IN");
  const switcher = page.getByRole("group", { name: "भाषा" });
  await expect(switcher.getByRole("button", { name: "हिन्दी" })).toHaveAttribute("aria-pressed", "true");
  await expect(switcher.getByRole("button", { name: "English" })).toHaveAttribute("lang", "en");
  await expect(page.getByText("Report a vulnerability")).toHaveCount(0);
  await noSeriousAxeViolations(page);
  await shootBothWidths(page, "hindi-form", () => expect(formHeading).toBeVisible());

  // Sent empty: refused, the missing fields named in Hindi.
  await page.getByRole("button", { name: "रिपोर्ट भेजें" }).click();
  await expect(page.getByRole("alert")).toContainText("रिपोर्ट नहीं भेजी गई");
  await expect(page.getByText("शीर्षक भरना ज़रूरी है")).toBeVisible();
  // A title the server finds too short: its English refusal is shown in Hindi, the number kept.
  await page.getByLabel("शीर्षक").fill("ab");
  await page.getByRole("button", { name: "रिपोर्ट भेजें" }).click();
  await expect(page.getByText("कम से कम 3 अक्षर होने चाहिए")).toBeVisible();
  await expect(page.getByText("Must be at least 3 characters")).toHaveCount(0);

  await page.getByLabel("शीर्षक").fill("रिकॉर्डिंग API में टेनेंट हेडर से प्रमाणीकरण बायपास");
  await page.getByLabel("प्रभावित संस्करण").fill("1.0.2");
  await page.getByLabel("विवरण", { exact: true }).fill("`X-Tenant: other` भेजने पर दूसरे टेनेंट की रिकॉर्डिंग मिल जाती है।");
  await page.getByLabel("दोहराने के चरण").fill("1. टेनेंट A से साइन इन करें\n2. हेडर जोड़ें\n3. रिकॉर्डिंग की सूची लें");
  await page.getByLabel("प्रभाव", { exact: true }).fill("हर टेनेंट की कॉल रिकॉर्डिंग पढ़ी जा सकती है।");
  await page.getByLabel("आपका नाम").fill("आशा शर्मा");
  await page.getByRole("button", { name: "रिपोर्ट भेजें" }).click();

  // 2. The receipt, in Hindi, with the promised date as hi-IN writes it.
  const receipt = page.getByRole("heading", { name: /^रिपोर्ट मिल गई: VOICE-\d+$/ });
  await expect(receipt).toBeVisible();
  const key = (await receipt.textContent())!.replace("रिपोर्ट मिल गई: ", "");
  await expect(page.getByText("तक इसकी पुष्टि करने का वादा किया है")).toBeVisible();
  const statusLink = page.getByRole("link", { name: /^स्थिति-लिंक: / });
  const statusPath = (await statusLink.getAttribute("href"))!;
  const token = statusPath.split("/").pop()!;
  // The report stored the language it was written in.
  const stored = async () =>
    ((await (await page.request.get(`/api/public/status/${token}`)).json()) as { language: string }).language;
  expect(await stored()).toBe("hi");

  // 3. The status page, in Hindi.
  await statusLink.click();
  const stateText = page.getByText("प्राप्त: सुरक्षा टीम की पुष्टि की प्रतीक्षा है");
  await expect(stateText).toBeVisible();
  await expect(page.getByRole("heading", { name: "संदेश" })).toBeVisible();
  await expect(page.getByText("अभी कोई संदेश नहीं है।")).toBeVisible();

  // 4. The team answers from the dashboard (English, its own context); the message shows on the status page.
  const staffContext = await browser.newContext({ locale: "en-GB" });
  const staff = await staffContext.newPage();
  await signIn(staff, "triager");
  await staffCall(staff, "reports.addMessage", {
    key,
    kind: "to_reporter",
    body: "धन्यवाद, हमने इसे दोहरा लिया है। Thanks, reproduced.",
  });
  await staffContext.close();
  await page.reload();
  const fromTeam = page.getByRole("article", { name: "सुरक्षा टीम की ओर से" });
  await expect(fromTeam).toContainText("धन्यवाद, हमने इसे दोहरा लिया है।");
  await expect(fromTeam.locator("time")).toHaveText(/\p{Script=Devanagari}/u);
  await noSeriousAxeViolations(page);
  await shootBothWidths(page, "hindi-status", () => expect(fromTeam).toBeVisible());

  // 5. Switching to English changes the page at once, stores the choice on the report, and survives a reload.
  await page.getByRole("group", { name: "भाषा" }).getByRole("button", { name: "English" }).click();
  await expect(page.getByText("Received: waiting for the security team to acknowledge it")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("article", { name: "From the security team" })).toBeVisible();
  await expect.poll(stored).toBe("en");
  await page.reload();
  await expect(page.getByText("Received: waiting for the security team to acknowledge it")).toBeVisible();
  await expect(page.getByRole("group", { name: "Language" }).getByRole("button", { name: "English" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  // Opened again from the emailed link (no ?lang=): the stored choice, English, beats the browser's Hindi.
  await page.goto(statusPath);
  await expect(page.getByText("Received: waiting for the security team to acknowledge it")).toBeVisible();
  await noSeriousAxeViolations(page);
});

test("a language the program does not offer, in the URL, falls back; a one-language program shows no switcher", async ({
  page,
}) => {
  // Voice offers English and Hindi: ?lang=fr is ignored and the browser's Hindi is used.
  await page.goto("/report/voice?lang=fr");
  await expect(page.getByRole("button", { name: "रिपोर्ट भेजें" })).toBeVisible();
  // ?lang=en is a choice the program offers.
  await page.goto("/report/voice?lang=en");
  await expect(page.getByRole("button", { name: "Send report" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  // The hall of fame follows the browser too.
  await page.goto("/thanks/voice");
  await expect(page.getByRole("heading", { name: "IndiVillage Voice Agent System: सुरक्षा सम्मान-सूची" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "hi-IN");
  // Echo lists no languages: English only, whatever the browser says, and nothing to switch.
  await page.goto("/report/echo");
  await expect(page.getByRole("button", { name: "Send report" })).toBeVisible();
  await expect(page.getByRole("group", { name: /Language|भाषा/ })).toHaveCount(0);
});

test("a person asked for credit reads the consent page in Hindi and accepts", async ({ page, browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  const stamp = Date.now();
  const { key } = await postPublicReport(page, `Recordings listed across tenants ${stamp}`);
  // The team adds a co-finder; without SMTP the consent link comes back to them.
  const staffContext = await browser.newContext({ locale: "en-GB" });
  const staff = await staffContext.newPage();
  await signIn(staff, "triager");
  const added = (await staffCall(staff, "credits.add", {
    key,
    name: `Meera ${stamp}`,
    email: `meera${stamp}@example.net`,
    type: "finder",
  })) as { link: string | null };
  await staffContext.close();
  expect(added.link).toMatch(/\/credit\/[\w-]{20,}$/);

  await page.goto(new URL(added.link!).pathname);
  const heading = page.getByRole("heading", { name: "आपकी मदद के लिए श्रेय" });
  await expect(heading).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "hi-IN");
  await expect(page.locator(".consent-ask")).toContainText("खोजकर्ता");
  await expect(page.getByLabel("आपका नाम")).toBeVisible();
  await noSeriousAxeViolations(page);
  await shootBothWidths(page, "hindi-consent", () => expect(heading).toBeVisible());
  await page.getByRole("button", { name: "श्रेय स्वीकार करें" }).click();
  await expect(page.getByRole("heading", { name: "धन्यवाद" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("आपको श्रेय देगा");
});
