/**
 * The "what was optimized" section of docs/benchmarks.md, kept here so that regenerating the page
 * keeps it. Figures are the hot-path driver's (bench/src/hot-path), measured when each change was
 * made; the tables above are the suite's own run.
 */
export const optimizationNotes = `## What was optimized (issue 17)

Each change is its own commit with its before/after figure. They were measured on a shared,
loaded machine, so by CPU time of tight loops, server heap after a full GC, and instruction counts
(\`HOT_PATH_CALLGRIND=1 node bench/dist/hot-path/hot-path-driver.js <system> 50 32 3200\`), not msg/s.

- **Query and path-parameter DTOs take the compiled validator.** Fastify's query (fast-querystring)
  and path parameters (find-my-way) are \`new Empty()\` objects whose prototype has no prototype;
  the compiled path declined them, so every such DTO ran class-transformer + class-validator.
  They inherit nothing, so both paths agree (the differential suite now feeds these shapes).
  A three-field query DTO: 6.6 µs → 0.9-1.0 µs per request.
- **The envelope check allocates nothing for an accepted frame:** 85-105 → 41 ns per frame.
- **Handlers are called through an invoker compiled at boot** (\`@Message()\` / \`@Conn()\` call the
  method directly, no closure, scope object or argument array): 29-39 → 5-9 ns per call.
- **Replies and pushes go to ws as strings**, their UTF-8 length measured instead of encoding
  a Buffer per frame: about 130 ns and one allocation less per frame.
- **No closure per constraint check** in the compiled validator (only a validator that returns a
  promise needs one).
- **Per-connection collections on first use** (metadata map, room set, join map): server heap
  per idle connection 9.08 → 8.50-8.56 KB (fastify-ws 5.65 KB, same driver, 2,000 connections).
- **An idle connection keeps no closures, ropes or copies of its own.** The connection id and its
  incarnation marker were \`randomUUID()\` ropes of ~20 concatenated strings (~480 bytes each) and
  are flattened once; the socket's \`message\` / \`pong\` / \`close\` listeners are shared
  functions per route (the connection's own close listener went with them); the raw socket's
  close listeners are one shared function, none for \`maxConnectionsPerIp\` when it is off, and
  the slot's listener is removed once the connection opens; the upgrade result is dropped from the
  request; a route without named \`@Query\` / \`@Headers\` values shares one empty record, and
  params / query are not copied when nothing is converted or taken out; \`connected\` and the
  \`connectedAt\` Date are created on first use; per-route settings are one shared object.
  Suite idle scenario (5,000 connections): heap + external per connection 9.19 → 6.38 KB
  (fastify-ws 5.68 KB, +0.70 KB), RSS 10.19 → 8.07 KB (fastify-ws 5.86-5.89 KB). \`conn.request\`
  costs nothing extra: Node's \`ServerResponse\` on the TCP socket keeps the upgrade request alive
  on every fastify-based system, fastify-ws included.
- **Replies are written by a serializer compiled per handler**, not \`JSON.stringify\` of a
  wrapper object: the frame's fixed part (\`"type":"reply"\`, \`"to"\`) is written once at boot,
  and a \`{ reply: Dto }\` handler's data by code generated from the DTO's property names. It is
  taken only when \`Object.keys(data)\` is exactly those names in that order and \`data\` has no
  \`toJSON\`; strings without characters to escape, finite numbers, booleans and null are
  written directly, any other value by \`JSON.stringify\` (inside a one-key holder when it has
  \`toJSON\`, so it gets its key); everything else takes the old frame. A differential test
  (core test reply-serializer.test.ts, with fast-check) proves the bytes equal. fast-json-stringify was not used: it orders
  keys by schema, drops undeclared ones and coerces types, so its output is not JSON.stringify's.
  Instructions per message at 50 × 32 (12,000 messages, 6,000 warm-up): 48,546 → 45,660-45,696.

After these, server instructions per message at 50 × 32 (12,000 messages after 6,000 of warm-up,
3 December 2026): Halyard 46,014, fastify-ws 37,649 (1.22×; before this round 1.25× at 3,200).
A CPU profile at 1000 × 32 (200,000 messages, \`HOT_PATH_CPU_PROF=<dir>\`) puts the difference off
the kernel: socket writes take 2.53 s for Halyard and 2.47 s for fastify-ws; the JavaScript of the
message path (ours, ws and Node) 1.84 s against 1.43 s, GC 0.47 s against 0.43 s. Halyard's share is
dispatch with its inlined JSON.parse and envelope check, and the compiled validator and transform
(~0.27 s), against checks inlined in the hand-written handler.
Not done yet: a code-generated validator (the compiled validator interprets its plan; its keyed
loads are megamorphic), which is where most of the remaining gap is.

Targets of issue 17 not met in the run above, and what the profiles say (CPU profiles with
\`--cpu-prof\`, 3 December 2026):

- **msg/s and CPU per message (0.86-0.96×, 1.10-1.21×):** at 1000 × 32 the socket writes are the
  same for both (2.53 s against 2.47 s for 200,000 messages); the rest is our JavaScript (see
  above). Most of the load rows of fastify-ws are client-bound (\`≥\`), so the msg/s ratios are
  bounds, not exact.
- **RSS per idle connection (+2.40 KB; heap + external +0.73 KB meets the target):** heap
  snapshots put the objects per connection at 7.02 KB against 6.30 KB, so the rest of the RSS
  difference is not JavaScript objects; both run ws with the same options (no permessage-deflate).
  Not traced further: how much is V8's heap reservation growing with a larger live heap.
- **REST validated POST (0.80×):** both servers spend about two thirds of their time in Node's
  \`writev\`. Halyard's extra is in Fastify's reply path (its default \`JSON.stringify\`
  serializer, where the baseline has a response schema and fast-json-stringify) and in
  validation (the compiled validator and validator.js checks, about 0.1 s against ajv's 0.04 s
  in a 6-second run). Lead: give REST replies the compiled reply serializer the sockets use.
- **tracing() without an SDK (0.48×) and metrics() (0.56×):** with no SDK the JavaScript cost is
  small (+0.03 s per 100,000 messages), but GC time is 2.6× and the socket writes 1.8×:
  each message builds its attribute object and span wrapper, and at a lower rate fewer replies
  share one \`writev\`. Lead: build span attributes only when \`span.isRecording()\`, and measure
  metrics' per-message label work the same way.
`;
