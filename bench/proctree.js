// The process tree under a pid, read from /proc (Linux): members, peak memory, and clean-up.
'use strict';

const fs = require('node:fs');

// USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux this runs on.
const CLOCK_TICKS = 100;

/** Every live process as { pid, ppid, pgrp, state }; zombies are left out. */
function listProcesses() {
  const out = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && stat.state !== 'Z') out.push(stat);
  }
  return out;
}

// The command name sits in parentheses and may hold spaces: fields are read after the last ')'.
function readStat(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone meanwhile
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]) };
}

/** The pids of `root`'s live descendants, not `root` itself. */
function descendants(root) {
  const children = new Map();
  for (const p of listProcesses()) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p.pid);
  }
  const out = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Live members of process group `pgrp`. */
function groupMembers(pgrp) {
  return listProcesses()
    .filter((p) => p.pgrp === pgrp)
    .map((p) => p.pid);
}

/** A status field in kB (VmHWM: peak resident set; VmRSS: current), or 0 if unreadable. */
function statusKb(pid, field) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of the peak resident sets of `root` and its live descendants, in MB (10^6 bytes). */
function treeHighWaterMb(root) {
  const kb = [root, ...descendants(root)].reduce((sum, pid) => sum + statusKb(pid, 'VmHWM'), 0);
  return (kb * 1024) / 1e6;
}

/** CPU time (user + system, every thread) `pid` has used so far, with that of its children
 * that ended and were waited for (a program run per step), in clock ticks; 0 if gone. */
function cpuTicks(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime: fields 14 to 17 of stat
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

/** Per live process of the tree under `root` (itself included): CPU ticks used so far. */
function treeCpuTicks(root) {
  return new Map([root, ...descendants(root)].map((pid) => [pid, cpuTicks(pid)]));
}

/** The tree's CPU seconds between two readings. A process that started between them counts
 * from zero; one that ended and was waited for counts in its parent's children's time (all of
 * its life, so a process that ran before the first reading and ended before the second is
 * over-counted: the steps measured keep their workers through, and start any other program
 * within). */
function cpuSecondsBetween(before, after) {
  let ticks = 0;
  for (const [pid, end] of after) ticks += end - (before.get(pid) ?? 0);
  return ticks / CLOCK_TICKS;
}

function killAll(pids, signal = 'SIGKILL') {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

module.exports = { descendants, groupMembers, treeHighWaterMb, treeCpuTicks, cpuSecondsBetween, killAll };
