#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "io/checkpoint.h"
#include "io/state_dict.h"
#include "io/torch_pickle.h"
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
