// pytorch_bin.cc — the torch.save zip format: find data.pkl, run it with callbacks for storages
// (persistent ids) and for the few functions a state_dict pickle calls, then turn each tensor
// record into a StoredTensor pointing into its storage's zip entry.
// Paper: none (infrastructure: checkpoint files)
#include "io/pytorch_bin.h"

#include <map>
#include <set>

#include "core/error.h"
#include "io/input_limits.h"
#include "io/pickle.h"
#include "io/zip_archive.h"

namespace simcse {

namespace {

using Kind = PickleValue::Kind;

// What a persistent id names: one storage, i.e. one zip entry of raw elements.
struct StorageRecord {
  std::string dtype;  // safetensors spelling ("F32"), or "" for a storage class we do not know
  std::string storage_class;
  const ZipEntry* entry = nullptr;
  int64_t numel = 0;
};

// What _rebuild_tensor_v2 returns: a view of a storage.
struct TensorRecord {
  StorageRecord storage;
  int64_t offset = 0;  // in elements
  std::vector<int64_t> shape, stride;
};

std::string list_text(const std::vector<int64_t>& numbers) {
  std::string text = "(";
  for (size_t i = 0; i < numbers.size(); ++i) text += (i ? ", " : "") + std::to_string(numbers[i]);
  return text + ")";
}

// torch.<Name>Storage -> element type.
std::string dtype_of_storage(const std::string& storage_class) {
  static const std::map<std::string, std::string> dtypes = {
      {"torch.FloatStorage", "F32"}, {"torch.HalfStorage", "F16"},  {"torch.BFloat16Storage", "BF16"},
      {"torch.DoubleStorage", "F64"}, {"torch.LongStorage", "I64"}, {"torch.IntStorage", "I32"},
      {"torch.ShortStorage", "I16"},  {"torch.CharStorage", "I8"},  {"torch.ByteStorage", "U8"},
      {"torch.BoolStorage", "BOOL"}};
  auto found = dtypes.find(storage_class);
  return found == dtypes.end() ? "" : found->second;
}

class StateDictReader {
 public:
  StateDictReader(const BinaryFile& file, const ZipArchive& archive, std::string folder)
      : file_(file), archive_(archive), folder_(std::move(folder)) {}

  PickleCallbacks callbacks() {
    PickleCallbacks callbacks;
    callbacks.persistent_load = [this](const PickleValue& id) { return load_storage(id); };
    callbacks.call = [this](const PickleValue& callable, const PickleValue& args) { return call(callable, args); };
    // BUILD sets attributes: a state_dict's `_metadata` (module versions), which loading ignores.
    callbacks.build = [this](PickleValue& object, const PickleValue&) {
      SIMCSE_CHECK(object.kind == Kind::dict || object.kind == Kind::native, file_.path(),
                   ": the pickle sets state on a ", object.kind_name(), ", which a state_dict never does");
    };
    return callbacks;
  }

 private:
  template <typename... Parts>
  [[noreturn]] void bad(const Parts&... parts) const {
    fail(file_.path(), ": ", parts...);
  }

  std::vector<int64_t> integers(const PickleValue& value, const char* what) const {
    SIMCSE_CHECK(value.kind == Kind::tuple, file_.path(), ": tensor ", what, " must be a tuple of integers");
    std::vector<int64_t> numbers;
    for (const PickleRef& item : value.items) {
      SIMCSE_CHECK(item->kind == Kind::integer, file_.path(), ": tensor ", what, " must be a tuple of integers");
      numbers.push_back(item->integer);
    }
    return numbers;
  }

