// sts_data.cc — loaders for STS12-16, STS Benchmark and SICK-R, following SentEval's sts.py.
// Paper: §6.1 Evaluation setup
#include "eval/sts_data.h"

#include <algorithm>
#include <map>

#include "core/error.h"
#include "eval/senteval_text.h"

namespace simcse {

namespace {

// The SemEval subsets of each year, in SentEval's order (STS13 without SMT, as in SentEval).
const std::map<std::string, std::vector<std::string>>& sts_year_subsets() {
  static const std::map<std::string, std::vector<std::string>> subsets = {
      {"STS12", {"MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"}},
      {"STS13", {"FNWN", "headlines", "OnWN"}},
      {"STS14", {"deft-forum", "deft-news", "headlines", "images", "OnWN", "tweet-news"}},
      {"STS15", {"answers-forums", "answers-students", "belief", "headlines", "images"}},
      {"STS16", {"answer-answer", "headlines", "plagiarism", "postediting", "question-question"}},
  };
  return subsets;
}

// STS.input.<subset>.txt holds "sentence1 \t sentence2" per line, STS.gs.<subset>.txt the gold
// score on the same line, or nothing when the pair was not scored (STS15/16): such pairs are dropped.
StsDataset load_semeval_subset(const std::string& task, const std::string& dir, const std::string& subset) {
  const std::string input_path = dir + "/STS.input." + subset + ".txt";
  const std::string gold_path = dir + "/STS.gs." + subset + ".txt";
  const std::vector<std::string> inputs = python_splitlines(read_text_file(task, input_path, TextEncoding::utf8));
  const std::vector<std::string> golds = python_splitlines(read_text_file(task, gold_path, TextEncoding::utf8));
  if (inputs.size() != golds.size())
    fail(task, ": ", input_path, " has ", inputs.size(), " lines but ", gold_path, " has ", golds.size());
  StsDataset dataset{subset, {}};
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::vector<std::string> sentences = split_on(inputs[i], '\t');
    if (sentences.size() != 2)
      fail_at_line(task, input_path, i + 1, "expected 2 tab-separated sentences, found ", sentences.size(), " fields");
    if (golds[i].empty()) continue;  // an unscored pair
    double gold;
    if (!parse_python_float(golds[i], gold)) fail_at_line(task, gold_path, i + 1, "gold score '", golds[i], "' is not a number");
    dataset.pairs.push_back({rejoin_words(sentences[0]), rejoin_words(sentences[1]), gold});
  }
  return dataset;
}

// One pair per line of a tab-separated file (STS-B's csv, SICK's txt): SentEval strips the line,
// splits it at tabs and reads the score and both sentences from fixed columns.
struct Columns {
  size_t score, sentence_a, sentence_b;
  bool header;  // SICK's first line names the columns
};

StsDataset load_tab_separated(const std::string& task, const std::string& path, const std::string& name,
                              const Columns& columns) {
  const std::vector<std::string> lines = python_file_lines(read_text_file(task, path, TextEncoding::utf8));
  const size_t needed = std::max({columns.score, columns.sentence_a, columns.sentence_b}) + 1;
  StsDataset dataset{name, {}};
  for (size_t i = columns.header ? 1 : 0; i < lines.size(); ++i) {
    const std::vector<std::string> fields = split_on(python_strip(lines[i]), '\t');
    if (fields.size() < needed)
      fail_at_line(task, path, i + 1, "expected at least ", needed, " tab-separated fields, found ", fields.size());
    double gold;
    if (!parse_python_float(fields[columns.score], gold))
      fail_at_line(task, path, i + 1, "score '", fields[columns.score], "' is not a number");
    dataset.pairs.push_back({rejoin_words(fields[columns.sentence_a]), rejoin_words(fields[columns.sentence_b]), gold});
  }
  return dataset;
}

}  // namespace

const char* split_name(Split split) {
  switch (split) {
    case Split::train: return "train";
    case Split::dev: return "dev";
    case Split::test: return "test";
  }
  return "?";
}

const std::vector<std::string>& sts_task_names() {
  static const std::vector<std::string> names = {"STS12", "STS13", "STS14", "STS15", "STS16", "STSBenchmark",
                                                 "SICKRelatedness"};
  return names;
}

bool is_sts_task(const std::string& name) {
  for (const std::string& known : sts_task_names())
    if (known == name) return true;
  return false;
}

StsTask load_sts_task(const std::string& task, const std::string& senteval_dir, Split split) {
  const std::string downstream = senteval_dir + "/downstream";
  StsTask loaded{task, {}};
  if (auto year = sts_year_subsets().find(task); year != sts_year_subsets().end()) {
    const std::string dir = downstream + "/STS/" + task + "-en-test";
    require_task_directory(task, dir);
    for (const std::string& subset : year->second) loaded.datasets.push_back(load_semeval_subset(task, dir, subset));
  } else if (task == "STSBenchmark") {
    const std::string dir = downstream + "/STS/STSBenchmark";
    require_task_directory(task, dir);
    loaded.datasets.push_back(load_tab_separated(task, dir + "/sts-" + split_name(split) + ".csv", split_name(split),
                                                 Columns{4, 5, 6, false}));
  } else if (task == "SICKRelatedness") {
    const std::string dir = downstream + "/SICK";
    require_task_directory(task, dir);
    const char* file = split == Split::train ? "SICK_train.txt" : split == Split::dev ? "SICK_trial.txt"
                                                                                      : "SICK_test_annotated.txt";
    loaded.datasets.push_back(load_tab_separated(task, dir + "/" + file, split_name(split), Columns{3, 1, 2, true}));
  } else {
    fail("unknown STS task '", task, "' (known: STS12, STS13, STS14, STS15, STS16, STSBenchmark, SICKRelatedness)");
  }
  return loaded;
}

}  // namespace simcse
