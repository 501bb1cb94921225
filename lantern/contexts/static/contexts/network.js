// A radial layout of the network: the record at the centre, step-one links on the inner ring,
// step-two links on the outer ring. Clicking a node highlights its links; the table below the
// graph is the accessible alternative, so the drawing is hidden from assistive technology.
(function () {
  "use strict";
  var figure = document.getElementById("network-graph");
  var source = document.getElementById("network-data");
  if (!figure || !source) { return; }
  var data = JSON.parse(source.textContent);
  var NS = "http://www.w3.org/2000/svg";
  var size = 640, centre = size / 2, rings = [0, 150, 270];
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 " + size + " " + size);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "lantern-network__svg");
  var byStep = {};
  data.nodes.forEach(function (node) { (byStep[node.step] = byStep[node.step] || []).push(node); });
  var positions = {};
  Object.keys(byStep).forEach(function (step) {
    var nodes = byStep[step], radius = rings[Math.min(Number(step), 2)];
    nodes.forEach(function (node, index) {
      var angle = (2 * Math.PI * index) / nodes.length - Math.PI / 2 + Number(step) * 0.3;
      positions[node.id] = { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) };
    });
  });
  function el(name, attrs) {
    var element = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (key) { element.setAttribute(key, attrs[key]); });
    return element;
  }
  var edgeElements = data.edges.map(function (edge) {
    var a = positions[edge.source], b = positions[edge.target];
    var line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y,
      "class": "lantern-network__edge" + (edge.shared ? " lantern-network__edge--shared" : "") });
    line.dataset.source = edge.source;
    line.dataset.target = edge.target;
    svg.appendChild(line);
    return line;
  });
  data.nodes.forEach(function (node) {
    var p = positions[node.id];
    var group = el("g", { "class": "lantern-network__node lantern-network__node--" + node.kind +
      (node.shared ? " lantern-network__node--shared" : "") + (node.id === data.root ? " lantern-network__node--root" : "") });
    group.appendChild(node.kind === "context"
      ? el("rect", { x: p.x - 10, y: p.y - 10, width: 20, height: 20 })
      : el("circle", { cx: p.x, cy: p.y, r: 10 }));
    var label = el("text", { x: p.x, y: p.y + 26, "text-anchor": "middle" });
    label.textContent = node.label;
    group.appendChild(label);
    group.addEventListener("click", function () {
      edgeElements.forEach(function (line) {
        var touches = line.dataset.source === node.id || line.dataset.target === node.id;
        line.classList.toggle("lantern-network__edge--selected", touches);
      });
    });
    svg.appendChild(group);
  });
  figure.insertBefore(svg, figure.firstChild);
  figure.setAttribute("data-drawn", String(data.nodes.length));
})();
