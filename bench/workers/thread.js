// The worker file for piscina and tinypool: each task is a named export.
'use strict';

module.exports = require('../tasks');
