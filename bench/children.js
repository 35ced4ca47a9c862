// Ending child processes within bounded time: ask, wait, then kill.
'use strict';

/** Resolves true once `child` has exited, false if `ms` pass first. */
function waitForExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Disconnects `child` (its cue to exit), then kills it if it is still there after `ms`. */
async function stopChild(child, ms = 5000) {
  if (child.connected) child.disconnect();
  if (await waitForExit(child, ms)) return;
  child.kill('SIGKILL');
  await waitForExit(child, ms);
}

let serial = 0;

/** A fresh address on this machine, of the kind mirai itself uses for local daemons on Linux. */
function localAddress(tag) {
  return `abstract://mirai-bench-${tag}-${process.pid}-${serial++}`;
}

module.exports = { waitForExit, stopChild, localAddress };
