// pickle.cc — the pickle interpreter: a stack, a mark stack and a memo, one case per opcode.
// Opcode meanings follow CPython's Lib/pickletools.py, which documents each one.
// Paper: none (infrastructure: checkpoint files)
#include "io/pickle.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <unordered_map>

#include "core/error.h"
#include "io/input_limits.h"

namespace simcse {

const char* PickleValue::name_of(Kind kind) {
  switch (kind) {
    case Kind::none: return "None";
    case Kind::boolean: return "bool";
    case Kind::integer: return "int";
    case Kind::floating: return "float";
    case Kind::string: return "str";
    case Kind::tuple: return "tuple";
    case Kind::list: return "list";
    case Kind::dict: return "dict";
    case Kind::global: return "global";
    case Kind::native: return "object";
  }
  return "?";
}

namespace {

using Kind = PickleValue::Kind;

PickleRef make(Kind kind) {
  auto value = std::make_shared<PickleValue>();
  value->kind = kind;
  return value;
}

PickleRef make_integer(int64_t number, Kind kind = Kind::integer) {
  PickleRef value = make(kind);
  value->integer = number;
  return value;
}

PickleRef make_string(std::string text, Kind kind = Kind::string) {
  PickleRef value = make(kind);
  value->text = std::move(text);
  return value;
}

class Machine {
 public:
  Machine(std::string_view bytes, const PickleCallbacks& callbacks, const std::string& source)
      : bytes_(bytes), callbacks_(callbacks), source_(source) {}

  PickleRef run() {
    while (position_ < bytes_.size()) {
      opcode_position_ = position_;
      opcode_ = static_cast<unsigned char>(bytes_[position_++]);
      if (opcode_ == '.') return pop();  // STOP
      step();
    }
    corrupt("the pickle ends without a STOP opcode (truncated?)");
  }

 private:
  template <typename... Parts>
  [[noreturn]] void corrupt(const Parts&... parts) const {
    fail(source_, ": bad pickle at byte ", opcode_position_, " (opcode 0x", std::hex, static_cast<int>(opcode_),
         std::dec, "): ", parts...);
  }

  // ---- reading operands ------------------------------------------------------------------------
  std::string_view take(uint64_t count) {
    if (count > bytes_.size() - position_) corrupt("an operand of ", count, " bytes runs past the end");
    std::string_view piece = bytes_.substr(position_, count);
    position_ += count;
    return piece;
  }
  uint64_t take_le(int width) {
    std::string_view piece = take(width);
    uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(piece[i]);
    return value;
  }
  std::string take_line() {
    const size_t end = bytes_.find('\n', position_);
    if (end == std::string_view::npos) corrupt("a text operand has no terminating newline");
    std::string line(bytes_.substr(position_, end - position_));
    position_ = end + 1;
    return line;
  }

  // ---- the stack -----------------------------------------------------------------------------
  size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  PickleRef pop() {
    if (stack_.size() <= floor()) corrupt("the stack is empty");
    PickleRef value = std::move(stack_.back());
    stack_.pop_back();
    return value;
  }
  PickleValue& top(Kind expected) {
    if (stack_.size() <= floor()) corrupt("the stack is empty");
    PickleValue& value = *stack_.back();
    if (value.kind != expected) corrupt("expected a ", PickleValue::name_of(expected), " on the stack, found a ",
                                        value.kind_name());
    return value;
  }
  std::vector<PickleRef> pop_to_mark() {
    if (marks_.empty()) corrupt("no MARK to pop to");
    std::vector<PickleRef> items(stack_.begin() + static_cast<std::ptrdiff_t>(marks_.back()), stack_.end());
    stack_.resize(marks_.back());
    marks_.pop_back();
    return items;
  }
  void push(PickleRef value) { stack_.push_back(std::move(value)); }

