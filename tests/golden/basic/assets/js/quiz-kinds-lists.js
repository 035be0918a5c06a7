/*
 * quiz-kinds-lists.js: the kinds that pair or order items: matching, ordering and categorize.
 *
 * Registers its kinds into CourseQuizCore.kinds (see the kind interface in quiz-core.js);
 * defines no global of its own.
 */
(function (root) {
  "use strict";

  var C = root.CourseQuizCore;
  var kinds = C.kinds;
  var CODES = C.CODES, byId = C.byId, indexOfId = C.indexOfId, code = C.code,
      packChoices = C.packChoices, unpackChoices = C.unpackChoices, shareRight = C.shareRight,
      t = C.t, nf = C.nf, el = C.el, htmlEl = C.htmlEl, htmlToText = C.htmlToText, focus = C.focus,
      itemMark = C.itemMark, answerNote = C.answerNote, reviewBlock = C.reviewBlock, noAnswer = C.noAnswer, list = C.list,
      reviewEntry = C.reviewEntry;

  /** Whether `text` fits in a closed select, which cannot wrap it (true when it cannot be measured). */
  function fitsIn(select, text) {
    var ctx = fitsIn.ctx || (fitsIn.ctx = document.createElement("canvas").getContext("2d"));
    if (!ctx || !select.clientWidth) return true;
    var cs = root.getComputedStyle(select);
    ctx.font = [cs.fontStyle, cs.fontWeight, cs.fontSize, cs.fontFamily].join(" ");
    var room = select.clientWidth - parseFloat(cs.paddingLeft || 0) - parseFloat(cs.paddingRight || 0) - 28;
    return ctx.measureText(text).width <= room;
  }

  kinds.matching = {
    render: function (q, v, r) {
      var box = el("div", {className: "quiz-matching"});
      var matches = v.order(q.matches, "matches");
      v.refs.selects = {};
      v.refs.marks = {};
      v.order(q.pairs, "pairs").forEach(function (pair, i) {
        var id = v.uid + "-m-" + i;
        var select = el("select", {id: id, className: "quiz-select"}, [
          el("option", {value: "", text: t("quiz.choose")})]);
        matches.forEach(function (m) {
          select.appendChild(el("option", {value: m.id, text: htmlToText(m.text_html)}));
        });
        var chosen = r ? r[indexOfId(q.pairs, pair.id)] : null;
        select.value = chosen || "";
        var label = htmlEl("label", "quiz-match-item", pair.item_html);
        label.setAttribute("for", id);
        var markBox = el("span", {className: "quiz-item-mark"});
        // the chosen match in full below a select too narrow for it (screen readers get it from the select)
        var full = el("span", {className: "quiz-match-full", "aria-hidden": "true", hidden: true});
        select.addEventListener("change", function () {
          var option = select.options[select.selectedIndex];
          full.textContent = option && option.value ? option.text : "";
          full.hidden = !full.textContent || fitsIn(select, full.textContent);
        });
        v.refs.selects[pair.id] = select;
        v.refs.marks[pair.id] = markBox;
        v.refs.full = (v.refs.full || []).concat([full]);
        box.appendChild(el("div", {className: "quiz-match-row"}, [
          label, el("span", {className: "quiz-match-control"}, [select, full, markBox])]));
      });
      v.body.appendChild(box);
    },
    read: function (q, v) {
      return q.pairs.map(function (pair) {
        var select = v.refs.selects[pair.id];
        return select && select.value ? select.value : null;
      });
    },
    validate: function (q, r) {
      return !r || r.indexOf(null) >= 0 ? "quiz.need_all" : null;
    },
    grade: function (q, r) {
      return shareRight(q.pairs, r, function (pair, answer) { return pair.id === answer; });
    },
    format: function (q, r) {
      var long = [], short = [];
      q.pairs.forEach(function (pair, i) {
        var m = r ? byId(q.matches, r[i]) : null;
        if (!m) return;
        long.push(pair.id + "[.]" + m.id);
        short.push(pair.code + "." + m.code);
      });
      return {response: long.join("[,]"), response12: short.join(",")};
    },
    pack: function (q, r) {
      return packChoices(q.pairs, q.matches, r);
    },
    unpack: function (q, p) {
      return unpackChoices(q.pairs, q.matches, p);
    },
    showFeedback: function (q, v, r) {
      (v.refs.full || []).forEach(function (full) { full.hidden = true; });
      q.pairs.forEach(function (pair, i) {
        var markBox = v.refs.marks[pair.id], select = v.refs.selects[pair.id];
        if (!markBox) return;
        var chosen = r ? byId(q.matches, r[i]) : null;
        if (select) {           // the chosen match in full: a closed select may cut a long text off
          select.hidden = true;
          select.parentNode.insertBefore(chosen ? htmlEl("span", "quiz-match-chosen", chosen.text_html) : noAnswer(), select);
        }
        var ok = !!chosen && chosen.id === pair.id;
        itemMark(markBox, ok);
        var right = byId(q.matches, pair.id);
        if (!ok && v.reveal && right) answerNote(markBox, t("quiz.right_answer", {answer: htmlToText(right.text_html)}));
      });
    },
    showReview: function (q, r, box) {
      reviewBlock(box,
        list("ul", q.pairs.map(function (pair, i) {
          var m = r ? byId(q.matches, r[i]) : null;
          return reviewEntry(pair.item_html, m ? htmlEl("span", "", m.text_html) : noAnswer(), !!m && m.id === pair.id);
        })),
        list("ul", q.pairs.map(function (pair) {
          var m = byId(q.matches, pair.id);
          return reviewEntry(pair.item_html, htmlEl("span", "", m ? m.text_html : ""));
        })));
    }
  };

  kinds.ordering = {
    render: function (q, v, r) {
      var ids = r ? r.slice() : v.order(q.items, "items", true).map(function (i) { return i.id; });
      var listNode = el("ol", {className: "quiz-order", role: "list", "aria-label": t("quiz.order_label")});
      v.refs.list = listNode;
      v.refs.marks = {};
      function refresh() {
        var rows = listNode.children;
        for (var i = 0; i < rows.length; i++) {
          var buttons = rows[i].querySelectorAll(".quiz-move");
          buttons[0].setAttribute("aria-disabled", i === 0 ? "true" : "false");
          buttons[1].setAttribute("aria-disabled", i === rows.length - 1 ? "true" : "false");
        }
      }
      function move(li, direction, source) {
        if (v.locked) return;
        var text = htmlToText(byId(q.items, li.getAttribute("data-id")).text_html);
        var other = direction < 0 ? li.previousElementSibling : li.nextElementSibling;
        if (!other) {
          v.announce(t(direction < 0 ? "quiz.already_first" : "quiz.already_last", {item: text}));
          return;
        }
        if (direction < 0) listNode.insertBefore(li, other);
        else listNode.insertBefore(other, li);
        refresh();
        focus(source);
        var position = Array.prototype.indexOf.call(listNode.children, li) + 1;
        v.announce(t("quiz.moved", {item: text, position: nf(position), total: nf(listNode.children.length)}));
      }
      ids.forEach(function (id, i) {
        var item = byId(q.items, id);
        if (!item) return;
        var textId = v.uid + "-item-" + i;
        var li = el("li", {className: "quiz-order-item", "data-id": item.id});
        var up = el("button", {type: "button", className: "quiz-move quiz-move-up", "aria-describedby": textId},
          [el("span", {"aria-hidden": "true", className: "quiz-move-symbol", text: "\u2191"}), " ", t("quiz.move_up")]);
        var down = el("button", {type: "button", className: "quiz-move quiz-move-down", "aria-describedby": textId},
          [el("span", {"aria-hidden": "true", className: "quiz-move-symbol", text: "\u2193"}), " ", t("quiz.move_down")]);
        up.addEventListener("click", function () { move(li, -1, up); });
        down.addEventListener("click", function () { move(li, 1, down); });
        var markBox = el("span", {className: "quiz-item-mark"});
        v.refs.marks[item.id] = markBox;
        li.appendChild(htmlEl("span", "quiz-order-text", item.text_html));
        li.lastChild.id = textId;
        li.appendChild(el("span", {className: "quiz-order-buttons"}, [up, down]));
        li.appendChild(markBox);
        listNode.appendChild(li);
      });
      refresh();
      v.body.appendChild(listNode);
    },
    read: function (q, v) {
      return Array.prototype.map.call(v.refs.list.children, function (li) { return li.getAttribute("data-id"); });
    },
    validate: function (q, r) {
      return r && r.length === q.items.length ? null : "quiz.need_all";
    },
    grade: function (q, r) {
      return shareRight(q.items, r, function (item, answer) { return item.id === answer; });
    },
    format: function (q, r) {
      var items = (r || []).map(function (id) { return byId(q.items, id); }).filter(Boolean);
      return {response: items.map(function (i) { return i.id; }).join("[,]"),
              response12: items.map(function (i) { return i.code; }).join(",")};
    },
    pack: function (q, r) {
      return (r || []).map(function (id) { return code(indexOfId(q.items, id)); }).join("");
    },
    unpack: function (q, p) {
      if (typeof p !== "string" || p.length !== q.items.length) return null;
      var out = [], seen = {};
      for (var i = 0; i < p.length; i++) {
        var pos = CODES.indexOf(p.charAt(i));
        if (pos < 0 || pos >= q.items.length || seen[pos]) return null;
        seen[pos] = true;
        out.push(q.items[pos].id);
      }
      return out;
    },
    showFeedback: function (q, v, r) {
      (r || []).forEach(function (id, i) {
        if (!v.refs.marks[id]) return;
        var ok = !!q.items[i] && q.items[i].id === id;
        itemMark(v.refs.marks[id], ok);
        if (!ok && v.reveal) answerNote(v.refs.marks[id], t("quiz.right_position", {n: nf(indexOfId(q.items, id) + 1)}));
      });
    },
    showReview: function (q, r, box) {
      reviewBlock(box,
        r ? list("ol", r.map(function (id, i) {
          var item = byId(q.items, id);
          return reviewEntry(null, htmlEl("span", "", item ? item.text_html : ""), q.items[i].id === id);
        })) : noAnswer(),
        list("ol", q.items.map(function (item) { return reviewEntry(null, htmlEl("span", "", item.text_html)); })));
    }
  };

  kinds.categorize = {
    render: function (q, v, r) {
      var box = el("div", {className: "quiz-categorize"});
      v.refs.groups = {};
      v.refs.marks = {};
      v.order(q.items, "items").forEach(function (item, i) {
        var legend = htmlEl("legend", "quiz-cat-legend", item.text_html);
        var options = el("div", {className: "quiz-cat-options"});
        var chosen = r ? r[indexOfId(q.items, item.id)] : null;
        var inputs = [];
        q.categories.forEach(function (category, j) {
          var id = v.uid + "-c-" + i + "-" + j;
          var input = el("input", {type: "radio", id: id, name: v.uid + "-c-" + i, value: category.id, className: "quiz-input"});
          input.checked = chosen === category.id;
          inputs.push(input);
          var label = htmlEl("label", "quiz-option-label", category.text_html);
          label.setAttribute("for", id);
          options.appendChild(el("span", {className: "quiz-cat-option"}, [input, label]));
        });
        var markBox = el("span", {className: "quiz-item-mark"});
        v.refs.groups[item.id] = inputs;
        v.refs.marks[item.id] = markBox;
        box.appendChild(el("fieldset", {className: "quiz-cat-item"}, [legend, options, markBox]));
      });
      v.body.appendChild(box);
    },
    read: function (q, v) {
      return q.items.map(function (item) {
        var inputs = v.refs.groups[item.id] || [];
        for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) return inputs[i].value;
        return null;
      });
    },
    validate: function (q, r) {
      return !r || r.indexOf(null) >= 0 ? "quiz.need_all" : null;
    },
    grade: function (q, r) {
      return shareRight(q.items, r, function (item, answer) { return item.category === answer; });
    },
    format: function (q, r) {
      var long = [], short = [];
      q.items.forEach(function (item, i) {
        var c = r ? byId(q.categories, r[i]) : null;
        if (!c) return;
        long.push(item.id + "[.]" + c.id);
        short.push(item.code + "." + c.code);
      });
      return {response: long.join("[,]"), response12: short.join(",")};
    },
    pack: function (q, r) {
      return packChoices(q.items, q.categories, r);
    },
    unpack: function (q, p) {
      return unpackChoices(q.items, q.categories, p);
    },
    showFeedback: function (q, v, r) {
      q.items.forEach(function (item, i) {
        if (!v.refs.marks[item.id]) return;
        var ok = !!r && r[i] === item.category, right = byId(q.categories, item.category);
        itemMark(v.refs.marks[item.id], ok);
        if (!ok && v.reveal && right) answerNote(v.refs.marks[item.id], t("quiz.right_answer", {answer: htmlToText(right.text_html)}));
      });
    },
    showReview: function (q, r, box) {
      function categoryHtml(id) {
        var c = byId(q.categories, id);
        return c ? htmlEl("span", "", c.text_html) : noAnswer();
      }
      reviewBlock(box,
        list("ul", q.items.map(function (item, i) {
          var answer = r ? r[i] : null;
          return reviewEntry(item.text_html, categoryHtml(answer), answer === item.category);
        })),
        list("ul", q.items.map(function (item) { return reviewEntry(item.text_html, categoryHtml(item.category)); })));
    }
  };

})(typeof window !== "undefined" ? window : globalThis);
