import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { InboxLink } from "@/components/layout/inbox-link";
import { LocaleSwitch } from "@/components/layout/locale-switch";
import { LogoutButton } from "@/components/layout/logout-button";
import { SearchBox } from "@/components/reader/search-box";
import { atLeast, getViewer } from "@/lib/session/viewer";

export async function SiteHeader() {
  const t = await getTranslations("layout");
  const viewer = await getViewer();
  return (
    <header className="border-b border-gray-200 dark:border-gray-800">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="mr-auto text-lg font-bold tracking-tight">
          Indefinite Studies
        </Link>
        <SearchBox />
        <nav aria-label={t("main")} className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          {atLeast(viewer, "WRITER") ? <Link href="/write" className="hover:underline">{t("write")}</Link> : null}
          {atLeast(viewer, "MODERATOR") ? <Link href="/admin" className="hover:underline">{t("admin")}</Link> : null}
          {viewer ? (
            <>
              <InboxLink />
              <Link href="/bookmarks" className="hover:underline">{t("bookmarks")}</Link>
              <Link href="/account" className="hover:underline">{viewer.displayName || viewer.login}</Link>
              <LogoutButton />
            </>
          ) : (
            <>
              <Link href="/login" className="hover:underline">{t("login")}</Link>
              <Link href="/signup" className="hover:underline">{t("signup")}</Link>
            </>
          )}
          <LocaleSwitch />
        </nav>
      </div>
    </header>
  );
}
