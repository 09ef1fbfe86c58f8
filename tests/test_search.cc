// test_search.cc — the search indexes against their references: exact search (this project's GEMM)
// and FAISS flat give sentence-transformers' util.semantic_search top 10 and SimCSE's tool's
// threshold/top_k results (tools/make_search_fixtures.py), equal scores rank by id, IVF finds most
// of exact's neighbours; SentenceIndex and the public build_index/search end to end, saved and
// reopened; and every bad input (empty corpus or query, a truncated, altered or foreign index
// file, another model) is refused with a message naming it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "file_helpers.h"
#include "io/npy.h"
#include "search/model_fingerprint.h"
#include "search/sentence_index.h"
#include "simcse.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using testing::TempDir;
using testing::expect_error;

struct Vectors {
  std::vector<float> values;
  int64_t rows = 0, cols = 0;
};

Vectors fixture_vectors(const std::string& name) {
  const NpyArray array = load_npy(testing::repo_root() + "/tests/fixtures/search/" + name);
  return Vectors{std::vector<float>(array.values.begin(), array.values.end()), array.shape[0], array.shape[1]};
}

// Each query's results against the reference list: the same ids in the same order, scores within
// float32 rounding of a 24-term dot product.
void expect_same_results(const std::vector<std::vector<Neighbor>>& ours, const nlohmann::json& reference,
                         const std::string& what) {
  ASSERT_EQ(ours.size(), reference.size()) << what;
  for (size_t q = 0; q < ours.size(); ++q) {
    ASSERT_EQ(ours[q].size(), reference[q].size()) << what << " query " << q;
    for (size_t j = 0; j < ours[q].size(); ++j) {
      EXPECT_EQ(ours[q][j].id, reference[q][j]["id"].get<int64_t>()) << what << " query " << q << " rank " << j;
      EXPECT_NEAR(ours[q][j].score, reference[q][j]["score"].get<double>(), 1e-6) << what << " query " << q;
    }
  }
}

TEST(VectorIndex, ExactAndFaissFlatGiveSemanticSearchAndTheToolsResults) {
  const Vectors corpus = fixture_vectors("corpus.npy"), queries = fixture_vectors("queries.npy");
  const nlohmann::json reference = testing::load_json("tests/fixtures/search/reference.json");
  for (IndexKind kind : {IndexKind::exact, IndexKind::faiss_flat}) {
    const auto index = make_vector_index(kind, corpus.values, corpus.rows, corpus.cols);
    const std::string name = index_kind_name(kind);
    // util.semantic_search: top 10, no threshold.
    expect_same_results(index->search(queries.values.data(), queries.rows, 10, -INFINITY),
                        reference["semantic_search"]["results"], name + " vs util.semantic_search");
    // The tool: cosine >= 0.5, first 5.
    expect_same_results(index->search(queries.values.data(), queries.rows, 5, 0.5f), reference["tool_exact"]["results"],
                        name + " vs the tool's exact path");
  }
}

TEST(VectorIndex, ExactSearchEqualsBruteForceAcrossBlocksAndBreaksTiesById) {
  // 9,000 rows span three of the exact index's corpus blocks; 300 queries two query blocks.
  const int64_t rows = 9000, queries = 300, dimension = 8;
  std::vector<float> corpus(rows * dimension), query(queries * dimension);
  uint64_t state = 7;
  auto next = [&] {  // a small LCG: values on a grid of 1/8, so many scores tie exactly
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<float>(static_cast<int>((state >> 33) % 17) - 8) / 8.0f;
  };
  for (float& v : corpus) v = next();
  for (float& v : query) v = next();
  const auto index = make_vector_index(IndexKind::exact, corpus, rows, dimension);
  const auto found = index->search(query.data(), queries, 7, 0.25f);
  int64_t ties_seen = 0;
  for (int64_t q = 0; q < queries; ++q) {
    std::vector<Neighbor> all;
    for (int64_t r = 0; r < rows; ++r) {
      double dot = 0;
      for (int64_t d = 0; d < dimension; ++d) dot += double(query[q * dimension + d]) * corpus[r * dimension + d];
      if (dot >= 0.25) all.push_back(Neighbor{r, static_cast<float>(dot)});
    }
    std::sort(all.begin(), all.end(), ranks_before);
    all.resize(std::min<size_t>(all.size(), 7));
    ASSERT_EQ(found[q].size(), all.size()) << "query " << q;
    for (size_t j = 0; j < all.size(); ++j) {
      EXPECT_EQ(found[q][j].id, all[j].id) << "query " << q << " rank " << j;
      EXPECT_EQ(found[q][j].score, all[j].score) << "grid values: every product is exact";
      if (j > 0 && all[j].score == all[j - 1].score) ++ties_seen;
    }
  }
  EXPECT_GT(ties_seen, 100) << "the data must exercise the tie rule";
}

