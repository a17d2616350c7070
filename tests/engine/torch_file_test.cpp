#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include "io/checkpoint.h"
#include "io/pickle_machine.h"
#include "io/state_dict.h"
#include "io/torch_pickle.h"
#include "io/zip_directory.h"
#include "resdense/error.h"
#include "resdense/weights.h"

using namespace resdense;
namespace fs = std::filesystem;

namespace {

class TorchFileTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() /
                ("resdense-test-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    std::string error_reading(const std::string& file) const
    {
        try {
            read_torch_file(file);
        } catch (const Error& e) {
            return e.what();
        }
        return {};
    }

    fs::path m_dir;
};

// Strings at the top level and the tensors under key ("" for a bare state dict).
void save(const std::string& path, std::vector<std::pair<std::string, std::string>> strings,
          const std::string& key, const NamedTensors& tensors)
{
    TorchFile file;
    file.strings = std::move(strings);
    file.tensor_dicts.emplace_back(key, tensors);
    write_torch_file(path, file);
}

void write_bytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// ---- Hand-written archives: a data.pkl of our choosing and raw storage records ----

// A pickle string (BINUNICODE).
std::string pstr(const std::string& s)
{
    const auto n = static_cast<std::uint32_t>(s.size());
    std::string out = "X";
    out.append(reinterpret_cast<const char*>(&n), 4);
    return out + s;
}

// A pickle integer (LONG1 with 8 bytes, any int64).
std::string pint(std::int64_t v)
{
    std::string out = "\x8a\x08";
    out.append(reinterpret_cast<const char*>(&v), 8);
    return out;
}

// A float tensor rebuilt over storage data/<key> of storage_numel elements.
std::string ptensor(const std::string& key, std::int64_t storage_numel, std::int64_t offset,
                    const std::vector<std::int64_t>& size, const std::vector<std::int64_t>& stride)
{
    std::string t = "ctorch._utils\n_rebuild_tensor_v2\n(";
    t += "(" + pstr("storage") + "ctorch\nFloatStorage\n" + pstr(key) + pstr("cpu") +
         pint(storage_numel) + "tQ";
    t += pint(offset) + "(";
    for (auto s : size)
        t += pint(s);
    t += "t(";
    for (auto s : stride)
        t += pint(s);
    t += "t\x89"
         "ccollections\nOrderedDict\n)RtR";
    return t;
}

// {name: tensor, ...} as the whole pickle.
std::string pdict(const std::vector<std::pair<std::string, std::string>>& items)
{
    std::string p = "\x80\x02}(";
    for (const auto& [k, v] : items)
        p += pstr(k) + v;
    return p + "u.";
}

void write_archive(const std::string& path, const std::string& pickle,
                   const std::vector<std::pair<std::string, std::string>>& records = {})
{
    caffe2::serialize::PyTorchStreamWriter writer(path);
    writer.writeRecord("data.pkl", pickle.data(), pickle.size());
    for (const auto& [name, bytes] : records)
        writer.writeRecord(name, bytes.data(), bytes.size());
    writer.writeEndOfFile();
}

std::string floats(std::size_t n, float value = 1.5f)
{
    std::vector<float> v(n, value);
    return {reinterpret_cast<const char*>(v.data()), n * sizeof(float)};
}

} // namespace

TEST_F(TorchFileTest, WriteThenReadKeepsTensorsStringsAndOrder)
{
    NamedTensors tensors = {{"b.weight", torch::randn({3, 4})},
                            {"a.count", torch::tensor(int64_t{7})},
                            {"half", torch::ones({2}, torch::kHalf)},
                            {"strided", torch::arange(12.0).reshape({3, 4}).t()}};
    save(path("f.pt"), {{"format", "x"}, {"note", "hello"}}, "model", tensors);
    const TorchFile f = read_torch_file(path("f.pt"));
    EXPECT_EQ(f.string("note"), "hello");
    EXPECT_EQ(f.string("absent"), "");
    const NamedTensors* model = f.dict("model");
    ASSERT_NE(model, nullptr);
    ASSERT_EQ(model->size(), tensors.size());
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        EXPECT_EQ((*model)[i].first, tensors[i].first);
        EXPECT_EQ((*model)[i].second.dtype(), tensors[i].second.dtype());
        EXPECT_TRUE(torch::equal((*model)[i].second, tensors[i].second)) << tensors[i].first;
    }
}

TEST_F(TorchFileTest, CheckpointRoundTripGivesTheSameModel)
{
    torch::manual_seed(3);
    auto spec = model_spec("densenet-bc-100");
    spec.depth = 40;
    spec.in_channels = 1;
    Net net = make_model(spec);
    write_checkpoint(path("m.pt"), spec, *net);
    Net back = load_model(path("m.pt"));
    net->eval();
    back->eval();
    auto x = torch::randn({2, 1, 28, 28});
    EXPECT_TRUE(torch::equal(net->forward(x), back->forward(x)));
    const WeightsInfo info = inspect_weights(path("m.pt"));
    EXPECT_TRUE(info.is_checkpoint);
    EXPECT_EQ(info.spec, spec);
    EXPECT_EQ(info.tensors, state_dict(*net).size());
}

