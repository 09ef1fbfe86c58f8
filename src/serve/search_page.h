// search_page.h — the retrieval page `simcse serve` answers GET / with: one self-contained HTML
// file (no outside script, style or font), a query box, the top-k results with score bars, and the
// latency. A query in the URL (/?q=...&top_k=...&threshold=...) is searched as the page loads, so
// a headless browser given that URL renders results with no clicking (the test in make test does).
// Paper: §7 (retrieval with sentence embeddings)
#pragma once

namespace simcse {

// The page's HTML. It calls GET /api/search and renders each hit as
//   <li class="hit" data-id="ID" data-score="SCORE"><span class="sentence">TEXT</span>...</li>
// in <ol id="results">, then sets <body data-state="done"> (or "error", with the message in #status).
const char* search_page_html();

}  // namespace simcse