TEST(VectorIndex, IvfFindsMostOfExactsNeighboursAndCapsCellsAtTheCorpusSize) {
  const Vectors corpus = fixture_vectors("corpus.npy"), queries = fixture_vectors("queries.npy");
  const auto exact = make_vector_index(IndexKind::exact, corpus.values, corpus.rows, corpus.cols);
  const auto ivf = make_vector_index(IndexKind::faiss_ivf, corpus.values, corpus.rows, corpus.cols);
  const auto truth = exact->search(queries.values.data(), queries.rows, 10, -INFINITY);
  const auto approx = ivf->search(queries.values.data(), queries.rows, 10, -INFINITY);
  int64_t found = 0;
  for (int64_t q = 0; q < queries.rows; ++q)
    for (const Neighbor& n : truth[q])
      for (const Neighbor& m : approx[q]) found += m.id == n.id;
  // 10 of 100 cells probed on random 24-d data: about 3 in 10 (structured text vectors do far
  // better: chapter 9's measurement); the planted near-duplicates are always found.
  EXPECT_GT(found, 25 * 10 / 5) << "recall@10 " << found / 250.0;
  for (int64_t q = 0; q < 10; ++q) EXPECT_EQ(approx[q][0].id, truth[q][0].id) << "query " << q;
  // Three rows: min(100, 3) cells, all probed: exact.
  const auto tiny = make_vector_index(IndexKind::faiss_ivf, std::vector<float>(corpus.values.begin(), corpus.values.begin() + 3 * 24), 3, 24);
  const auto tiny_exact = make_vector_index(IndexKind::exact, std::vector<float>(corpus.values.begin(), corpus.values.begin() + 3 * 24), 3, 24);
  const auto a = tiny->search(queries.values.data(), 1, 5, -INFINITY), b = tiny_exact->search(queries.values.data(), 1, 5, -INFINITY);
  ASSERT_EQ(a[0].size(), 3u);
  for (size_t j = 0; j < 3; ++j) EXPECT_EQ(a[0][j].id, b[0][j].id);
}

// ---- sentences, a model, directories ------------------------------------------------------------

const std::string kModel = "tests/fixtures/encoder/one_layer_relu";
const std::vector<std::string> kCorpus = {"a man is playing guitar", "a dog is running in the park",
                                          "a woman is riding a horse", "the man plays the guitar", "two dogs run"};

EmbeddingModel fixture_model(const std::string& pooler = "avg") {
  return EmbeddingModel(testing::repo_root() + "/" + kModel, {Device::cpu, pooler, ""});
}

TEST(SentenceIndex, SearchesBySentenceAsTheVectorsSayAndSurvivesSaveAndLoad) {
  const EmbeddingModel model = fixture_model();
  TempDir dir;
  for (IndexKind kind : {IndexKind::exact, IndexKind::faiss_flat, IndexKind::faiss_ivf}) {
    IndexBuild build;
    build.kind = kind;
    const SentenceIndex index(model, kModel, "avg", kCorpus, build);
    const std::vector<std::string> queries = {"a man plays guitar", "dogs", "a horse"};
    const auto hits = index.search(model, queries, SearchLimits{0.0, 3});
    // The same query vectors by hand, unit length, cosines in double.
    const SentenceVectors q = model.encode(queries, 64, index.model().max_length, true);
    const SentenceVectors c = model.encode(kCorpus, 64, index.model().max_length, true);
    for (size_t i = 0; i < queries.size(); ++i) {
      ASSERT_EQ(hits[i].size(), 3u);
      for (const Neighbor& hit : hits[i]) {
        double dot = 0;
        for (int64_t d = 0; d < q.cols; ++d) dot += double(q.values[i * q.cols + d]) * c.values[hit.id * c.cols + d];
        EXPECT_NEAR(hit.score, dot, 1e-6);
      }
    }
    const std::string path = dir / index_kind_name(kind);
    index.save(path);
    const SentenceIndex loaded = SentenceIndex::load(path);
    EXPECT_EQ(loaded.kind(), kind);
    EXPECT_EQ(loaded.sentence(3), kCorpus[3]);
    loaded.check_model(model, kModel);
    const auto again = loaded.search(model, queries, SearchLimits{0.0, 3});
    for (size_t i = 0; i < queries.size(); ++i)
      for (size_t j = 0; j < 3; ++j) {
        EXPECT_EQ(again[i][j].id, hits[i][j].id);
        EXPECT_EQ(again[i][j].score, hits[i][j].score);
      }
    // Saved again over itself: one exchange, the old files gone.
    index.save(path);
    EXPECT_EQ(SentenceIndex::load(path).size(), 5);
  }
  const auto leftovers = std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator());
  EXPECT_EQ(leftovers, 3) << "no staging folder left behind";
}

