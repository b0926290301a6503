/* The console's customer, agent, conversation and task screens.
 *
 * The agent desktop drives the same public APIs and websocket a real desktop does, with the
 * agent's own access token, and lists every call and frame in its log pane: it doubles as a
 * worked example of how those APIs are meant to be driven. The customer side uses the sandbox's
 * customer simulator (/sandbox/customers). Nothing here reaches into a product any other way.
 *
 * Live: the console's server-sent events (/sandbox/console/live) say when something happened (a
 * request answered, a timer fired); each screen then re-reads its own JSON.
 */
(function () {
  'use strict';

  // --- small helpers ---------------------------------------------------------------------------
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') e.textContent = v;
      else if (k === 'cls') e.className = v;
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.keys(v).forEach(function (d) { e.dataset[d] = v[d]; });
      else e.setAttribute(k, v === true ? '' : v);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function pretty(v) {
    if (v === undefined || v === null || v === '') return '';
    if (typeof v === 'string') { try { return JSON.stringify(JSON.parse(v), null, 2); } catch (e) { return v; } }
    return JSON.stringify(v, null, 2);
  }
  function time(iso) { return iso ? String(iso).replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : ''; }
  function short(iso) { var t = time(iso); return t.length > 11 ? t.slice(11) : t; }
  var KIND = {ok: ['active', 'available', 'connected', 'assigned', 'completed', 'delivered', 'read', 'live'],
              warn: ['queued', 'offered', 'waiting', 'wrapup', 'idle', 'onhold', 'running', 'submitted', 'created', 'new'],
              bad: ['failed', 'abandoned', 'rona', 'rejected']};
  function badge(status) {
    var s = String(status || '').toLowerCase();
    var kind = Object.keys(KIND).filter(function (k) { return KIND[k].indexOf(s) >= 0; })[0];
    return 'badge' + (kind ? ' ' + kind : '');
  }
  function readJson(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; }
  function debounce(fn, ms) {
    var t = null;
    return function () { if (t) clearTimeout(t); t = setTimeout(function () { t = null; fn(); }, ms); };
  }

  // Control-plane JSON (same origin: the console's cookie or no admin token at all).
  function sandbox(method, path, body) {
    var opts = {method: method, headers: {'Accept': 'application/json'}, credentials: 'same-origin'};
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = t; }
        if (!r.ok) { var err = new Error(errorText(data, r.status)); err.status = r.status; err.body = data; throw err; }
        return data;
      });
    });
  }
  function errorText(body, status) {
    if (body && typeof body === 'object') {
      var m = body.message || (body.error && (body.error.message || body.error)) || body.title || body.detail;
      var more = body.errors || (body.error && body.error.key) || body.details;
      if (Array.isArray(more) && more.length) {
        more = more.map(function (x) { return typeof x === 'string' ? x : (x.description || x.message || JSON.stringify(x)); }).join('; ');
      }
      if (typeof m === 'object') m = JSON.stringify(m);
      return (m || ('HTTP ' + status)) + (more && typeof more === 'string' ? ' — ' + more : '');
    }
    return (body ? String(body).slice(0, 300) : '') || ('HTTP ' + status);
  }

  // Live updates: the console's server-sent events (console.js: Console.on). Any answered
  // request that may change something (not a read, not the console's own) or any event that
  // crosses processes (a timer fired: RONA, a flow's wait) may have changed what a screen shows.
  function onLive(fn) {
    var refresh = debounce(fn, 120);
    var C = window.Console;
    if (!C || !C.on) return;
    C.on('journal', function (j) {
      if (j.method === 'GET' || j.method === 'HEAD' || j.method === 'OPTIONS' || j.path.indexOf('/sandbox/console') === 0) return;
      refresh();
    });
    C.on('event', refresh);
  }

  function setStatus(node, text, kind) {
    if (!node) return;
    node.textContent = text || '';
    node.className = 'desk-status' + (kind ? ' ' + kind : '');
  }

  // --- play the customer -----------------------------------------------------------------------
  function customerPage(root) {
    var pod = root.dataset.pod;
    var targets = readJson('desk-targets') || [];
    var pick = $('#cust-target'), from = $('#cust-from'), name = $('#cust-name'), subject = $('#cust-subject'),
        text = $('#cust-text'), send = $('#cust-send'), status = $('#cust-status'), thread = $('#cust-thread'),
        hint = $('#cust-from-hint'), subjectRow = $('#cust-subject-row'), info = $('#cust-target-info'),
        threadId = null;
    function current() { return targets.filter(function (t) { return t.key === pick.value; })[0]; }
    function onPick() {
      var t = current();
      if (!t) return;
      from.value = localStorage.getItem('desk.from.' + t.channel) || t.from;
      hint.textContent = t.fromHint;
      subjectRow.hidden = t.channel !== 'email';
      info.textContent = t.channelLabel + ' → ' + t.to + (t.appId ? ' (app ' + t.appId + ')' : '') + (t.note ? ' — ' + t.note : '');
      info.className = 'desk-note' + (t.note ? ' warn' : '');
      threadId = null;
      load();
    }
    function body(t) {
      var f = from.value.trim(), msg = text.value;
      if (t.channel === 'email') {
        return {from: f, to: [t.to], subject: subject.value, text: msg, senderName: name.value || undefined};
      }
      if (t.channel === 'livechat') {
        var b = {appId: t.to, userId: f, text: msg, name: name.value || undefined};
        if (threadId) b.threadId = threadId;
        return b;
      }
      return {from: f, to: t.to, text: msg, name: name.value || undefined};
    }
    function load() {
      var t = current();
      if (!t) return Promise.resolve();
      var q = '?channel=' + encodeURIComponent(t.channel) + '&address=' + encodeURIComponent(from.value.trim());
      return sandbox('GET', root.dataset.base + '/customer/thread' + q).then(function (d) { renderThread(d.items); })
        .catch(function (e) { setStatus(status, e.message, 'error'); });
    }
    function renderThread(items) {
      clear(thread);
      if (!items.length) {
        thread.appendChild(el('p', {cls: 'empty', text: 'Nothing sent or received yet on this channel from ' + from.value + '.'}));
        return;
      }
      items.forEach(function (m) {
        var inbound = m.direction === 'inbound';
        var who = inbound ? 'You (' + m.customerAddress + ')' : (m.event === 'conversation reply' ? 'Agent reply' : 'Flow (' + (m.event || 'outbound') + ')');
        var statuses = (m.statuses || []).map(function (s) { return s.status; }).join(' → ') || m.status;
        thread.appendChild(el('div', {cls: 'desk-msg ' + (inbound ? 'sent' : 'received'), dataset: {direction: m.direction}}, [
          el('div', {cls: 'desk-msg-head'}, [el('strong', {text: who}), ' ', el('span', {cls: 'muted', text: short(m.at) + ' · ' + statuses})]),
          m.subject ? el('div', {cls: 'desk-msg-subject', text: m.subject}) : null,
          el('div', {cls: 'desk-msg-text', text: m.text || (m.html ? m.html.replace(/<[^>]+>/g, ' ') : '')}),
          (m.attachments || []).length ? el('div', {cls: 'muted', text: '📎 ' + m.attachments.map(function (a) { return a.fileName; }).join(', ')}) : null
        ]));
      });
      thread.scrollTop = thread.scrollHeight;
    }
    send.addEventListener('click', function () {
      var t = current();
      if (!t) return;
      send.disabled = true;
      setStatus(status, 'Sending…');
      localStorage.setItem('desk.from.' + t.channel, from.value.trim());
      sandbox('POST', '/sandbox/customers/' + t.channel, body(t)).then(function (d) {
        var got = (d.delivered || [])[0];
        if (got && got.threadId) threadId = got.threadId;
        var skipped = (d.notDelivered || []).map(function (x) { return x.to + ': ' + x.reason; });
        if (!got && skipped.length) setStatus(status, 'Not delivered — ' + skipped.join('; '), 'error');
        else setStatus(status, 'Sent' + (got && got.handled === false ? ' (no live flow handled it)' : got && got.transactionId ? ' — flow transaction ' + got.transactionId : ''), 'ok');
        text.value = '';
        return load();
      }).catch(function (e) { setStatus(status, e.message, 'error'); }).then(function () { send.disabled = false; });
    });
    pick.addEventListener('change', onPick);
    from.addEventListener('change', load);
    onPick();
    onLive(load);
  }

  // --- play the agent --------------------------------------------------------------------------
  function agentPage(root) {
    var pod = root.dataset.pod;
    var st = {token: null, personId: null, orgId: null, user: null, teams: [], idle: [], wrap: [], ws: null,
              agentId: null, loggedIn: false, subStatus: null, auxCodeId: null, task: null, offer: null,
              offers: {}, tasks: {}, current: null,
              clockOffset: null, clockMode: null, manualNow: null};
    var log = $('#desk-log');
    var s = {
      signin: $('#ag-signin'), station: $('#ag-station'), state: $('#ag-state-panel'), contact: $('#ag-contact'),
      offer: $('#ag-offer'), wrapup: $('#ag-wrapup'), status: $('#ag-status'), who: $('#ag-who')
    };

    function logLine(kind, title, detail, ok) {
      var when = new Date().toISOString().slice(11, 23);
      var head = el('summary', {}, [el('span', {cls: 'muted', text: when + ' '}), el('span', {cls: 'desk-log-kind ' + kind, text: kind}), ' ',
        el('code', {text: title}), ok === undefined ? null : el('span', {cls: ok ? 'ok' : 'error', text: ok ? ' ✓' : ' ✗'})]);
      var item = el('details', {cls: 'desk-log-item ' + kind}, [head, detail ? el('pre', {text: detail}) : null]);
      log.insertBefore(item, log.firstChild);
      while (log.childNodes.length > 300) log.removeChild(log.lastChild);
    }

    // A call of the public API with the agent's token: logged with what was sent and answered.
    function api(method, path, body, quiet) {
      var opts = {method: method, headers: {'Accept': 'application/json', 'Authorization': 'Bearer ' + st.token}};
      if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
      var started = performance.now();
      return fetch(path, opts).then(function (r) {
        return r.text().then(function (t) {
          var data = null;
          try { data = t ? JSON.parse(t) : null; } catch (e) { data = t; }
          var ms = Math.round(performance.now() - started);
          if (!quiet || !r.ok) {
            logLine('http', method + ' ' + path + ' → ' + r.status + ' (' + ms + ' ms)',
              (body !== undefined ? 'request:\n' + pretty(body) + '\n\n' : '') + (t ? 'response:\n' + pretty(data) : '(no body)'), r.ok);
          }
          if (!r.ok) { var err = new Error(errorText(data, r.status)); err.status = r.status; throw err; }
          return data;
        });
      });
    }
    function fail(e) { setStatus(s.status, e.message || String(e), 'error'); }
    function uuidOf(id) {  // Webex ids are base64 of ciscospark://us/PEOPLE/<uuid>; WxCC wants the uuid
      try { return atob(id.replace(/-/g, '+').replace(/_/g, '/')).split('/').pop(); } catch (e) { return id; }
    }

    // --- sign in: the token, who am I, my teams and codes, the notification websocket
    $('#ag-signin-go').addEventListener('click', function () {
      var email = $('#ag-user').value;
      setStatus(s.status, 'Signing in…');
      var started = performance.now();
      sandbox('POST', '/sandbox/tokens', {email: email}).then(function (tok) {
        logLine('http', 'POST /sandbox/tokens → 201 (' + Math.round(performance.now() - started) + ' ms)',
          'request:\n' + pretty({email: email}) + '\n\nresponse: an access token for ' + email + ' (scope ' + tok.scope + ')', true);
        st.token = tok.access_token;
        return api('GET', '/v1/people/me');
      }).then(function (me) {
        st.personId = uuidOf(me.id);
        st.orgId = uuidOf(me.orgId);
        s.who.textContent = me.displayName + ' <' + me.emails[0] + '>';
        return api('GET', '/organization/' + st.orgId + '/v2/user/by-ci-user-id/' + st.personId);
      }).then(function (user) {
        st.user = user;
        return Promise.all([
          api('GET', '/organization/' + st.orgId + '/team'),
          api('GET', '/organization/' + st.orgId + '/v2/auxiliary-code?pageSize=100')
        ]);
      }).then(function (r) {
        var teams = Array.isArray(r[0]) ? r[0] : (r[0].data || []);
        st.teams = teams.filter(function (t) { return (st.user.teamIds || []).indexOf(t.id) >= 0; });
        var codes = (r[1].data || []).filter(function (c) { return c.active !== false; });
        st.idle = codes.filter(function (c) { return c.workTypeCode === 'IDLE_CODE'; });
        st.wrap = codes.filter(function (c) { return c.workTypeCode === 'WRAP_UP_CODE'; });
        fill($('#ag-team'), st.teams.map(function (t) { return [t.id, t.name]; }));
        fill($('#ag-state'), [['Available', 'Available']].concat(st.idle.map(function (c) { return ['idle:' + c.id, 'Idle — ' + c.name]; })));
        fill($('#ag-wrap-code'), st.wrap.map(function (c) { return [c.id, c.name]; }));
        return api('POST', '/v1/notification/subscribe', {force: true, isKeepAliveEnabled: false, clientType: 'AgentDesktop', allowMultiLogin: false});
      }).then(function (sub) {
        return openSocket(sub.webSocketUrl);
      }).then(function () {
        s.signin.hidden = true;
        // A desktop opened while the agent is still logged in restores the session.
        return api('POST', '/v1/agents/reload');
      }).then(function () { setStatus(s.status, 'Signed in. Waiting for the session…'); }).catch(fail);
    });

    function fill(select, options) {
      clear(select);
      options.forEach(function (o) { select.appendChild(el('option', {value: o[0], text: o[1]})); });
    }

    function openSocket(url) {
      return new Promise(function (resolve, reject) {
        var ws = new WebSocket(url);
        st.ws = ws;
        var opened = false;
        ws.onmessage = function (e) {
          var f = JSON.parse(e.data);
          if (f.keepalive) return;
          var type = (f.data && f.data.type) || f.type;
          logLine('ws', '⇠ ' + type, pretty(f));
          if (f.type === 'Welcome') { st.agentId = f.data.agentId; opened = true; resolve(); return; }
          frame(type, f.data || {});
        };
        ws.onerror = function () { if (!opened) reject(new Error('The notification websocket could not be opened: ' + url)); };
        ws.onclose = function (e) {
          logLine('ws', 'websocket closed (' + e.code + (e.reason ? ' ' + e.reason : '') + ')');
          if (!opened) reject(new Error('The notification websocket closed: ' + (e.reason || e.code)));
        };
        logLine('ws', 'open ' + url);
      });
    }

    // --- frames: what the desktop shows follows what the websocket says
    function frame(type, d) {
      switch (type) {
        case 'AgentStationLoginSuccess':
        case 'AgentReloginSuccess':
          st.loggedIn = true; agentState(d); break;
        case 'AgentReloginFailed':
          st.loggedIn = false; render(); setStatus(s.status, 'Signed in. Station login: choose a team and an extension.'); break;
        case 'AgentStationLoginFailed':
          setStatus(s.status, 'Station login refused: ' + (d.reason || d.reasonCode), 'error'); break;
        case 'AgentStateChange':
        case 'AgentStateChangeSuccess':
          agentState(d); break;
        case 'AgentStateChangeFailed':
          setStatus(s.status, 'State change refused: ' + (d.reason || ''), 'error'); break;
        case 'AgentLogoutSuccess':
          st.loggedIn = false; st.tasks = {}; st.offers = {}; st.subStatus = null; render();
          setStatus(s.status, 'Logged out.', 'ok'); break;
        case 'AgentContactReserved':
          break;
        case 'AgentOfferContact':
          st.offers[d.interactionId] = offerOf(d, d.interaction || {});
          render(); break;
        case 'AgentOfferContactRona':
          delete st.offers[d.interactionId];
          setStatus(s.status, 'The offer timed out (RONA): ' + (d.reason || ''), 'error'); render(); break;
        case 'AgentContactAssigned':
          delete st.offers[d.interactionId];
          st.tasks[d.interactionId] = taskOf(d, d.interaction || {}, 'connected');
          switchTo(d.interactionId); break;
        case 'ContactEnded':
          delete st.offers[d.interactionId];
          if (st.tasks[d.interactionId]) st.tasks[d.interactionId].customerLeft = true;
          render(); break;
        case 'AgentWrapup':
          if (st.tasks[d.interactionId]) { st.tasks[d.interactionId].state = 'wrapup'; render(); }
          break;
        case 'AgentWrappedUp':
          var done = st.tasks[d.interactionId];
          if (done) {
            var wi = done.interaction, wc = wi.callProcessingDetails || {};
            st.last = {id: done.id, wrap: d.wrapUpAuxCodeId ? codeName(d.wrapUpAuxCodeId) : (d.wrapUpReason || ''),
                       what: media(wi) + ' · ' + (wc.customerName ? wc.customerName + ' ' : '') + '<' + (wc.ani || '') + '>'};
            delete st.tasks[d.interactionId];
            setStatus(s.status, 'Wrapped up: ' + st.last.wrap + '.', 'ok');
            if (st.current === d.interactionId) { st.current = null; $('#ag-reply-subject').value = ''; $('#ag-reply').value = ''; }
            sync();
            if (st.task) switchTo(st.task.id); else render();
          }
          break;
        case 'AgentContact':  // a relogin: the contacts the agent still holds (an offer, a connected one, one in wrap-up)
          hydrate(d); break;
        default:
          if (d.interactionId && st.tasks[d.interactionId] && d.interaction) st.tasks[d.interactionId].interaction = d.interaction;
      }
    }
    function offerOf(d, i) {
      return {id: d.interactionId, mediaResourceId: d.mediaResourceId, interaction: i, queue: d.queueName,
              eventTime: d.eventTime, rona: Number(d.ronaTimeout || 0)};
    }
    function taskOf(d, i, state) {
      return {id: d.interactionId, mediaResourceId: d.mediaResourceId, interaction: i, queue: d.queueName, state: state};
    }
    function hydrate(d) {
      var i = d.interaction || {};
      var mine = (i.participants || {})[st.agentId] || {};
      if (i.state === 'new' && d.destAgentId === st.agentId) {
        st.offers[d.interactionId] = offerOf(d, i);
      } else if (mine.hasJoined && !mine.isWrappedUp) {
        st.tasks[d.interactionId] = taskOf(d, i, mine.isWrapUp || i.state === 'wrapUp' ? 'wrapup' : 'connected');
        if (!st.current) st.current = d.interactionId;
      }
      render();
      if (st.task && st.task.id === d.interactionId) loadMessages();
    }
    // Another contact's tab: the reply being written stays with its contact.
    function switchTo(id) {
      var was = st.tasks[st.current];
      if (was) was.draft = {subject: $('#ag-reply-subject').value, text: $('#ag-reply').value};
      st.current = id;
      var draft = (st.tasks[id] && st.tasks[id].draft) || {subject: '', text: ''};
      $('#ag-reply-subject').value = draft.subject;
      $('#ag-reply').value = draft.text;
      render();
      loadMessages();
    }
    // The desktop shows one offer (the oldest) and one contact (the chosen tab) at a time.
    function sync() {
      var offers = Object.keys(st.offers);
      st.offer = offers.length ? st.offers[offers[0]] : null;
      if (!st.tasks[st.current]) st.current = Object.keys(st.tasks)[0] || null;
      st.task = st.current ? st.tasks[st.current] : null;
    }
    function codeName(id) {
      var c = st.wrap.concat(st.idle).filter(function (x) { return x.id === id; })[0];
      return c ? c.name : id;
    }
    function agentState(d) {
      st.subStatus = d.subStatus;
      st.auxCodeId = d.auxCodeId;
      if (d.status === 'LoggedOut') st.loggedIn = false;
      if (d.teamId) st.teamId = d.teamId;
      if (d.dn) st.dn = d.dn;
      render();
      if (st.subStatus === 'RONA') {
        setStatus(s.status, 'RONA: the offer was not answered in time. Go Available to take contacts again.', 'error');
      } else {
        setStatus(s.status, st.loggedIn ? 'Logged in: ' + stateText() : 'Logged out.', 'ok');
      }
    }
    function stateText() {
      if (st.subStatus === 'Available') return 'Available';
      if (st.subStatus === 'RONA') return 'RONA';
      return 'Idle' + (st.auxCodeId ? ' — ' + codeName(st.auxCodeId) : '');
    }

    // --- actions
    $('#ag-login').addEventListener('click', function () {
      var dn = $('#ag-dn').value.trim(), team = $('#ag-team').value;
      api('POST', '/v1/agents/login', {dialNumber: dn, teamId: team, roles: ['agent'], deviceType: 'EXTENSION', isExtension: true,
                                       deviceId: dn}).catch(fail);
    });
    $('#ag-state-go').addEventListener('click', function () {
      var v = $('#ag-state').value;
      var body = v === 'Available' ? {state: 'Available', auxCodeId: '0', lastStateChangeReason: ''}
        : {state: 'Idle', auxCodeId: v.slice(5), lastStateChangeReason: codeName(v.slice(5))};
      api('PUT', '/v1/agents/session/state', body).catch(fail);
    });
    $('#ag-logout').addEventListener('click', function () {
      api('PUT', '/v1/agents/logout', {logoutReason: 'Logged out from the sandbox console'}).catch(fail);
    });
    $('#ag-accept').addEventListener('click', function () {
      if (st.offer) api('POST', '/v1/tasks/' + st.offer.id + '/accept').catch(fail);
    });
    $('#ag-decline').addEventListener('click', function () {
      if (st.offer) api('POST', '/v1/tasks/' + st.offer.id + '/reject', {mediaResourceId: st.offer.mediaResourceId}).catch(fail);
    });
    $('#ag-reply-send').addEventListener('click', function () {
      if (!st.task) return;
      var body = {text: $('#ag-reply').value};
      if (isEmail(st.task) && $('#ag-reply-subject').value) body.subject = $('#ag-reply-subject').value;
      api('POST', '/engage/v1/conversations/' + st.task.mediaResourceId + '/messages', body).then(function () {
        $('#ag-reply').value = '';
        setStatus(s.status, 'Reply sent.', 'ok');
        return loadMessages();
      }).catch(fail);
    });
    $('#ag-end').addEventListener('click', function () {
      if (st.task) api('POST', '/v1/tasks/' + st.task.id + '/end').catch(fail);
    });
    $('#ag-wrap-go').addEventListener('click', function () {
      if (!st.task) return;
      var code = $('#ag-wrap-code').value;
      api('POST', '/v1/tasks/' + st.task.id + '/wrapup', {auxCodeId: code, wrapUpReason: codeName(code)}).catch(fail);
    });
    function isEmail(t) { return (t.interaction.mediaType || '') === 'email'; }

    function loadMessages() {
      if (!st.task) return Promise.resolve();
      var id = st.task.mediaResourceId;
      return api('GET', '/engage/v1/conversations/' + id + '/messages?limit=200', undefined, true).then(function (d) {
        if (!st.task || st.task.mediaResourceId !== id) return;
        var fresh = !st.task.conversation;
        st.task.conversation = d.conversation;
        if (fresh) render();  // the tab's label shows the subject
        var box = clear($('#ag-messages'));
        (d.messages || []).forEach(function (m) {
          var inbound = m.direction === 'inbound';
          box.appendChild(el('div', {cls: 'desk-msg ' + (inbound ? 'received' : 'sent')}, [
            el('div', {cls: 'desk-msg-head'}, [el('strong', {text: senderName(m, d.conversation || {})}),
              ' ', el('span', {cls: 'muted', text: m.sender.type + ' · ' + short(m.timestamp) + (m.deliveryStatus ? ' · ' + m.deliveryStatus : '')})]),
            m.subject ? el('div', {cls: 'desk-msg-subject', text: m.subject}) : null,
            el('div', {cls: 'desk-msg-text', text: m.text})
          ]));
        });
        box.scrollTop = box.scrollHeight;
        if (isEmail(st.task) && !$('#ag-reply-subject').value && d.conversation && d.conversation.subject) {
          var subj = d.conversation.subject;
          $('#ag-reply-subject').value = /^re:/i.test(subj) ? subj : 'Re: ' + subj;
        }
      }).catch(fail);
    }

    // --- the RONA countdown runs on the sandbox clock (a manual clock only moves when advanced)
    function syncClock() {
      return sandbox('GET', '/sandbox/clock').then(function (c) {
        st.clockMode = c.mode;
        st.manualNow = c.epochMs;
        st.clockOffset = c.epochMs - Date.now();
      }).catch(function () {});
    }
    function sandboxNow() {
      if (st.clockOffset === null) return Date.now();
      return st.clockMode === 'manual' ? st.manualNow : Date.now() + st.clockOffset;
    }
    setInterval(function () {
      if (!st.offer) return;
      (st.clockMode === 'manual' || st.clockOffset === null ? syncClock() : Promise.resolve()).then(tick);
    }, 1000);
    function tick() {
      if (!st.offer || !st.offer.rona) return;
      var left = Math.max(0, Math.ceil((st.offer.eventTime + st.offer.rona * 1000 - sandboxNow()) / 1000));
      var n = $('#ag-rona');
      n.textContent = left + ' s';
      n.className = left <= 10 ? 'rona urgent' : 'rona';
    }

    // --- what is shown
    function render() {
      sync();
      s.station.hidden = !st.token || st.loggedIn;
      s.state.hidden = !st.loggedIn;
      $('#ag-now').textContent = st.loggedIn ? stateText() : '';
      $('#ag-now').className = 'badge ' + (st.subStatus === 'Available' ? 'ok' : st.subStatus === 'RONA' ? 'bad' : 'warn');
      $('#ag-station-now').textContent = st.loggedIn ? 'Extension ' + (st.dn || '') + ' · ' + teamName(st.teamId) : '';
      if (st.loggedIn && st.subStatus) {
        var sel = $('#ag-state');
        sel.value = st.subStatus === 'Idle' && st.auxCodeId ? 'idle:' + st.auxCodeId : 'Available';
      }
      $('#ag-waiting').hidden = !(st.loggedIn && st.subStatus === 'Available' && !st.offer && !st.task);
      $('#ag-last').hidden = !(st.last && st.loggedIn && !st.task);
      if (st.last) {
        $('#ag-last-what').textContent = st.last.what;
        $('#ag-last-wrap').textContent = st.last.wrap;
        $('#ag-last-id').textContent = st.last.id;
      }
      // the offer
      s.offer.hidden = !st.offer;
      if (st.offer) {
        var i = st.offer.interaction, cpd = i.callProcessingDetails || {};
        $('#ag-offer-what').textContent = media(i) + ' · queue ' + (st.offer.queue || cpd.virtualTeamName || '');
        $('#ag-offer-from').textContent = (cpd.customerName ? cpd.customerName + ' ' : '') + '<' + (cpd.ani || '') + '>';
        $('#ag-offer-id').textContent = st.offer.id;
        var more = Object.keys(st.offers).length - 1;
        $('#ag-offer-more').textContent = more > 0 ? '(+' + more + ' more waiting)' : '';
        syncClock().then(tick);
      }
      // the contact
      s.contact.hidden = !st.task;
      var tabs = clear($('#ag-tabs')), ids = Object.keys(st.tasks);
      tabs.hidden = ids.length < 2;
      ids.forEach(function (id) {
        var t = st.tasks[id], c = t.interaction.callProcessingDetails || {};
        tabs.appendChild(el('button', {type: 'button', cls: 'btn small' + (id === st.current ? ' on' : ''), dataset: {id: id},
          text: (c.customerName || c.ani || id.slice(0, 8)) + ' · ' + (t.conversation && t.conversation.subject || t.interaction.mediaType || '') +
                (t.state === 'wrapup' ? ' · wrap-up' : ''),
          onclick: function () { switchTo(id); }}));
      });
      if (st.task) {
        var ti = st.task.interaction, tc = ti.callProcessingDetails || {};
        $('#ag-contact-what').textContent = media(ti) + ' · ' + (tc.customerName ? tc.customerName + ' ' : '') + '<' + (tc.ani || '') + '>';
        $('#ag-contact-state').textContent = st.task.state === 'wrapup' ? 'Wrap-up' : 'Connected';
        $('#ag-contact-id').textContent = st.task.id;
        $('#ag-reply-box').hidden = st.task.state !== 'connected';
        $('#ag-reply-subject-row').hidden = !isEmail(st.task);
        $('#ag-end').hidden = st.task.state !== 'connected';
        s.wrapup.hidden = st.task.state !== 'wrapup';
      } else {
        $('#ag-reply-subject').value = '';
      }
    }
    function media(i) {
      return (i.mediaType || '') + (i.mediaChannel && i.mediaChannel !== i.mediaType ? ' (' + i.mediaChannel + ')' : '');
    }
    function teamName(id) { var t = st.teams.filter(function (x) { return x.id === id; })[0]; return t ? t.name : (id || ''); }

    $('#ag-log-clear').addEventListener('click', function () { clear(log); });
    render();
    onLive(function () { if (st.task) loadMessages(); });
  }

  // Who wrote a message: the participant's name when the conversation knows it.
  function whoIs(id, c) {
    var p = (c.participants || []).filter(function (x) { return x.id === id; })[0];
    return p ? (p.name || p.email || id) : id;
  }
  function senderName(m, c) {
    if (m.sender.name) return m.sender.name;
    if (m.sender.type === 'customer') return c.customerName || c.customerAddress;
    return m.sender.id ? whoIs(m.sender.id, c) : m.sender.type;
  }

  // --- conversations -----------------------------------------------------------------------------
  function conversationsPage(root) {
    var list = $('#conv-list'), detail = $('#conv-detail'), selected = null, data = [];
    function load() {
      return sandbox('GET', root.dataset.base + '/conversations.json' + (selected ? '?selected=' + encodeURIComponent(selected) : ''))
        .then(function (d) {
          data = d.items;
          var withMessages = data.filter(function (c) { return c.messages; })[0];
          if (withMessages) selected = withMessages.id;
          renderList();
          renderDetail();
        }).catch(function (e) { setStatus($('#conv-status'), e.message, 'error'); });
    }
    function renderList() {
      clear(list);
      if (!data.length) { list.appendChild(el('p', {cls: 'empty', text: 'No conversation yet: play the customer and write to a channel asset.'})); return; }
      if (!selected || !data.some(function (c) { return c.id === selected; })) selected = data[0].id;
      data.forEach(function (c) {
        list.appendChild(el('button', {type: 'button', cls: 'desk-row' + (c.id === selected ? ' selected' : ''), dataset: {id: c.id},
                                      onclick: function () { selected = c.id; load(); }}, [
          el('span', {cls: badge(c.status), text: c.status}), ' ',
          el('strong', {text: c.channelLabel}), ' ', el('span', {text: c.customerName || c.customerAddress}),
          el('div', {cls: 'muted', text: (c.subject ? c.subject + ' · ' : '') + c.messageCount + ' message(s) · ' + short(c.updatedAt)})
        ]));
      });
    }
    function renderDetail() {
      clear(detail);
      var c = data.filter(function (x) { return x.id === selected; })[0];
      if (!c || !c.messages) return;
      detail.appendChild(el('h2', {text: c.channelLabel + ' — ' + (c.customerName || c.customerAddress)}));
      detail.appendChild(el('dl', {cls: 'desk-facts'}, [
        el('dt', {text: 'Conversation'}), el('dd', {}, [el('code', {text: c.id}), ' (alias ' + c.aliasId + ')']),
        el('dt', {text: 'Status'}), el('dd', {}, [el('span', {cls: badge(c.status), text: c.status}), c.closedBy ? ' closed by ' + whoIs(c.closedBy, c) : '']),
        el('dt', {text: 'Customer'}), el('dd', {text: c.customerAddress}),
        el('dt', {text: 'Business'}), el('dd', {text: c.businessAddress}),
        c.subject ? el('dt', {text: 'Subject'}) : null, c.subject ? el('dd', {text: c.subject}) : null,
        el('dt', {text: 'Participants'}), el('dd', {}, c.participants.map(function (p) {
          return el('span', {cls: 'chip' + (p.leftAt ? ' left' : ''), text: p.type + ': ' + (p.name || p.email || p.id) + (p.leftAt ? ' (left)' : '')});
        }))
      ]));
      var box = el('div', {cls: 'desk-thread'});
      c.messages.forEach(function (m) {
        box.appendChild(el('div', {cls: 'desk-msg ' + (m.direction === 'inbound' ? 'received' : 'sent')}, [
          el('div', {cls: 'desk-msg-head'}, [el('strong', {text: senderName(m, c)}), ' ',
            el('span', {cls: 'muted', text: m.sender.type + ' · ' + m.direction + ' · ' + short(m.timestamp) + (m.deliveryStatus ? ' · ' + m.deliveryStatus : '')})]),
          m.subject ? el('div', {cls: 'desk-msg-subject', text: m.subject}) : null,
          el('div', {cls: 'desk-msg-text', text: m.text})
        ]));
      });
      detail.appendChild(box);
    }
    load();
    onLive(load);
  }

  // --- tasks and flow executions ---------------------------------------------------------------
  function tasksPage(root) {
    var list = $('#task-list'), detail = $('#task-detail'), execs = $('#exec-list'), exec = $('#exec-detail');
    var selected = null, selectedExec = null, data = {tasks: [], executions: []};
    function load() {
      return sandbox('GET', root.dataset.base + '/tasks.json').then(function (d) {
        data = d;
        render();
      }).catch(function (e) { setStatus($('#task-status'), e.message, 'error'); });
    }
    function render() {
      clear(list);
      if (!data.tasks.length) list.appendChild(el('p', {cls: 'empty', text: 'No task yet: a flow\'s Queue Task node creates one when a customer writes.'}));
      if (data.tasks.length && (!selected || !data.tasks.some(function (t) { return t.id === selected; }))) selected = data.tasks[0].id;
      data.tasks.forEach(function (t) {
        list.appendChild(el('button', {type: 'button', cls: 'desk-row' + (t.id === selected ? ' selected' : ''), dataset: {id: t.id},
                                      onclick: function () { selected = t.id; render(); }}, [
          el('span', {cls: badge(t.status), text: t.status}), ' ', el('strong', {text: t.mediaType}), ' ',
          el('span', {text: t.customerName || t.origin}),
          el('div', {cls: 'muted', text: (t.queueName || '') + (t.owner ? ' · ' + t.owner : '') + ' · ' + short(t.createdAt)})
        ]));
      });
      clear(detail);
      var t = data.tasks.filter(function (x) { return x.id === selected; })[0];
      if (t) {
        detail.appendChild(el('h2', {}, ['Task ', el('code', {text: t.id})]));
        detail.appendChild(el('dl', {cls: 'desk-facts'}, [
          el('dt', {text: 'Status'}), el('dd', {}, [el('span', {cls: badge(t.status), text: t.status}), ' (state ' + t.state + ')']),
          el('dt', {text: 'Channel'}), el('dd', {text: t.mediaType + (t.mediaChannel !== t.mediaType ? ' (' + t.mediaChannel + ')' : '')}),
          el('dt', {text: 'Customer'}), el('dd', {text: (t.customerName ? t.customerName + ' ' : '') + '<' + t.origin + '>'}),
          el('dt', {text: 'Queue'}), el('dd', {text: t.queueName || t.queueId || '—'}),
          el('dt', {text: 'Agent'}), el('dd', {text: t.owner || t.offeredTo && ('offered to ' + t.offeredTo) || '—'}),
          el('dt', {text: 'Wrap-up'}), el('dd', {cls: 'task-wrapup', text: t.wrapUp || '—'}),
          el('dt', {text: 'RONA'}), el('dd', {text: String(t.ronaCount)}),
          el('dt', {text: 'Conversation'}), el('dd', {}, [el('code', {text: t.conversationId || '—'})])
        ]));
        var hist = el('ol', {cls: 'desk-history'});
        t.history.forEach(function (h) {
          hist.appendChild(el('li', {}, [el('span', {cls: 'muted', text: short(h.at) + ' '}), el('strong', {text: h.what}), h.detail ? ' — ' + h.detail : '']));
        });
        detail.appendChild(el('h3', {text: 'History'}));
        detail.appendChild(hist);
        if (t.transactionId) {
          detail.appendChild(el('button', {type: 'button', cls: 'btn', onclick: function () { openExec(t.transactionId); },
                                           text: 'Show the flow execution that queued it'}));
        }
      }
      clear(execs);
      if (!data.executions.length) execs.appendChild(el('p', {cls: 'empty', text: 'No flow has run yet.'}));
      data.executions.forEach(function (x) {
        execs.appendChild(el('button', {type: 'button', cls: 'desk-row' + (x.transactionId === selectedExec ? ' selected' : ''),
                                       dataset: {id: x.transactionId}, onclick: function () { openExec(x.transactionId); }}, [
          el('span', {cls: badge(x.status), text: x.status}), ' ', el('strong', {text: x.flowName}), ' v' + x.version,
          el('div', {cls: 'muted', text: x.trigger + (x.customerAddress ? ' · ' + x.customerAddress : '') + ' · ' + x.steps + ' step(s) · ' + short(x.startedAt)})
        ]));
      });
      if (selectedExec) openExec(selectedExec, true);
    }
    function openExec(id, quiet) {
      selectedExec = id;
      $all('#exec-list .desk-row').forEach(function (b) { b.classList.toggle('selected', b.dataset.id === id); });
      return sandbox('GET', root.dataset.base + '/executions/' + encodeURIComponent(id)).then(function (x) {
        clear(exec);
        exec.appendChild(el('h2', {}, [x.flowName + ' v' + x.version + ' ', el('span', {cls: badge(x.status), text: x.status})]));
        exec.appendChild(el('p', {cls: 'muted'}, ['Transaction ', el('code', {text: x.transactionId}), ' · ' + x.trigger + ' · started ' + time(x.startedAt)]));
        var grid = el('div', {cls: 'desk-exec'});
        var steps = el('ol', {cls: 'desk-steps'});
        (x.steps || []).forEach(function (s) {
          steps.appendChild(el('li', {dataset: {node: String(s.nodeId)}}, [
            el('strong', {text: s.name || s.type}), ' ', el('span', {cls: 'muted', text: '#' + s.nodeId + ' ' + s.type}),
            s.outcome ? el('span', {cls: 'chip', text: '→ ' + s.outcome}) : null,
            s.error ? el('div', {cls: 'error', text: s.error}) : null
          ]));
        });
        var drawing = el('div', {cls: 'desk-drawing', title: 'click to zoom in or out',
                                 onclick: function () { drawing.classList.toggle('zoomed'); }});
        if (x.drawing) drawing.innerHTML = x.drawing;  // server-rendered, escaped SVG of the flow (console/flowdraw.py)
        else drawing.appendChild(el('p', {cls: 'muted', text: 'No drawing for this flow version.'}));
        grid.appendChild(el('div', {}, [el('h3', {text: 'Step log'}), steps]));
        grid.appendChild(el('div', {}, [el('h3', {text: 'The flow — executed nodes highlighted'}), drawing]));
        exec.appendChild(grid);
        if (!quiet) exec.scrollIntoView({block: 'nearest'});
      }).catch(function (e) { setStatus($('#task-status'), e.message, 'error'); });
    }
    load();
    onLive(load);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('desk');
    if (!root) return;
    ({customer: customerPage, agent: agentPage, conversations: conversationsPage, tasks: tasksPage}[root.dataset.page] || function () {})(root);
  });
}());
