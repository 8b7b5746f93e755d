import { Injectable } from '@halyard/core';
import type { DrawnStroke } from './board-dtos.js';

/** Strokes per board, bounded, so a late joiner sees the drawing so far. */
@Injectable()
export class BoardStore {
  static readonly maxStrokes = 2000;
  readonly #boards = new Map<string, DrawnStroke[]>();

  strokes(boardId: string): DrawnStroke[] {
    return this.#boards.get(boardId) ?? [];
  }

  add(boardId: string, stroke: DrawnStroke): void {
    let strokes = this.#boards.get(boardId);
    if (!strokes) this.#boards.set(boardId, (strokes = []));
    strokes.push(stroke);
    if (strokes.length > BoardStore.maxStrokes) strokes.splice(0, strokes.length - BoardStore.maxStrokes);
  }

  clear(boardId: string): void {
    this.#boards.delete(boardId);
  }
}
