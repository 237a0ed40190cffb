// Charts of the actor page, drawn with plotly.js (served from the plotly wheel).
// The data arrive as JSON in <script type="application/json"> blocks written by the server.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var QUAD_COLOURS = {
    "verbal cooperation": "#7fb3e6", "material cooperation": "#1f5fa8",
    "verbal conflict": "#f2a86b", "material conflict": "#c0392b"
  };
  var layout = { margin: { l: 40, r: 10, t: 10, b: 40 }, paper_bgcolor: "#fff",
                 plot_bgcolor: "#fff" };

  var timeline = data("timeline-data");
  if (timeline && window.Plotly) {
    var bars = timeline.traces.map(function (t) {
      return { type: "bar", name: t.name, x: t.x, y: t.y,
               marker: { color: QUAD_COLOURS[t.name] } };
    });
    // open on where most weeks are: a few events dated decades back ("in 1990") would
    // otherwise squash the rest into one bar; the range slider and buttons reach them
    var days = [];
    timeline.traces.forEach(function (t) { days = days.concat(t.x); });
    days.sort();
    var xaxis = { type: "date", rangeslider: { visible: true },
      rangeselector: { buttons: [
        { count: 1, label: "1m", step: "month", stepmode: "backward" },
        { count: 6, label: "6m", step: "month", stepmode: "backward" },
        { count: 1, label: "1y", step: "year", stepmode: "backward" },
        { step: "all", label: "all" }] } };
    if (days.length > 10) {
      var lo = days[Math.floor(days.length * 0.05)], hi = days[days.length - 1];
      if (lo !== days[0]) { xaxis.range = [lo, hi]; }
    }
    Plotly.newPlot("timeline", bars, Object.assign({ barmode: "stack",
      xaxis: xaxis, legend: { orientation: "h" } }, layout),
      { displayModeBar: false, responsive: true });
  }

  var network = data("network-data");
  if (network && window.Plotly) {
    var nodes = network.nodes, centre = nodes[0], edges = { x: [], y: [] };
    nodes.slice(1).forEach(function (n) {
      edges.x.push(centre.x, n.x, null);
      edges.y.push(centre.y, n.y, null);
    });
    var partners = nodes.slice(1);
    var traces = [
      { type: "scatter", mode: "lines", x: edges.x, y: edges.y, hoverinfo: "skip",
        line: { color: "#c9d1da", width: 1 }, showlegend: false },
      { type: "scatter", mode: "markers+text", x: partners.map(function (n) { return n.x; }),
        y: partners.map(function (n) { return n.y; }),
        text: partners.map(function (n) { return n.label; }), textposition: "top center",
        customdata: partners.map(function (n) { return n.href; }),
        hovertext: partners.map(function (n) {
          return n.label + ": " + n.events + " events, Goldstein " + n.goldstein; }),
        hoverinfo: "text", showlegend: false,
        marker: { size: partners.map(function (n) { return n.size; }),
                  color: partners.map(function (n) { return n.goldstein === null ? 0 : n.goldstein; }),
                  cmin: -10, cmax: 10, colorscale: "RdBu", line: { color: "#555", width: 1 } } },
      { type: "scatter", mode: "markers+text", x: [centre.x], y: [centre.y], text: [centre.label],
        textposition: "bottom center", hoverinfo: "text", showlegend: false,
        marker: { size: 26, color: "#1d232b" } }
    ];
    var axis = { visible: false, range: [-1.4, 1.4] };
    Plotly.newPlot("network", traces, Object.assign({ xaxis: axis, yaxis: axis }, layout),
                   { displayModeBar: false, responsive: true });
    document.getElementById("network").on("plotly_click", function (ev) {
      var href = ev.points[0].customdata;
      if (href) { window.location.href = href; }
    });
  }
})();
