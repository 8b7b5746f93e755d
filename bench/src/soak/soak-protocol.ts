/** What the soak server reports when the orchestrator asks for a sample (over the fork's IPC channel). */
export interface SoakSample {
  /** Seconds since the server started. */
  readonly at: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  /** `process.getActiveResourcesInfo().length`: handles and requests keeping the loop alive. */
  readonly activeHandles: number;
  readonly sockets: number;
  readonly connections: number;
  readonly rooms: number;
  readonly roomMembers: number;
  readonly inFlight: number;
  readonly pendingSlots: number;
  readonly ipSlots: number;
  readonly backlogBytes: number;
  readonly rateBuckets: number;
  readonly openBursts: number;
  /** `adapter` counts of `inspectRuntime`, summed. */
  readonly adapterEntries: number;
  readonly connectionsTotal: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly logLines: number;
  /** Log lines at error level (pino level 50 or more): client input must never cause one. */
  readonly errorLogLines: number;
}

/** Orchestrator → server. */
export type SoakCommand = { readonly kind: 'sample' } | { readonly kind: 'idle' } | { readonly kind: 'stop' };

/** Server → orchestrator. */
export type SoakReport =
  | { readonly kind: 'ready'; readonly port: number }
  | { readonly kind: 'sample'; readonly sample: SoakSample }
  | { readonly kind: 'idle'; readonly sample: SoakSample }
  | { readonly kind: 'failed'; readonly message: string };

/** What the load client prints as its last line. */
export interface SoakClientSummary {
  readonly seconds: number;
  readonly connects: number;
  readonly refusedUpgrades: number;
  readonly sent: number;
  readonly replies: number;
  readonly errorFrames: Readonly<Record<string, number>>;
  readonly closes: Readonly<Record<string, number>>;
  /** Requests with an id that got no answer before their socket closed on its own. */
  readonly unanswered: number;
}
