"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { button } from "@/components/ui/styles";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import type { EmailCadence, NotificationChannel, NotificationType } from "@/lib/graphql/generated/graphql";
import { UpdateNotificationPreferencesMutation } from "@/lib/graphql/mutations";

type Preference = { type: NotificationType; channels: NotificationChannel[]; emailCadence: EmailCadence };

const CHANNELS: NotificationChannel[] = ["IN_APP", "EMAIL", "PUSH"];
const CADENCES: EmailCadence[] = ["IMMEDIATE", "DAILY", "WEEKLY", "OFF"];

/** Channels and email cadence per notification type (ACCOUNT_SECURITY keeps email and in-app). */
export function NotificationPreferences({ preferences }: { preferences: Preference[] }) {
  const t = useTranslations("notifications");
  const { busy, error, run } = useAction();
  const [rows, setRows] = useState(preferences);
  const [saved, setSaved] = useState(false);
  const update = (type: NotificationType, change: (row: Preference) => Preference) => {
    setSaved(false);
    setRows((current) => current.map((row) => (row.type === type ? change(row) : row)));
  };
  const toggle = (row: Preference, channel: NotificationChannel) =>
    update(row.type, (r) => ({ ...r, channels: r.channels.includes(channel) ? r.channels.filter((c) => c !== channel) : [...r.channels, channel] }));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            <th scope="col" className="py-2 pr-2">{t("type")}</th>
            {CHANNELS.map((channel) => <th key={channel} scope="col" className="px-2 py-2">{t(`channel.${channel}`)}</th>)}
            <th scope="col" className="py-2">{t("cadence")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.type} className="border-t border-gray-200 dark:border-gray-800">
              <th scope="row" className="py-2 pr-2 font-normal">{t(`type_.${row.type}`)}</th>
              {CHANNELS.map((channel) => (
                <td key={channel} className="px-2 py-2">
                  <input type="checkbox" checked={row.channels.includes(channel)} disabled={row.type === "ACCOUNT_SECURITY" && channel !== "PUSH"}
                    aria-label={`${t(`type_.${row.type}`)}: ${t(`channel.${channel}`)}`} onChange={() => toggle(row, channel)} />
                </td>
              ))}
              <td className="py-2">
                <select value={row.emailCadence} aria-label={`${t(`type_.${row.type}`)}: ${t("cadence")}`} className="rounded border border-gray-400 bg-white px-1 py-0.5 dark:border-gray-500 dark:bg-gray-900"
                  onChange={(e) => update(row.type, (r) => ({ ...r, emailCadence: e.target.value as EmailCadence }))}>
                  {CADENCES.map((cadence) => <option key={cadence} value={cadence}>{t(`cadence_.${cadence}`)}</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={busy} className={`${button} mt-3`}
        onClick={() => void run(() => request(UpdateNotificationPreferencesMutation, { preferences: rows })).then(setSaved)}>
        {t("save")}
      </button>
      {saved ? <p role="status" className="mt-2 text-sm">{t("saved")}</p> : null}
      <ErrorMessage error={error} />
    </div>
  );
}
