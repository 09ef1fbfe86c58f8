// test_checkpoint_errors.cc — every way a checkpoint can be wrong gives a simcse::Error naming the
// file and the tensor, never a crash or an out-of-bounds read: truncated files, header offsets
// out of range, wrong dtypes and shapes, missing and unexpected tensors, compressed zip entries,
// bad pickles, non-contiguous and legacy-format tensors, and random corruption (run this under
// `make SAN=1` to have AddressSanitizer watch every read). Also the dtype conversions.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "encoder_parity.h"
#include "file_helpers.h"
#include "io/pytorch_bin.h"
#include "io/zip_archive.h"
#include "zip_helpers.h"

namespace simcse {
namespace {

using nlohmann::json;
using testing::expect_error;
using testing::fixture_dir;
using testing::read_bytes;
using testing::TempDir;
using testing::with_recomputed_crcs;
using testing::write_bytes;

// ---- safetensors built by hand ----------------------------------------------------------------

std::string safetensors_bytes(const std::string& header, const std::string& data) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(static_cast<uint64_t>(header.size()) >> (8 * i));
  return bytes + header + data;
}

// The fixture's bytes with its header JSON (and, if `edit` wants, its data section) edited, then
// the tensors packed back to back again, as the format requires (a removed tensor leaves no gap).
std::string edited_safetensors(const std::string& path, const std::function<void(json&, std::string&)>& edit) {
  const std::string bytes = read_bytes(path);
  uint64_t header_bytes = 0;
  for (int i = 7; i >= 0; --i) header_bytes = (header_bytes << 8) | static_cast<unsigned char>(bytes[i]);
  json header = json::parse(bytes.substr(8, header_bytes));
  std::string data = bytes.substr(8 + header_bytes);
  edit(header, data);
  std::vector<std::pair<uint64_t, std::string>> by_offset;  // (begin, name)
  for (const auto& [name, entry] : header.items())
    if (name != "__metadata__") by_offset.emplace_back(entry["data_offsets"][0].get<uint64_t>(), name);
  std::sort(by_offset.begin(), by_offset.end());
  std::string packed;
  for (const auto& [begin, name] : by_offset) {
    const uint64_t end = header[name]["data_offsets"][1];
    header[name]["data_offsets"] = {packed.size(), packed.size() + end - begin};
    packed += data.substr(begin, end - begin);
  }
  return safetensors_bytes(header.dump(), packed);
}

// Adds tensor `name` holding a copy of tensor `source`'s bytes at the end of the data section.
void add_copy(json& header, std::string& data, const std::string& name, const std::string& source) {
  const json& original = header[source];
  const uint64_t begin = original["data_offsets"][0], end = original["data_offsets"][1];
  header[name] = original;
  header[name]["data_offsets"] = {data.size(), data.size() + end - begin};
  data += data.substr(begin, end - begin);
}

// A copy of the one_layer_relu model directory whose model.safetensors is `weights`.
std::string model_dir_with(const TempDir& dir, const std::string& weights_name, const std::string& weights) {
  const std::string model = dir / "model";
  std::filesystem::create_directories(model);
  std::filesystem::copy_file(fixture_dir("one_layer_relu") + "/config.json", model + "/config.json",
                             std::filesystem::copy_options::overwrite_existing);
  write_bytes(model + "/" + weights_name, weights);
  return model;
}

TEST(Safetensors, ConvertsF32F16BF16F64) {
  TempDir dir;
  std::string data;
  auto append = [&](const void* value, size_t size) { data.append(static_cast<const char*>(value), size); };
  const float f32[] = {1.5f, -0.25f};
  const uint16_t f16[] = {0x3C00, 0xC000, 0x7BFF, 0x0001};  // 1, -2, 65504 (largest), 2^-24 (smallest subnormal)
  const uint16_t bf16[] = {0x3F80, 0xBF00};                 // 1, -0.5
  const double f64[] = {0.1};
  append(f32, 8), append(f16, 8), append(bf16, 4), append(f64, 8);
  const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"F16","shape":[2,2],"data_offsets":[8,16]},)"
                             R"("c":{"dtype":"BF16","shape":[2],"data_offsets":[16,20]},)"
                             R"("d":{"dtype":"F64","shape":[],"data_offsets":[20,28]},"__metadata__":{"x":"y"}})";
  write_bytes(dir / "t.safetensors", safetensors_bytes(header, data));
  const TensorFileIndex index = read_safetensors_index(dir / "t.safetensors");
  ASSERT_EQ(index.tensors.size(), 4u);
  BinaryFile file(index.path);
  auto values = [&](const char* name) { return read_stored_tensor(file, *index.find(name)).to_vector(); };
  EXPECT_EQ(values("a"), (std::vector<Scalar>{1.5f, -0.25f}));
  EXPECT_EQ(values("b"), (std::vector<Scalar>{1, -2, 65504, static_cast<Scalar>(std::ldexp(1.0, -24))}));
  EXPECT_EQ(values("c"), (std::vector<Scalar>{1, -0.5}));
  EXPECT_EQ(values("d")[0], static_cast<Scalar>(0.1));
  EXPECT_EQ(read_stored_tensor(file, *index.find("b")).shape(), Shape({2, 2}));
}

