/** An error message next to the thing that failed, announced to screen readers. */
export function ErrorText({ text }: { readonly text: string | null }) {
  if (!text) return null;
  return (
    <p className="error-text" role="alert">
      {text}
    </p>
  );
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
