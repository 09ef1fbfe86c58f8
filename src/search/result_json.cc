// result_json.cc — results to JSON: sentences as stored, scores rounded to 6 decimals.
// Paper: §7 (retrieval with sentence embeddings)
#include "search/result_json.h"

#include <cmath>

namespace simcse {

nlohmann::ordered_json results_json(const SentenceIndex& index, const std::string& query,
                                    const std::vector<Neighbor>& hits) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const Neighbor& hit : hits)
    results.push_back({{"sentence", index.sentence(hit.id)},
                       {"score", std::round(static_cast<double>(hit.score) * 1e6) / 1e6},
                       {"id", hit.id}});
  return {{"query", query}, {"results", std::move(results)}};
}

}  // namespace simcse