TEST(Safetensors, MalformedHeadersAreErrors) {
  TempDir dir;
  const std::string path = dir / "bad.safetensors";
  auto expect_header_error = [&](const std::string& bytes, std::initializer_list<std::string> fragments) {
    write_bytes(path, bytes);
    expect_error([&] { read_safetensors_index(path); }, fragments);
  };
  const std::string data(16, '\0');
  expect_header_error("abc", {path, "header length"});
  expect_header_error(std::string("\xff\xff\xff\xff\0\0\0\0", 8) + "{}", {path, "header claims"});
  expect_header_error(std::string("\x40\0\0\0\0\0\0\0", 8) + "{}", {path, "safetensors header", "truncated"});
  expect_header_error(safetensors_bytes("{not json", data), {path, "not valid JSON"});
  expect_header_error(safetensors_bytes("[1, 2]", data), {path, "JSON object"});
  expect_header_error(safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,1000]}})", data),
                      {path, "'w'", "[0, 1000)", "only 16 bytes"});
  expect_header_error(safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}})", data),
                      {path, "'w'", "12 bytes", "needs 16"});
  expect_header_error(safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[8,4]}})", data),
                      {path, "'w'", "begin <= end"});
  expect_header_error(safetensors_bytes(R"({"w":{"dtype":"F9","shape":[4],"data_offsets":[0,16]}})", data),
                      {path, "'w'", "unknown dtype 'F9'"});
  expect_header_error(safetensors_bytes(R"({"w":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})", data),
                      {path, "'w'", "shape", "-4"});
  expect_header_error(safetensors_bytes(R"({"w":{"dtype":"F32","shape":[4]}})", data), {path, "'w'", "data_offsets"});
  expect_header_error(safetensors_bytes(R"({"w":{"dtype":"F32","shape":[4000000000,4000000000,4000000000],)"
                                        R"("data_offsets":[0,16]}})",
                                        data),
                      {path, "'w'", "impossibly large"});
  expect_header_error(safetensors_bytes(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                                        R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                                        data),
                      {path, "'a'", "'b'", "overlap"});
}

