#include "io/torch_pickle.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <variant>

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include "io/atomic_file.h"
#include "resdense/error.h"

namespace resdense {
namespace {

// ---- A small, safe pickle machine for the subset torch.save emits (protocol 2) ----

struct Value;
using ValuePtr = std::shared_ptr<Value>;
struct Global {
    std::string module, name;
};
struct Storage {
    torch::Tensor flat; // 1-D tensor over the whole storage
};
struct Dict {
    std::vector<std::pair<ValuePtr, ValuePtr>> items;
};
struct Tuple {
    std::vector<ValuePtr> items;
};
struct List {
    std::vector<ValuePtr> items;
};
struct None {};
struct Mark {};

struct Value {
    std::variant<None, Mark, bool, std::int64_t, double, std::string, Global, Storage, Dict, Tuple,
                 List, torch::Tensor>
        v;
};

template <typename T> ValuePtr make(T x)
{
    auto p = std::make_shared<Value>();
    p->v = std::move(x);
    return p;
}

struct StorageType {
    const char* name;
    c10::ScalarType type;
};
constexpr StorageType kStorageTypes[] = {
    {"FloatStorage", c10::kFloat},  {"DoubleStorage", c10::kDouble},
    {"HalfStorage", c10::kHalf},    {"BFloat16Storage", c10::kBFloat16},
    {"LongStorage", c10::kLong},    {"IntStorage", c10::kInt},
    {"ShortStorage", c10::kShort},  {"CharStorage", c10::kChar},
    {"ByteStorage", c10::kByte},    {"BoolStorage", c10::kBool},
    {"UntypedStorage", c10::kByte},
};

class Unpickler {
public:
    Unpickler(const std::string& path, caffe2::serialize::PyTorchStreamReader& archive,
              const char* data, std::size_t size)
        : m_path(path), m_archive(archive), m_data(data), m_size(size)
    {
    }