TEST(SentenceIndex, ThresholdAndTopKAreTheTools) {
  const EmbeddingModel model = fixture_model();
  const SentenceIndex index(model, kModel, "avg", kCorpus, IndexBuild{});
  const auto all = index.search(model, {"a man plays guitar"}, SearchLimits{-1.0, 100});
  ASSERT_EQ(all[0].size(), kCorpus.size()) << "top_k beyond the corpus: every sentence";
  const double middle = all[0][2].score;
  const auto cut = index.search(model, {"a man plays guitar"}, SearchLimits{middle, 100});
  ASSERT_EQ(cut[0].size(), 3u) << "a score equal to the threshold is kept (>=)";
  EXPECT_EQ(index.search(model, {"a man plays guitar"}, SearchLimits{1.01, 5})[0].size(), 0u);
  expect_error([&] { index.search(model, {"x"}, SearchLimits{0.6, 0}); }, {"top_k must be positive"});
  expect_error([&] { index.search(model, {"x"}, SearchLimits{NAN, 5}); }, {"threshold must be a number"});
  expect_error([&] { index.search(model, {"fine", "  "}, SearchLimits{}); }, {"the queries: sentence 2 is empty"});
  expect_error([&] { index.search(model, {}, SearchLimits{}); }, {"the queries: no sentences"});
  expect_error([&] { SentenceIndex(model, kModel, "avg", {}, IndexBuild{}); }, {"the corpus: no sentences"});
  expect_error([&] { SentenceIndex(model, kModel, "avg", {"a", ""}, IndexBuild{}); }, {"the corpus: sentence 2 is empty"});
}

TEST(SentenceIndex, FingerprintFollowsWeightsHeadAndNothingElse) {
  const std::string a = model_fingerprint(fixture_model("avg"), true);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, model_fingerprint(fixture_model("avg"), true)) << "deterministic";
  EXPECT_NE(a, model_fingerprint(fixture_model("max"), true)) << "another pooler";
  EXPECT_NE(a, model_fingerprint(fixture_model("avg"), false)) << "another normalisation";
  // The same weights in another directory (copied): the same fingerprint; one weight changed: another.
  TempDir dir;
  testing::copy_directory(testing::repo_root() + "/" + kModel, dir / "copy");
  EXPECT_EQ(a, model_fingerprint(EmbeddingModel(dir / "copy", {Device::cpu, "avg", ""}), true));
  const EmbeddingModel changed(dir / "copy", {Device::cpu, "avg", ""});
  Tensor weight = changed.bert().parameters().all().front().second;
  std::vector<Scalar> values = weight.to_vector();
  values[0] += 1;
  std::copy(values.begin(), values.end(), weight.data());
  EXPECT_NE(a, model_fingerprint(changed, true));
}

class SavedIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexBuild build;
    build.kind = IndexKind::faiss_flat;
    SentenceIndex(model_, kModel, "avg", kCorpus, build).save(path_);
  }
  void replace(const std::string& file, const std::function<void(std::string&)>& edit) {
    std::string bytes = testing::read_bytes(path_ + "/" + file);
    edit(bytes);
    testing::write_bytes(path_ + "/" + file, bytes);
  }
  const EmbeddingModel model_ = fixture_model();
  TempDir dir_;
  const std::string path_ = dir_ / "index";
};

TEST_F(SavedIndex, ATruncatedFileIsNamed) {
  for (const char* file : {"vectors.npy", "sentences.jsonl", "faiss.index"}) {
    SetUp();
    replace(file, [](std::string& bytes) { bytes.resize(bytes.size() / 2); });
    testing::expect_error([&] { SentenceIndex::load(path_); }, {file, "truncated"});
  }
}

