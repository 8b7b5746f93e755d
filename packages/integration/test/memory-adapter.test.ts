import 'reflect-metadata';
import t from 'tap';
import { MemoryAdapter } from '@halyard/core';
import { adapterConformance } from './adapter-conformance.js';

// Two apps in one process, each with its own MemoryAdapter: each sees only its own connections.
adapterConformance(t, 'memory', { makeAdapter: () => new MemoryAdapter(), crossInstance: false });
