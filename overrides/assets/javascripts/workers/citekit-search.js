/*
 * Material's search worker, plus stemming of the query in the reader's language.
 *
 * Material appends a wildcard to every query term, and lunr does not stem a term with a
 * wildcard: an inflected word (Turkish "saldırıların", Russian "нападениях") finds only that
 * exact form. So each plain query term also gets its stem as an extra term, made by the
 * stemmer of the index's first language (config.lang[0]: the reader's language, see
 * hooks/citekit/search.py); every inflection that shares the stem is then found too, and
 * pages with the exact form still rank first. A stem the reader did not type is never shown
 * as a missing term.
 *
 * Loaded as the search worker by overrides/main.html (block "config"), with Material's own
 * worker in ?worker=; its message types are Material 9.8's (SETUP 0, QUERY 2, RESULT 3).
 */
(function () {
  "use strict"
  var SETUP = 0, QUERY = 2, RESULT = 3
  var MIN_STEM = 3
  var language = "en"
  var stems = {}                       /* stem -> term typed, for the query being answered */

  function stemOf(term) {
    var lunr = self.lunr
    var space = language === "en" ? lunr : lunr[language]
    if (!space || typeof space.stemmer !== "function")
      return term
    return space.stemmer(new lunr.Token(term, {})).toString()
  }

  function withStems(query) {
    stems = {}
    if (typeof query !== "string" || /["+\-~^*:]/.test(query))
      return query                     /* the reader wrote query syntax: leave it alone */
    var terms = query.trim().split(/\s+/)
    var extra = []
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i].toLowerCase()
      if (!/^[\p{L}\p{N}]+$/u.test(term))
        continue
      var stem = stemOf(term)
      if (stem !== term && stem.length >= MIN_STEM && terms.indexOf(stem) < 0 && !(stem in stems)) {
        stems[stem] = term
        extra.push(stem)
      }
    }
    return extra.length ? query + " " + extra.join(" ") : query
  }

  function withoutStems(result) {
    var groups = result && result.items || []
    for (var g = 0; g < groups.length; g++)
      for (var i = 0; i < groups[g].length; i++) {
        var terms = groups[g][i].terms || {}
        for (var stem in stems)
          if (terms[stem]) {
            if (!terms[stems[stem]]) delete terms[stems[stem]]
          } else {
            delete terms[stem]
          }
      }
    return result
  }

  addEventListener("message", function (ev) {
    var message = ev.data
    if (message.type === SETUP)
      language = (message.data.config.lang || ["en"])[0]
    else if (message.type === QUERY)
      message.data = withStems(message.data)
  })

  var post = self.postMessage.bind(self)
  self.postMessage = function (message) {
    if (message && message.type === RESULT)
      withoutStems(message.data)
    post(message)
  }

  importScripts(new URL(location.href).searchParams.get("worker"))
})()
