// A few lines of DOM, enough for the name computation: elements with
// attributes and children, text nodes, getElementById and label[for].
"use strict";

class Doc {
  constructor() {
    this.all = [];
  }
  getElementById(id) {
    return this.all.find((e) => e.getAttribute("id") === id) || null;
  }
  querySelectorAll(sel) {
    if (sel !== "label[for]") throw new Error("fake DOM: " + sel);
    return this.all.filter((e) => e.tagName === "LABEL" && e.hasAttribute("for"));
  }
}

function h(doc, tag, attrs, ...children) {
  const el = {
    nodeType: 1,
    tagName: tag.toUpperCase(),
    attrs: Object.assign({}, attrs),
    childNodes: [],
    parentNode: null,
    ownerDocument: doc,
    multiple: !!(attrs && attrs.multiple),
    getAttribute(n) {
      return Object.prototype.hasOwnProperty.call(this.attrs, n) ? String(this.attrs[n]) : null;
    },
    hasAttribute(n) {
      return Object.prototype.hasOwnProperty.call(this.attrs, n);
    },
  };
  for (const c of children) {
    const node = typeof c === "string" ? { nodeType: 3, nodeValue: c } : c;
    node.parentNode = el;
    el.childNodes.push(node);
  }
  doc.all.push(el);
  return el;
}

module.exports = { Doc, h };
