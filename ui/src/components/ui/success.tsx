import type { ReactNode } from "react";

/** What a finished form says (announced to screen readers as a status). */
export function Success({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md bg-green-50 p-3 dark:bg-green-950">
      {children}
    </p>
  );
}