    ValuePtr run()
    {
        while (true) {
            const auto op = static_cast<unsigned char>(byte());
            switch (op) {
            case 0x80: byte(); break;            // PROTO
            case 0x95: bytes(8); break;          // FRAME
            case '.': return pop();              // STOP
            case '(': push(make(Mark{})); break; // MARK
            case '}': push(make(Dict{})); break;
            case ']': push(make(List{})); break;
            case ')': push(make(Tuple{})); break;
            case 'N': push(make(None{})); break;
            case 0x88: push(make(true)); break;
            case 0x89: push(make(false)); break;
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
            case 't': push(make(Tuple{pop_to_mark()})); break;
            case 0x85: tuple_of(1); break;
            case 0x86: tuple_of(2); break;
            case 0x87: tuple_of(3); break;
            case 'l': push(make(List{pop_to_mark()})); break;
            case 'a': append({pop()}); break;
            case 'e': append(pop_to_mark()); break;
            case 's': {
                auto v = pop();
                auto k = pop();
                setitems({k, v});
                break;
            }
            case 'u': setitems(pop_to_mark()); break;
            case 'b': pop(); break; // BUILD: ignore object state (an OrderedDict's _metadata)
            case 'R': reduce(); break;
            case 0x81: {
                pop();
                reduce_object(pop());
                break;
            } // NEWOBJ: cls, args
            case 'Q': persistent(); break;
            default:
                fail("unsupported pickle opcode 0x" + hex(op) + " at byte " +
                     std::to_string(m_pos - 1));
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error(m_path + ": not a readable PyTorch weights file: " + what);
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

    void push(ValuePtr v) { m_stack.push_back(std::move(v)); }

    ValuePtr pop()
    {
        if (m_stack.empty())
            fail("stack underflow");
        auto v = std::move(m_stack.back());
        m_stack.pop_back();
        return v;
    }

    std::vector<ValuePtr> pop_to_mark()
    {
        std::vector<ValuePtr> items;
        while (true) {
            auto v = pop();
            if (std::holds_alternative<Mark>(v->v))
                break;
            items.push_back(std::move(v));
        }
        return {items.rbegin(), items.rend()};
    }

    void tuple_of(std::size_t n)
    {
        std::vector<ValuePtr> items(n);
        for (std::size_t i = n; i-- > 0;)
            items[i] = pop();
        push(make(Tuple{std::move(items)}));
    }

    void memo_put(std::size_t index)
    {
        if (m_stack.empty())
            fail("memo of an empty stack");
        m_memo[index] = m_stack.back();
    }

    ValuePtr memo_get(std::size_t index)
    {
        auto it = m_memo.find(index);
        if (it == m_memo.end())
            fail("reference to an unknown memo entry");
        return it->second;
    }

    void global()
    {
        auto read_line = [&] {
            std::string s;
            for (char c = byte(); c != '\n'; c = byte())
                s += c;
            return s;
        };
        Global g;
        g.module = read_line();
        g.name = read_line();
        push(make(g));
    }

    void append(const std::vector<ValuePtr>& items)
    {
        if (m_stack.empty())
            fail("append without a list");
        auto* list = std::get_if<List>(&m_stack.back()->v);
        if (!list)
            fail("append to something that is not a list");
        list->items.insert(list->items.end(), items.begin(), items.end());
    }

    void setitems(const std::vector<ValuePtr>& kv)
    {
        if (m_stack.empty())
            fail("setitems without a dict");
        auto* dict = std::get_if<Dict>(&m_stack.back()->v);
        if (!dict)
            fail("setitems on something that is not a dict");
        if (kv.size() % 2 != 0)
            fail("a dict item without a value");
        for (std::size_t i = 0; i < kv.size(); i += 2)
            dict->items.emplace_back(kv[i], kv[i + 1]);
    }

    const Tuple& tuple(const ValuePtr& v, std::size_t min_size, const char* what)
    {
        const auto* t = std::get_if<Tuple>(&v->v);
        if (!t || t->items.size() < min_size)
            fail(std::string("malformed arguments for ") + what);
        return *t;
    }

    std::vector<std::int64_t> ints(const ValuePtr& v, const char* what)
    {
        std::vector<std::int64_t> out;
        for (const auto& item : tuple(v, 0, what).items) {
            const auto* i = std::get_if<std::int64_t>(&item->v);
            if (!i)
                fail(std::string("non-integer in ") + what);
            out.push_back(*i);
        }
        return out;
    }

    [[noreturn]] void reduce_object(const ValuePtr& cls)
    {
        const auto* g = std::get_if<Global>(&cls->v);
        fail("it contains a Python object" +
             (g ? " of type " + g->module + "." + g->name : std::string()) +
             ", which is not part of a state dict (only tensors and dicts are read)");
    }

    void reduce()
    {
        auto args = pop();
        auto callable = pop();
        const auto* g = std::get_if<Global>(&callable->v);
        if (!g)
            fail("a call of something that is not a global");
        const std::string name = g->module + "." + g->name;
        if (name == "collections.OrderedDict") {
            push(make(Dict{}));
        } else if (name == "torch._utils._rebuild_tensor_v2" ||
                   name == "torch._utils._rebuild_tensor") {
            const auto& a = tuple(args, 4, "_rebuild_tensor").items;
            const auto* storage = std::get_if<Storage>(&a[0]->v);
            const auto* offset = std::get_if<std::int64_t>(&a[1]->v);
            if (!storage || !offset)
                fail("malformed tensor");
            push(make(rebuild(*storage, *offset, ints(a[2], "tensor size"),
                              ints(a[3], "tensor stride"))));
        } else if (name == "torch.jit._pickle.restore_type_tag") {
            // torch::pickle_save tags dicts with their static type: (value, "Dict[str, Tensor]").
            push(tuple(args, 1, "restore_type_tag").items[0]);
        } else if (name == "torch._utils._rebuild_parameter") {
            const auto& a = tuple(args, 1, "_rebuild_parameter").items;
            if (!std::holds_alternative<torch::Tensor>(a[0]->v))
                fail("malformed parameter");
            push(a[0]);
        } else {
            reduce_object(callable);
        }
    }

    torch::Tensor rebuild(const Storage& storage, std::int64_t offset,
                          const std::vector<std::int64_t>& size,
                          const std::vector<std::int64_t>& stride)
    {
        if (size.size() != stride.size() || offset < 0)
            fail("malformed tensor geometry");
        // The highest element index the view touches, computed without overflow: a crafted
        // file must not make as_strided read outside the storage.
        std::int64_t last = offset;
        for (std::size_t d = 0; d < size.size(); ++d) {
            if (size[d] < 0 || stride[d] < 0)
                fail("negative tensor size or stride");
            if (size[d] == 0)
                return torch::empty(size, storage.flat.options());
        }
        for (std::size_t d = 0; d < size.size(); ++d) {
            std::int64_t reach = 0;
            if (__builtin_mul_overflow(size[d] - 1, stride[d], &reach) ||
                __builtin_add_overflow(last, reach, &last))
                fail("tensor geometry overflows");
        }
        if (last >= storage.flat.numel())
            fail("a tensor reaches past the end of its storage");
        return storage.flat.as_strided(size, stride, offset).clone();
    }

    void persistent()
    {
        auto pid = pop();
        const auto& a = tuple(pid, 5, "a storage reference").items;
        const auto* tag = std::get_if<std::string>(&a[0]->v);
        const auto* type = std::get_if<Global>(&a[1]->v);
        const auto* key = std::get_if<std::string>(&a[2]->v);
        const auto* numel = std::get_if<std::int64_t>(&a[4]->v);
        if (!tag || *tag != "storage" || !type || !key || !numel || *numel < 0)
            fail("malformed storage reference");
        auto cached = m_storages.find(*key);
        if (cached != m_storages.end()) {
            push(make(cached->second));
            return;
        }
        const StorageType* st = nullptr;
        for (const auto& candidate : kStorageTypes)
            if (type->name == candidate.name)
                st = &candidate;
        if (!st)
            fail("unsupported storage type " + type->module + "." + type->name);
        const std::string record = "data/" + *key;
        if (!m_archive.hasRecord(record))
            fail("the archive lacks the tensor data " + record);
        auto [ptr, bytes] = m_archive.getRecord(record);
        const auto elem = static_cast<std::size_t>(c10::elementSize(st->type));
        if (static_cast<std::uint64_t>(*numel) > bytes / elem)
            fail("tensor data " + record + " holds " + std::to_string(bytes) + " bytes, " +
                 std::to_string(static_cast<std::size_t>(*numel) * elem) + " expected");
        Storage storage;
        storage.flat =
            torch::from_blob(ptr.get(), {*numel}, torch::TensorOptions().dtype(st->type)).clone();
        m_storages.emplace(*key, storage);
        push(make(storage));
    }

    std::string m_path;
    caffe2::serialize::PyTorchStreamReader& m_archive;
    const char* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
    std::vector<ValuePtr> m_stack;
    std::map<std::size_t, ValuePtr> m_memo;
    std::map<std::string, Storage> m_storages;
};

// Walks the decoded dicts, collecting those that hold tensors.
void collect(const Dict& dict, const std::string& path, TorchFile& out, int depth)
{
    if (depth > 16)
        return;
    NamedTensors tensors;
    for (const auto& [k, v] : dict.items) {
        const auto* key = std::get_if<std::string>(&k->v);
        if (!key)
            continue;
        if (const auto* t = std::get_if<torch::Tensor>(&v->v))
            tensors.emplace_back(*key, *t);
        else if (const auto* sub = std::get_if<Dict>(&v->v))
            collect(*sub, path.empty() ? *key : path + "/" + *key, out, depth + 1);
        else if (const auto* s = std::get_if<std::string>(&v->v); s && depth == 0)
            out.strings.emplace_back(*key, *s);
    }
    if (!tensors.empty())
        out.tensor_dicts.emplace_back(path, std::move(tensors));
}

bool looks_like_zip(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K';
}

} // namespace

const NamedTensors* TorchFile::dict(const std::string& path) const
{
    for (const auto& [p, tensors] : tensor_dicts)
        if (p == path)
            return &tensors;
    return nullptr;
}

std::string TorchFile::string(const std::string& key) const
{
    for (const auto& [k, v] : strings)
        if (k == key)
            return v;
    return {};
}

TorchFile read_torch_file(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(path + ": no such file");
    if (!looks_like_zip(path))
        throw Error(path +
                    ": not a PyTorch zip archive (files from torch.save before PyTorch 1.6 "
                    "or other formats are not supported; re-save with a current torch.save)");
    try {
        caffe2::serialize::PyTorchStreamReader archive(path);
        if (archive.hasRecord("constants.pkl"))
            throw Error(path + ": a TorchScript module, not a state dict (save "
                               "model.state_dict() with torch.save instead)");
        if (!archive.hasRecord("data.pkl"))
            throw Error(path + ": the archive has no data.pkl (is it a TorchScript module? "
                               "save model.state_dict() instead)");
        if (archive.hasRecord("byteorder")) {
            auto [ptr, size] = archive.getRecord("byteorder");
            if (std::string(static_cast<const char*>(ptr.get()), size) != "little")
                throw Error(path + ": written on a big-endian machine, which is not supported");
        }
        auto [ptr, size] = archive.getRecord("data.pkl");
        Unpickler unpickler(path, archive, static_cast<const char*>(ptr.get()), size);
        ValuePtr root = unpickler.run();
        const auto* dict = std::get_if<Dict>(&root->v);
        if (!dict)
            throw Error(path + ": holds no dict of tensors (a whole pickled model? "
                               "save model.state_dict() instead)");
        TorchFile file;
        collect(*dict, "", file, 0);
        return file;
    } catch (const c10::Error& e) {
        throw Error(path + ": not a readable PyTorch archive: " + e.what_without_backtrace());
    }
}

void write_torch_file(const std::string& path, const TorchFile& contents)
{
    auto tensor_dict = [](const NamedTensors& tensors) {
        c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
        for (const auto& [name, t] : tensors)
            dict.insert(name, t.detach().to(torch::kCPU).contiguous());
        return dict;
    };
    c10::IValue root;
    if (contents.strings.empty() && contents.tensor_dicts.size() == 1 &&
        contents.tensor_dicts[0].first.empty()) {
        root = tensor_dict(contents.tensor_dicts[0].second);
    } else {
        c10::impl::GenericDict top(c10::StringType::get(), c10::AnyType::get());
        for (const auto& [k, v] : contents.strings)
            top.insert(k, v);
        for (const auto& [key, tensors] : contents.tensor_dicts)
            top.insert(key.empty() ? std::string("state_dict") : key, tensor_dict(tensors));
        root = top;
    }
    const std::vector<char> bytes = torch::pickle_save(root);

    namespace fs = std::filesystem;
    const fs::path target(path);
    std::error_code ec;
    if (target.has_parent_path())
        fs::create_directories(target.parent_path(), ec);
    write_file_atomic(path, std::string_view(bytes.data(), bytes.size()));
}

} // namespace resdense
