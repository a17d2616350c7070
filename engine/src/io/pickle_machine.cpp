#include "io/pickle_machine.h"

#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <variant>

#include "resdense/error.h"

namespace resdense {
namespace {

// ---- A small, safe pickle machine for the subset torch.save emits (protocol 2) ----

using Id = std::uint32_t; // a value's index in the arena

struct Global {
    std::string module, name;
};
struct StorageRef {
    std::string key, type;
    std::int64_t numel = 0;
};
struct TensorRef {
    std::size_t index; // into Machine::m_tensors
};
struct Dict {
    std::vector<std::pair<Id, Id>> items;
};
struct Tuple {
    std::vector<Id> items;
};
struct List {
    std::vector<Id> items;
};
struct None {};
struct Mark {};

struct Value {
    std::variant<None, Mark, bool, std::int64_t, double, std::string, Global, StorageRef, Dict,
                 Tuple, List, TensorRef>
        v;
    // Containers nested below this one, as built (1 for an empty container, 0 for the rest).
    std::size_t depth = 0;
};

// The singletons, created once.
constexpr Id kNone = 0, kMark = 1, kTrue = 2, kFalse = 3;

// a + b, saturating at INT64_MAX (both non-negative).
std::int64_t sat_add(std::int64_t a, std::int64_t b)
{
    std::int64_t r;
    return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

class Machine {
public:
    Machine(std::string_view pickle, const std::string& path, const PickleLimits& limits)
        : m_path(path), m_limits(limits), m_data(pickle.data()), m_size(pickle.size())
    {
        for (Value v : {Value{None{}}, Value{Mark{}}, Value{true}, Value{false}})
            m_arena.push_back(std::move(v));
    }

    PickledStateFile run()
    {
        const Id root = execute();
        if (!std::holds_alternative<Dict>(m_arena[root].v))
            throw Error(m_path + ": holds no dict of tensors (a whole pickled model? "
                                 "save model.state_dict() instead)");
        collect(root, "", 0);
        check_total();
        return std::move(m_out);
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error(m_path + ": not a readable PyTorch weights file: " + what);
    }

    Id execute()
    {
        while (true) {
            const auto op = static_cast<unsigned char>(byte());
            switch (op) {
            case 0x80: byte(); break;   // PROTO
            case 0x95: bytes(8); break; // FRAME
            case '.': return pop();     // STOP
            case '(': push(kMark); break;
            case '}': push(make(Dict{}, 1)); break;
            case ']': push(make(List{}, 1)); break;
            case ')': push(make(Tuple{}, 1)); break;
            case 'N': push(kNone); break;
            case 0x88: push(kTrue); break;
            case 0x89: push(kFalse); break;
            case 'K':
                push(make(static_cast<std::int64_t>(static_cast<unsigned char>(byte()))));
                break;
            case 'M': push(make(static_cast<std::int64_t>(little<std::uint16_t>()))); break;
            case 'J': push(make(static_cast<std::int64_t>(little<std::int32_t>()))); break;
            case 0x8a: push(make(long_int(static_cast<unsigned char>(byte())))); break;
            case 'G': push(make(big_double())); break;
            case 'X': push(make(std::string(bytes(little<std::uint32_t>())))); break;
            case 0x8c: push(make(std::string(bytes(static_cast<unsigned char>(byte()))))); break;
            case 'T': push(make(std::string(bytes(little<std::uint32_t>())))); break;
            case 'U': push(make(std::string(bytes(static_cast<unsigned char>(byte()))))); break;
            case 'q': memo_put(static_cast<unsigned char>(byte())); break;
            case 'r': memo_put(little<std::uint32_t>()); break;
            case 0x94: memo_put(m_memo.size()); break;
            case 'h': push(memo_get(static_cast<unsigned char>(byte()))); break;
            case 'j': push(memo_get(little<std::uint32_t>())); break;
            case 'c': global(); break;
            case 't': push(container(Tuple{pop_to_mark()})); break;
            case 0x85: tuple_of(1); break;
            case 0x86: tuple_of(2); break;
            case 0x87: tuple_of(3); break;
            case 'l': push(container(List{pop_to_mark()})); break;
            case 'a': append({pop()}); break;
            case 'e': append(pop_to_mark()); break;
            case 's': {
                const Id v = pop();
                const Id k = pop();
                setitems({k, v});
                break;
            }
            case 'u': setitems(pop_to_mark()); break;
            case 'b': pop(); break; // BUILD: ignore object state (an OrderedDict's _metadata)
            case 'R': reduce(); break;
            case 0x81: { // NEWOBJ: cls, args
                pop();
                reduce_object(pop());
            }
            case 'Q': persistent(); break;
            default:
                fail("unsupported pickle opcode 0x" + hex(op) + " at byte " +
                     std::to_string(m_pos - 1));
            }
        }
    }

    static std::string hex(unsigned v)
    {
        const char* digits = "0123456789abcdef";
        return {digits[(v >> 4) & 15], digits[v & 15]};
    }

    char byte()
    {
        if (m_pos >= m_size)
            fail("the pickle ends early");
        return m_data[m_pos++];
    }

    std::string_view bytes(std::size_t n)
    {
        if (n > m_size - m_pos)
            fail("the pickle ends early");
        std::string_view s(m_data + m_pos, n);
        m_pos += n;
        return s;
    }

    template <typename T> T little()
    {
        auto s = bytes(sizeof(T));
        T v;
        std::memcpy(&v, s.data(), sizeof(T)); // x86 and ARM are little-endian, as pickle is
        return v;
    }

    double big_double()
    {
        auto s = bytes(8);
        char swapped[8];
        for (int i = 0; i < 8; ++i)
            swapped[i] = s[7 - i];
        double v;
        std::memcpy(&v, swapped, 8);
        return v;
    }

    std::int64_t long_int(std::size_t n)
    {
        if (n > 8)
            fail("integer too large");
        auto s = bytes(n);
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
        if (n > 0 && n < 8 && (static_cast<unsigned char>(s[n - 1]) & 0x80))
            v |= ~std::uint64_t{0} << (8 * n); // sign-extend
        return static_cast<std::int64_t>(v);
    }

    template <typename T> Id make(T x, std::size_t depth = 0)
    {
        if (m_arena.size() >= m_limits.max_objects)
            fail("more than " + std::to_string(m_limits.max_objects) + " objects");
        check_depth(depth);
        m_arena.push_back(Value{std::move(x), depth});
        return static_cast<Id>(m_arena.size() - 1);
    }

    void check_depth(std::size_t depth) const
    {
        if (depth > m_limits.max_depth)
            fail("containers nested deeper than " + std::to_string(m_limits.max_depth) + " levels");
    }

    std::size_t depth_of(const std::vector<Id>& items) const
    {
        std::size_t d = 0;
        for (Id i : items)
            d = std::max(d, m_arena[i].depth);
        return d;
    }

    template <typename C> Id container(C c)
    {
        const std::size_t depth = 1 + depth_of(c.items);
        return make(std::move(c), depth);
    }

    void push(Id v) { m_stack.push_back(v); }

    Id pop()
    {
        if (m_stack.empty())
            fail("stack underflow");
        const Id v = m_stack.back();
        m_stack.pop_back();
        return v;
    }

    std::vector<Id> pop_to_mark()
    {
        std::size_t mark = m_stack.size();
        while (mark > 0 && m_stack[mark - 1] != kMark)
            --mark;
        if (mark == 0)
            fail("stack underflow");
        std::vector<Id> items(m_stack.begin() + static_cast<std::ptrdiff_t>(mark), m_stack.end());
        m_stack.resize(mark - 1);
        return items;
    }

    void tuple_of(std::size_t n)
    {
        std::vector<Id> items(n);
        for (std::size_t i = n; i-- > 0;)
            items[i] = pop();
        push(container(Tuple{std::move(items)}));
    }

    void memo_put(std::size_t index)
    {
        if (m_stack.empty())
            fail("memo of an empty stack");
        if (m_memo.size() >= m_limits.max_memo && !m_memo.count(index))
            fail("more than " + std::to_string(m_limits.max_memo) + " memo entries");
        m_memo[index] = m_stack.back();
    }

    Id memo_get(std::size_t index)
    {
        auto it = m_memo.find(index);
        if (it == m_memo.end())
            fail("reference to an unknown memo entry");
        return it->second;
    }

    void global()
    {
        auto read_line = [&] {
            const char* start = m_data + m_pos;
            const void* nl = std::memchr(start, '\n', m_size - m_pos);
            if (!nl)
                fail("the pickle ends early");
            std::string s(start, static_cast<const char*>(nl));
            m_pos += s.size() + 1;
            return s;
        };
        Global g;
        g.module = read_line();
        g.name = read_line();
        push(make(std::move(g)));
    }

    Value& top(const char* what)
    {
        if (m_stack.empty())
            fail(std::string(what) + " on an empty stack");
        return m_arena[m_stack.back()];
    }

    void append(const std::vector<Id>& items)
    {
        Value& target = top("append");
        auto* list = std::get_if<List>(&target.v);
        if (!list)
            fail("append to something that is not a list");
        const std::size_t depth = std::max(target.depth, 1 + depth_of(items));
        check_depth(depth);
        target.depth = depth;
        list->items.insert(list->items.end(), items.begin(), items.end());
    }

    void setitems(const std::vector<Id>& kv)
    {
        Value& target = top("setitems");
        auto* dict = std::get_if<Dict>(&target.v);
        if (!dict)
            fail("setitems on something that is not a dict");
        if (kv.size() % 2 != 0)
            fail("a dict item without a value");
        const std::size_t depth = std::max(target.depth, 1 + depth_of(kv));
        check_depth(depth);
        target.depth = depth;
        for (std::size_t i = 0; i < kv.size(); i += 2)
            dict->items.emplace_back(kv[i], kv[i + 1]);
    }

    const std::vector<Id>& tuple(Id v, std::size_t min_size, const char* what)
    {
        const auto* t = std::get_if<Tuple>(&m_arena[v].v);
        if (!t || t->items.size() < min_size)
            fail(std::string("malformed arguments for ") + what);
        return t->items;
    }

    std::vector<std::int64_t> ints(Id v, const char* what)
    {
        std::vector<std::int64_t> out;
        for (Id item : tuple(v, 0, what)) {
            const auto* i = std::get_if<std::int64_t>(&m_arena[item].v);
            if (!i)
                fail(std::string("non-integer in ") + what);
            out.push_back(*i);
        }
        return out;
    }

    [[noreturn]] void reduce_object(Id cls)
    {
        const auto* g = std::get_if<Global>(&m_arena[cls].v);
        fail("it contains a Python object" +
             (g ? " of type " + printable(g->module + "." + g->name) : std::string()) +
             ", which is not part of a state dict (only tensors and dicts are read)");
    }

    void reduce()
    {
        const Id args = pop();
        const Id callable = pop();
        const auto* g = std::get_if<Global>(&m_arena[callable].v);
        if (!g)
            fail("a call of something that is not a global");
        const std::string name = g->module + "." + g->name;
        if (name == "collections.OrderedDict") {
            push(make(Dict{}, 1));
        } else if (name == "torch._utils._rebuild_tensor_v2" ||
                   name == "torch._utils._rebuild_tensor") {
            const auto& a = tuple(args, 4, "_rebuild_tensor");
            const auto* storage = std::get_if<StorageRef>(&m_arena[a[0]].v);
            const auto* offset = std::get_if<std::int64_t>(&m_arena[a[1]].v);
            if (!storage || !offset)
                fail("malformed tensor");
            rebuild(*storage, *offset, ints(a[2], "tensor size"), ints(a[3], "tensor stride"));
        } else if (name == "torch.jit._pickle.restore_type_tag") {
            // torch::pickle_save tags dicts with their static type: (value, "Dict[str, Tensor]").
            push(tuple(args, 1, "restore_type_tag")[0]);
        } else if (name == "torch._utils._rebuild_parameter") {
            const Id t = tuple(args, 1, "_rebuild_parameter")[0];
            if (!std::holds_alternative<TensorRef>(m_arena[t].v))
                fail("malformed parameter");
            push(t);
        } else {
            reduce_object(callable);
        }
    }

    // Checks the view against its storage and records it; nothing is allocated for its data.
    void rebuild(const StorageRef& storage, std::int64_t offset, std::vector<std::int64_t> size,
                 std::vector<std::int64_t> stride)
    {
        if (size.size() != stride.size() || offset < 0)
            fail("malformed tensor geometry");
        std::int64_t numel = 1;
        for (std::size_t d = 0; d < size.size(); ++d) {
            if (size[d] < 0 || stride[d] < 0)
                fail("negative tensor size or stride");
            if (__builtin_mul_overflow(numel, size[d], &numel))
                fail("tensor size overflows");
        }
        // The highest element index the view touches, computed without overflow: a crafted
        // file must not make the view read outside the storage.
        if (numel > 0) {
            std::int64_t last = offset;
            for (std::size_t d = 0; d < size.size(); ++d) {
                std::int64_t reach = 0;
                if (__builtin_mul_overflow(size[d] - 1, stride[d], &reach) ||
                    __builtin_add_overflow(last, reach, &last))
                    fail("tensor geometry overflows");
            }
            if (last >= storage.numel)
                fail("a tensor reaches past the end of its storage (element " +
                     std::to_string(last) + " of " + std::to_string(storage.numel) + ")");
        }
        PickledTensor t;
        t.storage_key = storage.key;
        t.storage_type = storage.type;
        t.storage_numel = storage.numel;
        t.offset = offset;
        t.size = std::move(size);
        t.stride = std::move(stride);
        t.numel = numel;
        t.id = m_tensors.size();
        m_tensors.push_back(std::move(t));
        push(make(TensorRef{m_tensors.size() - 1}));
    }

    void persistent()
    {
        const Id pid = pop();
        const auto& a = tuple(pid, 5, "a storage reference");
        const auto* tag = std::get_if<std::string>(&m_arena[a[0]].v);
        const auto* type = std::get_if<Global>(&m_arena[a[1]].v);
        const auto* key = std::get_if<std::string>(&m_arena[a[2]].v);
        const auto* numel = std::get_if<std::int64_t>(&m_arena[a[4]].v);
        if (!tag || *tag != "storage" || !type || !key || !numel || *numel < 0)
            fail("malformed storage reference");
        // Later references to a storage are the first one, whatever they claim.
        auto cached = m_storages.find(*key);
        if (cached != m_storages.end()) {
            push(cached->second);
            return;
        }
        bool known = false;
        for (const auto& name : pickle_storage_types())
            known = known || type->name == name;
        if (!known)
            fail("unsupported storage type " + printable(type->module + "." + type->name));
        const Id id = make(StorageRef{*key, type->name, *numel});
        m_storages.emplace(*key, id);
        push(id);
    }

    // Walks the decoded dicts, collecting those that hold tensors. Each dict is walked once.
    void collect(Id dict_id, const std::string& path, int depth)
    {
        if (depth > 16 || !m_walked.insert(dict_id).second)
            return;
        const auto& dict = std::get<Dict>(m_arena[dict_id].v);
        PickledTensors tensors;
        for (const auto& [k, v] : dict.items) {
            const auto* key = std::get_if<std::string>(&m_arena[k].v);
            if (!key)
                continue;
            const Value& value = m_arena[v];
            if (const auto* t = std::get_if<TensorRef>(&value.v)) {
                spend_text(key->size());
                const PickledTensor& tensor = m_tensors[t->index];
                check_expansion(*key, tensor);
                tensors.emplace_back(*key, tensor);
            } else if (std::holds_alternative<Dict>(value.v)) {
                const std::string sub = path.empty() ? *key : path + "/" + *key;
                spend_text(sub.size());
                collect(v, sub, depth + 1);
            } else if (const auto* s = std::get_if<std::string>(&value.v); s && depth == 0) {
                spend_text(key->size() + s->size());
                m_out.strings.emplace_back(*key, *s);
            }
        }
        if (!tensors.empty())
            m_out.tensor_dicts.emplace_back(path, std::move(tensors));
    }

    // Names are copied out of the pickle; through the memo one long key could be named a
    // million times.
    void spend_text(std::size_t n)
    {
        m_text += n;
        if (m_text > 2 * m_size + (1u << 20))
            fail("its names are longer in all than the pickle itself");
    }

    // A view may have more elements than its storage only through stride 0 or overlap
    // (torch.save of an expanded tensor); it is materialised only when the excess is small.
    void check_expansion(const std::string& name, const PickledTensor& t)
    {
        if (t.numel > t.storage_numel && t.numel - t.storage_numel > m_limits.max_expanded)
            fail("tensor " + printable(name) + " claims " + std::to_string(t.numel) +
                 " elements over a storage of " + std::to_string(t.storage_numel) +
                 " (a stride-0 or overlapping view; at most " +
                 std::to_string(m_limits.max_expanded) +
                 " more elements than its storage are "
                 "materialised)");
        if (m_counted.insert(t.id).second)
            m_view_elements = sat_add(m_view_elements, t.numel);
        if (m_counted_storages.insert(t.storage_key).second)
            m_storage_elements = sat_add(m_storage_elements, t.storage_numel);
    }

    void check_total() const
    {
        const std::int64_t allowed =
            sat_add(sat_add(m_storage_elements, m_storage_elements), m_limits.expanded_slack);
        if (m_view_elements > allowed)
            fail("its tensors claim " + std::to_string(m_view_elements) +
                 " elements in all over storages of " + std::to_string(m_storage_elements) +
                 " (stride-0 or overlapping views)");
    }

    std::string m_path;
    PickleLimits m_limits;
    const char* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
    std::deque<Value> m_arena; // references stay valid as it grows
    std::vector<Id> m_stack;
    std::map<std::size_t, Id> m_memo;
    std::map<std::string, Id> m_storages;
    std::vector<PickledTensor> m_tensors;

    PickledStateFile m_out;
    std::set<Id> m_walked;
    std::size_t m_text = 0;
    std::set<std::size_t> m_counted;
    std::set<std::string> m_counted_storages;
    std::int64_t m_view_elements = 0, m_storage_elements = 0;
};

} // namespace

const std::vector<std::string>& pickle_storage_types()
{
    static const std::vector<std::string> types = {
        "FloatStorage", "DoubleStorage", "HalfStorage",   "BFloat16Storage",
        "LongStorage",  "IntStorage",    "ShortStorage",  "CharStorage",
        "ByteStorage",  "BoolStorage",   "UntypedStorage"};
    return types;
}

std::string printable(std::string_view s)
{
    constexpr std::size_t kMax = 80;
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    if (s.size() > kMax)
        out += "...";
    return out;
}

PickledStateFile parse_state_pickle(std::string_view pickle, const std::string& path,
                                    const PickleLimits& limits)
{
    return Machine(pickle, path, limits).run();
}

} // namespace resdense