TEST_F(TorchFileTest, ExportThenImportRestoresWeights)
{
    torch::manual_seed(4);
    auto spec = model_spec("resnet18");
    spec.num_classes = 10;
    Net net = make_model(spec);
    write_checkpoint(path("ours.pt"), spec, *net);
    export_torchvision(path("ours.pt"), path("tv.pth"));
    EXPECT_FALSE(inspect_weights(path("tv.pth")).is_checkpoint);
    // Imported under the plain preset (1000 classes): the class count follows the file.
    const ModelSpec imported =
        import_torchvision(model_spec("resnet18"), path("tv.pth"), path("back.pt"));
    EXPECT_EQ(imported.num_classes, 10);
    Net back = load_model(path("back.pt"));
    const auto a = state_dict(*net), b = state_dict(*back);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_TRUE(torch::equal(a[i].second, b[i].second)) << a[i].first;
}

TEST_F(TorchFileTest, ImportOfWrongArchitectureWritesNothing)
{
    Net net = make_model(model_spec("resnet20"));
    save(path("r20.pth"), {}, "", state_dict(*net));
    try {
        import_torchvision(model_spec("resnet18"), path("r20.pth"), path("out.pt"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(path("out.pt")));
}

TEST_F(TorchFileTest, CheckpointWhoseWeightsDoNotFitItsSpecIsRefused)
{
    Net r32 = make_model(model_spec("resnet32"));
    save(path("lie.pt"),
         {{"format", kCheckpointFormat},
          {"format_version", "1"},
          {"spec", to_json(model_spec("resnet20"))}},
         "model", state_dict(*r32));
    try {
        load_model(path("lie.pt"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("unexpected"), std::string::npos) << e.what();
    }
}

TEST_F(TorchFileTest, BareStateDictIsNotACheckpoint)
{
    save(path("sd.pth"), {}, "", {{"w", torch::zeros({2})}});
    EXPECT_THROW(read_checkpoint(path("sd.pth")), Error);
    EXPECT_THROW(export_torchvision(path("sd.pth"), path("x.pth")), Error);
}

TEST_F(TorchFileTest, MissingEmptyAndForeignFiles)
{
    EXPECT_NE(error_reading(path("nope.pt")).find("no such file"), std::string::npos);
    write_bytes(path("empty.pt"), "");
    EXPECT_NE(error_reading(path("empty.pt")).find("not a PyTorch zip archive"), std::string::npos);
    write_bytes(path("text.pt"), "hello, I am text\n");
    EXPECT_NE(error_reading(path("text.pt")).find(path("text.pt")), std::string::npos);
}

TEST_F(TorchFileTest, TruncatedFileIsAnErrorNotACrash)
{
    save(path("full.pt"), {}, "", {{"w", torch::randn({64, 64})}});
    const std::string bytes = read_bytes(path("full.pt"));
    for (std::size_t cut :
         {std::size_t{4}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 30}) {
        write_bytes(path("cut.pt"), bytes.substr(0, cut));
        const std::string msg = error_reading(path("cut.pt"));
        EXPECT_NE(msg.find(path("cut.pt")), std::string::npos) << "cut at " << cut << ": " << msg;
    }
}

TEST_F(TorchFileTest, FailedWriteLeavesTheOldFileIntact)
{
    write_bytes(path("keep.pt"), "precious");
    fs::create_directories(path("keep.pt.tmp")); // the temporary name cannot be created
    EXPECT_THROW(save(path("keep.pt"), {}, "", {{"w", torch::zeros({2})}}), Error);
    EXPECT_EQ(read_bytes(path("keep.pt")), "precious");
}

TEST_F(TorchFileTest, HandWrittenArchiveIsRead)
{
    write_archive(path("hand.pt"), pdict({{"w", ptensor("0", 6, 1, {2, 2}, {1, 2})}}),
                  {{"data/0", floats(6)}});
    const TorchFile f = read_torch_file(path("hand.pt"));
    ASSERT_NE(f.dict(""), nullptr);
    ASSERT_EQ(f.dict("")->size(), 1u);
    EXPECT_TRUE(torch::equal(f.dict("")->at(0).second, torch::full({2, 2}, 1.5f)));
}

// Hostile files: each is refused with one line naming the file, quickly and in little memory.

// 300,000 nested lists (600 KB): destroying them recursively overflowed the stack (SIGSEGV).
TEST_F(TorchFileTest, DeeplyNestedListsAreRefusedNotACrash)
{
    const std::size_t n = 300'000;
    write_archive(path("deep.pt"), "\x80\x02}(" + pstr("deep") + std::string(n, ']') +
                                       std::string(n - 1, 'a') + "u.");
    const std::string msg = error_reading(path("deep.pt"));
    EXPECT_EQ(msg.rfind(path("deep.pt") + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find("nested deeper than"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

// A stride-0 view of one float claiming 2^31 elements passed the bounds check and clone()
// allocated 8 GB.
TEST_F(TorchFileTest, ExpandedViewBeyondItsStorageIsRefused)
{
    write_archive(path("wide.pt"), pdict({{"w", ptensor("0", 1, 0, {std::int64_t{1} << 31}, {0})}}),
                  {{"data/0", floats(1)}});
    const std::string msg = error_reading(path("wide.pt"));
    EXPECT_EQ(msg.rfind(path("wide.pt") + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find("claims 2147483648 elements over a storage of 1"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

// Each view is small enough on its own; together they would materialise 160 MB from 4 bytes.
TEST_F(TorchFileTest, ManyExpandedViewsAreRefusedInAll)
{
    std::vector<std::pair<std::string, std::string>> items;
    for (int i = 0; i < 10; ++i)
        items.emplace_back(std::string("w").append(std::to_string(i)),
                           ptensor("0", 1, 0, {(std::int64_t{1} << 22) - i}, {0}));
    write_archive(path("many.pt"), pdict(items), {{"data/0", floats(1)}});
    const std::string msg = error_reading(path("many.pt"));
    EXPECT_EQ(msg.rfind(path("many.pt") + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find("in all"), std::string::npos) << msg;
}

// A small expanded tensor (torch.save of torch.zeros(1).expand(5)) and tied weights (two names,
// one tensor) are legitimate and still read.
TEST_F(TorchFileTest, SmallExpandedViewsAndTiedWeightsAreRead)
{
    const std::string tied = ptensor("1", 4, 0, {2, 2}, {2, 1});
    write_archive(path("ok.pt"),
                  "\x80\x02}(" + pstr("e") + ptensor("0", 1, 0, {5}, {0}) + pstr("a") + tied +
                      "\x94" + pstr("b") + std::string("h\0u.", 4),
                  {{"data/0", floats(1, 2.f)}, {"data/1", floats(4, 3.f)}});
    const TorchFile f = read_torch_file(path("ok.pt"));
    ASSERT_NE(f.dict(""), nullptr);
    ASSERT_EQ(f.dict("")->size(), 3u);
    EXPECT_TRUE(torch::equal(f.dict("")->at(0).second, torch::full({5}, 2.f)));
    EXPECT_TRUE(torch::equal(f.dict("")->at(2).second, torch::full({2, 2}, 3.f)));
}

// A dict holding itself 30 times: walking it to depth 16 took 30^16 steps.
TEST_F(TorchFileTest, SelfReferencingDictIsWalkedOnce)
{
    std::string p = "\x80\x02}\x94(";
    for (int i = 0; i < 30; ++i)
        p += pstr(std::string("k").append(std::to_string(i))) + std::string("h\0", 2);
    p += pstr("w") + ptensor("0", 1, 0, {1}, {1}) + "u.";
    write_archive(path("loop.pt"), p, {{"data/0", floats(1)}});
    const TorchFile f = read_torch_file(path("loop.pt"));
    ASSERT_EQ(f.tensor_dicts.size(), 1u);
    EXPECT_EQ(f.tensor_dicts[0].second.size(), 1u);
}

TEST_F(TorchFileTest, MemoFloodIsRefused)
{
    write_archive(path("memo.pt"), "\x80\x02N" + std::string(1'100'000, '\x94') + ".");
    const std::string msg = error_reading(path("memo.pt"));
    EXPECT_EQ(msg.rfind(path("memo.pt") + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find("memo entries"), std::string::npos) << msg;
}

TEST(PickleMachine, LimitsOnObjectsMemoAndDepth)
{
    auto error = [](const std::string& pickle, const PickleLimits& limits) -> std::string {
        try {
            parse_state_pickle(pickle, "x.pt", limits);
        } catch (const Error& e) {
            return e.what();
        }
        return {};
    };
    PickleLimits objects;
    objects.max_objects = 100;
    std::string ints = "\x80\x02";
    for (int i = 0; i < 200; ++i)
        ints += "K\x01";
    EXPECT_EQ(error(ints + ".", objects),
              "x.pt: not a readable PyTorch weights file: more than 100 objects");
    PickleLimits memo;
    memo.max_memo = 10;
    EXPECT_EQ(error("\x80\x02N" + std::string(11, '\x94') + ".", memo),
              "x.pt: not a readable PyTorch weights file: more than 10 memo entries");
    PickleLimits depth;
    depth.max_depth = 5;
    EXPECT_EQ(error("\x80\x02" + std::string(6, ']') + std::string(5, 'a') + ".", depth),
              "x.pt: not a readable PyTorch weights file: containers nested deeper than 5 levels");
    EXPECT_EQ(error("\x80\x02(((((((K\x01tttttt.", depth),
              "x.pt: not a readable PyTorch weights file: containers nested deeper than 5 levels");
    EXPECT_EQ(error("\x80\x02" + std::string(5, ']') + std::string(4, 'a') + "}.", depth), "");
}

TEST_F(TorchFileTest, ViewPastItsStorageIsRefused)
{
    write_archive(path("past.pt"), pdict({{"w", ptensor("0", 4, 1, {2, 2}, {2, 1})}}),
                  {{"data/0", floats(4)}});
    const std::string msg = error_reading(path("past.pt"));
    EXPECT_NE(msg.find("past the end of its storage"), std::string::npos) << msg;
    // A storage that claims more elements than its record holds.
    write_archive(path("short.pt"), pdict({{"w", ptensor("0", 4, 0, {4}, {1})}}),
                  {{"data/0", floats(3)}});
    EXPECT_NE(error_reading(path("short.pt")).find("12 bytes, 16 expected"), std::string::npos);
}

// The zip layer and the pickle machine together: a thousand deterministic mutations of a
// real archive (byte flips, overwrites, truncation) each read or fail with one line naming the
// file; never a crash. tests/fuzz/fuzz_torch_pickle fuzzes the pickle machine alone.
TEST_F(TorchFileTest, MutatedArchivesAreErrorsNotCrashes)
{
    NamedTensors tensors = {{"conv.weight", torch::randn({2, 1, 3, 3})},
                            {"bn.num_batches_tracked", torch::tensor(int64_t{3})}};
    save(path("seed.pt"), {{"format", "x"}}, "model", tensors);
    const std::string seed = read_bytes(path("seed.pt"));
    std::mt19937_64 rng(1);
    constexpr int kMutations = 1000;
    int read = 0, refused = 0;
    for (int i = 0; i < kMutations; ++i) {
        std::string bytes = seed;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % bytes.size();
            switch (rng() % 4) {
            case 0: bytes[at] = static_cast<char>(bytes[at] ^ (1 << (rng() % 8))); break;
            case 1: bytes[at] = static_cast<char>(rng()); break;
            case 2:
                bytes[at] = static_cast<char>(std::vector<int>{0, 0x7f, 0x80, 0xff}[rng() % 4]);
                break;
            default: bytes.resize(std::max<std::size_t>(at, 4)); break;
            }
        }
        write_bytes(path("m.pt"), bytes);
        try {
            read_torch_file(path("m.pt"));
            ++read;
        } catch (const Error& e) {
            ++refused;
            const std::string msg = e.what();
            ASSERT_EQ(msg.rfind(path("m.pt") + ": ", 0), 0u) << msg;
            ASSERT_EQ(msg.find('\n'), std::string::npos) << msg;
        }
    }
    EXPECT_GT(refused, 0);
    EXPECT_EQ(read + refused, kMutations);
}

// A deflated record of 1 GiB of zeros in a 1 MB file: PyTorchStreamReader allocated and
// inflated all of it (1.2 GB resident for `resdense inspect`); 16 MB would have cost 16 GB.
TEST_F(TorchFileTest, ZipBombIsRefusedBeforeInflating)
{
    save(path("real.pt"), {}, "", {{"w", torch::zeros({1})}});
    std::vector<ZipEntry> entries;
    ASSERT_TRUE(read_zip_directory(path("real.pt"), entries));
    ASSERT_GE(entries.size(), 2u);
    // Rewrite the central directory in place: the storage record claims 1 GiB (deflated).
    std::string bytes = read_bytes(path("real.pt"));
    const std::string name = entries[1].name;
    std::size_t at = std::string::npos;
    for (std::size_t pos = bytes.find("PK\x01\x02"); pos != std::string::npos;
         pos = bytes.find("PK\x01\x02", pos + 1))
        if (bytes.compare(pos + 46, name.size(), name) == 0)
            at = pos;
    ASSERT_NE(at, std::string::npos);
    const std::uint32_t claim = 1u << 30;
    bytes[at + 10] = 8; // deflated
    std::memcpy(&bytes[at + 24], &claim, 4);
    write_bytes(path("bomb.pt"), bytes);
    ASSERT_TRUE(read_zip_directory(path("bomb.pt"), entries));
    const std::string msg = error_reading(path("bomb.pt"));
    EXPECT_NE(msg.find(path("bomb.pt") + ": not a readable PyTorch archive: record " + name +
                       " inflates to 1073741824 bytes"),
              std::string::npos)
        << msg;
}
