/*
 * Fupin page enhancements: charts over the home page's tables and the map of China.
 * The pages work without this file; it only draws what the tables already say.
 * Same-origin only (CSP default-src 'self'): ECharts and the map shapes are served from /assets/.
 */
(function () {
  'use strict';

  var PALETTE = ['#fbeee6', '#f3c6a5', '#e39466', '#c8603a', '#9b1c1c', '#641010'];

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    });
  }

  var lang = (document.documentElement.lang || 'zh').slice(0, 2);

  function formatCount(n) { return Number(n).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'); }

  function formatMoney(fen) {
    var yuan = fen / 100;
    if (lang === 'zh') {
      if (yuan >= 1e8) { return '¥' + (yuan / 1e8).toFixed(2) + '亿'; }
      if (yuan >= 1e4) { return '¥' + (yuan / 1e4).toFixed(1) + '万'; }
      return '¥' + yuan.toFixed(2);
    }
    if (yuan >= 1e9) { return '¥' + (yuan / 1e9).toFixed(2) + ' bn'; }
    if (yuan >= 1e6) { return '¥' + (yuan / 1e6).toFixed(2) + ' m'; }
    return '¥' + formatCount(Math.round(yuan));
  }

  /* Charts: every <table data-chart="bar|column"> whose rows carry data-activities and data-committed. */
  function charts() {
    var tables = document.querySelectorAll('table[data-chart]');
    Array.prototype.forEach.call(tables, function (table) {
      var rows = table.querySelectorAll('tbody tr[data-committed]');
      if (!rows.length) { return; }
      var labels = [], money = [], counts = [];
      Array.prototype.forEach.call(rows, function (tr) {
        var th = tr.querySelector('th');
        labels.push(th ? th.textContent.trim() : '');
        money.push(Number(tr.getAttribute('data-committed')) / 100);
        counts.push(Number(tr.getAttribute('data-activities')));
      });
      var horizontal = table.getAttribute('data-chart') === 'bar';
      if (horizontal) { labels.reverse(); money.reverse(); counts.reverse(); }
      var box = document.createElement('div');
      box.className = 'chart';
      box.setAttribute('role', 'img');
      box.setAttribute('aria-label', table.getAttribute('data-chart-label') || '');
      var holder = table.closest('.table-scroll') || table;
      holder.parentNode.insertBefore(box, holder);
      var chart = window.echarts.init(box);
      var names = (table.getAttribute('data-series') || '|').split('|');
      var category = { type: 'category', data: labels, axisLabel: { interval: 0 } };
      var value = { type: 'value', axisLabel: { formatter: function (v) { return formatMoney(v * 100); } } };
      chart.setOption({
        color: ['#9b1c1c', '#b7791f'],
        grid: { left: horizontal ? 110 : 70, right: 20, top: 30, bottom: 30, containLabel: false },
        tooltip: {
          trigger: 'axis',
          formatter: function (items) {
            var i = items[0].dataIndex;
            return labels[i] + '<br>' + names[0] + '：' + formatMoney(money[i] * 100) +
              '<br>' + names[1] + '：' + formatCount(counts[i]);
          }
        },
        xAxis: horizontal ? value : category,
        yAxis: horizontal ? category : value,
        series: [{ name: names[0], type: 'bar', data: money }]
      });
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }

  /* The map: provinces shaded by the chosen measure; a click drills to the province's prefectures,
   * a click there opens the region's page. */
  function map() {
    var el = document.getElementById('china-map');
    if (!el) { return; }
    var select = document.getElementById('map-measure');
    var back = document.getElementById('map-back');
    var open = document.getElementById('map-open');
    var provinces = JSON.parse(el.getAttribute('data-provinces') || '{}');
    el.textContent = '';
    el.classList.add('map-live');
    var chart = window.echarts.init(el);
    var state = { level: 'china', code: null, regions: [], geo: null };
    el.fupinMap = { chart: chart, state: state, drill: drill, national: national };

    function codeOf(feature, digits) {
      var id = String(feature.id || (feature.properties && feature.properties.id) || '');
      return id.slice(0, digits);
    }

    function measure() { return select ? select.value : 'activities'; }

    function valueOf(region) {
      var m = measure();
      return m === 'committed' ? region.committed.fen : region[m];
    }

    function draw() {
      var digits = state.level === 'china' ? 2 : 4;
      var byCode = {};
      state.regions.forEach(function (r) { byCode[r.code] = r; });
      var max = 0;
      var data = state.geo.features.map(function (f) {
        var region = byCode[codeOf(f, digits)];
        var v = region ? valueOf(region) : null;
        if (v !== null && v > max) { max = v; }
        return { name: f.properties.name, value: v, code: region ? region.code : null, region: region };
      });
      var label = select ? select.options[select.selectedIndex].text : '';
      chart.setOption({
        tooltip: {
          trigger: 'item',
          formatter: function (p) {
            var r = p.data && p.data.region;
            if (!r) { return p.name; }
            return r.name + '<br>' + label + '：' +
              (measure() === 'committed' ? formatMoney(r.committed.fen) : formatCount(valueOf(r)));
          }
        },
        visualMap: {
          min: 0, max: Math.max(max, 1), left: 'left', bottom: 10, calculable: true,
          inRange: { color: PALETTE }, text: [label, ''],
          formatter: function (v) { return measure() === 'committed' ? formatMoney(v) : formatCount(Math.round(v)); }
        },
        series: [{
          type: 'map', map: state.level === 'china' ? 'china' : 'province-' + state.code,
          roam: false, data: data, zoom: 1.1,
          label: { show: state.level !== 'china', fontSize: 10, color: '#1f2328' },
          itemStyle: { borderColor: '#ffffff', areaColor: '#eeeeee' },
          emphasis: { itemStyle: { areaColor: '#b7791f' }, label: { show: true } }
        }]
      }, true);
      el.setAttribute('data-level', state.level === 'china' ? 'china' : state.code);
      el.setAttribute('data-ready', 'true');
    }

    function load(key, geoUrl, dataUrl) {
      el.setAttribute('data-ready', 'false');
      return Promise.all([getJson(geoUrl), getJson(dataUrl)]).then(function (res) {
        window.echarts.registerMap(key, res[0]);
        state.geo = res[0];
        state.regions = res[1].regions;
        draw();
      });
    }

    function national() {
      state.level = 'china';
      state.code = null;
      if (back) { back.hidden = true; }
      if (open) { open.hidden = true; }
      return load('china', el.getAttribute('data-china'), el.getAttribute('data-api'));
    }

    function drill(code, name) {
      if (!provinces[code]) { window.location.href = '/region/' + code; return Promise.resolve(); }
      state.level = 'province';
      state.code = code;
      if (back) { back.hidden = false; }
      if (open) {
        open.hidden = false;
        open.href = '/region/' + code;
        open.textContent = (open.getAttribute('data-template') || '{name}').replace('{name}', name || code);
      }
      return load('province-' + code, provinces[code], el.getAttribute('data-api') + '/' + code);
    }

    chart.on('click', function (p) {
      var code = p.data && p.data.code;
      if (!code) { return; }
      if (state.level === 'china') { drill(code, p.data.region.name); } else { window.location.href = '/region/' + code; }
    });
    if (select) {
      select.closest('.map-controls').hidden = false;
      select.addEventListener('change', draw);
    }
    if (back) { back.addEventListener('click', function () { national(); }); }
    window.addEventListener('resize', function () { chart.resize(); });
    national().catch(function (err) {
      el.setAttribute('data-ready', 'error');
      if (window.console) { window.console.warn('map:', err); }
    });
  }

  ready(function () {
    if (!window.echarts) { return; }
    document.documentElement.classList.add('has-charts');
    charts();
    map();
  });
}());
