// landht status page: reloads /status.json every few seconds and refreshes the page in place. Values sit in
// elements whose data-k is their dotted path in the document and data-f their format (as StatusPage.java renders
// them); text goes in through textContent only, never as HTML. No library, no other host.
(function () {
  'use strict';
  var REFRESH_MS = 5000;
  var MISSING = '\u2014';
  var WIDTH = 600, HEIGHT = 160;  // the chart's viewBox, as in StatusChart.java

  function at(doc, path) {
    var keys = path.split('.');
    var v = doc;
    for (var i = 0; i < keys.length; i++) {
      if (v === null || typeof v !== 'object' || !(keys[i] in v)) { return undefined; }
      v = v[keys[i]];
    }
    return v;
  }

  function bytes(n) {
    if (n < 1024) { return n + ' B'; }
    var units = ['KiB', 'MiB', 'GiB', 'TiB'];
    var v = n, u = -1;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return v.toFixed(1) + ' ' + units[u];
  }

  function duration(s) {
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    s = s % 60;
    if (d > 0) { return d + ' d ' + h + ' h'; }
    if (h > 0) { return h + ' h ' + m + ' min'; }
    return m > 0 ? m + ' min ' + s + ' s' : s + ' s';
  }

  function fmt(v, f) {
    if (v === undefined || v === null) { return MISSING; }
    if (f === 'list') { return Array.isArray(v) && v.length ? v.join(', ') : 'none'; }
    if (typeof v === 'object') { return MISSING; }
    switch (f) {
      case 'int': return String(Math.trunc(Number(v)));
      case 'bytes': return bytes(Number(v));
      case 'duration': return duration(Number(v));
      case 'bool': return v ? 'yes' : 'no';
      default: return String(v);
    }
  }

  function cell(tr, text, cls, tag) {
    var td = document.createElement('td');
    var inner = document.createElement(tag || 'span');
    inner.textContent = text;
    if (cls) { inner.className = cls; }
    td.appendChild(tag || cls ? inner : document.createTextNode(text));
    tr.appendChild(td);
  }

  function nodes(known) {
    var body = document.getElementById('nodes');
    if (!body || !known) { return; }
    var fresh = document.createDocumentFragment();
    (known.rows || []).forEach(function (r) {
      var tr = document.createElement('tr');
      cell(tr, r.id, null, 'code');
      cell(tr, r.address);
      cell(tr, r.state, 'state ' + r.state);
      cell(tr, typeof r.last_heard_seconds_ago === 'number' ? duration(r.last_heard_seconds_ago) + ' ago' : 'never');
      fresh.appendChild(tr);
    });
    body.replaceChildren(fresh);
  }

  function niceMax(samples) {
    var m = 0;
    samples.forEach(function (s) { m = Math.max(m, s.requests_per_second, s.replies_per_second); });
    if (m <= 1) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(m)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= m) { return steps[i] * p; } }
    return 10 * p;
  }

  function points(samples, field, capacity, max) {
    var n = samples.length, step = WIDTH / (capacity - 1);
    return samples.map(function (s, i) {
      var x = WIDTH - (n - 1 - i) * step;
      var y = HEIGHT - Math.min(1, s[field] / max) * HEIGHT;
      return x.toFixed(1) + ',' + y.toFixed(1);
    }).join(' ');
  }

  function chart(history) {
    var svg = document.getElementById('chart');
    if (!svg || !history) { return; }
    var samples = history.samples || [];
    var capacity = Math.max(2, history.capacity || 2);
    var max = niceMax(samples);
    document.getElementById('chart-requests').setAttribute('points',
      points(samples, 'requests_per_second', capacity, max));
    document.getElementById('chart-replies').setAttribute('points',
      points(samples, 'replies_per_second', capacity, max));
    svg.setAttribute('data-samples', String(samples.length));
    svg.setAttribute('data-max', max.toFixed(1));
    var label = document.getElementById('chart-max');
    if (label) { label.textContent = String(max); }
  }

  function update(doc) {
    document.querySelectorAll('[data-k]').forEach(function (el) {
      el.textContent = fmt(at(doc, el.getAttribute('data-k')), el.getAttribute('data-f'));
    });
    nodes(doc.known_nodes);
    chart(doc.history);
    document.title = 'landht ' + doc.node_id;
  }

  var updates = 0;
  function say(text, stale) {
    var live = document.getElementById('live');
    if (live) {
      live.textContent = text;
      live.className = stale ? 'live stale' : 'live';
      live.setAttribute('data-updates', String(updates));
    }
  }

  function tick() {
    fetch('/status.json', { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (doc) {
        update(doc);
        updates++;
        say('live \u00b7 updated ' + new Date().toLocaleTimeString(), false);
      })
      .catch(function (e) { say('not updated: ' + e.message, true); })
      .then(function () { setTimeout(tick, REFRESH_MS); });
  }

  tick();
}());
