import { describe, expect, it } from "vitest";
import { localHref } from "@/components/inbox/notification-item";

describe("localHref", () => {
  const base = "http://127.0.0.1:3000";
  it("keeps links to this site relative, so they open in the same app", () => {
    expect(localHref("http://127.0.0.1:3000/p/a-post?x=1#c2", base)).toBe("/p/a-post?x=1#c2");
    expect(localHref("/p/a-post", base)).toBe("/p/a-post");
  });
  it("keeps other origins absolute and drops missing links", () => {
    expect(localHref("https://example.org/x", base)).toBe("https://example.org/x");
    expect(localHref(null, base)).toBeNull();
    expect(localHref("", base)).toBeNull();
  });
});
