// Shared page-side drivers for the benchmark pages. They call window.analyticsInstance.track.
(function () {
  // A page's own analytics-like instance: handed to the inspector hook when there is one, as
  // analytics-next does with its instances, and made the drivers' target.
  window.benchUse = function (instance) {
    var inspector = window.__SEGMENT_INSPECTOR__;
    if (inspector && typeof inspector.attach === 'function') inspector.attach(instance);
    window.analyticsInstance = instance;
    window.benchReady = Promise.resolve(true);
  };

  function props(i) {
    return { index: i, label: 'item-' + i, price: i * 1.25, currency: 'EUR', inStock: i % 2 === 0, category: 'cat-' + (i % 17), tags: ['a', 'b'], nested: { k: 'v', n: i }, note: null, plan: 'pro' };
  }
  function tick() {
    return new Promise(function (r) { setTimeout(r, 0); });
  }

  // N track calls in one synchronous loop; times the loop, the settling of every returned promise,
  // and two more macrotasks (so work the page-world hook deferred to a timer has run).
  window.runTracks = async function (n, name) {
    var a = window.analyticsInstance;
    var results = new Array(n);
    var t0 = performance.now();
    for (var i = 0; i < n; i++) results[i] = a.track(name || 'Bench Event', props(i));
    var t1 = performance.now();
    await Promise.all(results);
    var t2 = performance.now();
    await tick();
    await tick();
    var t3 = performance.now();
    return { loopMs: t1 - t0, settledMs: t2 - t0, afterTimersMs: t3 - t0 };
  };

  // `total` track calls spread over `durationMs` with setInterval batches; counts animation frames
  // during the burst (and the longest gap between two frames).
  window.runBurst = function (total, durationMs, intervalMs, name) {
    var a = window.analyticsInstance;
    var ticks = Math.round(durationMs / intervalMs);
    var perTick = Math.ceil(total / ticks);
    return new Promise(function (resolve) {
      var frames = 0, lastFrame = 0, maxGap = 0, burstDone = false, fired = 0;
      var results = [];
      var t0 = performance.now();
      var tEnd = 0;
      function frame(t) {
        if (burstDone) return;
        frames++;
        if (lastFrame) maxGap = Math.max(maxGap, t - lastFrame);
        lastFrame = t;
        requestAnimationFrame(frame);
      }
      requestAnimationFrame(frame);
      var timer = setInterval(function () {
        for (var k = 0; k < perTick && fired < total; k++, fired++) results.push(a.track(name || 'Burst Event', props(fired)));
        if (fired >= total) {
          clearInterval(timer);
          // The burst window ends one frame after the last batch, so its cost is seen.
          requestAnimationFrame(function () {
            burstDone = true;
            tEnd = performance.now();
            Promise.all(results).then(function () {
              resolve({ fired: fired, frames: frames, burstMs: tEnd - t0, fps: frames / ((tEnd - t0) / 1000), maxFrameGapMs: maxGap, settledMs: performance.now() - t0 });
            });
          });
        }
      }, intervalMs);
    });
  };

  // Fills a session fast: n calls in batches of `batch`, one batch per macrotask.
  window.runFill = async function (n, batch, name) {
    var a = window.analyticsInstance;
    for (var i = 0; i < n; ) {
      var results = [];
      for (var k = 0; k < batch && i < n; k++, i++) results.push(a.track(name || 'Fill Event', props(i)));
      await Promise.all(results);
      await tick();
    }
    return n;
  };
})();