TEST_F(SavedIndex, AnAlteredFileIsNamed) {
  replace("sentences.jsonl", [](std::string& bytes) { bytes[3] ^= 1; });
  testing::expect_error([&] { SentenceIndex::load(path_); }, {"sentences.jsonl", "SHA-256"});
}

TEST_F(SavedIndex, AMalformedOrForeignIndexJsonIsNamed) {
  replace("index.json", [](std::string& bytes) { bytes.resize(bytes.size() - 20); });
  testing::expect_error([&] { SentenceIndex::load(path_); }, {"index.json"});
  SetUp();
  replace("index.json", [](std::string& bytes) { bytes.replace(bytes.find("\"version\": 1"), 12, "\"version\": 7"); });
  testing::expect_error([&] { SentenceIndex::load(path_); }, {"index.json", "version 7"});
  SetUp();
  replace("index.json", [](std::string& bytes) { bytes.replace(bytes.find("faiss_flat"), 10, "faiss_ivf"); });
  testing::expect_error([&] { SentenceIndex::load(path_); }, {"index.json", "key 'ivf' not found"});
  replace("index.json", [](std::string& bytes) {
    bytes.replace(bytes.find("\"kind\""), 6, "\"ivf\": {\"cells\": 5, \"probed\": 5}, \"kind\"");
  });
  testing::expect_error([&] { SentenceIndex::load(path_); }, {"faiss.index", "another type than faiss_ivf"});
  testing::expect_error([&] { SentenceIndex::load(dir_ / "nowhere"); }, {"nowhere: no such index directory"});
  testing::expect_error([&] { SentenceIndex::load(dir_.path()); }, {"not a search index (no index.json)"});
}

TEST_F(SavedIndex, AnotherModelIsRefusedNamingBothFingerprints) {
  const SentenceIndex index = SentenceIndex::load(path_);
  const EmbeddingModel other = fixture_model("max");
  const std::string message = testing::error_message_of([&] { index.check_model(other, "the-other-model"); });
  EXPECT_NE(message.find(index.model().fingerprint), std::string::npos) << message;
  EXPECT_NE(message.find(model_fingerprint(other, true)), std::string::npos) << message;
  EXPECT_NE(message.find("the-other-model"), std::string::npos) << message;
  EXPECT_NE(message.find("dimension 8"), std::string::npos) << message;
}

TEST_F(SavedIndex, SavingOverADirectoryThatIsNotAnIndexIsRefused) {
  testing::write_bytes(dir_ / "precious.txt", "keep me");
  const SentenceIndex index(model_, kModel, "avg", kCorpus, IndexBuild{});
  testing::expect_error([&] { index.save(dir_.path()); }, {"is not a search index", "refusing to replace it"});
  EXPECT_EQ(testing::read_bytes(dir_ / "precious.txt"), "keep me");
}

// ---- the public library ------------------------------------------------------------------------

TEST(PublicSearch, BuildIndexAndSearchAsTheTool) {
  simcse::SentenceModel model(testing::repo_root() + "/" + kModel, {"cpu", "avg"});
  EXPECT_THROW(model.search({"a dog"}), std::runtime_error) << "no index yet";
  simcse::SearchOptions options;
  options.threshold = 0.0;
  options.top_k = 2;
  for (bool faiss : {false, true}) {
    simcse::IndexOptions index_options;
    index_options.use_faiss = faiss;
    model.build_index(kCorpus, index_options);
    const auto results = model.search({"a man plays guitar", "dogs"}, options);
    ASSERT_EQ(results.size(), 2u);
    ASSERT_EQ(results[0].size(), 2u);
    for (const auto& result : results[0]) {
      EXPECT_EQ(result.sentence, kCorpus[static_cast<size_t>(result.id)]);
      const simcse::Matrix cosine = model.similarity({"a man plays guitar"}, {result.sentence});
      EXPECT_NEAR(result.score, cosine(0, 0), 1e-6);
    }
    EXPECT_GE(results[0][0].score, results[0][1].score);
  }
  TempDir dir;
  model.save_index(dir / "index");
  simcse::SentenceModel reopened(testing::repo_root() + "/" + kModel, {"cpu", "avg"});
  reopened.load_index(dir / "index");
  EXPECT_EQ(reopened.search({"dogs"}, options)[0][0].id, model.search({"dogs"}, options)[0][0].id);
  simcse::SentenceModel other(testing::repo_root() + "/" + kModel, {"cpu", "max"});
  EXPECT_THROW(other.load_index(dir / "index"), std::runtime_error);
}

}  // namespace
}  // namespace simcse