  // Every value that goes inside a container passes here. A container already inside another is
  // never changed again, and nothing goes inside itself, so the values form no cycle (reference
  // counting frees them all) and a container's depth, updated here, stays exact: it has no
  // parent whose depth would need updating too. Python's pickler builds each container fully
  // before using it, so only cyclic data (which a state_dict never holds) breaks these rules.
  void place(PickleValue& container, const PickleRef& item) {
    if (container.nested)
      corrupt("changes a ", container.kind_name(), " that is already inside another value (cyclic data)");
    if (item.get() == &container) corrupt("puts a ", container.kind_name(), " inside itself (cyclic data)");
    item->nested = true;
    container.depth = std::max(container.depth, item->depth + 1);
    if (container.depth > kMaxPickleDepth)
      corrupt("values nested more than ", kMaxPickleDepth, " levels deep (the limit in io/input_limits.h)");
  }
  void append(PickleValue& list, const std::vector<PickleRef>& items) {
    for (const PickleRef& item : items) place(list, item);
    list.items.insert(list.items.end(), items.begin(), items.end());
  }
  PickleRef container(Kind kind, const std::vector<PickleRef>& items) {
    PickleRef value = make(kind);
    append(*value, items);
    return value;
  }
  void add_entries(PickleValue& dict, const std::vector<PickleRef>& flat) {
    if (flat.size() % 2 != 0) corrupt("dict items come in key, value pairs; got an odd count");
    for (const PickleRef& item : flat) place(dict, item);
    for (size_t i = 0; i < flat.size(); i += 2) dict.entries.emplace_back(flat[i], flat[i + 1]);
  }
  void memo_put(uint64_t index) {
    if (stack_.size() <= floor()) corrupt("nothing on the stack to memoise");
    memo_[index] = stack_.back();
  }
  void memo_get(uint64_t index) {
    auto found = memo_.find(index);
    if (found == memo_.end()) corrupt("memo entry ", index, " was never stored");
    push(found->second);
  }

  PickleRef call(const PickleRef& callable, const PickleRef& args) {
    if (callable->kind != Kind::global) corrupt("calls a ", callable->kind_name(), ", not a global");
    if (args->kind != Kind::tuple) corrupt("call arguments must be a tuple, got a ", args->kind_name());
    if (!callbacks_.call) corrupt("calls ", quoted_input(callable->text), ", which this reader does not allow");
    return callbacks_.call(*callable, *args);
  }

