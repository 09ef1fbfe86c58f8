// sentence_index.cc — building (embed, normalise, index), searching (embed the queries the same
// way, threshold and top_k), and the index directory: written atomically, read with every file
// checked against index.json before it is parsed.
// Paper: §7 (retrieval with sentence embeddings); §2, eq. (1)
#include "search/sentence_index.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/atomic_file.h"
#include "io/input_limits.h"
#include "io/json_file.h"
#include "io/line_reader.h"
#include "io/model_directory.h"
#include "io/npy.h"
#include "io/sha256.h"
#include "search/faiss_index.h"
#include "search/model_fingerprint.h"

namespace simcse {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "simcse-index";
constexpr int kVersion = 1;

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\n\r\f\v") == std::string::npos;
}

nlohmann::json describe_file(const fs::path& path) {
  return {{"bytes", fs::file_size(path)}, {"sha256", sha256_of_file(path.string())}};
}

// What index.json says one of the index's files holds.
struct ListedFile {
  std::string name;
  uint64_t bytes = 0;
  std::string sha256;
};

// The file as index.json describes it, or an error naming it: a wrong size is a truncated (or
// replaced) file, a wrong digest an altered one.
void check_file(const fs::path& dir, const ListedFile& listed) {
  const fs::path path = dir / listed.name;
  SIMCSE_CHECK(fs::is_regular_file(path), path.string(), ": missing (index.json lists it)");
  const uint64_t bytes = fs::file_size(path);
  SIMCSE_CHECK(bytes == listed.bytes, path.string(), ": ", bytes, " bytes where index.json says ", listed.bytes,
               " (truncated or replaced; rebuild the index)");
  SIMCSE_CHECK(sha256_of_file(path.string()) == listed.sha256, path.string(),
               ": its SHA-256 differs from index.json's (the file was altered; rebuild the index)");
}

}  // namespace

void check_sentences(const std::vector<std::string>& sentences, const std::string& what) {
  SIMCSE_CHECK(!sentences.empty(), what, ": no sentences (at least one is needed)");
  for (size_t i = 0; i < sentences.size(); ++i)
    SIMCSE_CHECK(!blank(sentences[i]), what, ": sentence ", i + 1, " is empty",
                 sentences[i].empty() ? "" : " (only white space)");
}

SentenceIndex::SentenceIndex(const EmbeddingModel& model, const std::string& model_path, const std::string& pooler,
                             std::vector<std::string> sentences, const IndexBuild& build)
    : sentences_(std::move(sentences)), ivf_(build.ivf) {
  check_sentences(sentences_, "the corpus");
  const int max_length = build.max_length > 0 ? build.max_length : model.default_max_length();
  SentenceVectors embedded = model.encode(sentences_, build.batch_size, max_length, /*normalize=*/true);
  vectors_ = std::move(embedded.values);
  model_ = IndexedModel{model_fingerprint(model, true), model.dimension(), fs::absolute(model_path).lexically_normal().string(),
                        model.head().describe(), pooler, max_length};
  index_ = make_vector_index(build.kind, vectors_, size(), model_.dimension, ivf_);
}

SentenceIndex::SentenceIndex(SentenceIndex&&) noexcept = default;
SentenceIndex& SentenceIndex::operator=(SentenceIndex&&) noexcept = default;
SentenceIndex::~SentenceIndex() = default;

void SentenceIndex::check_model(const EmbeddingModel& model, const std::string& model_path) const {
  const std::string fingerprint = model_fingerprint(model, true);
  SIMCSE_CHECK(fingerprint == model_.fingerprint && model.dimension() == model_.dimension, "the index was built with ",
               model_.path, " (fingerprint ", model_.fingerprint, ", dimension ", model_.dimension, ", ", model_.head,
               ") but the model given is ", model_path, " (fingerprint ", fingerprint, ", dimension ",
               model.dimension(), ", ", model.head().describe(), "): its vectors would not be comparable");
}

