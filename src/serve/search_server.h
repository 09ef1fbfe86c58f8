// search_server.h — `simcse serve`: a saved index and its model behind HTTP (cpp-httplib), the
// retrieval page at / and a JSON API:
//   GET  /api/search?q=TEXT[&top_k=K][&threshold=T]  -> {"query", "results": [...], "took_ms"}
//   POST /api/encode  {"sentences": [...], "normalize": true}  -> {"dimension", "vectors": [[...]]}
//   GET  /api/health  -> {"status": "ok", "sentences", "dimension", "kind", "model"}
// SimCSE's demo served its tool the same way (a Flask page over `search`).
// Paper: §7 (retrieval with sentence embeddings)
#pragma once

// Every request is bounded before any work: the body (set_payload_max_length: 413), the query's
// bytes, top_k, the sentences of one encode call; a malformed one (no q, a top_k that is not an
// integer, a body that is not the JSON asked for) gets 400 with {"error": "..."}; an unknown path
// 404, the same way. A fixed pool of threads reads requests; the model runs one request at a time
// on one thread of its own (a forward pass already uses every core through OpenMP), so concurrent
// clients queue there.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "eval/embedding_model.h"
#include "search/sentence_index.h"

namespace simcse {

struct ServeSettings {
  std::string host = "127.0.0.1";    // loopback: reachable from this machine only, unless told
  int port = 8080;                    // 0: any free port (the bound one is returned by bind())
  int threads = 8;                    // the fixed pool; a kept-alive connection holds one thread
  uint64_t max_body_bytes = 1 << 20;  // POST bodies
  uint64_t max_query_bytes = 2000;    // one query or sentence, in bytes (UTF-8)
  int64_t max_top_k = 100;
  int64_t max_sentences = 256;        // per /api/encode call
};

class SearchServer {
 public:
  SearchServer(const SentenceIndex& index, const EmbeddingModel& model, const ServeSettings& settings);
  ~SearchServer();
  // Binds host:port; an error naming the address when it is in use or cannot be bound. Returns the port.
  int bind();
  // Serves until stop() (from another thread or a signal handler thread).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// bind(), then serve until SIGINT or SIGTERM, then stop cleanly (requests in flight finish).
// `on_listening(port)` is called once bound (to print the address).
void serve_until_signal(SearchServer& server, const std::function<void(int port)>& on_listening);

}  // namespace simcse
