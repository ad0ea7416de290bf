import { plainErrorMessage } from '../format/requestError.ts';

/** An error message next to the thing that failed, announced to screen readers. */
export function ErrorText({ text }: { readonly text: string | null }) {
  if (!text) return null;
  return (
    <p className="error-text" role="alert">
      {text}
    </p>
  );
}

/** The text a screen shows for a failed call (plainErrorMessage). */
export const errorMessage = plainErrorMessage;
