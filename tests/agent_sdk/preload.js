// Browser globals for running Cisco's agent SDK (browser code) unmodified in Node 20:
//   node -r ./preload.js walk.js
// The SDK itself is not touched; this gives it what a browser page has (agent-sdk.md §3).
'use strict';

const Module = require('module');
const path = require('path');
const vm = require('vm');

// @webex/calling's "main" is an ESM build with extensionless imports that Node cannot load; the
// package ships a CommonJS build beside it.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === '@webex/calling') {
    const pkg = resolve.call(this, '@webex/calling/package.json', parent, ...rest);
    return path.join(path.dirname(pkg), 'dist', 'index.js');
  }
  return resolve.call(this, request, parent, ...rest);
};

const noop = () => {};
const g = globalThis;
if (typeof g.window === 'undefined') {
  g.window = g;
  g.addEventListener = noop;
  g.removeEventListener = noop;
  g.dispatchEvent = () => true;
  g.location = new URL(process.env.SANDBOX_URL || 'http://127.0.0.1/');
}
const nav = {userAgent: 'Mozilla/5.0 (X11; Linux x86_64) wxcc-sandbox-harness Node', onLine: true,
             platform: 'Linux', language: 'en-US', languages: ['en-US'], hardwareConcurrency: 2,
             mediaDevices: {enumerateDevices: async () => [], addEventListener: noop, removeEventListener: noop}};
try {
  Object.defineProperty(g, 'navigator', {value: nav, configurable: true, writable: true});
} catch (e) { /* Node 22+ has one: it gets onLine below */ }
if (g.navigator && g.navigator.onLine === undefined) {
  try { Object.defineProperty(g.navigator, 'onLine', {value: true}); } catch (e) { /* ignore */ }
}
if (typeof g.document === 'undefined') {
  g.document = {hidden: false, visibilityState: 'visible', addEventListener: noop, removeEventListener: noop,
                createElement: () => ({style: {}, setAttribute: noop, appendChild: noop}),
                getElementsByTagName: () => [], cookie: '', referrer: ''};
}
if (typeof g.WebSocket === 'undefined') {
  g.WebSocket = require('ws');
}

// The keepalive Web Worker is created from a Blob holding its script: remember each script's
// text, and run it in a small context with a worker's globals.
const scripts = new Map();
const OrigBlob = g.Blob;
class ScriptBlob extends OrigBlob {
  constructor(parts = [], options) {
    super(parts, options);
    this.scriptText = parts.every((p) => typeof p === 'string') ? parts.join('') : null;
  }
}
g.Blob = ScriptBlob;
const createObjectURL = URL.createObjectURL.bind(URL);
URL.createObjectURL = (blob) => {
  const url = createObjectURL(blob);
  if (blob && blob.scriptText != null) scripts.set(url, blob.scriptText);
  return url;
};

class Worker {
  constructor(url) {
    const text = scripts.get(String(url));
    if (text == null) throw new Error(`harness Worker: no script known for ${url}`);
    this.onmessage = null;
    this.inner = [];
    this.timers = new Set();
    const self = this;
    const track = (set, clear) => (fn, ms, ...a) => { const t = set(fn, ms, ...a); self.timers.add([t, clear]); return t; };
    const ctx = {
      console, navigator: g.navigator,
      setTimeout: track(setTimeout, clearTimeout), clearTimeout,
      setInterval: track(setInterval, clearInterval), clearInterval,
      postMessage: (data) => setImmediate(() => self.onmessage && self.onmessage({data})),
      addEventListener: (type, fn) => { if (type === 'message') self.inner.push(fn); },
      removeEventListener: noop,
    };
    ctx.self = ctx;
    vm.createContext(ctx);
    vm.runInContext(text, ctx);
  }

  postMessage(data) {
    setImmediate(() => this.inner.forEach((fn) => fn({data})));
  }

  addEventListener(type, fn) { if (type === 'message') this.onmessage = fn; }

  removeEventListener() {}

  terminate() {
    for (const [t, clear] of this.timers) clear(t);
    this.timers.clear();
    this.inner = [];
  }
}
if (typeof g.Worker === 'undefined') g.Worker = Worker;
