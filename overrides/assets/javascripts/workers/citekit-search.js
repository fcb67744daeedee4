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
 * The index and the query are also folded as people type: case, ё/Ё as е, and the Turkish
 * dotted and dotless i with their capitals (İ, I, ı, i) as i. The index through a lunr pipeline
 * function put first in both of its pipelines (the index keeps the text as written, so results
 * and their highlighting show the page's own spelling); the query as a string as well, since
 * lunr passes a term with a wildcard (Material adds one to each) through no pipeline.
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

  /* lower case first: JavaScript lowers İ to i + U+0307 (combining dot), dropped here */
  function fold(text) {
    return text.toLowerCase().replace(/\u0307/g, "").replace(/ı/g, "i").replace(/ё/g, "е")
  }

  function foldToken(token) {
    return token.update(fold)
  }

  /* Material's index builder names its reference field once its pipelines are final */
  function foldInPipelines(lunr) {
    lunr.Pipeline.registerFunction(foldToken, "citekitFold")
    var ref = lunr.Builder.prototype.ref
    lunr.Builder.prototype.ref = function () {
      var pipelines = [this.pipeline, this.searchPipeline]
      for (var i = 0; i < pipelines.length; i++) {
        var stack = pipelines[i]._stack
        if (stack.indexOf(foldToken) < 0)
          stack.unshift(foldToken)
      }
      return ref.apply(this, arguments)
    }
  }

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
    else if (message.type === QUERY && typeof message.data === "string")
      message.data = withStems(fold(message.data))
  })

  var post = self.postMessage.bind(self)
  self.postMessage = function (message) {
    if (message && message.type === RESULT)
      withoutStems(message.data)
    post(message)
  }

  importScripts(new URL(location.href).searchParams.get("worker"))
  foldInPipelines(self.lunr)
})()
