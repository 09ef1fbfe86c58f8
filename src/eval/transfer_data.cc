// transfer_data.cc — readers for MR, CR, SUBJ, MPQA, SST2, TREC and MRPC (SentEval's binary.py,
// sst.py, trec.py, mrpc.py), with SentEval's length sort.
// Paper: Appendix E (Transfer tasks)
#include "eval/transfer_data.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/error.h"
#include "eval/senteval_text.h"

namespace simcse {

namespace {

size_t word_count(const std::string& rejoined) {
  return rejoined.empty() ? 0 : std::count(rejoined.begin(), rejoined.end(), ' ') + 1;
}

// The stable sort SentEval applies before embedding: by the key, ties in original order.
template <typename Key>
std::vector<size_t> sorted_order(size_t count, Key key) {
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  return order;
}

// Sorted by (length, label).
LabelledSentences sorted_by_length(const LabelledSentences& data) {
  const auto order = sorted_order(data.labels.size(), [&](size_t i) {
    return std::make_pair(word_count(data.sentences[i]), data.labels[i]);
  });
  LabelledSentences sorted;
  for (size_t i : order) {
    sorted.sentences.push_back(data.sentences[i]);
    sorted.labels.push_back(data.labels[i]);
  }
  return sorted;
}

int32_t parse_label(const std::string& task, const std::string& path, size_t line, const std::string& text) {
  long label;
  if (!parse_python_int(text, label)) fail_at_line(task, path, line, "label '", text, "' is not an integer");
  return static_cast<int32_t>(label);
}

}  // namespace

const std::vector<std::string>& transfer_task_names() {
  static const std::vector<std::string> names = {"MR", "CR", "MPQA", "SUBJ", "SST2", "TREC", "MRPC"};
  return names;
}

bool is_transfer_task(const std::string& name) {
  const auto& names = transfer_task_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

LabelledSentences load_binary_task(const std::string& task, const std::string& senteval_dir) {
  // (file labelled 1, file labelled 0); SUBJ's "objective" file is the one labelled 1, as in SentEval.
  static const std::map<std::string, std::pair<std::string, std::string>> files = {
      {"MR", {"rt-polarity.pos", "rt-polarity.neg"}},
      {"CR", {"custrev.pos", "custrev.neg"}},
      {"SUBJ", {"subj.objective", "subj.subjective"}},
      {"MPQA", {"mpqa.pos", "mpqa.neg"}},
  };
  const auto found = files.find(task);
  if (found == files.end()) fail("unknown binary classification task '", task, "' (known: MR, CR, SUBJ, MPQA)");
  const std::string dir = senteval_dir + "/downstream/" + task;
  require_task_directory(task, dir);
  LabelledSentences data;
  for (const auto& [file, label] : {std::make_pair(found->second.first, 1), std::make_pair(found->second.second, 0)}) {
    for (const std::string& line : python_splitlines(read_text_file(task, dir + "/" + file, TextEncoding::latin1))) {
      data.sentences.push_back(rejoin_words(line));
      data.labels.push_back(label);
    }
  }
  return sorted_by_length(data);
}

SstData load_sst2(const std::string& senteval_dir) {
  const std::string task = "SST2", dir = senteval_dir + "/downstream/SST/binary";
  require_task_directory(task, dir);
  const auto load = [&](const std::string& name) {
    const std::string path = dir + "/" + name;
    const std::vector<std::string> lines = python_file_lines(read_text_file(task, path, TextEncoding::utf8));
    LabelledSentences data;
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::vector<std::string> fields = split_on(python_strip(lines[i]), '\t');
      if (fields.size() < 2) fail_at_line(task, path, i + 1, "expected 'sentence \\t label', found ", fields.size(), " field");
      data.sentences.push_back(rejoin_words(fields[0]));
      data.labels.push_back(parse_label(task, path, i + 1, fields[1]));
      if (data.labels.back() != 0 && data.labels.back() != 1)
        fail_at_line(task, path, i + 1, "SST2 label must be 0 or 1, found ", data.labels.back());
    }
    return sorted_by_length(data);
  };
  return {load("sentiment-train"), load("sentiment-dev"), load("sentiment-test")};
}

TrecData load_trec(const std::string& senteval_dir) {
  const std::string task = "TREC", dir = senteval_dir + "/downstream/TREC";
  require_task_directory(task, dir);
  static const std::map<std::string, int32_t> coarse_classes = {{"ABBR", 0}, {"DESC", 1}, {"ENTY", 2},
                                                                {"HUM", 3},  {"LOC", 4},  {"NUM", 5}};
  const auto load = [&](const std::string& name) {
    const std::string path = dir + "/" + name;
    const std::vector<std::string> lines = python_file_lines(read_text_file(task, path, TextEncoding::latin1));
    LabelledSentences data;
    for (size_t i = 0; i < lines.size(); ++i) {
      // "LOC:city What county is Modesto , California in ?": the coarse label before ':', the fine
      // label up to the first space, then the question.
      const std::string line = python_strip(lines[i]);
      const size_t colon = line.find(':');
      const size_t space = colon == std::string::npos ? std::string::npos : line.find(' ', colon);
      if (space == std::string::npos) fail_at_line(task, path, i + 1, "expected 'COARSE:fine question', found '", line, "'");
      const auto coarse = coarse_classes.find(line.substr(0, colon));
      if (coarse == coarse_classes.end())
        fail_at_line(task, path, i + 1, "unknown question class '", line.substr(0, colon), "'");
      data.sentences.push_back(rejoin_words(line.substr(space + 1)));
      data.labels.push_back(coarse->second);
    }
    return sorted_by_length(data);
  };
  return {load("train_5500.label"), load("TREC_10.label")};
}

MrpcData load_mrpc(const std::string& senteval_dir) {
  const std::string task = "MRPC", dir = senteval_dir + "/downstream/MRPC";
  require_task_directory(task, dir);
  const auto load = [&](const std::string& name) {
    const std::string path = dir + "/" + name;
    const std::vector<std::string> lines = python_file_lines(read_text_file(task, path, TextEncoding::utf8));
    LabelledPairs unsorted;
    for (size_t i = 1; i < lines.size(); ++i) {  // line 1 is the header (after the byte-order mark)
      const std::vector<std::string> fields = split_on(python_strip(lines[i]), '\t');
      if (fields.size() < 5) fail_at_line(task, path, i + 1, "expected 5 tab-separated fields, found ", fields.size());
      unsorted.first.push_back(rejoin_words(fields[3]));
      unsorted.second.push_back(rejoin_words(fields[4]));
      unsorted.labels.push_back(parse_label(task, path, i + 1, fields[0]));
      if (unsorted.labels.back() != 0 && unsorted.labels.back() != 1)
        fail_at_line(task, path, i + 1, "MRPC quality must be 0 or 1, found ", unsorted.labels.back());
    }
    // Sorted by (length of sentence 1, length of sentence 2, label).
    const auto order = sorted_order(unsorted.labels.size(), [&](size_t i) {
      return std::make_tuple(word_count(unsorted.first[i]), word_count(unsorted.second[i]), unsorted.labels[i]);
    });
    LabelledPairs sorted;
    for (size_t i : order) {
      sorted.first.push_back(unsorted.first[i]);
      sorted.second.push_back(unsorted.second[i]);
      sorted.labels.push_back(unsorted.labels[i]);
    }
    return sorted;
  };
  return {load("msr_paraphrase_train.txt"), load("msr_paraphrase_test.txt")};
}

}  // namespace simcse
