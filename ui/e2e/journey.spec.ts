import { type Browser, expect, type Page, test } from "@playwright/test";
import { emailedLink, expectAccessible, gradientPng, screenshots } from "./support";

/**
 * The platform's main journey through the web UI, against the real services: a reader and a
 * writer sign up from the emailed links; the writer writes with a cover and submits; the owner
 * (a moderator) publishes it and moderates the reader's comment; the reader sees the post in the
 * feed and, having followed the writer, the notification in the inbox; logout revokes the session at auth.
 */
const run = Date.now().toString(36);
const OWNER = { email: process.env.OWNER_EMAIL ?? "owner@example.com", password: process.env.OWNER_PASSWORD ?? "" };
const WRITER = { email: `writer-${run}@example.com`, login: `writer${run}`, password: "quill and ink 2026" };
const READER = { email: `reader-${run}@example.com`, login: `reader${run}`, password: "reading lamp 2026" };
const TOPIC = `Notes on indefinite things ${run}`;
const TAG = `essays${run}`;

async function signUpAndConfirm(browser: Browser, who: { email: string; login: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("User name").fill(who.login);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status")).toContainText("confirm");
  await page.goto(await emailedLink(who.email, "signup"));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("status")).toContainText("confirmed");
  return page;
}

/** The unread count the header shows (0 when it shows none). */
async function unreadCount(page: Page): Promise<number> {
  const badge = page.getByTestId("unread-count");
  return (await badge.count()) ? Number(await badge.textContent()) : 0;
}

async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("button", { name: "Log out", exact: true })).toBeVisible();
}

