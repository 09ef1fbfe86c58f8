// test_search_cli.cc — `simcse index build` and `simcse search` as a user runs them: JSON lines
// whose results are the library's, the model taken from index.json or checked when given, --faiss,
// and the refusals: an empty corpus or query, a corrupt or truncated index, another model (both
// fingerprints named), a directory that is not an index.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "file_helpers.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using testing::TempDir;

class SearchCli : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = testing::repo_root() + "/tests/fixtures/encoder/one_layer_relu";
    testing::write_bytes(dir_ / "corpus.txt", "a man is playing guitar\na dog is running in the park\n"
                                              "a woman is riding a horse\nthe man plays the guitar\ntwo dogs run\n");
    testing::write_bytes(dir_ / "queries.txt", "a man plays guitar\ndogs\n");
  }
  testing::RunResult run(const std::string& arguments) { return testing::run_simcse(arguments, dir_.path()); }
  testing::RunResult build(const std::string& extra = "") {
    return run("index build --model " + model_ + " --pooler avg --input " + (dir_ / "corpus.txt") + " --output " +
               (dir_ / "index") + " " + extra);
  }
  std::vector<nlohmann::json> lines(const std::string& out) {
    std::vector<nlohmann::json> parsed;
    std::istringstream stream(out);
    for (std::string line; std::getline(stream, line);) parsed.push_back(nlohmann::json::parse(line));
    return parsed;
  }
  std::string model_;
  TempDir dir_;
};

TEST_F(SearchCli, JsonLinesPerQueryFromEveryKindOfIndex) {
  std::string exact_output;
  for (const std::string faiss : {"", "--faiss flat", "--faiss ivf"}) {
    testing::RunResult result = build(faiss);
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_NE(result.err.find("5 sentences (avg, dimension 8)"), std::string::npos) << result.err;
    result = run("search --index " + (dir_ / "index") + " --input " + (dir_ / "queries.txt") + " --top_k 3 --threshold 0");
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const auto parsed = lines(result.out);
    ASSERT_EQ(parsed.size(), 2u);
    EXPECT_EQ(parsed[0]["query"], "a man plays guitar");
    ASSERT_EQ(parsed[0]["results"].size(), 3u);
    EXPECT_EQ(parsed[0]["results"][0]["sentence"], "the man plays the guitar");
    EXPECT_EQ(parsed[0]["results"][0]["id"], 3);
    // Five rows: IVF has five cells and probes them all, so every kind answers the same.
    if (exact_output.empty()) exact_output = result.out;
    EXPECT_EQ(result.out, exact_output) << faiss;
  }
  // --query, repeated, gives the same lines as --input; the model named explicitly is accepted.
  const testing::RunResult by_flag =
      run("search --index " + (dir_ / "index") + " --model " + model_ + " --query 'a man plays guitar' --query dogs --top_k 3 --threshold 0");
  ASSERT_EQ(by_flag.exit_status, 0) << by_flag.err;
  EXPECT_EQ(by_flag.out, exact_output);
  // The tool's default threshold 0.6 and top_k 5.
  const auto defaults = lines(run("search --index " + (dir_ / "index") + " --query dogs").out);
  ASSERT_EQ(defaults.size(), 1u);
  EXPECT_LE(defaults[0]["results"].size(), 5u);
  for (const auto& hit : defaults[0]["results"]) EXPECT_GE(hit["score"].get<double>(), 0.6);
}

TEST_F(SearchCli, EmptyCorpusAndEmptyQueriesAreRefused) {
  testing::write_bytes(dir_ / "empty.txt", "");
  testing::RunResult result = run("index build --model " + model_ + " --pooler avg --input " + (dir_ / "empty.txt") +
                                  " --output " + (dir_ / "index"));
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("empty.txt: no sentences"), std::string::npos) << result.err;
  testing::write_bytes(dir_ / "blank.txt", "one\n\nthree\n");
  result = run("index build --model " + model_ + " --pooler avg --input " + (dir_ / "blank.txt") + " --output " + (dir_ / "index"));
  EXPECT_NE(result.err.find("the corpus: sentence 2 is empty"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "index")) << "nothing written";
  ASSERT_EQ(build().exit_status, 0);
  result = run("search --index " + (dir_ / "index") + " --query ''");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("--query: sentence 1 is empty"), std::string::npos) << result.err;
  result = run("search --index " + (dir_ / "index"));
  EXPECT_NE(result.err.find("give either --query or --input"), std::string::npos) << result.err;
  result = run("search --index " + (dir_ / "index") + " --query x --top_k 0");
  EXPECT_NE(result.exit_status, 0);
  EXPECT_NE(result.err.find("--top_k"), std::string::npos) << result.err;
}

TEST_F(SearchCli, CorruptTruncatedAndMismatchedIndexesAreNamed) {
  ASSERT_EQ(build("--faiss ivf").exit_status, 0);
  const std::string vectors = testing::read_bytes(dir_ / "index/vectors.npy");
  testing::write_bytes(dir_ / "index/vectors.npy", vectors.substr(0, 100));
  testing::RunResult result = run("search --index " + (dir_ / "index") + " --query dogs");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("vectors.npy: 100 bytes where index.json says"), std::string::npos) << result.err;
  testing::write_bytes(dir_ / "index/vectors.npy", vectors);
  testing::write_bytes(dir_ / "index/index.json", "{\"format\": \"simcse-index\", ");
  result = run("search --index " + (dir_ / "index") + " --query dogs");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("index.json"), std::string::npos) << result.err;
  // The same model with one weight changed in its last bits is another model.
  ASSERT_EQ(build().exit_status, 0);
  const nlohmann::json record = nlohmann::json::parse(testing::read_bytes(dir_ / "index/index.json"));
  testing::copy_directory(model_, dir_ / "other");
  std::string weights = testing::read_bytes(dir_ / "other/model.safetensors");
  weights[weights.size() - 4] ^= 1;  // the lowest mantissa bit of the last float32
  testing::write_bytes(dir_ / "other/model.safetensors", weights);
  result = run("search --index " + (dir_ / "index") + " --model " + (dir_ / "other") + " --query dogs");
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find(record["model"]["fingerprint"].get<std::string>()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("dimension 8"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(dir_ / "other"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(record["model"]["fingerprint"].get<std::string>()),
            result.err.rfind(record["model"]["fingerprint"].get<std::string>()))
      << "the other fingerprint differs: " << result.err;
}

TEST_F(SearchCli, AnOutputThatIsNotAnIndexIsNeverReplaced) {
  std::filesystem::create_directories(dir_ / "notes");
  testing::write_bytes(dir_ / "notes/todo.txt", "keep");
  const testing::RunResult result = run("index build --model " + model_ + " --pooler avg --input " + (dir_ / "corpus.txt") +
                                        " --output " + (dir_ / "notes"));
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("is not a search index"), std::string::npos) << result.err;
  EXPECT_EQ(testing::read_bytes(dir_ / "notes/todo.txt"), "keep");
}

}  // namespace
}  // namespace simcse
