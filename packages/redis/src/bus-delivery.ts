import type { AdapterHost } from '@halyard/core';
import type { BusMessage } from './bus-message.js';
import type { LocalMembers } from './local-members.js';
import type { RemoteView } from './remote-view.js';

/** Where a bus message from another instance goes on this one. */
export interface BusDeliveryTarget {
  readonly host: AdapterHost;
  readonly local: LocalMembers;
  readonly remote: RemoteView;
}

/** Delivers a bus message from another instance to this instance's connections. */
export function deliverBusMessage(bus: BusMessage, to: BusDeliveryTarget): void {
  const { host } = to;
  switch (bus.kind) {
    case 'message':
      host.deliver(bus.message);
      return;
    case 'presence':
      // Another instance swept one of our members while our liveness key had lapsed: our
      // connections never saw it leave, and the next heartbeat writes it back.
      if (bus.event.kind === 'left' && to.local.has(bus.event.room, bus.event.member.id)) return;
      to.remote.apply(bus.event);
      host.presence(bus.event);
      return;
    case 'disconnect':
      host.disconnect(bus.id, bus.code, bus.reason);
      return;
    default: {
      const exhaustive: never = bus;
      host.log.error({ bus: exhaustive }, 'unknown bus message');
    }
  }
}
