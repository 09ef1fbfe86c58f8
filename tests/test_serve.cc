// test_serve.cc — `simcse serve` from outside, with a model trained on tiny_data and an index of
// tiny_data's corpus: headless Chromium renders the page for a query in its URL and shows exactly
// `simcse search`'s results; the JSON API refuses malformed and oversized requests with 400/413/404
// and a JSON error, and keeps serving; a bounded load run (1,000 requests over 8 connections)
// checks every answer and prints requests/s and p50/p99; a port in use is an error; SIGINT and
// SIGTERM stop the server cleanly (exit status 0).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "file_helpers.h"
#include "support/test_support.h"

namespace simcse {
namespace {

using Clock = std::chrono::steady_clock;

// A `simcse serve` child process, its standard error in a file; killed if the test forgets to stop it.
class Server {
 public:
  Server(const std::vector<std::string>& arguments, const std::string& log) : log_(log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen(log.c_str(), "w", stderr);
      std::freopen("/dev/null", "w", stdout);
      std::vector<std::string> args = {testing::simcse_binary(), "serve"};
      args.insert(args.end(), arguments.begin(), arguments.end());
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~Server() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // The port from "listening on http://127.0.0.1:PORT/", or 0 if the process ended or 30 s passed.
  int port() {
    const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)/");
    for (const auto deadline = Clock::now() + std::chrono::seconds(30); Clock::now() < deadline;) {
      std::smatch match;
      const std::string text = log();
      if (std::regex_search(text, match, listening)) return std::stoi(match[1]);
      if (finished(0)) return 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return 0;
  }
  std::string log() const {
    std::ifstream file(log_);
    return std::string(std::istreambuf_iterator<char>(file), {});
  }
  // Whether it has exited within `wait_ms`; its exit status (-1: killed by a signal) in status().
  bool finished(int wait_ms) {
    for (const auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);;) {
      int status = 0;
      if (!exited_ && ::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      if (exited_ || Clock::now() >= deadline) return exited_;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  void signal(int number) const { ::kill(pid_, number); }
  int status() const { return status_; }

 private:
  std::string log_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = -2;
};

std::string url_encode(const std::string& text) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string html_unescape(std::string text) {
  for (const auto& [entity, character] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\xC2\xA0"}, {"&amp;", "&"}}) {
    for (size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + character.size()))
      text.replace(at, entity.size(), character);
  }
  return text;
}

const std::vector<std::string> kQueries = {"a man is playing a guitar .", "the dog runs in the snow",
                                           "a woman is slicing an onion", "two men are playing chess",
                                           "a child is riding a bike", "people are dancing on a stage",
                                           "a cat sits on a mat", "the boy jumps into the pool"};

class Serve : public ::testing::Test {
 protected:
  // One tiny model (1 layer, 16 wide, a few steps of unsupervised SimCSE on tiny_data) and one
  // index of tiny_data's whole corpus, shared by the tests.
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const std::string root = testing::repo_root();
    nlohmann::json config = nlohmann::json::parse(std::ifstream(root + "/tiny_data/bert_config.json"));
    config["hidden_size"] = 16, config["num_hidden_layers"] = 1, config["num_attention_heads"] = 2;
    config["intermediate_size"] = 24;
    std::ofstream(*dir_ / "config.json") << config.dump();
    std::ifstream corpus(root + "/tiny_data/corpus.txt");
    std::ofstream train(*dir_ / "train.txt");
    std::string line;
    for (int i = 0; i < 256 && std::getline(corpus, line); ++i) train << line << "\n";
    train.close();
    testing::RunResult result = testing::run_simcse(
        "train --config_name " + (*dir_ / "config.json") + " --tokenizer_name " + root + "/tiny_data/vocab.txt" +
            " --train_file " + (*dir_ / "train.txt") + " --output_dir " + (*dir_ / "model") +
            " --num_train_epochs 1 --per_device_train_batch_size 64 --learning_rate 1e-3 --pooler_type avg"
            " --save_steps 0 --seed 42",
        dir_->path());
    ASSERT_EQ(result.exit_status, 0) << result.err;
    result = testing::run_simcse("index build --model " + (*dir_ / "model") + " --input " + root + "/tiny_data/corpus.txt" +
                                     " --output " + (*dir_ / "index"),
                                 dir_->path());
    ASSERT_EQ(result.exit_status, 0) << result.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string index() { return *dir_ / "index"; }
  // `simcse search`'s JSON for one query.
  static nlohmann::json cli_search(const std::string& query, int top_k, double threshold) {
    std::ofstream(*dir_ / "query.txt") << query << "\n";
    const testing::RunResult result =
        testing::run_simcse("search --index " + index() + " --input " + (*dir_ / "query.txt") + " --top_k " +
                                std::to_string(top_k) + " --threshold " + std::to_string(threshold),
                            dir_->path());
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return nlohmann::json::parse(result.out);
  }
  static testing::TempDir* dir_;
};
testing::TempDir* Serve::dir_ = nullptr;

TEST_F(Serve, HeadlessChromiumShowsWhatSimcseSearchFinds) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0) {
    if (std::getenv("CI")) FAIL() << "chromium is not installed (make deps installs it)";
    GTEST_SKIP() << "chromium is not installed (make deps installs it)";
  }
  Server server({"--index", index(), "--port", "0"}, *dir_ / "browser.log");
  const int port = server.port();
  ASSERT_GT(port, 0) << server.log();
  for (const auto& [query, top_k, threshold] : std::vector<std::tuple<std::string, int, double>>{
           {kQueries[0], 5, 0.3}, {"a <b>bold</b> & \"quoted\" query", 8, -1.0}, {kQueries[3], 3, 0.9}}) {
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/?q=" + url_encode(query) +
                            "&top_k=" + std::to_string(top_k) + "&threshold=" + std::to_string(threshold);
    // --virtual-time-budget lets the page's fetches finish before the DOM is written out.
    const std::string dom_path = *dir_ / "dom.html";
    const std::string command = "timeout 60 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 "
                                "--dump-dom '" + url + "' > " + dom_path + " 2> " + (*dir_ / "chromium.log");
    ASSERT_EQ(std::system(command.c_str()), 0) << testing::read_bytes(*dir_ / "chromium.log");
    const std::string dom = testing::read_bytes(dom_path);
    ASSERT_NE(dom.find("<body data-state=\"done\">"), std::string::npos) << dom;
    const std::regex hit_pattern("<li class=\"hit\" data-id=\"([0-9]+)\" data-score=\"([-0-9.e]+)\">"
                                 "<div class=\"row\"><span class=\"sentence\">([^<]*)</span>");
    std::vector<std::tuple<int64_t, double, std::string>> shown;
    for (std::sregex_iterator it(dom.begin(), dom.end(), hit_pattern), end; it != end; ++it)
      shown.emplace_back(std::stoll((*it)[1]), std::stod((*it)[2]), html_unescape((*it)[3]));
    const nlohmann::json expected = cli_search(query, top_k, threshold);
    ASSERT_EQ(shown.size(), expected["results"].size()) << query << "\n" << dom;
    for (size_t j = 0; j < shown.size(); ++j) {
      EXPECT_EQ(std::get<0>(shown[j]), expected["results"][j]["id"].get<int64_t>()) << query;
      EXPECT_EQ(std::get<1>(shown[j]), expected["results"][j]["score"].get<double>()) << query;
      EXPECT_EQ(std::get<2>(shown[j]), expected["results"][j]["sentence"].get<std::string>()) << query;
    }
    if (threshold < 0) {
      EXPECT_EQ(shown.size(), static_cast<size_t>(top_k));
    }
  }
  server.signal(SIGTERM);
  ASSERT_TRUE(server.finished(10000)) << server.log();
  EXPECT_EQ(server.status(), 0) << server.log();
  EXPECT_NE(server.log().find("simcse serve: stopped"), std::string::npos) << server.log();
}

TEST_F(Serve, MalformedAndOversizedRequestsGetJsonErrorsAndTheServerLivesOn) {
  Server server({"--index", index(), "--port", "0"}, *dir_ / "errors.log");
  const int port = server.port();
  ASSERT_GT(port, 0) << server.log();
  httplib::Client client("127.0.0.1", port);
  auto expect_refused = [&](const httplib::Result& result, int status, const std::string& fragment) {
    ASSERT_TRUE(result) << "no answer: " << httplib::to_string(result.error());
    EXPECT_EQ(result->status, status) << result->body;
    const nlohmann::json body = nlohmann::json::parse(result->body);
    EXPECT_NE(body["error"].get<std::string>().find(fragment), std::string::npos) << result->body;
  };
  expect_refused(client.Get("/api/search"), 400, "missing the query");
  expect_refused(client.Get("/api/search?q="), 400, "the query is empty");
  expect_refused(client.Get("/api/search?q=%20%20"), 400, "the query is empty");
  expect_refused(client.Get("/api/search?q=" + std::string(2001, 'a')), 400, "2001 bytes; at most 2000");
  expect_refused(client.Get("/api/search?q=dog&top_k=101"), 400, "top_k must be between 1 and 100");
  expect_refused(client.Get("/api/search?q=dog&top_k=0"), 400, "top_k must be between 1 and 100");
  expect_refused(client.Get("/api/search?q=dog&top_k=5x"), 400, "top_k must be an integer");
  expect_refused(client.Get("/api/search?q=dog&threshold=high"), 400, "threshold must be a number");
  expect_refused(client.Get("/api/search?q=dog&threshold=nan"), 400, "threshold must be a number");
  expect_refused(client.Get("/nowhere"), 404, "no such page");
  expect_refused(client.Post("/api/encode", "not json", "application/json"), 400, "not valid JSON");
  expect_refused(client.Post("/api/encode", "{\"sentences\": \"a dog\"}", "application/json"), 400, "must be a JSON object");
  expect_refused(client.Post("/api/encode", "{\"sentences\": []}", "application/json"), 400, "1 to 256 strings, got 0");
  expect_refused(client.Post("/api/encode", "{\"sentences\": [\"a\", 3]}", "application/json"), 400, "holds a number");
  expect_refused(client.Post("/api/encode", std::string(2 << 20, ' '), "application/json"), 413, "too large");
  expect_refused(client.Get("/api/search?q=" + std::string(9000, 'a')), 414, "URI too long");
  // Still serving, and the encode endpoint gives unit vectors of the index's width.
  const auto health = client.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(nlohmann::json::parse(health->body)["sentences"], 3000);
  const auto encoded = client.Post("/api/encode", "{\"sentences\": [\"a dog\", \"a cat\"]}", "application/json");
  ASSERT_TRUE(encoded);
  ASSERT_EQ(encoded->status, 200) << encoded->body;
  const nlohmann::json vectors = nlohmann::json::parse(encoded->body);
  EXPECT_EQ(vectors["dimension"], 16);
  ASSERT_EQ(vectors["vectors"].size(), 2u);
  double squares = 0;
  for (double v : vectors["vectors"][0]) squares += v * v;
  EXPECT_NEAR(squares, 1.0, 1e-5);
  // The page itself.
  const auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("<ol id=\"results\">"), std::string::npos);
  server.signal(SIGINT);
  ASSERT_TRUE(server.finished(10000)) << server.log();
  EXPECT_EQ(server.status(), 0) << server.log();
}

TEST_F(Serve, LoadRunOfAThousandRequestsOverEightConnectionsAnswersEveryOneRight) {
  Server server({"--index", index(), "--port", "0"}, *dir_ / "load.log");
  const int port = server.port();
  ASSERT_GT(port, 0) << server.log();
  // The expected answer of each query, from `simcse search` (results only; took_ms varies).
  std::vector<nlohmann::json> expected;
  for (const std::string& query : kQueries) expected.push_back(cli_search(query, 5, 0.0)["results"]);
  constexpr int kConnections = 8, kRequests = 1000;
  std::vector<std::vector<double>> latencies(kConnections);
  std::vector<int> wrong(kConnections, 0);
  const auto started = Clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < kConnections; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      for (int r = c; r < kRequests; r += kConnections) {
        const size_t q = static_cast<size_t>(r) % kQueries.size();
        const auto sent = Clock::now();
        const auto result = client.Get("/api/search?q=" + url_encode(kQueries[q]) + "&top_k=5&threshold=0");
        latencies[c].push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (!result || result->status != 200 || nlohmann::json::parse(result->body)["results"] != expected[q]) ++wrong[c];
      }
    });
  }
  for (std::thread& client : clients) client.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::vector<double> all;
  for (const auto& some : latencies) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kRequests));
  int total_wrong = 0;
  for (int count : wrong) total_wrong += count;
  EXPECT_EQ(total_wrong, 0) << "every answer must equal simcse search's";
  std::printf("load run: %d requests over %d connections in %.2f s: %.0f requests/s, p50 %.2f ms, p99 %.2f ms\n",
              kRequests, kConnections, seconds, kRequests / seconds, all[all.size() / 2], all[all.size() * 99 / 100]);
  server.signal(SIGTERM);
  ASSERT_TRUE(server.finished(10000)) << server.log();
  EXPECT_EQ(server.status(), 0) << server.log();
}

TEST_F(Serve, APortInUseIsAnErrorNamingIt) {
  Server first({"--index", index(), "--port", "0"}, *dir_ / "first.log");
  const int port = first.port();
  ASSERT_GT(port, 0) << first.log();
  Server second({"--index", index(), "--port", std::to_string(port)}, *dir_ / "second.log");
  ASSERT_TRUE(second.finished(30000)) << "the second server must give up, not wait";
  EXPECT_EQ(second.status(), 1);
  EXPECT_NE(second.log().find("cannot listen on 127.0.0.1:" + std::to_string(port) + " (the port is in use"),
            std::string::npos)
      << second.log();
  first.signal(SIGTERM);
  ASSERT_TRUE(first.finished(10000));
  EXPECT_EQ(first.status(), 0);
}

}  // namespace
}  // namespace simcse
