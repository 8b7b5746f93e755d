import type { Connection, Hub, HubStats } from '@halyard/core';
import type { LatencyView } from './latency-table.js';
import { toPlain } from './plain-value.js';

/** One open connection of this instance, as the API and the live feed show it. */
export interface ConnectionView {
  readonly id: string;
  /** The route's path pattern (`/game/:roomId`). */
  readonly route: string;
  readonly params: unknown;
  readonly query: unknown;
  readonly remoteAddress: string;
  /** What the route's guards attached; `null` without guards. */
  readonly identity: unknown;
  /** ISO 8601. */
  readonly connectedAt: string;
  readonly metadata: unknown;
  /** `null` when the connection has no presence data. */
  readonly presence: unknown;
  readonly rooms: readonly string[];
}

export interface RoomMemberView {
  readonly id: string;
  /** Presence data, `null` when the member has none. */
  readonly data: unknown;
  /** Whether the member is connected to this instance (the others are on other instances). */
  readonly local: boolean;
}

/** A room across every instance (as the broadcast adapter knows it) and its members. */
export interface RoomView {
  readonly name: string;
  readonly members: readonly RoomMemberView[];
}

/** What the live feed sends every `snapshotIntervalMs`. */
export interface AdminSnapshot {
  readonly at: number;
  readonly stats: HubStats;
  /** The oldest 500 connections of this instance; `stats.connections` is how many are open. */
  readonly connections: readonly ConnectionView[];
  /** `null` when the adapter could not list rooms this time (the error is logged). */
  readonly rooms: readonly RoomView[] | null;
  /** Handler-duration percentiles per route and message type (`GET latency`'s rows); `null` under `latency: false`. */
  readonly latency: readonly LatencyView[] | null;
}

function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

export function connectionView(connection: Connection): ConnectionView {
  return {
    id: connection.id,
    route: connection.route,
    params: toPlain(connection.params),
    query: toPlain(connection.query),
    remoteAddress: connection.remoteAddress,
    identity: orNull(toPlain(connection.identity)),
    connectedAt: connection.connectedAt.toISOString(),
    metadata: toPlain(connection.metadata()),
    presence: orNull(toPlain(connection.presence)),
    rooms: [...connection.rooms].sort(),
  };
}

export function connectionViews(hub: Hub): ConnectionView[] {
  return hub.connections().map(connectionView);
}

export async function roomViews(hub: Hub): Promise<RoomView[]> {
  const names = await hub.rooms();
  return Promise.all(
    names.map(async (name) => ({
      name,
      members: (await hub.roomMembers(name)).map((member) => ({
        id: member.id,
        data: orNull(toPlain(member.data)),
        local: hub.connection(member.id) !== undefined,
      })),
    })),
  );
}
