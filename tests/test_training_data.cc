// test_training_data.cc — the training-file reader (.txt, RFC 4180 .csv with 2 or 3 columns),
// its bad-row errors and skipping, and the seeded epoch order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "file_helpers.h"
#include "core/error.h"
#include "simcse/csv_reader.h"
#include "simcse/training_data.h"
#include "support/test_support.h"

namespace simcse {
namespace {

std::string write_temp(const std::string& name, const std::string& contents) {
  std::string path = (std::filesystem::temp_directory_path() / ("simcse_test_" + name)).string();
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

TEST(CsvReader, FollowsRfc4180) {
  std::istringstream input("a,b,c\r\n\"x, y\",\"she said \"\"hi\"\"\",\"two\nlines\"\nlast,,field");
  CsvReader reader(input, "t.csv");
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{"x, y", "she said \"hi\"", "two\nlines"}));
  EXPECT_EQ(record.line, 2);
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{"last", "", "field"}));
  EXPECT_EQ(record.line, 4);  // the quoted line break moved it down one line
  EXPECT_FALSE(reader.next(record));
}

TEST(CsvReader, UnclosedQuoteAndStrayCharactersNameTheLine) {
  std::istringstream open("a,b\n\"never closed,b\n");
  CsvReader reader(open, "open.csv");
  CsvRecord record;
  reader.next(record);
  EXPECT_NE(testing::error_message_of([&] { reader.next(record); }).find("open.csv:2: a quoted field is never closed"),
            std::string::npos);
  std::istringstream stray("\"quoted\"x,b\n");
  CsvReader stray_reader(stray, "stray.csv");
  EXPECT_NE(testing::error_message_of([&] { stray_reader.next(record); }).find("stray.csv:1"), std::string::npos);
}

TEST(TrainingData, TextLinesArePositivesOfThemselves) {
  std::string path = write_temp("unsup.txt", "a man plays guitar.\r\nthe cat sleeps.\n");
  TrainingData data = load_training_data(path, false);
  EXPECT_EQ(data.columns, 1);
  ASSERT_EQ(data.examples.size(), 2u);
  EXPECT_EQ(data.examples[0].sentence, "a man plays guitar.");
  EXPECT_EQ(data.examples[0].positive, "a man plays guitar.");
  EXPECT_EQ(data.examples[1].hard_negative, "");
}

// A file with old Mac (CR-only) line endings used to train as one example with loss 0 and no
// warning. SimCSE's train.py reads .txt with datasets' "text" loader, which opens the file in
// Python's text mode: \r, \r\n and \n all end a line. So do they here, in every mix.
TEST(TrainingData, CarriageReturnsEndLinesAsInPythonTextMode) {
  for (const char* ending : {"\r", "\r\n", "\n"}) {
    const std::string e = ending;
    TrainingData data = load_training_data(write_temp("cr.txt", "one." + e + "two." + e + "three." + e), false);
    ASSERT_EQ(data.examples.size(), 3u) << "ending " << (e == "\r" ? "CR" : e == "\n" ? "LF" : "CRLF");
    EXPECT_EQ(data.examples[1].sentence, "two.");
    EXPECT_EQ(data.examples[2].positive, "three.");
  }
  TrainingData mixed = load_training_data(write_temp("mixed.txt", "a\rb\r\nc\nd"), false);
  ASSERT_EQ(mixed.examples.size(), 4u);
  EXPECT_EQ(mixed.examples[3].sentence, "d");
  // Lines are numbered by the same endings: the empty line is line 3.
  EXPECT_NE(testing::error_message_of([] { load_training_data(write_temp("gap.txt", "a\rb\r\rc\r"), false); })
                .find("gap.txt:3: field 1 is empty"),
            std::string::npos);
  // CSV records end at CR too (pandas, which datasets' csv loader uses, reads them so).
  TrainingData pairs = load_training_data(write_temp("cr.csv", "sent0,sent1\ra,b\rc,\"d\re\"\r"), false);
  ASSERT_EQ(pairs.examples.size(), 2u);
  EXPECT_EQ(pairs.examples[1].positive, "d\re");  // a quoted CR belongs to the field
}

