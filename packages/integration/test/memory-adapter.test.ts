import 'reflect-metadata';
import t from 'tap';
import { MemoryAdapter } from '@halyard/core';
import { adapterConformance } from './adapter-conformance.js';
import { presenceResumeConformance } from './presence-resume-conformance.js';
import { streamConformance } from './stream-conformance.js';

// Two apps in one process, each with its own MemoryAdapter: each sees only its own connections.
adapterConformance(t, 'memory', { makeAdapter: () => new MemoryAdapter(), crossInstance: false });

// Room streams: each MemoryAdapter keeps its own log, lost when the app restarts.
streamConformance(t, 'memory', { makeAdapter: () => new MemoryAdapter(), crossInstance: false });

// Presence after a resume: one app, the old connection and the resumed one side by side.
presenceResumeConformance(t, 'memory', { makeAdapter: () => new MemoryAdapter(), crossInstance: false });
