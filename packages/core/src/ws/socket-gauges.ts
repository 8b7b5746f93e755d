/**
 * App-wide counts of what live connections hold that no map lists (their rate buckets, their
 * open bursts of rejections, their `@OnConnect` backlogs), kept by their owners as they take and
 * release them, read by `inspectRuntime` to prove that every exit path gives everything back.
 */
export class SocketGauges {
  /** Connections with a rate limit whose intake has not seen the socket close yet. */
  rateBuckets = 0;
  /** Windows of rejections whose total is not logged yet (`RejectionBurst`). */
  openBursts = 0;
  /** Identity expiry timers (`$expiring` warning and the 4401 close) of open connections. */
  expiryTimers = 0;
  /** `conn.ask()` calls awaiting the client's answer, each with its timeout timer. */
  serverRequests = 0;
}
