/* Added by `course preview` to the pages it serves (never to the built site): reloads the
 * page when a new build is ready, and shows the build's problems over the page when the
 * last build failed, until a build succeeds again. */
(function () {
  "use strict";
  // The build this page comes from, written into the tag by the preview as it served the page.
  var tag = document.currentScript;
  var shownBuild = tag && tag.getAttribute("data-build") !== null ?
    Number(tag.getAttribute("data-build")) : null;
  var banner = null;
  var bannerText = "";

  function showProblems(problems) {
    var text = problems.join("\n");
    // Redrawn only when the problems change: a trainer may be selecting a line to copy, and a
    // screen reader would announce a fresh alert each time.
    if (banner && text === bannerText) { return; }
    bannerText = text;
    if (!banner) {
      banner = document.createElement("section");
      banner.id = "course-preview-problems";
      banner.setAttribute("role", "alert");
      banner.setAttribute("aria-label", "Build problems");
      banner.style.cssText = "position:fixed;inset-inline:0;inset-block-end:0;z-index:2147483647;" +
        "max-block-size:50vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff4f4;" +
        "color:#1a1a1a;border-block-start:4px solid #b00020;font:15px/1.45 monospace;" +
        "box-shadow:0 -2px 12px rgba(0,0,0,.25)";
      document.body.appendChild(banner);
    }
    banner.textContent = "";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 .5rem;font-weight:bold;font-family:sans-serif";
    title.textContent = "The last build failed; this page shows the last good build. Fix these and save:";
    banner.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-inline-start:1.25rem";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;  // text, never HTML: messages quote the trainer's sources
      list.appendChild(item);
    });
    banner.appendChild(list);
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
      if (!status.ok) {
        showProblems(status.problems || []);
      } else if (banner) {
        banner.parentNode.removeChild(banner);
        banner = null;
        bannerText = "";
      }
    };
    request.send();
  }

  check();
  window.setInterval(check, 500);
}());
