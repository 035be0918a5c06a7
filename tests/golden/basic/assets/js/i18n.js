/* Interface strings for the browser: the table of one language, plural rules, numbers.
 * The table itself is in assets/i18n/<lang>.js, which calls CourseI18n.load(). */
(function (root) {
  "use strict";

  var table = { lang: "en", plural: ["one", "other"], strings: {} };

  function pluralCategory(lang, count) {
    var n = Math.abs(Number(count));
    if (lang === "ru") {
      if (n !== Math.floor(n)) { return "other"; }
      if (n % 10 === 1 && n % 100 !== 11) { return "one"; }
      if (n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14)) { return "few"; }
      return "many";
    }
    return n === 1 ? "one" : "other";
  }

  // Every digit an author wrote (an answer of 0.125 must not show as 0.13), never an exponent.
  function number(value) {
    var x = Number(value);
    var text;
    if (!isFinite(x)) { text = String(value); }
    else if (Math.floor(x) === x && Math.abs(x) < 1e15) { text = String(x === 0 ? 0 : x); }
    else { text = x.toFixed(7).replace(/0+$/, "").replace(/\.$/, ""); }
    if (text === "-0") { text = "0"; }
    return (table.lang === "ru" || table.lang === "kk") ? text.replace(".", ",") : text;
  }

  function t(key, values) {
    var entry = table.strings[key];
    if (entry === undefined) { return key; }
    values = values || {};
    if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
      entry = entry[pluralCategory(table.lang, values.count || 0)] || entry.other || "";
    }
    return String(entry).replace(/\{(\w+)\}/g, function (match, name) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) { return match; }
      var value = values[name];
      return typeof value === "number" ? number(value) : String(value);
    });
  }

  root.CourseI18n = {
    load: function (data) { table = data; },
    t: t,
    number: number,
    pluralCategory: pluralCategory,
    get lang() { return table.lang; },
    has: function (key) { return Object.prototype.hasOwnProperty.call(table.strings, key); }
  };
})(typeof window !== "undefined" ? window : globalThis);
