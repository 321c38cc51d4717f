(function () {
  "use strict";
  // Minimal page-view analytics: sends path and referrer to our collector.
  var endpoint = "/collect";

  function send(data) {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(endpoint, JSON.stringify(data));
      return;
    }
    var x = new XMLHttpRequest();
    x.open("POST", endpoint, true);
    x.setRequestHeader("Content-Type", "application/json");
    x.send(JSON.stringify(data));
  }

  function pageView() {
    send({ t: "pv", p: location.pathname, r: document.referrer, w: window.innerWidth });
  }
  var sep = String.fromCharCode(31);
  function key(a, b) { return a + sep + b; }
  if (document.readyState === "complete") pageView();
  else window.addEventListener("load", pageView);
})();
