import type { ReactNode } from "react";
import { card } from "@/components/ui/styles";

/** A titled section of a settings-like page (account, admin). */
export function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className={card}>
      <h2 id={`${id}-title`} className="mb-3 text-lg font-bold">{title}</h2>
      {children}
    </section>
  );
}