  // ('storage', torch.FloatStorage, '0', 'cpu', numel)
  PickleRef load_storage(const PickleValue& id) {
    const auto& parts = id.items;
    SIMCSE_CHECK(id.kind == Kind::tuple && parts.size() == 5 && parts[0]->kind == Kind::string &&
                     parts[0]->text == "storage" && parts[1]->kind == Kind::global &&
                     parts[2]->kind == Kind::string && parts[4]->kind == Kind::integer && parts[4]->integer >= 0,
                 file_.path(), ": unexpected persistent id in data.pkl (not a PyTorch storage reference)");
    StorageRecord storage;
    storage.storage_class = parts[1]->text;
    storage.dtype = dtype_of_storage(storage.storage_class);
    storage.numel = parts[4]->integer;
    const std::string entry_name = folder_ + "data/" + parts[2]->text;
    storage.entry = archive_.find(entry_name);
    SIMCSE_CHECK(storage.entry != nullptr, file_.path(), ": the archive has no entry '", quoted_input(entry_name),
                 "' for a storage the pickle refers to (truncated?)");
    if (!storage.dtype.empty()) {
      SIMCSE_CHECK(storage.numel <= static_cast<int64_t>(storage.entry->size / dtype_size(storage.dtype)),
                   file_.path(), ": storage '", quoted_input(entry_name), "' should hold ", storage.numel,
                   " elements of ", storage.dtype, " but has only ", storage.entry->size, " bytes");
    }
    PickleRef value = std::make_shared<PickleValue>();
    value->kind = Kind::native;
    value->native = storage;
    return value;
  }

  PickleRef call(const PickleValue& callable, const PickleValue& args) {
    const std::string& name = callable.text;
    if (name == "collections.OrderedDict") {
      SIMCSE_CHECK(args.items.empty(), file_.path(), ": OrderedDict built from arguments is not supported");
      auto dict = std::make_shared<PickleValue>();
      dict->kind = Kind::dict;
      return dict;
    }
    if (name == "torch._utils._rebuild_tensor_v2") return rebuild_tensor(args);
    if (name == "torch._utils._rebuild_parameter") {  // nn.Parameter(tensor, requires_grad, hooks)
      SIMCSE_CHECK(!args.items.empty() && args.items[0]->kind == Kind::native, file_.path(),
                   ": _rebuild_parameter without a tensor");
      return args.items[0];
    }
    bad("the pickle calls ", quoted_input(name), ", which a state_dict pickle never does (is this a whole pickled ",
        "model or a training checkpoint rather than model.state_dict()?)");
  }

  // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
  PickleRef rebuild_tensor(const PickleValue& args) {
    SIMCSE_CHECK(args.items.size() >= 4 && args.items[0]->kind == Kind::native &&
                     args.items[0]->native.type() == typeid(StorageRecord) && args.items[1]->kind == Kind::integer,
                 file_.path(), ": malformed _rebuild_tensor_v2 call in data.pkl");
    TensorRecord tensor;
    tensor.storage = std::any_cast<StorageRecord>(args.items[0]->native);
    tensor.offset = args.items[1]->integer;
    tensor.shape = integers(*args.items[2], "size");
    tensor.stride = integers(*args.items[3], "stride");
    SIMCSE_CHECK(tensor.shape.size() == tensor.stride.size() && tensor.offset >= 0, file_.path(),
                 ": malformed tensor record in data.pkl (", tensor.shape.size(), " sizes, ", tensor.stride.size(),
                 " strides, offset ", tensor.offset, ")");
    PickleRef value = std::make_shared<PickleValue>();
    value->kind = Kind::native;
    value->native = tensor;
    return value;
  }

 public:
  // The name -> tensor records of the unpickled state_dict, checked and placed in the file.
  std::vector<StoredTensor> stored_tensors(const PickleValue& state_dict) const {
    SIMCSE_CHECK(state_dict.kind == Kind::dict, file_.path(), ": data.pkl holds a ", state_dict.kind_name(),
                 ", not a state_dict (a dict of tensors)");
    SIMCSE_CHECK(state_dict.entries.size() <= kMaxTensorsPerFile, file_.path(), ": the state_dict holds ",
                 state_dict.entries.size(), " tensors, over the limit of ", kMaxTensorsPerFile, " (io/input_limits.h)");
    std::vector<StoredTensor> tensors;
    for (const auto& [key, value] : state_dict.entries) {
      SIMCSE_CHECK(key->kind == Kind::string, file_.path(), ": a state_dict key is a ", key->kind_name(),
                   ", not a string");
      const std::string& name = key->text;
      SIMCSE_CHECK(value->kind == Kind::native && value->native.type() == typeid(TensorRecord), file_.path(),
                   ": '", quoted_input(name), "' holds a ", value->kind_name(),
                   ", not a tensor: the file is not a flat state_dict (a training checkpoint with the model ",
                   "nested inside?)");
      tensors.push_back(place(name, std::any_cast<const TensorRecord&>(value->native)));
    }
    return tensors;
  }

