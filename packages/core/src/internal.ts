/**
 * `@halyard/core/internal`: the symbols of the `Hub`'s runtime-only members, for Halyard's own
 * packages and tests. Not part of the public API: anything here may change in any release.
 *
 * @example
 * ```ts
 * import { kObservers } from '@halyard/core/internal';
 * const watched = app.halyard.hub[kObservers].active;
 * ```
 */
export {
  kConnectionHost,
  kCountIn,
  kInspect,
  kObservers,
  kRecorder,
  kRegister,
  kReporter,
  kResumable,
  kResume,
  kResumedId,
  kRoomPolicy,
  kStart,
  kStop,
  kUnregister,
} from './ws/hub-internals.js';
