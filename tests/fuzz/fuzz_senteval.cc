// fuzz_senteval.cc — libFuzzer target: SentEval's data files. The first byte picks a loader (an STS
// year, STS-B, SICK-R, MR/CR/SUBJ/MPQA, SST2, TREC, MRPC); the rest, split at its first NUL byte
// into parts A and B, becomes every file that loader reads (the sentences file gets A and the gold
// scores B, the positive file A and the negative B, a train file A and a test file B). Seeds:
// tests/fuzz/seeds/senteval/.
#include "eval/sts_data.h"
#include "eval/transfer_data.h"
#include "fuzz_support.h"

namespace {

using namespace simcse;

const std::string kDownstream = "senteval/downstream/";

void sts_year(const std::string& year, const std::vector<std::string>& subsets, std::string_view a,
              std::string_view b) {
  for (const std::string& subset : subsets) {
    fuzz::write_file(kDownstream + "STS/" + year + "-en-test/STS.input." + subset + ".txt", a);
    fuzz::write_file(kDownstream + "STS/" + year + "-en-test/STS.gs." + subset + ".txt", b);
  }
  load_sts_task(year, (fuzz::scratch() / "senteval").string());
}

void run(uint8_t loader, std::string_view a, std::string_view b) {
  const std::string dir = (fuzz::scratch() / "senteval").string();
  switch (loader % 9) {
    case 0: return sts_year("STS12", {"MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"}, a, b);
    case 1: return sts_year("STS16", {"answer-answer", "headlines", "plagiarism", "postediting", "question-question"}, a, b);
    case 2:
      fuzz::write_file(kDownstream + "STS/STSBenchmark/sts-test.csv", a);
      load_sts_task("STSBenchmark", dir, Split::test);
      return;
    case 3:
      fuzz::write_file(kDownstream + "SICK/SICK_test_annotated.txt", a);
      load_sts_task("SICKRelatedness", dir, Split::test);
      return;
    case 4:
      fuzz::write_file(kDownstream + "MR/rt-polarity.pos", a);
      fuzz::write_file(kDownstream + "MR/rt-polarity.neg", b);
      load_binary_task("MR", dir);
      return;
    case 5:
      fuzz::write_file(kDownstream + "MPQA/mpqa.pos", a);
      fuzz::write_file(kDownstream + "MPQA/mpqa.neg", b);
      load_binary_task("MPQA", dir);
      return;
    case 6:
      for (const char* split : {"sentiment-train", "sentiment-dev", "sentiment-test"})
        fuzz::write_file(kDownstream + "SST/binary/" + split, std::string_view(split) == "sentiment-test" ? b : a);
      load_sst2(dir);
      return;
    case 7:
      fuzz::write_file(kDownstream + "TREC/train_5500.label", a);
      fuzz::write_file(kDownstream + "TREC/TREC_10.label", b);
      load_trec(dir);
      return;
    default:
      fuzz::write_file(kDownstream + "MRPC/msr_paraphrase_train.txt", a);
      fuzz::write_file(kDownstream + "MRPC/msr_paraphrase_test.txt", b);
      load_mrpc(dir);
      return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = fuzz::as_text(data + 1, size - 1);
  const size_t split = rest.find('\0');
  const std::string_view a = rest.substr(0, split), b = split == std::string_view::npos ? "" : rest.substr(split + 1);
  fuzz::errors_only([&] { run(data[0], a, b); });
  return 0;
}
