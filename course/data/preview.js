/* Added by `course preview` to the pages it serves (never to the built site): reloads the
 * page when a new build is ready; shows the last build's problems in a panel at the bottom
 * of the page (errors: the page is the last good build; warnings: collapsed to one line),
 * and says so when the preview has stopped. */
(function () {
  "use strict";
  // The build this page comes from, written into the tag by the preview as it served the page.
  var tag = document.currentScript;
  var shownBuild = tag && tag.getAttribute("data-build") !== null ?
    Number(tag.getAttribute("data-build")) : null;
  var panel = null;
  var panelKey = "";
  var collapsed = false;

  var IDS = { error: "course-preview-problems", warning: "course-preview-warnings", stopped: "course-preview-stopped" };
  var STYLES = {
    error: "background:#fff4f4;border-block-start:4px solid #b00020",
    warning: "background:#fffbe6;border-block-start:4px solid #8a6d00",
    stopped: "background:#f2f2f2;border-block-start:4px solid #555"
  };

  function element(name, css, text) {
    var node = document.createElement(name);
    if (css) { node.style.cssText = css; }
    if (text) { node.textContent = text; }  // text, never HTML: messages quote the trainer's sources
    return node;
  }

  function removePanel() {
    if (panel) {
      panel.parentNode.removeChild(panel);
      panel = null;
      panelKey = "";
      document.body.style.paddingBlockEnd = "";
    }
  }

  function showPanel(kind, title, lines) {
    var key = kind + "\n" + title + "\n" + lines.join("\n");
    // Redrawn only when something changed: a trainer may be selecting a line to copy, and a
    // screen reader would announce a fresh alert each time.
    if (panel && key === panelKey) { return; }
    if (!panel || panel.getAttribute("data-kind") !== kind) {
      collapsed = kind === "warning";
    }
    removePanel();
    panelKey = key;
    panel = element("section", "position:fixed;inset-inline:0;inset-block-end:0;z-index:2147483647;" +
      "max-block-size:45vh;overflow:auto;margin:0;padding:.75rem 1.25rem;color:#1a1a1a;" +
      "font:15px/1.45 monospace;box-shadow:0 -2px 12px rgba(0,0,0,.25);" + STYLES[kind]);
    panel.id = IDS[kind];
    panel.setAttribute("data-kind", kind);
    panel.setAttribute("role", kind === "error" ? "alert" : "status");
    panel.setAttribute("aria-label", "Course preview");
    var head = element("p", "margin:0;display:flex;gap:1rem;align-items:baseline;font-family:sans-serif");
    head.appendChild(element("strong", "flex:1", title));
    var list = element("ul", "margin:.5rem 0 0;padding-inline-start:1.25rem");
    lines.forEach(function (line) { list.appendChild(element("li", "", line)); });
    if (lines.length) {
      var toggle = element("button", "font:inherit;font-family:sans-serif;cursor:pointer");
      toggle.type = "button";
      var apply = function () {
        list.hidden = collapsed;
        toggle.textContent = collapsed ? "Show" : "Hide";
        toggle.setAttribute("aria-expanded", String(!collapsed));
        // Room below the page, so its end (next page, footer) can still be scrolled into view.
        document.body.style.paddingBlockEnd = panel.offsetHeight + "px";
      };
      toggle.addEventListener("click", function () { collapsed = !collapsed; apply(); });
      head.appendChild(toggle);
      panel.appendChild(head);
      panel.appendChild(list);
      document.body.appendChild(panel);
      apply();
    } else {
      panel.appendChild(head);
      document.body.appendChild(panel);
      document.body.style.paddingBlockEnd = panel.offsetHeight + "px";
    }
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function check() {
    var request = new XMLHttpRequest();
    request.open("GET", "/__preview__/status", true);
    request.onload = function () {
      var status;
      try { status = JSON.parse(request.responseText); } catch (e) { return; }
      if (shownBuild === null) { shownBuild = status.build; }
      if (status.build !== shownBuild && status.ok) {
        window.location.reload();
        return;
      }
      var warnings = status.warnings || [];
      if (!status.ok) {
        showPanel("error", status.build ?
          "The last build failed; this page shows the last good build. Fix these and save:" :
          "The course could not be built. Fix these and save:", status.problems || []);
      } else if (warnings.length) {
        showPanel("warning", plural(warnings.length, "warning") + " in the course:", warnings);
      } else {
        removePanel();
      }
    };
    request.onerror = function () {
      showPanel("stopped", "The preview has stopped: saved changes will not show until you run " +
        "course preview again.", []);
    };
    request.send();
  }

  check();
  window.setInterval(check, 400);
}());
