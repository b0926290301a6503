// node -r ./preload.js run-node.js   (NODE_PATH: the harness's node_modules; WALK_OPTS: JSON)
'use strict';
const Webex = require('@webex/contact-center').default;
const {walk} = require('./walk');

const opts = JSON.parse(process.env.WALK_OPTS || '{}');
const report = (o) => process.stdout.write(`@@WALK ${JSON.stringify(o)}\n`);
process.on('unhandledRejection', (e) => report({step: 'unhandledRejection', error: String(e && e.stack || e)}));
walk(Webex, opts, report).then(() => process.exit(0), (e) => {
  report({step: 'error', error: String((e && e.stack) || e), data: e && e.data ? JSON.stringify(e.data) : null});
  process.exit(1);
});
