// pickle.h — a small interpreter for Python's pickle format, enough for the state_dict pickle that
// torch.save writes (protocol 2, plus the few protocol 3-4 opcodes newer writers emit).
// Paper: none (infrastructure: checkpoint files)
#pragma once

// It builds plain values (None, bool, int, float, str/bytes, tuple, list, dict) and never runs
// code: the two places where a pickle asks for Python behaviour — calling a global (REDUCE) and
// loading a persistent id (BINPERSID, how PyTorch refers to tensor storages) — go to callbacks
// that the caller writes for exactly the calls it expects (pytorch_bin.cc), and anything else is
// an error. Malformed input (stack underflow, bad memo index, truncation) is an error too, as are
// values nested deeper than kMaxPickleDepth and cyclic data (io/input_limits.h): freeing values
// recurses once per level, and a cycle would never be freed.

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace simcse {

struct PickleValue;
using PickleRef = std::shared_ptr<PickleValue>;  // shared: the pickle memo refers to values by identity

struct PickleValue {
  enum class Kind { none, boolean, integer, floating, string, tuple, list, dict, global, native };
  Kind kind = Kind::none;
  int64_t integer = 0;                             // integer, boolean
  double floating = 0;                             // floating
  std::string text;                                // string or bytes; global: "module.name"
  std::vector<PickleRef> items;                    // tuple, list
  std::vector<std::pair<PickleRef, PickleRef>> entries;  // dict, in insertion order
  std::any native;                                 // what a callback built (e.g. a tensor record)
  int depth = 1;                                   // levels of containers, itself included (at most kMaxPickleDepth)
  bool nested = false;                             // inside a container: then never changed again

  static const char* name_of(Kind kind);  // "dict", "tuple", ... for messages
  const char* kind_name() const { return name_of(kind); }
};

struct PickleCallbacks {
  // REDUCE / NEWOBJ: `callable` is a global (its text is "module.name"), `args` a tuple.
  std::function<PickleRef(const PickleValue& callable, const PickleValue& args)> call;
  // BINPERSID: the persistent id object.
  std::function<PickleRef(const PickleValue& persistent_id)> persistent_load;
  // BUILD: sets `state` on `object` (e.g. an OrderedDict's _metadata attribute).
  std::function<void(PickleValue& object, const PickleValue& state)> build;
};

// Runs the pickle program in `bytes` and returns the value STOP leaves. `source` names the
// file (and archive entry) in error messages.
PickleRef unpickle(std::string_view bytes, const PickleCallbacks& callbacks, const std::string& source);

}  // namespace simcse