std::vector<std::vector<Neighbor>> SentenceIndex::search(const EmbeddingModel& model,
                                                         const std::vector<std::string>& queries,
                                                         const SearchLimits& limits) const {
  check_sentences(queries, "the queries");
  SentenceVectors embedded = model.encode(queries, 64, model_.max_length, /*normalize=*/true);
  return search_vectors(embedded.values, embedded.rows, limits);
}

std::vector<std::vector<Neighbor>> SentenceIndex::search_vectors(const std::vector<float>& queries, int64_t count,
                                                                 const SearchLimits& limits) const {
  SIMCSE_CHECK(limits.top_k > 0, "search: top_k must be positive, got ", limits.top_k);
  SIMCSE_CHECK(std::isfinite(limits.threshold), "search: the threshold must be a number, got ", limits.threshold);
  SIMCSE_CHECK(static_cast<int64_t>(queries.size()) == count * model_.dimension, "search: ", queries.size(),
               " values are not ", count, " query vectors of dimension ", model_.dimension);
  // float(threshold) rounded down, so that a score equal to the threshold in double is kept.
  float min_score = static_cast<float>(limits.threshold);
  if (static_cast<double>(min_score) > limits.threshold) min_score = std::nextafter(min_score, -INFINITY);
  return index_->search(queries.data(), count, limits.top_k, min_score);
}

void SentenceIndex::save(const std::string& directory) const {
  SIMCSE_CHECK(!vectors_.empty(), directory, ": an index opened from disk is saved where it is, not again");
  const fs::path target = fs::absolute(directory).lexically_normal();
  const bool replacing = fs::exists(target);
  SIMCSE_CHECK(!replacing || fs::is_regular_file(target / "index.json") || (fs::is_directory(target) && fs::is_empty(target)),
               directory, ": exists and is not a search index (no index.json); refusing to replace it");
  std::string staging_name = ".";  // (built by appending: g++ 12 warns falsely on "." + string)
  staging_name += target.filename().string();
  staging_name += ".partial-" + std::to_string(::getpid());
  const fs::path staging = target.parent_path() / staging_name;
  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    const int64_t dimension = model_.dimension;
    save_npy((staging / "vectors.npy").string(), vectors_, {size(), dimension});
    write_file_atomically((staging / "sentences.jsonl").string(), [&](std::ostream& out) {
      for (const std::string& sentence : sentences_)
        out << nlohmann::json(sentence).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    });
    nlohmann::json files = {{"vectors.npy", describe_file(staging / "vectors.npy")},
                            {"sentences.jsonl", describe_file(staging / "sentences.jsonl")}};
    if (kind() != IndexKind::exact) {
      index_->save((staging / "faiss.index").string());
      files["faiss.index"] = describe_file(staging / "faiss.index");
    }
    nlohmann::json record = {
        {"format", kFormat}, {"version", kVersion}, {"kind", index_kind_name(kind())},
        {"count", size()}, {"dimension", dimension},
        {"model", {{"fingerprint", model_.fingerprint}, {"dimension", model_.dimension}, {"path", model_.path},
                   {"head", model_.head}, {"pooler", model_.pooler}, {"max_length", model_.max_length}, {"normalize_to_unit", true}}},
        {"files", files}};
    if (kind() == IndexKind::faiss_ivf) record["ivf"] = {{"cells", ivf_.cells}, {"probed", ivf_.probed}};
    write_file_atomically((staging / "index.json").string(), [&](std::ostream& out) { out << record.dump(2) << '\n'; });
    for (const auto& entry : fs::directory_iterator(staging)) sync_path(entry.path().string());
    sync_path(staging.string());
    if (!replacing) {
      fs::rename(staging, target);
    } else {
      // One atomic exchange: a reader sees the old index or the new one, never a mixture.
      SIMCSE_CHECK(::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0, directory,
                   ": cannot replace the index (", std::strerror(errno), ")");
      fs::remove_all(staging);  // now the old index
    }
    sync_path(target.parent_path().string());
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
}

