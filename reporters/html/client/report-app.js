// The page script of tollgate's HTML report. Plain browser JavaScript, no
// dependencies, no network: it inflates the embedded data, builds the
// suite/file/describe tree once, and draws only the rows in view, so a run
// of 100,000 tests opens and filters as fast as one of ten.
(function () {
  'use strict';
  var ROW = 24;
  var STATUS = [['f', 'failed'], ['k', 'flaky'], ['p', 'passed'], ['s', 'skipped'], ['i', 'interrupted'], ['m', 'missing']];
  var ICON = { p: '✓', f: '✗', k: '~', s: '−', i: '!', m: '?' };
  var NAME = { p: 'passed', f: 'failed', k: 'flaky', s: 'skipped', i: 'interrupted', m: 'missing' };
  var data, nodes = [], testNode, rows = [], match, searchText = null;
  var state = { status: new Set(), tag: -1, q: '', selected: -1, attempt: -1, collapsed: new Set() };
  var listEl = document.getElementById('list'), rowsEl = document.getElementById('rows'), spacerEl = document.getElementById('spacer');
  var detailEl = document.getElementById('detail'), toolbarEl = document.getElementById('toolbar');

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function ms(n) { return n < 1000 ? n + 'ms' : n < 60000 ? (n / 1000).toFixed(1) + 's' : Math.floor(n / 60000) + 'm ' + Math.round((n % 60000) / 1000) + 's'; }

  function decode(el) {
    var text = el.textContent;
    if (el.getAttribute('data-encoding') !== 'gzip-base64') return Promise.resolve(JSON.parse(text));
    var bin = atob(text.trim()), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  // 1. The tree: suite > file > describe..., each node listing its children
  // (nodes and test indexes) in the order they first appear.
  function buildTree() {
    var root = { items: [], kids: new Map(), depth: -1 };
    var groupNode = new Array(data.groups.length);
    testNode = new Int32Array(data.tests.length);
    for (var g = 0; g < data.groups.length; g++) {
      var grp = data.groups[g], cur = root, labels = [data.strings[grp.suite]];
      if (data.strings[grp.file]) labels.push(data.strings[grp.file]);
      for (var p = 0; p < grp.path.length; p++) labels.push(data.strings[grp.path[p]]);
      for (var l = 0; l < labels.length; l++) {
        var next = cur.kids.get(labels[l]);
        if (!next) {
          next = { id: nodes.length, label: labels[l], items: [], kids: new Map(), depth: cur.depth + 1, level: l === 0 ? 'suite' : l === 1 && data.strings[grp.file] ? 'file' : 'describe', count: 0, fail: 0 };
          nodes.push(next);
          cur.kids.set(labels[l], next);
          cur.items.push(-(next.id + 1));
        }
        cur = next;
      }
      groupNode[g] = cur;
    }
    for (var t = 0; t < data.tests.length; t++) {
      var node = groupNode[data.tests[t][1]];
      node.items.push(t);
      testNode[t] = node.id;
    }
    return root;
  }

  // 2. Filtering: one pass over the tests, then one over the tree that keeps
  // the groups with a matching test and the rows of open groups.
  function haystack(t) {
    var row = data.tests[t], grp = data.groups[row[1]], parts = [data.strings[grp.suite], data.strings[grp.file]];
    for (var p = 0; p < grp.path.length; p++) parts.push(data.strings[grp.path[p]]);
    parts.push(row[0]);
    for (var k = 0; k < row[4].length; k++) parts.push('@' + data.strings[row[4][k]]);
    return parts.join(' › ').toLowerCase();
  }
  function computeMatch() {
    var n = data.tests.length, q = state.q.trim().toLowerCase();
    if (q && !searchText) { searchText = new Array(n); for (var s = 0; s < n; s++) searchText[s] = haystack(s); }
    match = new Uint8Array(n);
    for (var t = 0; t < n; t++) {
      var row = data.tests[t];
      if (state.status.size && !state.status.has(row[2])) continue;
      if (state.tag >= 0 && row[4].indexOf(state.tag) < 0) continue;
      if (!q || searchText[t].indexOf(q) >= 0) match[t] = 1;
    }
  }
  function flatten(node, out) {
    var count = 0, fail = 0;
    for (var i = 0; i < node.items.length; i++) {
      var item = node.items[i];
      if (item >= 0) {
        if (!match[item]) continue;
        count++;
        if (data.tests[item][2] === 'f') fail++;
        if (!node.closed) out.push(item);
      } else {
        var child = nodes[-item - 1], at = out.length;
        out.push(item);
        child.closed = state.collapsed.has(child.id) || node.closed;
        flatten(child, out);
        if (child.count === 0) out.length = at;
        else if (node.closed) out.length = at;
        count += child.count;
        fail += child.fail;
      }
    }
    node.count = count;
    node.fail = fail;
  }
  function refresh() {
    computeMatch();
    rows = [];
    flatten(tree, rows);
    spacerEl.style.height = rows.length * ROW + 'px';
    var shown = document.getElementById('shown');
    if (shown) shown.textContent = tree.count + ' of ' + data.tests.length + ' tests';
    drawRows(true);
    saveHash();
  }

  // 3. Drawing: only the rows in view (plus a margin) exist in the page.
  var drawn = '';
  function drawRows(force) {
    var first = Math.max(0, Math.floor(listEl.scrollTop / ROW) - 10);
    var last = Math.min(rows.length, Math.ceil((listEl.scrollTop + listEl.clientHeight) / ROW) + 10);
    var key = first + ':' + last;
    if (!force && key === drawn) return;
    drawn = key;
    var html = [];
    for (var r = first; r < last; r++) html.push(rowHtml(rows[r], r));
    if (rows.length === 0) html.push('<div class="empty">No test matches these filters.</div>');
    rowsEl.style.top = first * ROW + 'px';
    rowsEl.innerHTML = html.join('');
  }
  function rowHtml(item, r) {
    if (item < 0) {
      var n = nodes[-item - 1];
      return '<div class="row group" data-row="' + r + '" style="padding-left:' + (6 + n.depth * 16) + 'px"><span class="caret">' + (state.collapsed.has(n.id) ? '▸' : '▾') + '</span>' +
        esc(n.label) + '<span class="gcount">' + n.count + '</span>' + (n.fail ? '<span class="gfail">' + n.fail + ' failed</span>' : '') + '</div>';
    }
    var row = data.tests[item], depth = nodes[testNode[item]].depth + 1, tags = '';
    for (var k = 0; k < row[4].length; k++) tags += '<span class="tag">@' + esc(data.strings[row[4][k]]) + '</span>';
    return '<div class="row test' + (item === state.selected ? ' selected' : '') + '" data-test="' + item + '" data-outcome="' + NAME[row[2]] + '" style="padding-left:' + (6 + depth * 16) + 'px">' +
      '<span class="icon o-' + row[2] + '" title="' + NAME[row[2]] + '">' + ICON[row[2]] + '</span> <span class="title">' + esc(row[0]) + '</span>' + tags +
      historyHtml(item, false) + '<span class="dur">' + ms(row[3]) + (row[5] > 1 ? ' · ' + row[5] + ' attempts' : '') + '</span></div>';
  }
  function historyHtml(t, big) {
    var h = data.history[t];
    if (!h) return '';
    var cells = '', runs = data.historyRuns[h.r] || [];
    for (var i = 0; i < h.o.length; i++) cells += '<i class="o-' + h.o[i] + '" title="' + esc((runs[i] || '') + ': ' + NAME[h.o[i]]) + '"></i>';
    return (h.c ? '<span class="badge b-' + h.c + '">' + h.c + '</span>' : '') + '<span class="strip' + (big ? ' big' : '') + '" title="last ' + h.o.length + ' runs, oldest first">' + cells + '</span>' +
      (big && h.flip !== undefined ? ' <span class="muted">flip rate ' + Math.round(h.flip * 100) + '%</span>' : '');
  }

  // 4. The detail of one test: attempts, errors, steps, attachments, output.
  function select(t, scroll) {
    state.selected = t;
    state.attempt = -1;
    drawRows(true);
    drawDetail();
    saveHash();
    if (scroll) {
      var r = rows.indexOf(t);
      if (r < 0) { state.status.clear(); state.tag = -1; state.q = ''; syncToolbar(); refresh(); r = rows.indexOf(t); }
      if (r >= 0 && (r * ROW < listEl.scrollTop || r * ROW > listEl.scrollTop + listEl.clientHeight - ROW)) listEl.scrollTop = Math.max(0, r * ROW - listEl.clientHeight / 3);
      drawRows(true);
    }
  }
  function drawDetail() {
    var t = state.selected;
    if (t < 0) return;
    var row = data.tests[t], grp = data.groups[row[1]], d = data.details[t];
    var path = [data.strings[grp.suite], data.strings[grp.file]].concat(grp.path.map(function (i) { return data.strings[i]; })).filter(Boolean);
    var html = ['<div class="test-detail" data-test="' + t + '"><div class="muted">' + esc(path.join(' › ')) + '</div>',
      '<h3><span class="icon o-' + row[2] + '">' + ICON[row[2]] + '</span> ' + esc(row[0]) + '</h3>',
      '<div><span class="outcome o-' + row[2] + '">' + NAME[row[2]] + '</span> · ' + ms(row[3]) + ' · ' + esc(grp.kind) + ' · ' + esc(data.strings[grp.file] + ':' + row[6]) +
      row[4].map(function (k) { return '<span class="tag">@' + esc(data.strings[k]) + '</span>'; }).join('') + '</div>'];
    if (data.history[t]) html.push('<div class="history">history ' + historyHtml(t, true) + '</div>');
    if (d) {
      html.push('<div class="id mono">' + esc(d.id) + '</div>');
      (d.annotations || []).forEach(function (a) { html.push(annotationHtml(a)); });
      var at = state.attempt >= 0 ? state.attempt : d.attempts.length - 1;
      if (d.attempts.length > 1) {
        html.push('<div class="attempt-tabs" role="tablist">');
        d.attempts.forEach(function (a, i) {
          html.push('<button role="tab" data-attempt="' + i + '" aria-selected="' + (i === at) + '"><span class="icon ' + statusClass(a.status) + '">' + (ICON[statusCode(a.status)] || '•') + '</span>' + (i === 0 ? 'first try' : 'retry ' + i) + '</button>');
        });
        html.push('</div>');
      }
      if (d.attempts[at]) html.push(attemptHtml(d.attempts[at]));
      else html.push('<p class="muted">This test never started.</p>');
    } else if (row[2] === 'm') {
      html.push('<p class="muted">This test was planned but never reached an outcome.</p>');
    } else {
      html.push('<p class="muted">' + (row[2] === 'p' ? 'Passed on the first try' : NAME[row[2]]) + ' in ' + ms(row[3]) + '; it recorded no steps, attachments or output.</p>');
    }
    html.push('</div>');
    detailEl.innerHTML = html.join('');
    detailEl.scrollTop = 0;
  }
  // Thresholds, baselines and soak criteria record themselves as JSON annotations (for the gate): shown as sentences, not JSON (issue 16).
  var ANNOTATION_KEYS = { durationMs: ['duration', function (v) { return ms(v); }], windowMs: ['window', function (v) { return ms(v); }], errorRate: ['error rate <', function (v) { return +(v * 100).toPrecision(3) + '%'; }],
    memorySlopeBytesPerHour: ['memory slope <', function (v) { return v >= 1048576 ? +(v / 1048576).toPrecision(3) + ' MB/h' : +(v / 1024).toPrecision(3) + ' KB/h'; }], latencyCreepMaxIncrease: ['p50 creep <', function (v) { return '+' + Math.round(v * 100) + '%'; }] };
  function annotationHtml(a) {
    var v = null;
    if (a.description && a.description.charAt(0) === '{') { try { v = JSON.parse(a.description); } catch (e) { v = null; } }
    var head = '<span class="ann-type">' + esc(a.type) + '</span>';
    if (!v || typeof v !== 'object') return '<div class="ann muted">' + head + (a.description ? esc(a.description) : '') + '</div>';
    if (typeof v.message === 'string') {
      var bad = v.ok === false || v.outcome === 'fail', warn = v.inconclusive || v.outcome === 'warn' || v.judged === false || v.value === null;
      var mark = warn ? '<b class="o-k">?</b> ' : bad ? '<b class="o-f">✗</b> ' : (v.ok === true || v.outcome === 'pass') ? '<b class="o-p">✓</b> ' : '';
      return '<div class="ann">' + head + mark + esc(v.message) + (v.inconclusive ? '<div class="muted">' + esc(v.inconclusive) + '</div>' : '') + (v.generator ? '<div class="muted">load generator: ' + esc(v.generator) + '</div>' : '') + '</div>';
    }
    if (Array.isArray(v.gaps)) return '<div class="ann">' + head + esc((v.soak ? 'soak ' + v.soak + ' ' : '') + 'resumed ' + v.gaps.length + ' time(s), ' + ms(v.totalMs || 0) + ' without load') + '</div>';
    var items = Object.keys(v).map(function (k) {
      var f = ANNOTATION_KEYS[k], val = v[k];
      return '<div><dt>' + esc(f ? f[0] : k) + '</dt><dd>' + esc(f && typeof val === 'number' ? f[1](val) : typeof val === 'object' ? JSON.stringify(val) : String(val)) + '</dd></div>';
    });
    return '<div class="ann">' + head + '<dl>' + items.join('') + '</dl></div>';
  }
  function statusCode(s) { return s === 'passed' ? 'p' : s === 'skipped' ? 's' : s === 'interrupted' ? 'i' : s === 'running' ? 'm' : 'f'; }
  function statusClass(s) { return 'o-' + statusCode(s); }
  function attemptHtml(a) {
    var html = ['<div class="attempt" data-status="' + esc(a.status) + '"><div class="muted">attempt ' + (a.attempt + 1) + ': <b class="' + statusClass(a.status) + '">' + esc(a.status) + '</b> in ' + ms(a.duration) + ' · worker ' + a.workerIndex + ' · ' + esc(a.startTime) + '</div>'];
    (a.annotations || []).forEach(function (n) { html.push(annotationHtml(n)); });
    a.errors.forEach(function (e) { html.push(errorHtml(e)); });
    if (a.steps.length) html.push('<h4>Steps</h4>' + stepsHtml(a.steps));
    if (a.attachments.length) html.push('<h4>Attachments</h4><div class="attachments">' + a.attachments.map(attachmentHtml).join('') + '</div>');
    if (a.stdout) html.push('<h4>stdout</h4><pre class="stdout">' + esc(a.stdout) + '</pre>');
    if (a.stderr) html.push('<h4>stderr</h4><pre class="stderr">' + esc(a.stderr) + '</pre>');
    html.push('</div>');
    return html.join('');
  }
  function errorHtml(e) {
    // expect's messages usually carry the diff already: colour it there rather than print it twice.
    var inMessage = e.diff && e.message.indexOf(e.diff) >= 0;
    var html = ['<div class="err"><pre class="err-msg' + (inMessage ? ' diff' : '') + '">' + (inMessage ? diffHtml(e.message) : esc(e.message)) + '</pre>'];
    if (e.location) html.push('<div class="muted mono">at ' + esc(e.location.file + ':' + e.location.line + ':' + e.location.column) + '</div>');
    if (e.diff && !inMessage) html.push('<pre class="diff">' + diffHtml(e.diff) + '</pre>');
    if (e.snippet) html.push('<pre class="snippet">' + e.snippet.split('\n').map(function (l) { return /^>/.test(l) ? '<span class="hit">' + esc(l) + '</span>' : esc(l); }).join('\n') + '</pre>');
    if (e.value) html.push('<pre>' + esc(e.value) + '</pre>');
    if (e.stack) html.push('<details><summary class="muted">stack</summary><pre>' + esc(e.stack) + '</pre></details>');
    html.push('</div>');
    return html.join('');
  }
  function diffHtml(text) {
    return text.split('\n').map(function (l) {
      var c = /^(-|Expected)/.test(l) ? 'del' : /^(\+|Received)/.test(l) ? 'ins' : '';
      return c ? '<span class="' + c + '">' + esc(l) + '</span>' : esc(l);
    }).join('\n');
  }
  function stepsHtml(steps) {
    return '<ul class="steps">' + steps.map(function (s) {
      var failed = hasError(s), head = '<span class="step-cat muted">' + esc(s.category) + '</span> ' + esc(s.title) + '<span class="step-dur">' + ms(s.duration) + '</span>' +
        (s.location ? ' <span class="muted mono">' + esc(s.location) + '</span>' : '');
      // The attempt's errors are shown in full above; a step shows where it broke, in one line.
      var innermost = s.error && !(s.steps || []).some(hasError);
      var inner = (innermost ? '<pre class="err-msg step-err">' + esc(s.error.message.split('\n')[0]) + '</pre>' : '') + (s.steps ? stepsHtml(s.steps) : '');
      return '<li class="step' + (failed ? ' step-fail' : '') + '">' + (inner ? '<details' + (failed ? ' open' : '') + '><summary>' + head + '</summary>' + inner + '</details>' : '<div class="leaf">' + head + '</div>') + '</li>';
    }).join('') + '</ul>';
  }
  function hasError(s) { return !!s.error || (s.steps || []).some(hasError); }
  // A trace opens in Playwright's trace viewer, which `tollgate show-report` serves beside the report
  // under /trace/; a report opened as a file says how to get there (the viewer cannot read file:// traces).
  function traceLink(href) {
    if (/^https?:$/.test(location.protocol)) {
      return ' <a class="trace-open" href="/trace/index.html?trace=' + esc(encodeURIComponent(new URL(href, location.href).href)) + '">open in trace viewer</a>';
    }
    return ' <span class="muted">open in the trace viewer: <code>npx tollgate show-report' + (data.run ? ' ' + esc(data.run.runId) : '') + '</code></span>';
  }

  function attachmentHtml(a) {
    var head = '<div class="attachment"><b>' + esc(a.name) + '</b> <span class="muted">' + esc(a.contentType) + '</span>';
    if (a.inline) return head + '<a href="' + esc(a.inline) + '" download="' + esc(a.name) + '"><img alt="' + esc(a.name) + '" src="' + esc(a.inline) + '"></a></div>';
    if (a.href && /^image\//.test(a.contentType) && !a.missing) return head + ' <a href="' + esc(a.href) + '">open</a><img alt="' + esc(a.name) + '" src="' + esc(a.href) + '"></div>';
    var trace = /zip|trace/.test(a.contentType + a.name);
    var link = a.href ? ' <a href="' + esc(a.href) + '">' + (trace ? 'trace file' : 'file') + '</a>' + (a.missing ? ' <span class="muted">(not found beside the run)</span>' : '') : '';
    if (trace && a.href && !a.missing) link = traceLink(a.href) + link;
    return head + link + (a.text !== undefined ? '<pre>' + esc(a.text) + '</pre>' : '') + '</div>';
  }

  // 5. The toolbar and the address: filters live in location.hash so a
  // filtered view can be linked (#s=f&q=login&test=12).
  function toolbar() {
    var html = ['<button data-status="" aria-pressed="true">all ' + data.tests.length + '</button>'];
    STATUS.forEach(function (s) { if (data.counts[s[1]] > 0) html.push('<button data-status="' + s[0] + '" aria-pressed="false">' + s[1] + ' ' + data.counts[s[1]] + '</button>'); });
    var tags = new Set();
    data.tests.forEach(function (r) { for (var k = 0; k < r[4].length; k++) tags.add(r[4][k]); });
    if (tags.size) {
      html.push('<select id="tag-filter" aria-label="tag"><option value="-1">any tag</option>' + Array.from(tags).sort(function (a, b) { return data.strings[a] < data.strings[b] ? -1 : 1; })
        .map(function (k) { return '<option value="' + k + '">@' + esc(data.strings[k]) + '</option>'; }).join('') + '</select>');
    }
    html.push('<input type="search" id="text-filter" placeholder="filter by title, file, suite, @tag" aria-label="filter">');
    html.push('<button id="collapse-all">collapse</button><button id="expand-all">expand</button><span class="shown" id="shown"></span>');
    toolbarEl.innerHTML = html.join('');
    toolbarEl.addEventListener('click', function (ev) {
      var b = ev.target.closest('button');
      if (!b) return;
      if (b.id === 'collapse-all') { nodes.forEach(function (n) { state.collapsed.add(n.id); }); refresh(); return; }
      if (b.id === 'expand-all') { state.collapsed.clear(); refresh(); return; }
      var s = b.getAttribute('data-status');
      if (s === null) return;
      if (s === '') state.status.clear();
      else if (state.status.has(s)) state.status.delete(s);
      else state.status.add(s);
      syncToolbar();
      refresh();
    });
    var timer;
    document.getElementById('text-filter').addEventListener('input', function (ev) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = ev.target.value; refresh(); }, 60);
    });
    var tagEl = document.getElementById('tag-filter');
    if (tagEl) tagEl.addEventListener('change', function () { state.tag = Number(tagEl.value); refresh(); });
  }
  function syncToolbar() {
    toolbarEl.querySelectorAll('button[data-status]').forEach(function (b) {
      var s = b.getAttribute('data-status');
      b.setAttribute('aria-pressed', String(s === '' ? state.status.size === 0 : state.status.has(s)));
    });
    var text = document.getElementById('text-filter');
    if (text && text.value !== state.q) text.value = state.q;
    var tagEl = document.getElementById('tag-filter');
    if (tagEl) tagEl.value = String(state.tag);
  }
  function saveHash() {
    var parts = [];
    if (state.status.size) parts.push('s=' + Array.from(state.status).join(','));
    if (state.tag >= 0) parts.push('tag=' + encodeURIComponent(data.strings[state.tag]));
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    if (state.selected >= 0) parts.push('test=' + state.selected);
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
  }
  function loadHash() {
    var found = -1;
    location.hash.slice(1).split('&').forEach(function (kv) {
      var at = kv.indexOf('='), k = kv.slice(0, at), v = decodeURIComponent(kv.slice(at + 1));
      if (k === 's') v.split(',').forEach(function (s) { if (NAME[s]) state.status.add(s); });
      if (k === 'tag') state.tag = data.strings.indexOf(v);
      if (k === 'q') state.q = v;
      if (k === 'test' && data.tests[Number(v)]) found = Number(v);
    });
    return found;
  }

  var tree;
  decode(document.getElementById('tollgate-data')).then(function (d) {
    data = d;
    tree = buildTree();
    var fromHash = loadHash();
    toolbar();
    syncToolbar();
    refresh();
    listEl.addEventListener('scroll', function () { requestAnimationFrame(function () { drawRows(false); }); });
    window.addEventListener('resize', function () { drawRows(true); });
    rowsEl.addEventListener('click', function (ev) {
      var el = ev.target.closest('.row');
      if (!el) return;
      if (el.hasAttribute('data-test')) return select(Number(el.getAttribute('data-test')), false);
      var n = nodes[-rows[Number(el.getAttribute('data-row'))] - 1];
      if (state.collapsed.has(n.id)) state.collapsed.delete(n.id); else state.collapsed.add(n.id);
      refresh();
    });
    detailEl.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-attempt]');
      if (b) { state.attempt = Number(b.getAttribute('data-attempt')); drawDetail(); }
    });
    document.querySelectorAll('a.rule-test').forEach(function (a) {
      a.addEventListener('click', function (ev) { ev.preventDefault(); select(Number(a.getAttribute('data-test')), true); document.getElementById('main').scrollIntoView(); });
    });
    // A person opens a report to see what failed: show the first failure.
    var first = fromHash;
    if (first < 0) for (var t = 0; t < data.tests.length && first < 0; t++) if (data.tests[t][2] === 'f') first = t;
    if (first >= 0) select(first, true);
    document.body.setAttribute('data-ready', 'true');
  }).catch(function (err) {
    toolbarEl.textContent = 'This report could not be read: ' + err + '. Open it in a current browser (it needs DecompressionStream).';
  });
})();
