"use client";

import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/components/ui/error-message";
import { useAction } from "@/components/ui/use-action";
import { request } from "@/lib/graphql/browser";
import type { UserRole, UserState } from "@/lib/graphql/generated/graphql";
import { SetTrustedAuthorMutation, SetUserRoleMutation, SetUserStateMutation } from "@/lib/graphql/mutations";

type AdminUser = { id: string; login: string; displayName: string; email?: string | null; role: UserRole; state: UserState; trustedAuthor: boolean };

const ROLES: UserRole[] = ["READER", "WRITER", "MODERATOR", "OWNER"];
const STATES: UserState[] = ["NEW", "CONFIRMED", "BLOCKED", "DELETED"];
const select = "rounded border border-gray-400 bg-white px-1 py-0.5 text-sm dark:border-gray-500 dark:bg-gray-900";

/** Users with their role, state and trust; only an OWNER changes them (not on themselves). */
export function UsersTable({ users, owner, viewerId }: { users: AdminUser[]; owner: boolean; viewerId: string }) {
  const t = useTranslations("admin");
  const { busy, error, run } = useAction();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            <th scope="col" className="py-2 pr-2">{t("user")}</th>
            <th scope="col" className="py-2 pr-2">{t("role")}</th>
            <th scope="col" className="py-2 pr-2">{t("state")}</th>
            <th scope="col" className="py-2">{t("trusted")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const editable = owner && user.id !== viewerId && !busy;
            return (
              <tr key={user.id} className="border-t border-gray-200 dark:border-gray-800">
                <th scope="row" className="py-2 pr-2 font-normal">
                  <span className="font-medium">@{user.login}</span>
                  {user.email ? <span className="block text-gray-700 dark:text-gray-300">{user.email}</span> : null}
                </th>
                <td className="py-2 pr-2">
                  <select aria-label={t("roleOf", { login: user.login })} className={select} value={user.role} disabled={!editable}
                    onChange={(e) => void run(() => request(SetUserRoleMutation, { userId: user.id, role: e.target.value as UserRole }))}>
                    {ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
                  </select>
                </td>
                <td className="py-2 pr-2">
                  <select aria-label={t("stateOf", { login: user.login })} className={select} value={user.state} disabled={!editable}
                    onChange={(e) => void run(() => request(SetUserStateMutation, { userId: user.id, state: e.target.value as UserState }))}>
                    {STATES.map((state) => <option key={state} value={state}>{state}</option>)}
                  </select>
                </td>
                <td className="py-2">
                  <input type="checkbox" aria-label={t("trustedOf", { login: user.login })} checked={user.trustedAuthor} disabled={!owner || busy}
                    onChange={(e) => void run(() => request(SetTrustedAuthorMutation, { userId: user.id, trusted: e.target.checked }))} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorMessage error={error} />
    </div>
  );
}