TEST(Safetensors, TruncatedFileIsAnErrorAtEveryLength) {
  TempDir dir;
  const std::string bytes = read_bytes(fixture_dir("one_layer_relu") + "/model.safetensors");
  const std::string path = dir / "model.safetensors";
  for (size_t length : {size_t{0}, size_t{5}, size_t{8}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    write_bytes(path, bytes.substr(0, length));
    expect_error([&] { read_safetensors_index(path); }, {path});
  }
}

// ---- checkpoint-level errors: dtype, shape, missing and unexpected tensors ---------------------

TEST(Checkpoint, WrongDtypeNamesTheTensor) {
  TempDir dir;
  const std::string model = model_dir_with(dir, "model.safetensors", edited_safetensors(
      fixture_dir("one_layer_relu") + "/model.safetensors",
      // I32 has F32's width, so the byte ranges stay consistent and only the dtype is wrong.
      [](json& header, std::string&) { header["embeddings.LayerNorm.weight"]["dtype"] = "I32"; }));
  expect_error([&] { load_bert(model); }, {"model.safetensors", "'embeddings.LayerNorm.weight'", "I32"});
}

TEST(Checkpoint, ShapeMismatchNamesTheTensorAndBothShapes) {
  TempDir dir;
  const std::string model = model_dir_with(dir, "model.safetensors", edited_safetensors(
      fixture_dir("one_layer_relu") + "/model.safetensors",
      [](json& header, std::string&) { header["embeddings.LayerNorm.weight"]["shape"] = {2, 4}; }));
  expect_error([&] { load_bert(model); }, {"shape mismatch", "'embeddings.LayerNorm.weight'", "[2, 4]", "[8]"});
}

TEST(Checkpoint, MissingAndUnexpectedTensorsAreListedByName) {
  TempDir dir;
  const std::string model = model_dir_with(dir, "model.safetensors", edited_safetensors(
      fixture_dir("one_layer_relu") + "/model.safetensors", [](json& header, std::string&) {
        header["encoder.layer.0.output.dense.renamed"] = header["encoder.layer.0.output.dense.bias"];
        header.erase("encoder.layer.0.output.dense.bias");
        header.erase("embeddings.position_embeddings.weight");
      }));
  expect_error([&] { load_bert(model); },
               {"missing tensors", "embeddings.position_embeddings.weight", "encoder.layer.0.output.dense.bias",
                "unexpected tensors (ignored): encoder.layer.0.output.dense.renamed"});
}

TEST(Checkpoint, UnexpectedTensorsAloneAreReportedNotFatal) {
  TempDir dir;
  const std::string model = model_dir_with(dir, "model.safetensors", edited_safetensors(
      fixture_dir("one_layer_relu") + "/model.safetensors",
      [](json& header, std::string& data) { add_copy(header, data, "cls.predictions.bias", "pooler.dense.bias"); }));
  EXPECT_EQ(load_bert(model).unexpected, std::vector<std::string>{"cls.predictions.bias"});
}

TEST(Checkpoint, TwoNamesForOneParameterAreAnError) {
  TempDir dir;
  const std::string model = model_dir_with(dir, "model.safetensors", edited_safetensors(
      fixture_dir("one_layer_relu") + "/model.safetensors",
      [](json& header, std::string& data) { add_copy(header, data, "mlp.dense.bias", "pooler.dense.bias"); }));
  expect_error([&] { load_bert(model); }, {"'mlp.dense.bias'", "'pooler.dense.bias'", "both provide"});
}

TEST(Checkpoint, WithoutPoolerWeightsTheModelHasNoPooler) {
  TempDir dir;
  const std::string model = model_dir_with(dir, "model.safetensors", edited_safetensors(
      fixture_dir("one_layer_relu") + "/model.safetensors", [](json& header, std::string&) {
        header.erase("pooler.dense.weight");
        header.erase("pooler.dense.bias");
      }));
  const LoadedBert loaded = load_bert(model);
  EXPECT_FALSE(loaded.model.has_pooler());
  NoGradGuard no_grad;
  const BertOutput output = loaded.model.forward(testing::fixture_input("one_layer_relu"));
  EXPECT_FALSE(output.pooler_output.defined());
  expect_error([&] { pool(Pooler::cls, output); }, {"cls", "cls_before_pooler"});
}

TEST(Checkpoint, DirectoryProblems) {
  TempDir dir;
  expect_error([&] { load_bert(dir / "absent"); }, {"config.json", "cannot open"});
  std::filesystem::copy_file(fixture_dir("one_layer_relu") + "/config.json", dir / "config.json");
  expect_error([&] { load_bert(dir.path()); }, {"no model.safetensors or pytorch_model.bin"});
  write_bytes(dir / "model.safetensors.index.json", "{}");
  expect_error([&] { load_bert(dir.path()); }, {"sharded"});
}

// ---- pytorch_model.bin -------------------------------------------------------------------------

// Replaces every occurrence of `from` by `to` (same length) in the file's bytes.
std::string patched(std::string bytes, const std::string& from, const std::string& to) {
  for (size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + 1))
    bytes.replace(at, to.size(), to);
  return bytes;
}

// Where data.pkl's bytes are in a torch.save archive.
ZipEntry pickle_entry(const std::string& path) {
  BinaryFile file(path);
  ZipArchive archive(file);
  for (const ZipEntry& entry : archive.entries())
    if (entry.name.size() > 8 && entry.name.substr(entry.name.size() - 8) == "data.pkl") return entry;
  throw std::runtime_error("no data.pkl in " + path);
}

TEST(PytorchBin, CompressedEntryIsAnError) {
  const std::string path = fixture_dir("malformed") + "/compressed.bin";
  expect_error([&] { read_pytorch_bin_index(path); }, {path, "is compressed (method 8)"});
}

TEST(PytorchBin, LegacyFormatIsAnError) {
  const std::string path = fixture_dir("malformed") + "/legacy.bin";
  expect_error([&] { read_pytorch_bin_index(path); }, {path, "legacy (pre-1.6)"});
}

TEST(PytorchBin, NonContiguousTensorIsAnError) {
  const std::string path = fixture_dir("malformed") + "/noncontiguous.bin";
  expect_error([&] { read_pytorch_bin_index(path); }, {path, "'weight'", "not contiguous", "[4, 3]", "(1, 4)"});
}

