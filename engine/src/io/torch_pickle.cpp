#include "io/torch_pickle.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include "io/atomic_file.h"
#include "io/pickle_machine.h"
#include "io/zip_directory.h"
#include "resdense/error.h"

namespace resdense {
namespace {

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

// Materialises the tensors parse_state_pickle found: each storage record is read once, each
// view (checked against its storage by the pickle machine) is copied out once.
class Materialiser {
public:
    Materialiser(const std::string& path, caffe2::serialize::PyTorchStreamReader& archive)
        : m_path(path), m_archive(archive)
    {
    }

    torch::Tensor tensor(const PickledTensor& t)
    {
        auto done = m_tensors.find(t.id);
        if (done != m_tensors.end())
            return done->second;
        const torch::Tensor& flat = storage(t);
        torch::Tensor out = t.numel == 0 ? torch::empty(t.size, flat.options())
                                         : flat.as_strided(t.size, t.stride, t.offset).clone();
        m_tensors.emplace(t.id, out);
        return out;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error(m_path + ": not a readable PyTorch weights file: " + what);
    }

    // The whole storage as a 1-D tensor over the record's bytes (kept alive in m_records).
    const torch::Tensor& storage(const PickledTensor& t)
    {
        auto cached = m_storages.find(t.storage_key);
        if (cached != m_storages.end())
            return cached->second;
        const StorageType* st = nullptr;
        for (const auto& candidate : kStorageTypes)
            if (t.storage_type == candidate.name)
                st = &candidate;
        if (!st)
            fail("unsupported storage type " + printable(t.storage_type));
        const std::string record = "data/" + t.storage_key;
        if (!m_archive.hasRecord(record))
            fail("the archive lacks the tensor data " + printable(record));
        auto [ptr, bytes] = m_archive.getRecord(record);
        const auto elem = static_cast<std::size_t>(c10::elementSize(st->type));
        if (static_cast<std::uint64_t>(t.storage_numel) > bytes / elem)
            fail("tensor data " + printable(record) + " holds " + std::to_string(bytes) +
                 " bytes, " + std::to_string(static_cast<std::uint64_t>(t.storage_numel) * elem) +
                 " expected");
        torch::Tensor flat =
            torch::from_blob(ptr.get(), {t.storage_numel}, torch::TensorOptions().dtype(st->type));
        m_records.push_back(std::move(ptr));
        return m_storages.emplace(t.storage_key, flat).first->second;
    }

    std::string m_path;
    caffe2::serialize::PyTorchStreamReader& m_archive;
    std::vector<at::DataPtr> m_records;
    std::map<std::string, torch::Tensor> m_storages;
    std::map<std::size_t, torch::Tensor> m_tensors;
};

// c10::Error's message, cut to its first line.
std::string first_line(const std::string& s)
{
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

bool looks_like_zip(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K';
}

// PyTorchStreamReader allocates each record's uncompressed size as the zip directory states it
// before inflating. torch.save stores records uncompressed; a file recompressed by hand
// deflates weights by little, so a record may claim at most 4x the file's size (plus 1 MiB).
void check_zip_sizes(const std::string& path)
{
    std::vector<ZipEntry> entries;
    std::error_code ec;
    const std::uint64_t file_size = std::filesystem::file_size(path, ec);
    if (ec || !read_zip_directory(path, entries))
        throw Error(path + ": not a readable PyTorch archive: no valid zip central directory "
                           "(a truncated or damaged file?)");
    const std::uint64_t allowed = 4 * file_size + (1u << 20);
    for (const auto& e : entries)
        if (e.uncompressed > allowed)
            throw Error(path + ": not a readable PyTorch archive: record " + printable(e.name) +
                        " inflates to " + std::to_string(e.uncompressed) +
                        " bytes from a file of " + std::to_string(file_size) +
                        " (a zip bomb? at most 4x the file's size is read)");
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
    check_zip_sizes(path);
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
        PickledStateFile parsed;
        {
            auto [ptr, size] = archive.getRecord("data.pkl");
            parsed = parse_state_pickle(std::string_view(static_cast<const char*>(ptr.get()), size),
                                        path);
        }
        TorchFile file;
        file.strings = std::move(parsed.strings);
        Materialiser materialiser(path, archive);
        for (const auto& [dict_path, pickled] : parsed.tensor_dicts) {
            NamedTensors tensors;
            tensors.reserve(pickled.size());
            for (const auto& [name, t] : pickled)
                tensors.emplace_back(name, materialiser.tensor(t));
            file.tensor_dicts.emplace_back(dict_path, std::move(tensors));
        }
        return file;
    } catch (const c10::Error& e) {
        throw Error(path +
                    ": not a readable PyTorch archive: " + first_line(e.what_without_backtrace()));
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
