// result_json.h — one query's results as JSON, the same object from `simcse search` (one line per
// query) and the server's GET /api/search, so the two can be compared byte for byte.
// Paper: §7 (retrieval with sentence embeddings)
#pragma once

//   {"query": "...", "results": [{"sentence": "...", "score": 0.812345, "id": 17}, ...]}
// Scores are cosines rounded to 6 decimals (float32 holds about 7 significant digits).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/sentence_index.h"

namespace simcse {

nlohmann::ordered_json results_json(const SentenceIndex& index, const std::string& query,
                                    const std::vector<Neighbor>& hits);

}  // namespace simcse
