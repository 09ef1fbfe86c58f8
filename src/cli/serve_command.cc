// serve_command.cc — `simcse serve`: a saved index and its model behind the retrieval page and the
// JSON API (serve/search_server.h), on loopback unless --host says otherwise, until SIGINT/SIGTERM.
// Paper: §7 (retrieval with sentence embeddings)
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "serve/search_server.h"

//   simcse serve --index DIR [--model DIR] [--host 127.0.0.1] [--port 8080] [--threads_http 8]
// --port 0 takes any free port; the line "simcse serve: listening on http://HOST:PORT/" says which.

namespace simcse::cli {
namespace {

struct ServeOptions {
  std::string index_dir, model_dir, device = "cpu";
  int threads = 0;
  ServeSettings settings;
};

void run_serve(ServeOptions& options) {
  const IndexAndModel opened = open_index_and_model(options.index_dir, options.model_dir, options.device, options.threads);
  SearchServer server(opened.index, *opened.model, options.settings);
  serve_until_signal(server, [&](int port) {
    std::cerr << "simcse serve: listening on http://" << options.settings.host << ":" << port << "/ ("
              << opened.index.size() << " sentences, " << index_kind_name(opened.index.kind()) << " index, "
              << opened.model->head().describe() << ")" << std::endl;
  });
  std::cerr << "simcse serve: stopped" << std::endl;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto* command = app.add_subcommand("serve", "Serve a saved index: a search page at / and a JSON API under /api/");
  auto options = std::make_shared<ServeOptions>();
  command->add_option("--index", options->index_dir, "the index directory (simcse index build)")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--model", options->model_dir, "the model (default: the index's; another must be the same model)")
      ->check(CLI::ExistingDirectory);
  command->add_option("--host", options->settings.host, "address to listen on (default 127.0.0.1: this machine only)");
  command->add_option("--port", options->settings.port, "TCP port (default 8080; 0 = any free port)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--http_threads", options->settings.threads, "threads serving connections (default 8)")
      ->check(CLI::Range(1, 256));
  command->add_option("--max_top_k", options->settings.max_top_k, "largest top_k a request may ask (default 100)")
      ->check(kPositive);
  add_device_option(command, options->device);
  add_threads_option(command, options->threads);
  command->callback([options] { run_serve(*options); });
}

}  // namespace simcse::cli