TEST(PytorchBin, NotAZipIsAnError) {
  TempDir dir;
  write_bytes(dir / "x.bin", "hello, this is not a checkpoint");
  expect_error([&] { read_pytorch_bin_index(dir / "x.bin"); }, {"not a PyTorch zip archive"});
}

TEST(PytorchBin, BadPicklesAreErrors) {
  TempDir dir;
  const std::string source = fixture_dir("one_layer_relu") + "/pytorch_model.bin";
  const std::string bytes = read_bytes(source);
  const ZipEntry pickle = pickle_entry(source);
  const std::string path = dir / "pytorch_model.bin";
  auto expect_pickle_error = [&](const std::string& changed, std::initializer_list<std::string> fragments) {
    write_bytes(path, with_recomputed_crcs(changed, dir / "scratch.bin"));  // reach the pickle, not the CRC check
    expect_error([&] { read_pytorch_bin_index(path); }, fragments);
  };
  std::string unknown_opcode = bytes;
  unknown_opcode[pickle.data_offset + 2] = static_cast<char>(0xFF);  // right after PROTO 2
  expect_pickle_error(unknown_opcode, {path, "bad pickle", "unknown or unsupported opcode"});
  std::string no_stop = bytes;
  no_stop[pickle.data_offset + pickle.size - 1] = 'N';  // STOP becomes NONE
  expect_pickle_error(no_stop, {path, "without a STOP"});
  std::string underflow = bytes;
  underflow[pickle.data_offset + 2] = 'R';  // REDUCE on an empty stack
  expect_pickle_error(underflow, {path, "stack is empty"});
  expect_pickle_error(patched(bytes, "collections\nOrderedDict", "collections\nOrderedDicX"),
                      {path, "collections.OrderedDicX", "never does"});
  expect_pickle_error(patched(bytes, "_rebuild_tensor_v2", "_rebuild_tensor_v9"), {"_rebuild_tensor_v9"});
  expect_pickle_error(patched(bytes, "pytorch_model/data/0", "pytorch_model/data/Z"),
                      {path, "no entry 'pytorch_model/data/0'"});
}

TEST(PytorchBin, TruncatedFileIsAnErrorAtEveryLength) {
  TempDir dir;
  const std::string bytes = read_bytes(fixture_dir("one_layer_relu") + "/pytorch_model.bin");
  const std::string path = dir / "pytorch_model.bin";
  for (size_t length = 0; length < bytes.size(); length += 211) {
    write_bytes(path, bytes.substr(0, length));
    expect_error([&] { read_pytorch_bin_index(path); }, {path});
  }
}

// A flipped bit in a weight entry used to load silently as a different number (issue 10): every
// entry's bytes are now checked against the CRC-32 the zip directory records.
TEST(PytorchBin, CorruptedWeightEntryFailsItsCrc) {
  TempDir dir;
  std::string bytes = read_bytes(fixture_dir("one_layer_relu") + "/pytorch_model.bin");
  for (const ZipEntry& entry : testing::zip_entries(bytes, dir / "scratch.bin"))
    if (entry.name == "pytorch_model/data/0") bytes[entry.data_offset + entry.size / 2] ^= 0x01;  // one float's lowest bit
  const std::string model = model_dir_with(dir, "pytorch_model.bin", bytes);
  expect_error([&] { load_bert(model); }, {"pytorch_model.bin", "'pytorch_model/data/0'", "corrupt", "CRC-32"});
}

// torch.serialization.set_crc32_options(False) writes 0 for every CRC; torch.load reads such files,
// so they load here too (unchecked), and a true CRC of 0 is still fine for an empty entry.
TEST(PytorchBin, ArchiveWrittenWithoutCrcsLoads) {
  TempDir dir;
  std::string bytes = read_bytes(fixture_dir("one_layer_relu") + "/pytorch_model.bin");
  for (const ZipEntry& entry : testing::zip_entries(bytes, dir / "scratch.bin")) testing::set_crc(bytes, entry, 0);
  const std::string model = model_dir_with(dir, "pytorch_model.bin", bytes);
  const LoadedBert loaded = load_bert(model);
  const LoadedBert original = load_bert(fixture_dir("one_layer_relu"), Device::cpu,
                                        fixture_dir("one_layer_relu") + "/pytorch_model.bin");
  EXPECT_EQ(loaded.model.parameters().all().size(), original.model.parameters().all().size());
  for (size_t i = 0; i < loaded.model.parameters().all().size(); ++i)
    EXPECT_EQ(loaded.model.parameters().all()[i].second.to_vector(),
              original.model.parameters().all()[i].second.to_vector());
}

