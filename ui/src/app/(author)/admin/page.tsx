import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CommentQueue } from "@/components/admin/comment-queue";
import { FeedRebuild } from "@/components/admin/feed-rebuild";
import { ModerationQueue } from "@/components/admin/moderation-queue";
import { TagsEditor } from "@/components/admin/tags-editor";
import { UsersTable } from "@/components/admin/users-table";
import { Panel } from "@/components/ui/panel";
import { execute } from "@/lib/graphql/client";
import { CommentQueueQuery, ModerationQueueQuery, TagsQuery, UsersQuery } from "@/lib/graphql/queries";
import { atLeast, getViewer } from "@/lib/session/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("admin"))("title"), robots: { index: false } };
}

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const viewer = await getViewer();
  if (!viewer) redirect("/login?next=/admin");
  const t = await getTranslations("admin");
  if (!atLeast(viewer, "MODERATOR")) return <p className="pt-6">{t("forbidden")}</p>;
  const owner = viewer.role === "OWNER";
  const { q } = await searchParams;
  const [queue, comments, users, tags] = await Promise.all([
    execute(ModerationQueueQuery, { first: 50 }),
    execute(CommentQueueQuery, { first: 50 }),
    execute(UsersQuery, { first: 50, search: q || null }),
    execute(TagsQuery, { first: 100, after: null }),
  ]);
  return (
    <div className="space-y-8 pt-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <Panel id="queue" title={t("postQueue")}>
        <ModerationQueue posts={queue.posts.nodes} />
      </Panel>
      <Panel id="comments-queue" title={t("commentQueue")}>
        <CommentQueue comments={comments.commentQueue.nodes} />
      </Panel>
      <Panel id="users" title={t("users")}>
        <form className="mb-3 flex gap-2" role="search">
          <label htmlFor="user-search" className="sr-only">{t("search")}</label>
          <input id="user-search" name="q" defaultValue={q ?? ""} placeholder={t("search")} className="rounded border border-gray-400 px-2 py-1 text-sm dark:border-gray-500 dark:bg-gray-900" />
        </form>
        <UsersTable users={users.users.nodes} owner={owner} viewerId={viewer.id} />
      </Panel>
      {owner ? (
        <>
          <Panel id="tags" title={t("tags")}>
            <TagsEditor tags={tags.tags.nodes} />
          </Panel>
          <Panel id="feed" title={t("feed")}>
            <FeedRebuild />
          </Panel>
        </>
      ) : null}
    </div>
  );
}
