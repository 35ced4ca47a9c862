// Which C library this Linux runs on, as node-gyp-build names it: Node reports the glibc it
// runs with; without one it is musl (Alpine and the like).
'use strict';

function hostLibc() {
  if (process.platform !== 'linux') return undefined;
  const header = process.report?.getReport().header;
  return header && header.glibcVersionRuntime ? 'glibc' : 'musl';
}

module.exports = { hostLibc };
