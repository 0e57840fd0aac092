import type { InputHTMLAttributes } from "react";
import { input, label as labelClass } from "@/components/ui/styles";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; name: string };

/** A labelled input (the label is tied by id, for screen readers and tests alike). */
export function Field({ label, name, id, ...rest }: FieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="mb-4">
      <label htmlFor={fieldId} className={labelClass}>
        {label}
      </label>
      <input id={fieldId} name={name} className={input} {...rest} />
    </div>
  );
}