// 200,000 tuples each holding the next (a 200 KB file) crashed the loader: freeing them recursed
// once per level and overflowed the stack. Nesting is now limited while the pickle runs.
TEST(PytorchBin, DeeplyNestedPickleIsAnErrorNotACrash) {
  TempDir dir;
  const std::string pickle = "\x80\x02)" + std::string(200'000, '\x85') + ".";  // PROTO 2, (), TUPLE1 x 200000, STOP
  write_bytes(dir / "pytorch_model.bin", testing::stored_zip({{"archive/data.pkl", pickle}}));
  expect_error([&] { read_pytorch_bin_index(dir / "pytorch_model.bin"); },
               {"pytorch_model.bin", "nested more than 128 levels"});
}

// In a death test's child: caps the address space 512 MB above what the process holds, loads
// `model` and exits 0 when the error message holds `fragment` (a crash or another exception,
// std::bad_alloc included, is a non-zero exit).
void load_with_capped_memory(const std::string& model, const std::string& fragment) {
  long pages = 0;
  std::ifstream("/proc/self/statm") >> pages;
  const rlim_t cap = static_cast<rlim_t>(pages) * sysconf(_SC_PAGESIZE) + (rlim_t{512} << 20);
  struct rlimit limit;
  limit.rlim_cur = limit.rlim_max = cap;
  setrlimit(RLIMIT_AS, &limit);
  const std::string message = testing::error_message_of([&] { load_bert(model); });
  std::exit(message.find(fragment) != std::string::npos ? 0 : 1);
}

// config.json is compared with the checkpoint's names and shapes before any tensor is allocated:
// a vocabulary of 100 million against the file's 54 rows used to allocate 3.2 GB of zeros first
// (and a million layers grew without bound). The child process runs with its address space
// capped 512 MB above what it holds, so allocating first is a failure, not a slow test.
TEST(Checkpoint, ConfigIsComparedWithTheFileBeforeAllocating) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves more address space than the cap allows";
#endif
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the child re-runs this test alone: OpenMP's threads are not forked
  TempDir dir;
  auto expect_fast_error = [&](const std::string& field, int64_t value, const std::string& fragment) {
    const std::string model = dir / ("model-" + field);
    testing::copy_directory(fixture_dir("one_layer_relu"), model);
    json config = json::parse(read_bytes(model + "/config.json"));
    config[field] = value;
    write_bytes(model + "/config.json", config.dump());
    EXPECT_EXIT(load_with_capped_memory(model, fragment), ::testing::ExitedWithCode(0), "") << field << " = " << value;
  };
  expect_fast_error("vocab_size", 100'000'000, "'embeddings.word_embeddings.weight' is [54, 8] in the file");
  expect_fast_error("num_hidden_layers", 4000, "missing tensors: encoder.layer.1.");
  expect_fast_error("num_hidden_layers", 1'000'000, "\"num_hidden_layers\" is 1000000, over the limit");
}

// ---- random corruption: never a crash -----------------------------------------------------------

// Flips random bytes of each format and loads the result: either it still loads (a flipped weight
// is just a different number) or it is a simcse::Error; anything else (a crash, another exception,
// an out-of-bounds read under ASan) fails.
TEST(Checkpoint, RandomCorruptionIsAnErrorOrHarmless) {
  TempDir dir;
  std::mt19937 random(12345);
  for (const char* weights : {"model.safetensors", "pytorch_model.bin"}) {
    const std::string bytes = read_bytes(fixture_dir("one_layer_relu") + "/" + weights);
    const std::string model = model_dir_with(dir, weights, bytes);
    int errors = 0, loads = 0;
    for (int trial = 0; trial < 150; ++trial) {
      std::string corrupt = bytes;
      // Mostly the first 2 KB (headers, pickle, zip records), where corruption changes structure.
      for (int flips = 0; flips < 3; ++flips) {
        const size_t limit = trial % 3 == 0 ? corrupt.size() : std::min<size_t>(corrupt.size(), 2048);
        corrupt[random() % limit] ^= static_cast<char>(1 + random() % 255);
      }
      for (size_t tail : {size_t{0}, size_t{22}}) {  // also cut inside the zip end record
        write_bytes(model + "/" + weights, corrupt.substr(0, corrupt.size() - tail));
        try {
          load_bert(model);
          ++loads;
        } catch (const Error&) {
          ++errors;
        }
      }
    }
    EXPECT_GT(errors, 0) << weights;
    std::filesystem::remove(model + "/" + weights);
  }
}

}  // namespace
}  // namespace simcse
