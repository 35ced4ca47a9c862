// Echo over a JSON channel: a Buffer cannot cross JSON, so it travels as base64 text, as a
// user of such a channel would send it.
'use strict';

const { echo } = require('../tasks');

function echoBase64(text) {
  return echo(Buffer.from(text, 'base64')).toString('base64');
}

module.exports = { echoBase64 };