  void step() {
    switch (opcode_) {
      case 0x80: take(1); break;  // PROTO: the version byte; every version's opcodes are handled alike
      case 0x95: take(8); break;  // FRAME: a length hint for buffered readers
      case '(': marks_.push_back(stack_.size()); break;  // MARK
      case ')': push(make(Kind::tuple)); break;           // EMPTY_TUPLE
      case ']': push(make(Kind::list)); break;            // EMPTY_LIST
      case '}': push(make(Kind::dict)); break;            // EMPTY_DICT
      case 0x8f: push(make(Kind::list)); break;           // EMPTY_SET (kept as a list)
      case 't': push(container(Kind::tuple, pop_to_mark())); break;  // TUPLE
      case 'l': push(container(Kind::list, pop_to_mark())); break;   // LIST
      case 0x85: case 0x86: case 0x87: {                             // TUPLE1, TUPLE2, TUPLE3
        std::vector<PickleRef> items(opcode_ - 0x84);
        for (size_t i = items.size(); i-- > 0;) items[i] = pop();
        push(container(Kind::tuple, items));
        break;
      }
      case 'd': {  // DICT
        PickleRef dict = make(Kind::dict);
        add_entries(*dict, pop_to_mark());
        push(dict);
        break;
      }
      case 'a': {  // APPEND
        PickleRef item = pop();
        append(top(Kind::list), {item});
        break;
      }
      case 'e': case 0x90: {  // APPENDS, ADDITEMS (sets are kept as lists)
        std::vector<PickleRef> items = pop_to_mark();
        append(top(Kind::list), items);
        break;
      }
      case 's': {  // SETITEM
        PickleRef value = pop(), key = pop();
        add_entries(top(Kind::dict), {key, value});
        break;
      }
      case 'u': {  // SETITEMS
        std::vector<PickleRef> flat = pop_to_mark();
        add_entries(top(Kind::dict), flat);
        break;
      }
      case 'q': memo_put(take_le(1)); break;        // BINPUT
      case 'r': memo_put(take_le(4)); break;        // LONG_BINPUT
      case 0x94: memo_put(memo_.size()); break;     // MEMOIZE
      case 'h': memo_get(take_le(1)); break;        // BINGET
      case 'j': memo_get(take_le(4)); break;        // LONG_BINGET
      case 'K': push(make_integer(static_cast<int64_t>(take_le(1)))); break;  // BININT1
      case 'M': push(make_integer(static_cast<int64_t>(take_le(2)))); break;  // BININT2
      case 'J': push(make_integer(static_cast<int32_t>(take_le(4)))); break;  // BININT (signed)
      case 0x8a: {  // LONG1: little-endian two's complement of n bytes
        const uint64_t width = take_le(1);
        if (width > 8) corrupt("an integer of ", width, " bytes does not fit 64 bits");
        uint64_t raw = width ? take_le(static_cast<int>(width)) : 0;
        if (width > 0 && width < 8 && (raw >> (8 * width - 1)) & 1) raw |= ~uint64_t{0} << (8 * width);
        push(make_integer(static_cast<int64_t>(raw)));
        break;
      }
      case 'N': push(make(Kind::none)); break;                     // NONE
      case 0x88: push(make_integer(1, Kind::boolean)); break;      // NEWTRUE
      case 0x89: push(make_integer(0, Kind::boolean)); break;      // NEWFALSE
      case 'G': {  // BINFLOAT: big-endian IEEE double
        std::string_view piece = take(8);
        uint64_t bits = 0;
        for (char byte : piece) bits = (bits << 8) | static_cast<unsigned char>(byte);
        PickleRef value = make(Kind::floating);
        value->floating = std::bit_cast<double>(bits);
        push(value);
        break;
      }
      case 'X': push(make_string(std::string(take(take_le(4))))); break;  // BINUNICODE
      case 0x8c: push(make_string(std::string(take(take_le(1))))); break; // SHORT_BINUNICODE
      case 0x8d: push(make_string(std::string(take(take_le(8))))); break; // BINUNICODE8
      case 'B': push(make_string(std::string(take(take_le(4))))); break;  // BINBYTES
      case 'C': push(make_string(std::string(take(take_le(1))))); break;  // SHORT_BINBYTES
      case 0x8e: push(make_string(std::string(take(take_le(8))))); break; // BINBYTES8
      case 'U': push(make_string(std::string(take(take_le(1))))); break;  // SHORT_BINSTRING
      case 'T': push(make_string(std::string(take(take_le(4))))); break;  // BINSTRING
      case 'c': {  // GLOBAL: "module\nname\n"
        std::string module = take_line();
        push(make_string(module + "." + take_line(), Kind::global));
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        PickleRef name = pop(), module = pop();
        if (name->kind != Kind::string || module->kind != Kind::string) corrupt("STACK_GLOBAL needs two strings");
        push(make_string(module->text + "." + name->text, Kind::global));
        break;
      }
      case 'R': case 0x81: {  // REDUCE, NEWOBJ: callable(*args)
        PickleRef args = pop(), callable = pop();
        push(call(callable, args));
        break;
      }
      case 'b': {  // BUILD: object.__setstate__(state)
        PickleRef state = pop();
        if (stack_.size() <= floor()) corrupt("BUILD with nothing to build");
        if (!callbacks_.build) corrupt("sets state on a ", stack_.back()->kind_name(), ", which is not allowed");
        callbacks_.build(*stack_.back(), *state);
        break;
      }
      case 'Q': {  // BINPERSID
        PickleRef id = pop();
        if (!callbacks_.persistent_load) corrupt("refers to a persistent object, which is not allowed here");
        push(callbacks_.persistent_load(*id));
        break;
      }
      case '0': {  // POP (a MARK on top counts as the item)
        if (!marks_.empty() && marks_.back() == stack_.size()) marks_.pop_back();
        else pop();
        break;
      }
      case '1': pop_to_mark(); break;  // POP_MARK
      case '2': {                      // DUP
        if (stack_.size() <= floor()) corrupt("the stack is empty");
        push(stack_.back());
        break;
      }
      default: corrupt("unknown or unsupported opcode");
    }
  }

  std::string_view bytes_;
  const PickleCallbacks& callbacks_;
  const std::string& source_;
  size_t position_ = 0, opcode_position_ = 0;
  unsigned char opcode_ = 0;
  std::vector<PickleRef> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, PickleRef> memo_;
};

}  // namespace

PickleRef unpickle(std::string_view bytes, const PickleCallbacks& callbacks, const std::string& source) {
  return Machine(bytes, callbacks, source).run();
}

}  // namespace simcse
