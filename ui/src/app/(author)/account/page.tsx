import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PasswordForm } from "@/components/account/password-form";
import { ProfileForm } from "@/components/account/profile-form";
import { SessionsList } from "@/components/account/sessions-list";
import { card } from "@/components/ui/styles";
import { execute } from "@/lib/graphql/client";
import { AccountQuery } from "@/lib/graphql/queries";
import { getViewer } from "@/lib/session/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("account"))("title"), robots: { index: false } };
}

export default async function AccountPage() {
  if (!(await getViewer())) redirect("/login?next=/account");
  const t = await getTranslations("account");
  const data = await execute(AccountQuery, {});
  const me = data.me!;
  return (
    <div className="space-y-8 pt-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="text-sm text-gray-700 dark:text-gray-300">
        @{me.login} · {me.email} · {t(`role.${me.role}`)}
      </p>
      <section aria-labelledby="profile-title" className={card}>
        <h2 id="profile-title" className="mb-4 text-lg font-bold">{t("profile")}</h2>
        <ProfileForm displayName={me.displayName} bio={me.bio ?? null} avatarSrc={me.avatar?.src ?? null} />
      </section>
      <section aria-labelledby="password-title" className={card}>
        <h2 id="password-title" className="mb-4 text-lg font-bold">{t("password")}</h2>
        <PasswordForm />
      </section>
      <section aria-labelledby="sessions-title" className={card}>
        <h2 id="sessions-title" className="mb-4 text-lg font-bold">{t("sessions")}</h2>
        <SessionsList sessions={data.myTrackSessions.nodes} />
      </section>
      {/* PLACE FOR notification preferences, follows and "enable web push": they need the
          notifications and subscriptions services (issue 13, account). */}
    </div>
  );
}
