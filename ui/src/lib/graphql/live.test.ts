import { describe, expect, it } from "vitest";
import { liveOperation, readLiveEvent } from "@/lib/graphql/live";

describe("liveOperation", () => {
  it("names only the UI's own subscriptions", () => {
    const comments = liveOperation(new URLSearchParams("op=comments&postId=0190-abc"));
    expect(comments?.query).toContain("commentAdded(postId: $postId)");
    expect(comments?.variables).toEqual({ postId: "0190-abc" });
    expect(liveOperation(new URLSearchParams("op=unread"))?.query).toContain("unreadNotificationsCount");
    expect(liveOperation(new URLSearchParams("op=notifications"))?.query).toContain("notificationAdded");
  });

  it("refuses anything else", () => {
    expect(liveOperation(new URLSearchParams("op=comments"))).toBeNull();
    expect(liveOperation(new URLSearchParams("op=comments&postId=a%20b"))).toBeNull();
    expect(liveOperation(new URLSearchParams("query=mutation{logout}"))).toBeNull();
  });
});

describe("readLiveEvent", () => {
  it("passes data on", () => {
    expect(readLiveEvent<{ n: number }>('{"data":{"n":1}}')).toEqual({ data: { n: 1 }, then: "continue" });
  });

  it("subscribes again after a restart, an expired token or shutdown", () => {
    for (const code of ["SUBSCRIPTION_SOURCE_CLOSED", "SHUTTING_DOWN", "UNAUTHENTICATED"]) {
      expect(readLiveEvent(JSON.stringify({ errors: [{ message: "x", extensions: { code } }] })).then).toBe("resubscribe");
    }
  });

  it("stops on errors that will not pass", () => {
    expect(readLiveEvent('{"errors":[{"message":"x","extensions":{"code":"NOT_FOUND"}}]}').then).toBe("stop");
    expect(readLiveEvent("not json").then).toBe("continue");
  });
});
