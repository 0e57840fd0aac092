import { describe, expect, it } from "vitest";
import { buildThreads } from "@/components/post/comment-tree";

describe("buildThreads", () => {
  it("nests replies under their parents in order", () => {
    const threads = buildThreads([{ id: "1" }, { id: "2", parentId: "1" }, { id: "3" }, { id: "4", parentId: "2" }]);
    expect(threads.map((t) => t.comment.id)).toEqual(["1", "3"]);
    expect(threads[0]!.replies[0]!.comment.id).toBe("2");
    expect(threads[0]!.replies[0]!.replies[0]!.comment.id).toBe("4");
  });

  it("makes a reply to a hidden comment a root and survives cycles", () => {
    const threads = buildThreads([{ id: "a", parentId: "b" }, { id: "b", parentId: "a" }, { id: "c", parentId: "gone" }]);
    expect(threads.map((t) => t.comment.id)).toEqual(["a", "c"]);
    expect(threads[0]!.replies.map((t) => t.comment.id)).toEqual(["b"]);
  });
});
