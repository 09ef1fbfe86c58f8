// search_page.cc — the page itself, as one string: HTML, a little CSS, and the script that runs
// the search and draws the results (text set through textContent, never parsed as HTML).
// Paper: §7 (retrieval with sentence embeddings)
#include "serve/search_page.h"

namespace simcse {

const char* search_page_html() {
  return R"page(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SimCSE search</title>
<style>
  body { font-family: sans-serif; margin: 2em auto; max-width: 46em; color: #222; }
  h1 { font-size: 1.3em; margin-bottom: 0.2em; }
  #about { color: #666; font-size: 0.85em; margin-bottom: 1em; }
  form { display: flex; gap: 0.5em; align-items: center; }
  #q { flex: 1; font-size: 1em; padding: 0.35em; }
  input[type=number] { width: 4.5em; }
  #status { color: #666; font-size: 0.85em; margin: 0.8em 0; min-height: 1.2em; }
  #results { padding-left: 1.6em; }
  .hit { margin: 0.45em 0; }
  .row { display: flex; gap: 0.6em; align-items: baseline; }
  .sentence { flex: 1; }
  .score { font-family: monospace; color: #444; }
  .track { background: #eee; height: 0.4em; border-radius: 0.2em; margin-top: 0.15em; }
  .bar { background: #4a7bd0; height: 100%; border-radius: 0.2em; }
  body[data-state=error] #status { color: #b00; }
</style>
</head>
<body data-state="idle">
<h1>SimCSE search</h1>
<div id="about"></div>
<form id="form">
  <input id="q" name="q" placeholder="a sentence to search for" autofocus>
  <label>top k <input id="top_k" name="top_k" type="number" min="1" value="5"></label>
  <label>threshold <input id="threshold" name="threshold" type="number" step="0.05" value="0.6"></label>
  <button type="submit">Search</button>
</form>
<div id="status"></div>
<ol id="results"></ol>
<script>
"use strict";
const $ = (id) => document.getElementById(id);

function show(data, roundTripMs) {
  const list = $("results");
  list.textContent = "";
  for (const hit of data.results) {
    const item = document.createElement("li");
    item.className = "hit";
    item.dataset.id = hit.id;
    item.dataset.score = hit.score;
    const row = document.createElement("div");
    row.className = "row";
    const sentence = document.createElement("span");
    sentence.className = "sentence";
    sentence.textContent = hit.sentence;
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = hit.score.toFixed(4);
    row.append(sentence, score);
    const track = document.createElement("div");
    track.className = "track";
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = (Math.max(0, Math.min(1, hit.score)) * 100).toFixed(1) + "%";
    track.append(bar);
    item.append(row, track);
    list.append(item);
  }
  $("status").textContent = data.results.length + " result(s) in " + data.took_ms.toFixed(1) +
      " ms on the server, " + roundTripMs.toFixed(1) + " ms round trip";
  document.body.dataset.state = "done";
}

async function search() {
  const params = new URLSearchParams({q: $("q").value, top_k: $("top_k").value, threshold: $("threshold").value});
  history.replaceState(null, "", "?" + params);
  document.body.dataset.state = "searching";
  const started = performance.now();
  try {
    const response = await fetch("/api/search?" + params);
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    show(data, performance.now() - started);
  } catch (error) {
    $("results").textContent = "";
    $("status").textContent = "error: " + error.message;
    document.body.dataset.state = "error";
  }
}

$("form").addEventListener("submit", (event) => { event.preventDefault(); search(); });
fetch("/api/health").then((r) => r.json()).then((h) => {
  $("about").textContent = h.sentences + " sentences, " + h.kind + " index, " + h.model;
}).catch(() => {});
const given = new URLSearchParams(location.search);
for (const name of ["q", "top_k", "threshold"]) if (given.has(name)) $(name).value = given.get(name);
if (given.get("q")) search();
</script>
</body>
</html>
)page";
}

}  // namespace simcse
