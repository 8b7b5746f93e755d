/** Every key the generator invents (channel, message, operation, scheme) matches this. */
export const idPattern = /^[A-Za-z0-9_-]+$/;

/** `ChatController.chat` → `ChatController_chat`, `player.joined` → `player_joined`. */
export function safeId(value: string, fallback: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_') || fallback;
}

/**
 * Hands out unique ids within one namespace: the first claim of a base gets it as is, later ones
 * `base_2`, `base_3`, in claim order. The generator claims in a sorted order, so ids are stable.
 */
export class IdAllocator {
  readonly #taken = new Set<string>();

  claim(value: string, fallback = 'id'): string {
    const base = safeId(value, fallback);
    let id = base;
    for (let suffix = 2; this.#taken.has(id); suffix++) id = `${base}_${suffix}`;
    this.#taken.add(id);
    return id;
  }
}