test("sign up, write, moderate, comment, read, log out", async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  let postPath = "";

  await test.step("the owner logs in and creates a tag", async () => {
    await logIn(owner, OWNER);
    await owner.goto("/admin");
    await owner.getByRole("textbox", { name: "New tag" }).fill(TAG);
    await owner.getByRole("button", { name: "Create tag" }).click();
    await expect(owner.getByRole("textbox", { name: `Name of tag ${TAG}` })).toBeVisible();
  });

  const writer = await signUpAndConfirm(browser, WRITER);
  await test.step("the owner makes the new user a writer", async () => {
    await owner.goto(`/admin?q=${WRITER.login}`);
    await owner.getByLabel(`Role of ${WRITER.login}`).selectOption("WRITER");
    await expect(owner.getByLabel(`Role of ${WRITER.login}`)).toHaveValue("WRITER");
    await logIn(writer, WRITER);
  });
  await test.step("the writer writes a post with a cover image and submits it", async () => {
    await writer.goto("/write");
    await writer.getByLabel("Title").fill(TOPIC);
    await writer.getByLabel("Summary shown in the feed").fill("What stays when the page ends.");
    await writer.getByLabel("Text (Markdown)").fill("## A heading\n\nSome *emphasis* and code:\n\n```python\nprint('hi')\n```\n\n<script>alert(1)</script>");
    await expect(writer.getByTestId("preview").getByRole("heading", { name: "A heading" })).toBeVisible();
    await expect(writer.getByTestId("preview").locator("script")).toHaveCount(0);
    await writer.getByLabel(`#${TAG}`).check();
    await writer.getByLabel("Cover image").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: gradientPng() });
    await expect(writer.getByRole("button", { name: "Remove cover" })).toBeVisible({ timeout: 60_000 });
    await screenshots(writer, "editor");
    await expectAccessible(writer);
    await writer.getByRole("button", { name: "Submit for moderation" }).click();
    await expect(writer.getByRole("heading", { level: 1, name: TOPIC })).toBeVisible();
    await expect(writer.getByText("Awaiting moderation.")).toBeVisible();
    postPath = new URL(writer.url()).pathname;
  });

  const reader = await signUpAndConfirm(browser, READER);
  await logIn(reader, READER);
  const unreadBefore = await unreadCount(reader);
  await test.step("the reader follows the writer before the post is out", async () => {
    await reader.goto(`/u/${WRITER.login}`);
    await reader.getByRole("button", { name: "Follow", exact: true }).click();
    await expect(reader.getByRole("button", { name: "Following ✓" })).toHaveAttribute("aria-pressed", "true");
    await expect(reader.getByText("1 follower")).toBeVisible();
    await screenshots(reader, "author");
    await expectAccessible(reader);
  });

  await test.step("the owner publishes it from the moderation queue", async () => {
    await owner.goto("/admin");
    const queued = owner.getByTestId("queued-post").filter({ hasText: TOPIC });
    await queued.getByRole("button", { name: "Publish" }).click();
    await expect(owner.getByTestId("queued-post").filter({ hasText: TOPIC })).toHaveCount(0);
    await screenshots(owner, "admin");
    await expectAccessible(owner);
  });

  await test.step("the reader hears of the new post: the unread count in the header, then the inbox", async () => {
    // Notifications are fed by events: reload the inbox until the post's notification is there.
    const notification = reader.getByTestId("notification").filter({ hasText: TOPIC });
    await expect
      .poll(async () => {
        await reader.goto("/inbox");
        return notification.count();
      }, { timeout: 30_000, message: "the post's notification in the inbox" })
      .toBe(1);
    await expect(reader.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
    expect(await unreadCount(reader)).toBeGreaterThan(unreadBefore);
    await expect(reader.getByTestId("inbox-link")).toHaveAccessibleName(/unread notification/);
    await expect(notification).toHaveAttribute("data-read", "false");
    await expect(notification).toContainText(`${WRITER.login} published`);
    await expect(notification.getByRole("link", { name: new RegExp(TOPIC) })).toHaveAttribute("href", /^\/posts\//);
    await screenshots(reader, "inbox");
    await expectAccessible(reader);
    const unread = await unreadCount(reader);
    await notification.getByRole("button", { name: /^Mark read/ }).click();
    await expect(notification).toHaveAttribute("data-read", "true");
    await expect.poll(() => unreadCount(reader), { message: "the header's count after marking read" }).toBe(unread - 1);
    await expectAccessible(reader);
    await notification.getByRole("link", { name: new RegExp(TOPIC) }).click();
    await expect(reader.getByRole("heading", { level: 1, name: TOPIC })).toBeVisible();
    expect(new URL(reader.url()).pathname).toBe(postPath);
  });

  await test.step("the reader finds the post in the feed and comments", async () => {
    // The feed is a read model fed by events: reload until the published post has reached it.
    await expect
      .poll(async () => {
        await reader.goto("/");
        return reader.getByRole("link", { name: TOPIC }).count();
      }, { timeout: 30_000, message: "the post in the feed" })
      .toBeGreaterThan(0);
    await screenshots(reader, "feed");
    await expectAccessible(reader);
    await reader.getByRole("link", { name: TOPIC }).click();
    await expect(reader.getByRole("heading", { level: 1, name: TOPIC })).toBeVisible();
    await expect(reader.locator("article img").first()).toHaveAttribute("srcset", /\d+w/);
    await expect(reader.locator(".prose-body pre code")).toContainText("print");
    await reader.getByLabel("Your comment").fill("A *thoughtful* comment.");
    await reader.getByRole("button", { name: "Comment" }).click();
    await expect(reader.getByRole("status").filter({ hasText: "moderator" })).toBeVisible();
    await expect(reader.getByTestId("comment").filter({ hasText: "thoughtful" })).toContainText("Awaiting moderation");
  });

  await test.step("the owner moderates the comment from the comment queue", async () => {
    await owner.goto("/admin");
    const queued = owner.getByTestId("queued-comment").filter({ hasText: "thoughtful" });
    await expect(queued.getByRole("link", { name: TOPIC })).toHaveAttribute("href", new RegExp(`^${postPath}#comment-`));
    await queued.getByRole("button", { name: "Publish" }).click();
    await expect(owner.getByTestId("queued-comment").filter({ hasText: "thoughtful" })).toHaveCount(0);
    await expectAccessible(owner);
  });

  await test.step("the reader sees the published comment and replies in the thread", async () => {
    await reader.goto(postPath);
    const comment = reader.getByTestId("comment").filter({ hasText: "thoughtful" });
    await expect(comment).not.toContainText("Awaiting moderation");
    await comment.getByRole("button", { name: "Reply" }).click();
    await reader.getByLabel("Your reply").fill("And a reply to it.");
    await reader.getByRole("button", { name: "Send reply" }).click();
    await expect(comment.getByTestId("comment").filter({ hasText: "And a reply" })).toBeVisible();
    await screenshots(reader, "post");
    await expectAccessible(reader);
  });

  await test.step("the reader's account lists this browser's session", async () => {
    await reader.goto("/account");
    await expect(reader.getByTestId("session").first()).toBeVisible();
    await expect(reader.getByTestId("follow").filter({ hasText: WRITER.login })).toBeVisible();
    // make dev configures VAPID and Chromium has PushManager: the button shows (subscribing needs a push service).
    await expect(reader.getByRole("button", { name: "Enable web push" })).toBeVisible();
    await reader.getByRole("checkbox", { name: "Replies to my comments: Email" }).uncheck();
    await reader.getByRole("button", { name: "Save preferences" }).click();
    await expect(reader.getByText("Saved.")).toBeVisible();
    await screenshots(reader, "account");
    await expectAccessible(reader);
  });

  await test.step("an expired access cookie is refreshed before the page renders", async () => {
    const before = (await reader.context().cookies()).find((c) => c.name === "is_rt")?.value;
    await reader.context().clearCookies({ name: "is_at" });
    await reader.goto("/account");
    await expect(reader.getByRole("heading", { name: "Your account" })).toBeVisible();
    const after = await reader.context().cookies();
    expect(after.some((c) => c.name === "is_at" && c.httpOnly)).toBe(true);
    expect(after.find((c) => c.name === "is_rt")?.value).not.toBe(before);
  });

  await test.step("logout revokes the session at auth", async () => {
    const cookies = await reader.context().cookies();
    const refresh = cookies.find((c) => c.name === "is_rt");
    expect(refresh?.httpOnly).toBe(true);
    expect(refresh?.sameSite).toBe("Lax");
    await reader.getByRole("button", { name: "Log out", exact: true }).click();
    await expect(reader.getByRole("link", { name: "Log in" })).toBeVisible();
    const replay = await reader.request.post(process.env.ROUTER_URL ?? "http://127.0.0.1:4000/graphql", {
      data: { query: "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }", variables: { t: refresh!.value } },
    });
    const body = (await replay.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  await test.step("the reader restores a forgotten password from the emailed link", async () => {
    await reader.goto("/restorepwd");
    await reader.getByLabel("Email").fill(READER.email);
    await reader.getByRole("button", { name: "Send a restore link" }).click();
    await expect(reader.getByRole("status")).toContainText("on its way");
    await reader.goto(await emailedLink(READER.email, "restorepwd"));
    await reader.getByLabel("New password").fill("a brand new lamp 2026");
    await reader.getByRole("button", { name: "Set password" }).click();
    await expect(reader.getByRole("status")).toContainText("new password is set");
    await logIn(reader, { email: READER.email, password: "a brand new lamp 2026" });
  });

  await test.step("public pages for a signed-out visitor", async () => {
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto("/login");
    await screenshots(visitor, "login");
    await expectAccessible(visitor);
    await visitor.goto("/signup");
    await expectAccessible(visitor);
    const missing = await visitor.goto("/p/no-such-post-anywhere");
    expect(missing?.status()).toBe(404);
    await expect(visitor.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});

test("the keyboard alone reaches the content and logs in", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  expect(new URL(page.url()).hash).toBe("#main");
  // Tab from the top of the content reaches the form's fields in order, then submits with Enter.
  const email = page.getByLabel("Email");
  for (let presses = 0; presses < 30 && !(await email.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(email).toBeFocused();
  await page.keyboard.type(OWNER.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(OWNER.password);
  await page.keyboard.press("Enter");
  const logout = page.getByRole("button", { name: "Log out", exact: true });
  await expect(logout).toBeVisible();
  // every control on the account page is reachable and shows where the focus is
  await page.goto("/account");
  for (let presses = 0; presses < 12; presses++) {
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      if (!active || active === document.body) return "none";
      const style = getComputedStyle(active);
      return `${style.outlineStyle} ${style.outlineWidth} ${style.boxShadow}`;
    });
    expect(outline, "a focused control shows a focus ring").not.toMatch(/^none 0px none$/);
  }
});

test("the UI's routes refuse cross-origin writes", async ({ request }) => {
  const response = await request.post("/api/graphql", {
    headers: { origin: "http://evil.example" },
    data: { query: "mutation { logout }" },
  });
  expect(response.status()).toBe(403);
  const login = await request.post("/api/auth/login", { headers: { origin: "http://evil.example" }, data: { email: "a@b.c", password: "x" } });
  expect(login.status()).toBe(403);
});

test("the language follows the browser and can be switched", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ru-RU" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { name: "Вход" })).toBeVisible();
  await page.getByRole("button", { name: "en" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
});

test("dark mode keeps the feed and a post accessible", async ({ browser }) => {
  const page = await (await browser.newContext({ colorScheme: "dark" })).newPage();
  await page.goto("/");
  await expectAccessible(page);
  const first = page.locator("article h2 a").first();
  if (await first.count()) {
    await first.click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }
  await screenshots(page, "feed-dark");
});
