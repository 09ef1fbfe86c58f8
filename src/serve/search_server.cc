// search_server.cc — the routes, the request checks and the JSON errors, the thread pool, and the
// signal thread that stops the server.
// Paper: §7 (retrieval with sentence embeddings)
#include "serve/search_server.h"

#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "core/error.h"
#include "io/input_limits.h"
#include "io/json_file.h"
#include "search/result_json.h"
#include "serve/search_page.h"

namespace simcse {

namespace {

// A request the client got wrong: answered with its status and {"error": message}.
struct BadRequest {
  int status;
  std::string message;
};

void send_json(httplib::Response& response, int status, const nlohmann::ordered_json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

// `text` read whole by `parse` (std::stoll, std::stod), or nothing when it is not one number.
template <typename Number, typename Parse>
std::optional<Number> parse_whole(const std::string& text, Parse parse) {
  try {
    size_t used = 0;
    const Number value = parse(text, &used);
    if (!text.empty() && used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// A whole decimal integer in [low, high] from a query parameter, or `fallback` when it is absent.
int64_t integer_parameter(const httplib::Request& request, const char* name, int64_t fallback, int64_t low,
                          int64_t high) {
  if (!request.has_param(name)) return fallback;
  const std::string text = request.get_param_value(name);
  const auto value = parse_whole<int64_t>(text, [](const std::string& t, size_t* used) { return std::stoll(t, used); });
  if (!value) throw BadRequest{400, std::string(name) + " must be an integer, got \"" + quoted_input(text) + "\""};
  if (*value < low || *value > high)
    throw BadRequest{400, std::string(name) + " must be between " + std::to_string(low) + " and " +
                              std::to_string(high) + ", got " + std::to_string(*value)};
  return *value;
}

// A finite number from a query parameter, or `fallback` when it is absent.
double number_parameter(const httplib::Request& request, const char* name, double fallback) {
  if (!request.has_param(name)) return fallback;
  const std::string text = request.get_param_value(name);
  const auto value = parse_whole<double>(text, [](const std::string& t, size_t* used) { return std::stod(t, used); });
  if (!value || !std::isfinite(*value))
    throw BadRequest{400, std::string(name) + " must be a number, got \"" + quoted_input(text) + "\""};
  return *value;
}

// The refusals httplib makes itself, in words.
std::string status_text(int status) {
  switch (status) {
    case 400: return "malformed request";
    case 404: return "no such page: the API is GET /api/search, POST /api/encode, GET /api/health";
    case 405: return "method not allowed";
    case 413: return "request body too large";
    case 414: return "request URI too long";
    default: return "HTTP error " + std::to_string(status);
  }
}

void check_text(const std::string& text, const std::string& what, uint64_t max_bytes) {
  if (text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) throw BadRequest{400, what + " is empty"};
  if (text.size() > max_bytes)
    throw BadRequest{400, what + " is " + std::to_string(text.size()) + " bytes; at most " + std::to_string(max_bytes) +
                              " are accepted"};
}

// The one thread that runs the model. Requests hand it their work and wait for the answer: a
// forward pass already uses every core through OpenMP, and OpenMP gives each calling thread its
// own team, so letting the pool's threads call the model would keep a team per thread spinning.
class ModelThread {
 public:
  ModelThread() : thread_([this] { loop(); }) {}
  ~ModelThread() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  template <typename Work>
  auto run(Work work) -> decltype(work()) {
    std::packaged_task<decltype(work())()> task(std::move(work));
    auto answer = task.get_future();
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      queue_.emplace_back([&task] { task(); });
    }
    wake_.notify_one();
    return answer.get();  // rethrows what the work threw
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> next;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        next = std::move(queue_.front());
        queue_.pop_front();
      }
      next();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace

struct SearchServer::Impl {
  const SentenceIndex& index;
  const EmbeddingModel& model;
  ServeSettings settings;
  ModelThread model_thread;  // one forward pass at a time, on one thread (see the header)
  httplib::Server http;

  Impl(const SentenceIndex& index_, const EmbeddingModel& model_, const ServeSettings& settings_)
      : index(index_), model(model_), settings(settings_) {
    const int threads = settings.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    http.set_payload_max_length(settings.max_body_bytes);
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    // httplib's default also sets SO_REUSEPORT, which would let a second server share a port in use.
    http.set_socket_options([](socket_t socket) {
      int yes = 1;
      ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.Get("/", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(search_page_html(), "text/html; charset=utf-8");
    });
    http.Get("/api/health", [this](const httplib::Request&, httplib::Response& response) {
      send_json(response, 200,
                {{"status", "ok"}, {"sentences", index.size()}, {"dimension", index.model().dimension},
                 {"kind", index_kind_name(index.kind())}, {"model", index.model().head}});
    });
    http.Get("/api/search", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] { return search(request); });
    });
    http.Post("/api/encode", [this](const httplib::Request& request, httplib::Response& response) {
      answer(response, [&] { return encode(request); });
    });
    // Whatever httplib itself refuses (413, 414, 404, a bad request line) also answers JSON.
    http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
      if (!response.body.empty()) return;
      send_json(response, response.status, {{"error", status_text(response.status)}});
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
      std::string message = "internal error";
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& caught) {
        message = caught.what();
      } catch (...) {
      }
      send_json(response, 500, {{"error", message}});
    });
  }

