// Draws the monitoring charts from the page's JSON data island (#chart-data). The
// Content-Security-Policy allows scripts only from this site, so the numbers come as
// data, not as inline code. The tables on the page hold the same numbers and stay the
// accessible source; without JavaScript the figures simply stay hidden.
(function () {
  "use strict";
  var island = document.getElementById("chart-data");
  if (!island || !window.echarts) {
    return;
  }
  var data = JSON.parse(island.textContent);
  var locale = document.documentElement.lang === "en" ? "en-GB" : "de-DE";
  var number = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var fmt = function (v) {
    return v === null || v === undefined || isNaN(v) ? data.labels.NoData : number.format(v) + " " + data.unit;
  };
  // A change on the map carries its sign, so that a fall is not read as a level.
  var mapNumber = data.map && data.map.mode !== "value" ?
    new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }) : number;
  var mapFmt = function (v) {
    return v === null || v === undefined || isNaN(v) ? data.labels.NoData : mapNumber.format(v) + " " + data.map.unit;
  };
  // KERN's palette: dark blue first, so the chosen region stands out; Land and Bund
  // follow, then the peer group (a median, or up to five regions of one's own).
  var colours = ["#0b3d91", "#c3410c", "#4b5563", "#1a7f37", "#7c3aed", "#b45309", "#0e7490", "#be185d"];
  var charts = [];

  // show unhides a figure and gives its container a height (an inline style attribute
  // would be blocked by the CSP; setting it from script is allowed).
  function show(id, height) {
    var el = document.getElementById(id);
    var fig = document.getElementById(id + "-figure");
    if (!el || !fig) {
      return null;
    }
    fig.hidden = false;
    el.style.height = height;
    el.style.width = "100%";
    // SVG: sharp at any zoom, printable, and testable in the DOM.
    var chart = window.echarts.init(el, null, { renderer: "svg", locale: locale === "de-DE" ? "DE" : "EN" });
    charts.push(chart);
    return chart;
  }

  function drawSeries() {
    if (!data.years || data.years.length === 0) {
      return;
    }
    var chart = show("chart-series", "22rem");
    if (!chart) {
      return;
    }
    chart.setOption({
      aria: { enabled: false }, // the container's aria-label and the table describe it
      color: colours,
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 48, bottom: 32 },
      xAxis: { type: "category", data: data.years, boundaryGap: false },
      yAxis: { type: "value", name: data.unit, axisLabel: { formatter: function (v) { return number.format(v); } } },
      series: data.lines.map(function (line, i) {
        return {
          name: line.name, type: "line", data: line.values, connectNulls: false, symbolSize: 6,
          lineStyle: { width: i === 0 ? 3 : 2, type: i === 0 || i > 2 ? "solid" : i === 1 ? "dashed" : "dotted" },
          symbol: i > 2 ? ["diamond", "triangle", "rect", "roundRect", "pin"][(i - 3) % 5] : "circle",
          // 2019 is the comparison year: a line marks it.
          markLine: i === 0 && data.years.indexOf("2019") >= 0 ? {
            symbol: "none", silent: true, label: { formatter: "2019" }, lineStyle: { color: "#6b7280", type: "dashed" },
            data: [{ xAxis: "2019" }]
          } : undefined
        };
      })
    });
  }

  // quantiles splits the values into five classes of about equal size, so that a
  // few outliers do not wash out the differences between all other Kreise.
  function quantiles(values, colours) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var pieces = [];
    var lower = sorted[0];
    for (var i = 1; i <= colours.length; i++) {
      var upper = i === colours.length ? sorted[sorted.length - 1] : sorted[Math.floor(i * sorted.length / colours.length)];
      if (upper <= lower && i < colours.length) {
        continue; // a class without width: merge it into the next
      }
      pieces.push({ gte: lower, lt: i === colours.length ? undefined : upper, lte: i === colours.length ? upper : undefined,
        color: colours[i - 1], label: mapNumber.format(lower) + " – " + mapNumber.format(upper) });
      lower = upper;
    }
    return pieces.reverse(); // the legend lists the highest class at the top
  }

  function drawMap() {
    var items = (data.map && data.map.items) || [];
    var values = items.map(function (it) { return it.value; }).filter(function (v) { return v !== null; });
    if (values.length === 0 || !document.getElementById("chart-map")) {
      return;
    }
    fetch(data.map.geo).then(function (res) {
      if (!res.ok) {
        throw new Error("map " + res.status);
      }
      return res.json();
    }).then(function (geo) {
      window.echarts.registerMap("kreise", geo);
      var chart = show("chart-map", "36rem");
      var names = {};
      items.forEach(function (it) { names[it.key] = it.name; });
      // Light to dark = good to bad, so dark always means "look here" (for a neutral
      // indicator dark is simply high).
      var scale = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
      var grey = "#d1d5db";
      chart.setOption({
        aria: { enabled: false },
        animation: false,
        tooltip: {
          trigger: "item",
          formatter: function (p) { return (names[p.name] || p.name) + ": " + mapFmt(p.value); }
        },
        visualMap: {
          // The bottom box names the grey of the Kreise without a value; it matches no
          // number. The legend only explains, so clicking it hides nothing.
          type: "piecewise", left: 8, bottom: 8, selectedMode: false, itemSymbol: "rect",
          pieces: [{ gt: Number.MAX_VALUE, color: grey, label: data.labels.Legend }]
            .concat(quantiles(values, data.map.higherIsBetter ? scale.slice().reverse() : scale)),
          outOfRange: { color: grey }
        },
        series: [{
          type: "map", map: "kreise", nameProperty: "ARS", roam: true,
          itemStyle: { borderColor: "#ffffff", borderWidth: 0.5, areaColor: grey },
          emphasis: { label: { show: false }, itemStyle: { areaColor: "#fbbf24" } },
          select: { disabled: true },
          data: items.map(function (it) { return { name: it.key, value: it.value === null ? NaN : it.value }; })
        }]
      });
    }).catch(function (err) {
      // The table below has every value; a missing map is a loss of comfort only.
      if (window.console) {
        window.console.warn("monitoring map:", err);
      }
    });
  }

  drawSeries();
  drawMap();
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