// A "line" of more than 1 MiB is not a sentence (a binary file, or endings not recognised).
TEST(TrainingData, OverlongLinesAndRecordsAreErrors) {
  const std::string long_line(2 << 20, 'x');
  EXPECT_NE(testing::error_message_of([&] { load_training_data(write_temp("long.txt", "ok\n" + long_line), false); })
                .find("long.txt:2: a line longer than 1048576 bytes"),
            std::string::npos);
  EXPECT_NE(testing::error_message_of(
                [&] { load_training_data(write_temp("long.csv", "sent0,sent1\n\"" + long_line + "\",b\n"), false); })
                .find("long.csv:2: a record longer than 1048576 bytes"),
            std::string::npos);
}

TEST(TrainingData, TripletsTakeColumnsByPosition) {
  std::string path = write_temp("sup.csv", "premise,entailment,contradiction\n\"A dog, wet.\",A dog.,A cat.\n");
  TrainingData data = load_training_data(path, false);
  EXPECT_EQ(data.columns, 3);
  ASSERT_EQ(data.examples.size(), 1u);
  EXPECT_EQ(data.examples[0].sentence, "A dog, wet.");
  EXPECT_EQ(data.examples[0].positive, "A dog.");
  EXPECT_EQ(data.examples[0].hard_negative, "A cat.");
}

TEST(TrainingData, BadRowsAreErrorsNamingFileAndLine) {
  std::string wrong_count = write_temp("count.csv", "sent0,sent1\na,b\nc\n");
  EXPECT_NE(testing::error_message_of([&] { load_training_data(wrong_count, false); }).find("count.csv:3: expected 2 fields, got 1"),
            std::string::npos);
  std::string empty_field = write_temp("empty.csv", "sent0,sent1,hard_neg\na,,c\n");
  EXPECT_NE(testing::error_message_of([&] { load_training_data(empty_field, false); }).find("empty.csv:2: field 2 is empty"),
            std::string::npos);
  std::string bad_utf8 = write_temp("bytes.txt", "fine\nbad \xC3\x28 byte\n");
  EXPECT_NE(testing::error_message_of([&] { load_training_data(bad_utf8, false); }).find("bytes.txt:2: field 1 is not valid UTF-8"),
            std::string::npos);
  std::string blank_line = write_temp("blank.txt", "one\n\nthree\n");
  EXPECT_NE(testing::error_message_of([&] { load_training_data(blank_line, false); }).find("blank.txt:2"), std::string::npos);
  std::string bad_header = write_temp("header.csv", "a,b,c,d\n1,2,3,4\n");
  EXPECT_NE(testing::error_message_of([&] { load_training_data(bad_header, true); }).find("header.csv:1: the header has 4 columns"),
            std::string::npos);
  EXPECT_NE(testing::error_message_of([&] { load_training_data("/nonexistent/x.txt", false); }).find("/nonexistent/x.txt"),
            std::string::npos);
}

TEST(TrainingData, SkipBadRowsCountsThem) {
  std::string path = write_temp("skip.csv", "sent0,sent1\na,b\nc\nd,\ne,f\n");
  TrainingData data = load_training_data(path, true);
  EXPECT_EQ(data.examples.size(), 2u);
  EXPECT_EQ(data.skipped_rows, 2);
  EXPECT_NE(data.first_skip_reason.find("skip.csv:3"), std::string::npos);
}

TEST(TrainingData, RealTripletsLoad) {
  SIMCSE_REQUIRE_SHARED_DATA();
  TrainingData data = load_training_data(testing::shared_data_dir() + "/train/snli_dev_triplets.csv", false);
  EXPECT_EQ(data.columns, 3);
  EXPECT_EQ(data.examples.size(), 2943u);  // as ../shared/data/README.md states
  TrainingData unsup = load_training_data(testing::shared_data_dir() + "/train/unsup_sentences.txt", false);
  EXPECT_EQ(unsup.examples.size(), 28219u);
}

TEST(EpochOrder, IsASeededPermutation) {
  std::vector<int64_t> order = epoch_order(1000, 42, 0);
  std::vector<int64_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 1000; ++i) ASSERT_EQ(sorted[i], i);
  EXPECT_EQ(order, epoch_order(1000, 42, 0));  // reproducible
  EXPECT_NE(order, epoch_order(1000, 42, 1));  // a new order each epoch
  EXPECT_NE(order, epoch_order(1000, 43, 0));  // and per seed
  int64_t fixed_points = 0;
  for (int64_t i = 0; i < 1000; ++i) fixed_points += order[i] == i;
  EXPECT_LT(fixed_points, 10);  // a uniform shuffle leaves about one element in place
}

}  // namespace
}  // namespace simcse
