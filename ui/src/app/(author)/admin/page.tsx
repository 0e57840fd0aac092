import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FeedRebuild } from "@/components/admin/feed-rebuild";
import { ModerationQueue } from "@/components/admin/moderation-queue";
import { TagsEditor } from "@/components/admin/tags-editor";
import { UsersTable } from "@/components/admin/users-table";
import { card } from "@/components/ui/styles";
import { execute } from "@/lib/graphql/client";
import { ModerationQueueQuery, TagsQuery, UsersQuery } from "@/lib/graphql/queries";
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
  const [queue, users, tags] = await Promise.all([
    execute(ModerationQueueQuery, { first: 50 }),
    execute(UsersQuery, { first: 50, search: q || null }),
    execute(TagsQuery, { first: 100, after: null }),
  ]);
  return (
    <div className="space-y-8 pt-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <section aria-labelledby="queue-title" className={card}>
        <h2 id="queue-title" className="mb-3 text-lg font-bold">{t("postQueue")}</h2>
        <ModerationQueue posts={queue.posts.nodes} />
      </section>
      <section aria-labelledby="comments-queue-title" className={card}>
        <h2 id="comments-queue-title" className="mb-3 text-lg font-bold">{t("commentQueue")}</h2>
        {/* PLACE FOR a cross-post comment queue: the schema has no query for comments by state yet;
            comments awaiting moderation are shown and moderated on each post's page. */}
        <p className="text-sm">{t("commentQueueNote")}</p>
      </section>
      <section aria-labelledby="users-title" className={card}>
        <h2 id="users-title" className="mb-3 text-lg font-bold">{t("users")}</h2>
        <form className="mb-3 flex gap-2" role="search">
          <label htmlFor="user-search" className="sr-only">{t("search")}</label>
          <input id="user-search" name="q" defaultValue={q ?? ""} placeholder={t("search")} className="rounded border border-gray-400 px-2 py-1 text-sm dark:border-gray-500 dark:bg-gray-900" />
        </form>
        <UsersTable users={users.users.nodes} owner={owner} viewerId={viewer.id} />
      </section>
      {owner ? (
        <>
          <section aria-labelledby="tags-title" className={card}>
            <h2 id="tags-title" className="mb-3 text-lg font-bold">{t("tags")}</h2>
            <TagsEditor tags={tags.tags.nodes} />
          </section>
          <section aria-labelledby="feed-title" className={card}>
            <h2 id="feed-title" className="mb-3 text-lg font-bold">{t("feed")}</h2>
            <FeedRebuild />
          </section>
        </>
      ) : null}
    </div>
  );
}