SentenceIndex SentenceIndex::load(const std::string& directory) {
  const fs::path dir(directory);
  SIMCSE_CHECK(fs::is_directory(dir), directory, ": no such index directory");
  const std::string json_path = (dir / "index.json").string();
  SIMCSE_CHECK(fs::is_regular_file(json_path), directory, ": not a search index (no index.json)");
  const nlohmann::json record = read_json_file(json_path, "search index");
  SentenceIndex index;
  int64_t count = 0, dimension = 0;
  IndexKind kind = IndexKind::exact;
  std::vector<ListedFile> listed;
  try {
    SIMCSE_CHECK(record.at("format") == kFormat, "\"format\" is not \"", kFormat, "\"");
    SIMCSE_CHECK(record.at("version") == kVersion, "version ", json_summary(record.at("version")),
                 " (this build reads version ", kVersion, ")");
    kind = parse_index_kind(record.at("kind").get<std::string>());
    count = record.at("count").get<int64_t>();
    dimension = record.at("dimension").get<int64_t>();
    SIMCSE_CHECK(count > 0 && dimension > 0 && dimension <= kMaxConfigDimension, "count ", count, " or dimension ",
                 dimension, " out of range");
    const nlohmann::json& model = record.at("model");
    index.model_ = IndexedModel{model.at("fingerprint").get<std::string>(), model.at("dimension").get<int64_t>(),
                                model.at("path").get<std::string>(), model.at("head").get<std::string>(),
                                model.at("pooler").get<std::string>(), model.at("max_length").get<int>()};
    SIMCSE_CHECK(index.model_.dimension == dimension, "the model's dimension ", index.model_.dimension,
                 " is not the index's ", dimension);
    if (kind == IndexKind::faiss_ivf)
      index.ivf_ = IvfSettings{record.at("ivf").at("cells").get<int64_t>(), record.at("ivf").at("probed").get<int64_t>()};
    std::vector<std::string> names = {"vectors.npy", "sentences.jsonl"};
    if (kind != IndexKind::exact) names.push_back("faiss.index");
    for (const std::string& name : names) {
      const nlohmann::json& file = record.at("files").at(name);
      listed.push_back(ListedFile{name, file.at("bytes").get<uint64_t>(), file.at("sha256").get<std::string>()});
    }
  } catch (const nlohmann::json::exception& error) {
    fail(json_path, ": ", error.what());
  } catch (const Error& error) {
    fail(json_path, ": ", error.what());
  }
  for (const ListedFile& file : listed) check_file(dir, file);

  const std::string sentences_path = (dir / "sentences.jsonl").string();
  std::ifstream sentences_file(sentences_path, std::ios::binary);
  LineReader reader(sentences_file, sentences_path);
  for (std::string line; reader.next(line);) {
    const nlohmann::json value = parse_json(line, sentences_path + " line " + std::to_string(index.sentences_.size() + 1));
    SIMCSE_CHECK(value.is_string(), sentences_path, " line ", index.sentences_.size() + 1, ": not a JSON string");
    index.sentences_.push_back(value.get<std::string>());
  }
  SIMCSE_CHECK(index.size() == count, sentences_path, ": ", index.size(), " sentences where index.json says ", count);

  if (kind == IndexKind::exact) {
    const std::string vectors_path = (dir / "vectors.npy").string();
    const NpyArray array = load_npy(vectors_path);
    SIMCSE_CHECK(array.shape == (std::vector<int64_t>{count, dimension}), vectors_path, ": shape is not [", count, ", ",
                 dimension, "] as index.json says");
    index.vectors_.assign(array.values.begin(), array.values.end());
    index.index_ = make_vector_index(kind, index.vectors_, count, dimension);
    index.vectors_.clear();  // the exact index holds its own copy; save() refuses an opened index
  } else {
    const std::string faiss_path = (dir / "faiss.index").string();
    index.index_ = load_faiss_index(faiss_path, kind);
    SIMCSE_CHECK(index.index_->size() == count && index.index_->dimension() == dimension, faiss_path, ": holds ",
                 index.index_->size(), " vectors of dimension ", index.index_->dimension(), " where index.json says ",
                 count, " of ", dimension);
  }
  return index;
}

}  // namespace simcse
