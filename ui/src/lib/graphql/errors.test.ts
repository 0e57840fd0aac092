import { describe, expect, it } from "vitest";
import { blockingError } from "@/lib/graphql/errors";

const unavailable = { message: "profiles is down", extensions: { code: "UNAVAILABLE" } };

describe("blockingError", () => {
  it("lets a page render data whose nested nullable field failed", () => {
    const body = {
      data: { post: { id: "p1", title: "Spring tides", author: null } },
      errors: [{ ...unavailable, path: ["post", "author"] }],
    };
    expect(blockingError(body)).toBeNull();
  });

  it("stops on an error whose root field came back null", () => {
    const body = { data: { post: null }, errors: [{ message: "no such post", path: ["post"], extensions: { code: "NOT_FOUND" } }] };
    expect(blockingError(body)?.code).toBe("NOT_FOUND");
  });

  it("stops when a nested error's null propagated up to the root field", () => {
    const body = { data: { post: null }, errors: [{ ...unavailable, path: ["post", "author", "login"] }] };
    expect(blockingError(body)?.code).toBe("UNAVAILABLE");
  });

  it("stops on an error without a path and on an answer without data", () => {
    expect(blockingError({ data: { feed: { edges: [] } }, errors: [unavailable] })?.code).toBe("UNAVAILABLE");
    expect(blockingError({ errors: [unavailable] })?.code).toBe("UNAVAILABLE");
    expect(blockingError({})?.code).toBe("INTERNAL");
  });

  it("passes an answer without errors", () => {
    expect(blockingError({ data: { feed: null } })).toBeNull();
  });
});
