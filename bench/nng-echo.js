// The binding's rep echo server for bench/nng.js and bench/peers/binding.js: forked, it echoes
// every request until its parent goes.
//
// usage (forked): nng-echo.js <url> [contexts=64] [listen|dial]
'use strict';

const path = require('node:path');

const { Socket, Listener, Dialer, Context } = require('node-gyp-build')(path.join(__dirname, '..'));

const CLOSED = 7;

function main() {
  const [url, workers = '64', how = 'listen'] = process.argv.slice(2);
  const sock = new Socket('rep');
  sock.setOption('recv-size-max', 0);
  const contexts = Array.from({ length: Number(workers) }, () => new Context(sock));
  contexts.forEach(echo);
  // Listening: the parent dials only after `ready`, so no attempt is wasted on a missing
  // listener. Dialling (the parent listens, as a host does for its daemons): NNG retries in
  // the background until connected.
  const endpoint = how === 'dial' ? new Dialer(sock, url, { block: false }) : new Listener(sock, url);
  process.send({ ready: endpoint.url });
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
