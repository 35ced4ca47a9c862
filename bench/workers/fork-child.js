// A child of the hand-written fork pool: runs each task it is sent and replies with its id.
'use strict';

const tasks = require('../tasks');
const { echoBase64 } = require('./json-echo');

const TABLE = { ...tasks, echoBase64 };

process.on('message', ({ id, task, arg }) => {
  let reply;
  try {
    reply = { id, value: TABLE[task](arg) };
  } catch (error) {
    reply = { id, error: String(error && error.message) };
  }
  process.send(reply);
});

// The pool disconnects to stop its children.
process.on('disconnect', () => process.exit(0));