 private:
  StoredTensor place(const std::string& name, const TensorRecord& tensor) const {
    StoredTensor stored;
    stored.name = name;
    stored.shape = tensor.shape;
    stored.dtype = tensor.storage.dtype.empty() ? tensor.storage.storage_class : tensor.storage.dtype;
    const int64_t count = checked_numel(tensor.shape, file_.path(), name);
    // Row-major strides: the last axis moves by 1, each earlier one by the product of the later
    // sizes. Axes of size 1 may carry any stride (PyTorch does not normalise them).
    int64_t expected = 1;
    for (size_t axis = tensor.shape.size(); axis-- > 0;) {
      SIMCSE_CHECK(tensor.shape[axis] == 1 || tensor.stride[axis] == expected, file_.path(), ": tensor '",
                   quoted_input(name), "' is not contiguous (shape ", Shape(tensor.shape), ", strides ", list_text(tensor.stride),
                   "); save tensor.contiguous() instead of a view");
      expected *= tensor.shape[axis];
    }
    const int width = dtype_size(stored.dtype);
    if (width == 0) {  // an unknown storage class: indexable by name, but not loadable
      stored.bytes = 0;
      return stored;
    }
    SIMCSE_CHECK(tensor.offset <= tensor.storage.numel && count <= tensor.storage.numel - tensor.offset,
                 file_.path(), ": tensor '", quoted_input(name), "' (", count, " elements from offset ", tensor.offset,
                 ") runs past its storage of ", tensor.storage.numel, " elements");
    if (verified_.insert(tensor.storage.entry).second) archive_.require_intact(*tensor.storage.entry);
    stored.offset = tensor.storage.entry->data_offset + static_cast<uint64_t>(tensor.offset) * width;
    stored.bytes = static_cast<uint64_t>(count) * width;
    return stored;
  }

  const BinaryFile& file_;
  const ZipArchive& archive_;
  std::string folder_;
  mutable std::set<const ZipEntry*> verified_;  // storages whose CRC was checked (views share one)
};

// The pre-1.6 format starts with a pickled magic number (protocol 2: 0x80 0x02 then LONG1).
bool looks_like_legacy_torch(const BinaryFile& file) {
  unsigned char start[2];
  if (!file.contains(0, 2)) return false;
  file.read(0, 2, start, "the file signature");
  return start[0] == 0x80 && start[1] <= 5;
}

}  // namespace

TensorFileIndex read_pytorch_bin_index(const std::string& path) {
  BinaryFile file(path);
  if (!looks_like_zip(file)) {
    SIMCSE_CHECK(!looks_like_legacy_torch(file), path, ": this is PyTorch's legacy (pre-1.6) format; load it in ",
                 "Python and save it again with torch.save(state_dict, path) to get the zip format");
    fail(path, ": not a PyTorch zip archive (no zip signature at the start)");
  }
  ZipArchive archive(file);
  // The pickle is <folder>/data.pkl, where the folder name is whatever the writer chose.
  const ZipEntry* pickle_entry = nullptr;
  for (const ZipEntry& entry : archive.entries()) {
    const std::string suffix = "data.pkl";
    if (entry.name.size() >= suffix.size() &&
        entry.name.compare(entry.name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        entry.name.find('/') == entry.name.size() - suffix.size() - 1) {
      pickle_entry = &entry;
      break;
    }
  }
  SIMCSE_CHECK(pickle_entry != nullptr, path, ": a zip archive without <folder>/data.pkl: not a torch.save file");
  const std::string folder = pickle_entry->name.substr(0, pickle_entry->name.size() - 8);
  if (const ZipEntry* byteorder = archive.find(folder + "byteorder")) {
    const std::string order = archive.read(*byteorder, 16);
    SIMCSE_CHECK(order == "little", path, ": tensors were saved ", quoted_input(order),
                 "-endian; only little-endian is supported");
  }

  StateDictReader reader(file, archive, folder);
  const std::string pickle_bytes = archive.read(*pickle_entry, kMaxPickleBytes);
  const PickleRef state_dict = unpickle(pickle_bytes, reader.callbacks(), path + " (" + pickle_entry->name + ")");
  TensorFileIndex index;
  index.path = path;
  index.tensors = reader.stored_tensors(*state_dict);
  return index;
}

}  // namespace simcse
