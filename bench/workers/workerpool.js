// The worker script for workerpool, as thread or process.
'use strict';

const workerpool = require('workerpool');
const tasks = require('../tasks');
const { echoBase64 } = require('./json-echo');

workerpool.worker({ ...tasks, echoBase64 });