  template <typename Work>
  void answer(httplib::Response& response, const Work& work) {
    try {
      send_json(response, 200, work());
    } catch (const BadRequest& bad) {
      send_json(response, bad.status, {{"error", bad.message}});
    }
  }

  nlohmann::ordered_json search(const httplib::Request& request) {
    if (!request.has_param("q")) throw BadRequest{400, "missing the query: /api/search?q=TEXT"};
    const std::string query = request.get_param_value("q");
    check_text(query, "the query", settings.max_query_bytes);
    const SearchLimits limits{number_parameter(request, "threshold", 0.6),
                              integer_parameter(request, "top_k", 5, 1, settings.max_top_k)};
    const auto started = std::chrono::steady_clock::now();
    const auto hits = model_thread.run([&] { return index.search(model, {query}, limits); });
    const double took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    nlohmann::ordered_json body = results_json(index, query, hits[0]);
    body["took_ms"] = std::round(took_ms * 1000) / 1000;
    return body;
  }

  nlohmann::ordered_json encode(const httplib::Request& request) {
    nlohmann::json body;
    try {
      body = parse_json(request.body, "the request body");
    } catch (const Error& error) {
      throw BadRequest{400, error.what()};
    }
    if (!body.is_object() || !body.contains("sentences") || !body["sentences"].is_array())
      throw BadRequest{400, "the body must be a JSON object {\"sentences\": [\"...\", ...]}"};
    const nlohmann::json& list = body["sentences"];
    if (list.empty() || static_cast<int64_t>(list.size()) > settings.max_sentences)
      throw BadRequest{400, "\"sentences\" must hold 1 to " + std::to_string(settings.max_sentences) + " strings, got " +
                                std::to_string(list.size())};
    std::vector<std::string> sentences;
    for (const nlohmann::json& item : list) {
      if (!item.is_string()) throw BadRequest{400, "\"sentences\" holds a " + std::string(item.type_name()) + ", not a string"};
      sentences.push_back(item.get<std::string>());
      check_text(sentences.back(), "sentence " + std::to_string(sentences.size()), settings.max_query_bytes);
    }
    bool normalize = true;
    if (body.contains("normalize")) {
      if (!body["normalize"].is_boolean()) throw BadRequest{400, "\"normalize\" must be true or false"};
      normalize = body["normalize"].get<bool>();
    }
    const SentenceVectors vectors =
        model_thread.run([&] { return model.encode(sentences, 64, index.model().max_length, normalize); });
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (int64_t r = 0; r < vectors.rows; ++r)
      rows.push_back(std::vector<float>(vectors.values.begin() + r * vectors.cols,
                                        vectors.values.begin() + (r + 1) * vectors.cols));
    return {{"dimension", vectors.cols}, {"vectors", std::move(rows)}};
  }
};

SearchServer::SearchServer(const SentenceIndex& index, const EmbeddingModel& model, const ServeSettings& settings)
    : impl_(std::make_unique<Impl>(index, model, settings)) {
  SIMCSE_CHECK(settings.threads > 0, "serve: --threads must be positive, got ", settings.threads);
}

SearchServer::~SearchServer() = default;

int SearchServer::bind() {
  const ServeSettings& settings = impl_->settings;
  const std::string address = settings.host + ":" + std::to_string(settings.port);
  if (settings.port == 0) {
    const int port = impl_->http.bind_to_any_port(settings.host);
    SIMCSE_CHECK(port > 0, "serve: cannot bind ", settings.host, " on any port");
    return port;
  }
  SIMCSE_CHECK(impl_->http.bind_to_port(settings.host, settings.port), "serve: cannot listen on ", address,
               " (the port is in use, or the address is not this machine's)");
  return settings.port;
}

void SearchServer::run() { impl_->http.listen_after_bind(); }

void SearchServer::stop() { impl_->http.stop(); }

void serve_until_signal(SearchServer& server, const std::function<void(int port)>& on_listening) {
  // The handler only records the signal (all a handler may safely do: it runs on whichever thread
  // the kernel picks, OpenBLAS's and OpenMP's included); a watcher thread sees it and stops the
  // server, whose listen loop then returns after the requests in flight are answered.
  static std::atomic<int> received{0};
  received = 0;
  struct sigaction action {};
  action.sa_handler = [](int signal) { received = signal; };
  sigemptyset(&action.sa_mask);
  struct sigaction previous_int {}, previous_term {};
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
  const int port = server.bind();
  std::atomic<bool> finished{false};
  std::thread watcher([&] {
    while (!finished && received == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (received != 0) server.stop();
  });
  on_listening(port);
  server.run();
  finished = true;
  watcher.join();
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

}  // namespace simcse
