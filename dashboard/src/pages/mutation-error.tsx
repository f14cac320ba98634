/** The server's refusal, shown as it said it (its text names what to do next). */
export function MutationError(props: { readonly error: string | null }) {
  if (!props.error) return null;
  return (
    <p role="alert" className="error">
      {props.error}
    </p>
  );
}
