// Runs one tool in a host process of its own (bench/host.js) and collects its figures. The
// host leads a new process group, so a run that overstays its time is ended whole, and nothing
// it started can outlive it unseen.
'use strict';

const { fork } = require('node:child_process');
const path = require('node:path');
const { groupMembers, killAll } = require('./proctree');
const { EXTRA_CA } = require('./machine');

const HOST = path.join(__dirname, 'host.js');
const STUCK = 3; // host.js: alive 3 s after shutdown
const GRACE_MS = 3000;

let current = null;

/** Resolves to { figures, failures, notes } for one run of `toolId` on the Node at `node`
 * (its workers and daemons follow the host's Node); never rejects. */
function runHost(toolId, plan, floorExe, timeoutMs, node = process.execPath, env = process.env) {
  const out = { figures: {}, failures: [], notes: [] };
  const child = fork(HOST, [toolId, JSON.stringify(plan), floorExe], {
    execPath: node,
    detached: true,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  current = child;
  child.on('message', (message) => collect(out, message));
  const timer = setTimeout(() => {
    out.failures.push({ step: 'host', message: `no end after ${timeoutMs / 1000} s: process group killed` });
    killGroup(child.pid);
  }, timeoutMs);
  return new Promise((resolve) => {
    child.once('exit', async (code, signal) => {
      clearTimeout(timer);
      current = null;
      if (code === STUCK) out.notes.push('the host process stayed alive 3 s after shutdown (a handle left open)');
      else if (code !== 0 && !out.failures.length) out.failures.push({ step: 'host', message: `exited with ${signal ?? `code ${code}`}` });
      const left = await reapGroup(child.pid);
      if (left.length) out.notes.push(`${left.length} process(es) outlived the host by ${GRACE_MS / 1000} s and were killed`);
      resolve(out);
    });
  });
}

function collect(out, message) {
  if (message.type === 'figures') Object.assign(out.figures, message.figures);
  else if (message.type === 'failure') out.failures.push({ step: message.step, message: message.message });
  else if (message.type === 'leftover') out.notes.push(`still running right after shutdown: ${message.pids.length} process(es)`);
}

// Waits up to GRACE_MS for the group to empty, then kills what is left; returns those pids.
async function reapGroup(pgrp) {
  const deadline = Date.now() + GRACE_MS;
  let members = groupMembers(pgrp);
  while (members.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    members = groupMembers(pgrp);
  }
  killAll(members);
  return members;
}

function killGroup(pgrp) {
  try {
    process.kill(-pgrp, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The start-up alone, again, in a host (and so in children) whose environment lacks
 * NODE_EXTRA_CA_CERTS: set, it costs every Node process its boot (see machine.js). Its figure
 * is `startup_clean`; failures and notes are the run's like any other. */
async function runCleanStartup(toolId, plan, floorExe, timeoutMs, node = process.execPath) {
  const { [EXTRA_CA]: _unset, ...env } = process.env;
  const run = await runHost(toolId, { ...plan, startupOnly: true }, floorExe, timeoutMs, node, env);
  const tagged = (text) => `${EXTRA_CA} unset: ${text}`;
  return {
    figures: run.figures.startup === undefined ? {} : { startup_clean: run.figures.startup },
    failures: run.failures.map((f) => ({ step: f.step, message: tagged(f.message) })),
    notes: run.notes.map(tagged),
  };
}

/** Ends the host running now, with its whole group (on ^C or SIGTERM of the harness). */
function killCurrent() {
  if (current) killGroup(current.pid);
}

module.exports = { runHost, runCleanStartup, killCurrent };
