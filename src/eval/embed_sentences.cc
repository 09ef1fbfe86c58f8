// embed_sentences.cc — batching sentences through an encoder; looking up stored embeddings.
// Paper: §6.1 Evaluation setup
#include "eval/embed_sentences.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <numeric>
#include <unordered_map>

#include "core/error.h"
#include "eval/senteval_text.h"
#include "io/npy.h"

namespace simcse {

Tensor embed_sentences(const SentenceEncoder& encoder, const std::vector<std::string>& sentences, int64_t batch_size) {
  SIMCSE_CHECK(batch_size > 0, "embed_sentences: batch size must be positive, got ", batch_size);
  // row_of[i]: which distinct sentence sentence i is; distinct[k]: the k-th distinct sentence.
  std::unordered_map<std::string, int64_t> index_of;
  std::vector<const std::string*> distinct;
  std::vector<int64_t> row_of(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    auto [entry, inserted] = index_of.emplace(sentences[i], static_cast<int64_t>(distinct.size()));
    if (inserted) distinct.push_back(&sentences[i]);
    row_of[i] = entry->second;
  }
  std::vector<int64_t> order(distinct.size());  // shortest first, ties in first-seen order
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return distinct[a]->size() < distinct[b]->size(); });

  std::vector<Scalar> distinct_rows;  // [distinct.size(), hidden]
  int64_t hidden = -1;
  for (size_t start = 0; start < order.size(); start += batch_size) {
    const size_t end = std::min(order.size(), start + static_cast<size_t>(batch_size));
    std::vector<std::string> batch;
    for (size_t k = start; k < end; ++k) batch.push_back(*distinct[order[k]]);
    const Tensor embedded = encoder(batch);
    SIMCSE_CHECK(embedded.defined() && embedded.rank() == 2 && embedded.dim(0) == static_cast<int64_t>(batch.size()),
                 "sentence encoder returned ", embedded.defined() ? embedded.shape().str() : std::string("nothing"),
                 " for a batch of ", batch.size(), " sentences (expected [", batch.size(), ", hidden])");
    if (hidden < 0) {
      hidden = embedded.dim(1);
      distinct_rows.resize(distinct.size() * hidden);
    }
    SIMCSE_CHECK(embedded.dim(1) == hidden, "sentence encoder changed its width from ", hidden, " to ", embedded.dim(1));
    const std::vector<Scalar> values = embedded.to_vector();
    for (size_t k = start; k < end; ++k)
      std::copy_n(values.begin() + (k - start) * hidden, hidden, distinct_rows.begin() + order[k] * hidden);
  }
  if (hidden < 0) return Tensor::zeros(Shape({0, 0}));  // no sentences
  std::vector<Scalar> rows(sentences.size() * hidden);
  for (size_t i = 0; i < sentences.size(); ++i)
    std::copy_n(distinct_rows.begin() + row_of[i] * hidden, hidden, rows.begin() + i * hidden);
  return Tensor::from_vector(Shape({static_cast<int64_t>(sentences.size()), hidden}), rows);
}

SentenceEncoder precomputed_encoder(const std::string& sentences_file, const std::string& embeddings_npy) {
  const std::vector<std::string> lines =
      python_file_lines(read_text_file("precomputed embeddings", sentences_file, TextEncoding::utf8));
  const NpyArray stored = load_npy(embeddings_npy);
  if (stored.shape.size() != 2 || stored.shape[0] != static_cast<int64_t>(lines.size()))
    fail(embeddings_npy, " holds an array of ", stored.shape.size(), " dimensions with ",
         stored.shape.empty() ? 0 : stored.shape[0], " rows, but ", sentences_file, " has ", lines.size(),
         " sentences (expected [", lines.size(), ", hidden])");
  auto table = std::make_shared<std::unordered_map<std::string, int64_t>>();
  for (size_t i = 0; i < lines.size(); ++i) table->emplace(lines[i], static_cast<int64_t>(i));  // first row wins
  auto values = std::make_shared<std::vector<double>>(stored.values);
  const int64_t hidden = stored.shape[1];
  return [table, values, hidden, sentences_file](const std::vector<std::string>& sentences) {
    std::vector<Scalar> rows(sentences.size() * hidden);
    for (size_t i = 0; i < sentences.size(); ++i) {
      auto found = table->find(sentences[i]);
      if (found == table->end()) fail("sentence not in ", sentences_file, ": '", sentences[i], "'");
      for (int64_t d = 0; d < hidden; ++d) rows[i * hidden + d] = static_cast<Scalar>((*values)[found->second * hidden + d]);
    }
    return Tensor::from_vector(Shape({static_cast<int64_t>(sentences.size()), hidden}), rows);
  };
}

}  // namespace simcse
