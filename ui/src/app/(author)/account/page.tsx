import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PasswordForm } from "@/components/account/password-form";
import { ProfileForm } from "@/components/account/profile-form";
import { PushToggle } from "@/components/account/push-toggle";
import { SessionsList } from "@/components/account/sessions-list";
import { FollowsList } from "@/components/follows/follows-list";
import { NotificationPreferences } from "@/components/follows/notification-preferences";
import { Panel } from "@/components/ui/panel";
import { execute } from "@/lib/graphql/client";
import { GraphQLRequestError } from "@/lib/graphql/errors";
import { AccountQuery, VapidPublicKeyQuery } from "@/lib/graphql/queries";
import { getViewer } from "@/lib/session/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("account"))("title"), robots: { index: false } };
}

/** The server's VAPID key, or null when push is off there (the push button then stays hidden). */
async function serverVapidKey(): Promise<string | null> {
  try {
    return (await execute(VapidPublicKeyQuery, {})).vapidPublicKey ?? null;
  } catch (error) {
    if (error instanceof GraphQLRequestError) return null;
    throw error;
  }
}

export default async function AccountPage() {
  if (!(await getViewer())) redirect("/login?next=/account");
  const t = await getTranslations("account");
  const [data, vapidPublicKey] = await Promise.all([execute(AccountQuery, {}), serverVapidKey()]);
  const me = data.me!;
  return (
    <div className="space-y-8 pt-6">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="text-sm text-gray-700 dark:text-gray-300">
        @{me.login} · {me.email} · {t(`role.${me.role}`)}
      </p>
      <Panel id="profile" title={t("profile")}>
        <ProfileForm displayName={me.displayName} bio={me.bio ?? null} avatarSrc={me.avatar?.src ?? null} />
      </Panel>
      <Panel id="password" title={t("password")}>
        <PasswordForm />
      </Panel>
      <Panel id="sessions" title={t("sessions")}>
        <SessionsList sessions={data.myTrackSessions.nodes} />
      </Panel>
      <Panel id="follows" title={t("follows")}>
        <FollowsList follows={data.myFollows.nodes} />
      </Panel>
      <Panel id="notifications" title={t("notifications")}>
        <NotificationPreferences preferences={data.myNotificationPreferences} />
        <PushToggle vapidPublicKey={vapidPublicKey} />
      </Panel>
    </div>
  );
}
