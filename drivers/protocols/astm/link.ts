/** What a link-layer state machine asks its driver to do after a feed/poll: bytes to write, events to handle. */
export interface LinkOutput<E> {
  readonly send: Uint8Array[];
  readonly events: E[];
}

export const emptyOutput = <E>(): { send: Uint8Array[]; events: E[] } => ({ send: [], events: [] });
