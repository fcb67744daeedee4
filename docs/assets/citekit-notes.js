/*
 * Note numbers that touch read "3,4", not "34"; a note after text gets no comma.
 * Marks each note reference that directly follows another one, with no text between, for the
 * stylesheet to put a comma before it. CSS alone cannot: "sup + sup" skips the text between.
 */
(function () {
  "use strict"
  function isNote(node) {
    return node && node.nodeType === 1 && node.tagName === "SUP" && /^fnref/.test(node.id)
  }
  function mark() {
    var notes = document.querySelectorAll(".md-typeset sup[id^='fnref']")
    for (var i = 0; i < notes.length; i++)
      if (isNote(notes[i].previousSibling))
        notes[i].classList.add("citekit-after-note")
  }
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", mark)
  else
    mark()
})()
