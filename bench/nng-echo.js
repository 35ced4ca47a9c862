// The binding's rep echo server for bench/nng.js: forked, it echoes every request until its parent goes.
'use strict';

const path = require('node:path');

const { Socket, Listener, Context } = require('node-gyp-build')(path.join(__dirname, '..'));

const CLOSED = 7;

function main() {
  const [url, workers = '64'] = process.argv.slice(2);
  const sock = new Socket('rep');
  sock.setOption('recv-size-max', 0);
  const contexts = Array.from({ length: Number(workers) }, () => new Context(sock));
  contexts.forEach(echo);
  const listener = new Listener(sock, url);
  // The parent dials only after this, so no connection attempt is wasted on a missing listener.
  process.send({ ready: listener.url });
  process.on('disconnect', () => {
    sock.close();
    process.exit(0);
  });
}

// Each context sends back the very message it received: `transfer` hands it to NNG uncopied.
async function echo(ctx) {
  for (;;) {
    try {
      const msg = await ctx.recv();
      await ctx.send(msg, -2, true);
    } catch (err) {
      if (err.code === CLOSED) return;
      console.error(`nng-echo: ${err.message} (code ${err.code})`);
    }
  }
}

main();
