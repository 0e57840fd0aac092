import type { CoverFieldsFragment } from "@/lib/graphql/generated/graphql";

type CoverImageProps = {
  image: CoverFieldsFragment;
  sizes: string;
  /** The page's largest image: load it first (LCP), not lazily. */
  priority?: boolean;
  className?: string;
};

/**
 * A media image: responsive variants through `srcset`, and the tiny blurred placeholder painted
 * as the background until a variant arrives. Nothing while the image is not READY.
 */
export function CoverImage({ image, sizes, priority = false, className = "" }: CoverImageProps) {
  if (image.state !== "READY" || !image.src) return null;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- media serves its own variants; next/image would re-encode them
    <img
      src={image.src}
      srcSet={image.srcset ?? undefined}
      sizes={sizes}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      alt={image.alt ?? ""}
      loading={priority ? "eager" : "lazy"}
      fetchPriority={priority ? "high" : "auto"}
      decoding="async"
      className={`h-auto w-full rounded-lg bg-cover bg-center object-cover ${className}`}
      style={image.placeholder ? { backgroundImage: `url("${image.placeholder}")` } : undefined}
    />
  );
}
