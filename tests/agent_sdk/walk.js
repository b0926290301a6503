// The agent's walk through Cisco's agent SDK against the sandbox, the same in Node and in a browser:
// register (with relogin) -> a failed then a good station login (EXTENSION) -> Available ->
// every offered task accepted, ended, wrapped up -> station logout -> deregister.
// `report(obj)` tells the test each step; the test offers the tasks when it reads "available".
(function (root) {
  'use strict';

  function waitFor(emitter, name, ms) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} within ${ms} ms`)), ms);
      emitter.once(name, (value) => { clearTimeout(timer); resolve(value); });
    });
  }

  async function start(Webex, opts) {
    const webex = Webex.init({
      credentials: {access_token: opts.token},
      config: {
        // The sandbox serves U2C: the SDK finds wcc-api-gateway, clientLogs and metrics there.
        services: {discovery: {u2c: `${opts.base}/u2c/api/v1`, hydra: `${opts.base}/v1`}},
        logger: {level: opts.logLevel || 'warn'},
      },
    });
    await waitFor(webex, 'ready', 20000);
    return webex;
  }

  async function walk(Webex, opts, report) {
    const first = await start(Webex, opts);
    report({step: 'ready'});
    let profile = await first.cc.register();
    report({step: 'registered', agentId: profile.agentId, teams: profile.teams.map((t) => t.id),
            loggedIn: !!profile.isAgentLoggedIn, wrapupCodes: (profile.wrapupCodes || []).map((c) => c.id),
            idleCodes: (profile.idleCodes || []).map((c) => c.id), loginVoiceOptions: profile.loginVoiceOptions});
    const teamId = opts.teamId || profile.teams[0].id;

    // A refused login: the SDK rejects and uploads its logs (clientLogs).
    try {
      await first.cc.stationLogin({teamId: opts.foreignTeamId || 'not-a-team-of-this-agent', loginOption: 'EXTENSION',
                                   dialNumber: opts.dialNumber});
      report({step: 'badLoginAccepted'});
    } catch (e) {
      report({step: 'badLoginRefused', reason: String((e && (e.data && e.data.reason)) || (e && e.message) || e)});
    }

    const login = await first.cc.stationLogin({teamId, loginOption: 'EXTENSION', dialNumber: opts.dialNumber});
    report({step: 'stationLogin', deviceType: (login && (login.deviceType || (login.data && login.data.deviceType))) || null});
    await first.cc.deregister();

    // The desktop is reloaded: a new SDK instance registers and finds the session the sandbox kept
    // (POST /v1/agents/reload -> AgentReloginSuccess).
    const webex = await start(Webex, opts);
    const cc = webex.cc;
    const seen = [];
    ['AgentContactReserved', 'AgentOfferContact', 'AgentContactAssigned', 'AgentWrapup', 'AgentWrappedUp']
      .forEach((name) => cc.on(name, (data) => seen.push({name, id: data && data.interactionId})));
    profile = await cc.register();
    report({step: 'relogin', loggedIn: !!profile.isAgentLoggedIn, deviceType: profile.deviceType || null,
            dn: profile.dn || null});

    await cc.setAgentState({state: 'Available', auxCodeId: '0', lastStateChangeReason: '', agentId: profile.agentId});
    report({step: 'available'});

    const wrapCode = opts.wrapUpCodeId || (profile.wrapupCodes && profile.wrapupCodes[0] && profile.wrapupCodes[0].id);
    const wrapName = (profile.wrapupCodes && profile.wrapupCodes[0] && profile.wrapupCodes[0].name) || 'Resolved';
    await new Promise((resolve, reject) => {
      let done = 0;
      const timer = setTimeout(() => reject(new Error(`only ${done} of ${opts.tasks} tasks done in time`)), opts.timeoutMs || 60000);
      cc.on('task:incoming', async (task) => {
        const id = task.data.interactionId;
        const media = task.data.interaction && task.data.interaction.mediaType;
        report({step: 'incoming', id, media, state: task.data.interaction && task.data.interaction.state});
        try {
          await task.accept();
          report({step: 'accepted', id, media, frames: seen.filter((f) => f.id === id).map((f) => f.name)});
          await task.end();
          report({step: 'ended', id, media});
          await task.wrapup({auxCodeId: wrapCode, wrapUpReason: wrapName});
          report({step: 'wrappedUp', id, media});
          done += 1;
          if (done === opts.tasks) { clearTimeout(timer); resolve(); }
        } catch (e) {
          clearTimeout(timer);
          reject(e);
        }
      });
    });

    await cc.stationLogout({logoutReason: 'End of the walk'});
    report({step: 'loggedOut', frames: seen});
    await cc.deregister();
    report({step: 'done'});
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = {walk};
  else root.agentWalk = walk;
})(typeof self !== 'undefined' ? self : this);
