// Starting training from pretrained weights: the torch hub cache, the file's hash, refusals, the
// new head, the gray-image stem, the old DenseNet key layout, and training start itself.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "io/checkpoint.h"
#include "io/pretrained.h"
#include "io/state_dict.h"
#include "io/torch_pickle.h"
#include "resdense/error.h"
#include "resdense/pretrained.h"
#include "resdense/repeats.h"
#include "resdense/run_config.h"
#include "resdense/trainer.h"
#include "resdense/weights.h"
#include "trainer_test_support.h"

using namespace resdense;
namespace fs = std::filesystem;

namespace {

// Sets environment variables for one test and restores them afterwards.
class EnvGuard {
public:
    ~EnvGuard()
    {
        for (const auto& [name, value] : m_saved)
            if (value)
                ::setenv(name.c_str(), value->c_str(), 1);
            else
                ::unsetenv(name.c_str());
    }
    void set(const std::string& name, const std::optional<std::string>& value)
    {
        if (!m_saved.count(name)) {
            const char* old = std::getenv(name.c_str());
            m_saved[name] = old ? std::optional<std::string>(old) : std::nullopt;
        }
        if (value)
            ::setenv(name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }

private:
    std::map<std::string, std::optional<std::string>> m_saved;
};

class PretrainedTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() /
                ("resdense-pretrained-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override
    {
        std::error_code ec;
        fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_dir, ec);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    // A torchvision-style state dict of a freshly built preset (ImageNet: 1000 classes).
    std::string save_state_dict(const std::string& name, const ModelSpec& spec,
                                std::uint64_t seed = 1)
    {
        Net net = make_model(spec, seed);
        TorchFile file;
        file.tensor_dicts.emplace_back("", state_dict(*net));
        write_torch_file(path(name), file);
        return path(name);
    }

    fs::path m_dir;
};

std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

const torch::Tensor& tensor(const NamedTensors& state, const std::string& name)
{
    for (const auto& [n, t] : state)
        if (n == name)
            return t;
    throw std::runtime_error("no tensor " + name);
}

ModelSpec fitted(const std::string& preset, int in_channels, int classes)
{
    ModelSpec s = model_spec(preset);
    s.in_channels = in_channels;
    s.num_classes = classes;
    return s;
}

void touch(const fs::path& p)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
}

} // namespace

TEST(Sha256, KnownVectors)
{
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // Longer than one block, and than the file reader's buffer.
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(PretrainedTest, FileHashEqualsBytesHash)
{
    const std::string bytes(3 * 1024 * 1024 + 17, 'q');
    std::ofstream(path("f.bin"), std::ios::binary) << bytes;
    EXPECT_EQ(sha256_file(path("f.bin")), sha256_hex(bytes));
    EXPECT_NE(error_of([&] { sha256_file(path("none.bin")); }).find("none.bin"), std::string::npos);
}

TEST_F(PretrainedTest, HubFolderHonoursTorchHomeThenXdgCacheHomeThenHome)
{
    EnvGuard env;
    env.set("TORCH_HOME", path("th"));
    env.set("XDG_CACHE_HOME", path("xdg"));
    env.set("HOME", path("home"));
    EXPECT_EQ(torch_hub_checkpoints_dir(), path("th") + "/hub/checkpoints");
    env.set("TORCH_HOME", std::nullopt);
    EXPECT_EQ(torch_hub_checkpoints_dir(), path("xdg") + "/torch/hub/checkpoints");
    env.set("XDG_CACHE_HOME", std::nullopt);
    EXPECT_EQ(torch_hub_checkpoints_dir(), path("home") + "/.cache/torch/hub/checkpoints");
    env.set("TORCH_HOME", "~/th"); // expanded as os.path.expanduser does
    EXPECT_EQ(torch_hub_checkpoints_dir(), path("home") + "/th/hub/checkpoints");
}

TEST_F(PretrainedTest, ImagenetFindsPublishedNamesFirstThenAnyHash)
{
    EnvGuard env;
    env.set("TORCH_HOME", path("th"));
    const fs::path hub = path("th") + "/hub/checkpoints";
    touch(hub / "resnet18-0123abcd.pth");
    touch(hub / "resnet18-notahash.pth");
    touch(hub / "resnet152-f82ba261.pth");
    touch(hub / "densenet121-a639ec97.pth.partial");
    EXPECT_EQ(resolve_pretrained("imagenet", model_spec("resnet18")),
              (hub / "resnet18-0123abcd.pth").string());
    touch(hub / "resnet18-f37072fd.pth");
    EXPECT_EQ(resolve_pretrained("imagenet", model_spec("resnet18")),
              (hub / "resnet18-f37072fd.pth").string());
    // Classes and input channels do not change which file is meant.
    EXPECT_EQ(resolve_pretrained("imagenet", fitted("resnet18", 1, 10)),
              (hub / "resnet18-f37072fd.pth").string());
    EXPECT_EQ(resolve_pretrained("imagenet", model_spec("resnet152")),
              (hub / "resnet152-f82ba261.pth").string());
    // Through XDG_CACHE_HOME when TORCH_HOME is not set.
    env.set("TORCH_HOME", std::nullopt);
    env.set("XDG_CACHE_HOME", path("xdg"));
    touch(path("xdg") + "/torch/hub/checkpoints/densenet121-a639ec97.pth");
    EXPECT_EQ(resolve_pretrained("imagenet", model_spec("densenet121")),
              path("xdg") + "/torch/hub/checkpoints/densenet121-a639ec97.pth");
}

TEST_F(PretrainedTest, MissingHubWeightsNameTheFolderAndTheOneLiner)
{
    EnvGuard env;
    env.set("TORCH_HOME", path("th"));
    const std::string hub = path("th") + "/hub/checkpoints";
    const std::string one_liner =
        "python3 -c \"import torchvision; torchvision.models.densenet121(weights='DEFAULT')\"";
    // No folder, an empty folder, a folder holding only other files.
    for (int round = 0; round < 3; ++round) {
        if (round == 1)
            fs::create_directories(hub);
        if (round == 2)
            touch(fs::path(hub) / "resnet18-f37072fd.pth");
        const std::string msg =
            error_of([] { resolve_pretrained("imagenet", model_spec("densenet121")); });
        EXPECT_NE(msg.find(hub), std::string::npos) << msg;
        EXPECT_NE(msg.find(one_liner), std::string::npos) << msg;
        EXPECT_NE(msg.find("nothing is downloaded"), std::string::npos) << msg;
    }
    if (::geteuid() != 0) { // root reads any folder
        fs::permissions(hub, fs::perms::none);
        const std::string msg =
            error_of([] { resolve_pretrained("imagenet", model_spec("densenet121")); });
        EXPECT_NE(msg.find(one_liner), std::string::npos) << msg;
        fs::permissions(hub, fs::perms::owner_all);
    }
}

TEST_F(PretrainedTest, ImagenetOnlyForTorchvisionArchitectures)
{
    EXPECT_EQ(torchvision_arch(model_spec("resnet50")), "resnet50");
    EXPECT_EQ(torchvision_arch(fitted("densenet161", 1, 10)), "densenet161");
    EXPECT_EQ(torchvision_arch(model_spec("resnet20")), "");
    ModelSpec small = model_spec("resnet18");
    small.stem = Stem::Small;
    EXPECT_EQ(torchvision_arch(small), "");
    ModelSpec grown = model_spec("densenet121");
    grown.growth_rate = 16;
    EXPECT_EQ(torchvision_arch(grown), "");
    EXPECT_NE(
        error_of([] { resolve_pretrained("imagenet", model_spec("resnet20")); }).find("resnet18"),
        std::string::npos);

    RunConfig c = testing_support::tiny();
    c.slots[0].pretrained.source = "imagenet";
    const auto problem = check(c);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->code, "no_imagenet_weights");
    EXPECT_EQ(problem->field, "slots.a.pretrained");
}

TEST_F(PretrainedTest, WrongArchitectureNamesBothAndTheFirstMismatchingKey)
{
    const std::string r18 = save_state_dict("r18.pth", model_spec("resnet18"));
    std::string msg =
        error_of([&] { check_pretrained(r18, model_spec("resnet34"), "model a (resnet34)"); });
    EXPECT_NE(msg.find("holds resnet18 weights"), std::string::npos) << msg;
    EXPECT_NE(msg.find("model a (resnet34)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("first mismatching key layer1.2.conv1.weight (not in the file)"),
              std::string::npos)
        << msg;

    const std::string r34 = save_state_dict("r34.pth", model_spec("resnet34"));
    msg = error_of([&] { check_pretrained(r34, model_spec("resnet18"), "model a (resnet18)"); });
    EXPECT_NE(msg.find("holds resnet34 weights"), std::string::npos) << msg;
    EXPECT_NE(msg.find("layer1.2.conv1.weight (not in the model)"), std::string::npos) << msg;

    const std::string d121 = save_state_dict("d121.pth", model_spec("densenet121"));
    msg = error_of([&] { check_pretrained(d121, model_spec("resnet18"), "model b (resnet18)"); });
    EXPECT_NE(msg.find("holds densenet121 weights"), std::string::npos) << msg;
    EXPECT_NE(msg.find("conv1.weight (not in the file)"), std::string::npos) << msg;

    // A ResDense checkpoint of another depth is described by its spec.
    Net r20 = make_model(model_spec("resnet20"), 0);
    write_checkpoint(path("r20.pt"), model_spec("resnet20"), *r20);
    msg = error_of(
        [&] { check_pretrained(path("r20.pt"), model_spec("resnet32"), "model a (resnet32)"); });
    EXPECT_NE(msg.find("CIFAR ResNet-20"), std::string::npos) << msg;
    EXPECT_NE(msg.find("layer1.3.conv1.weight"), std::string::npos) << msg;
}

TEST_F(PretrainedTest, NewHeadWhenTheClassCountDiffers)
{
    const std::string file = save_state_dict("r18.pth", model_spec("resnet18"), 1);
    const ModelSpec spec = fitted("resnet18", 3, 10);
    Net net = make_model(spec, 7);
    const NamedTensors built = state_dict(*net);
    const auto fc_weight = tensor(built, "fc.weight").clone(),
               fc_bias = tensor(built, "fc.bias").clone();
    const auto notes = apply_pretrained(*net, spec, read_pretrained(file), file, "model a");
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0], "fc: 1000 → 10 classes, new");
    const NamedTensors after = state_dict(*net);
    const NamedTensors source = read_pretrained(file).tensors;
    // The head is the model's own, torchvision's initialisation (nn.Linear's default for ResNet).
    EXPECT_EQ(tensor(after, "fc.weight").sizes(), (std::vector<std::int64_t>{10, 512}));
    EXPECT_TRUE(torch::equal(tensor(after, "fc.weight"), fc_weight));
    EXPECT_TRUE(torch::equal(tensor(after, "fc.bias"), fc_bias));
    const double bound = 1.0 / std::sqrt(512.0);
    EXPECT_LE(fc_weight.abs().max().item<double>(), bound);
    EXPECT_LE(fc_bias.abs().max().item<double>(), bound);
    EXPECT_GT(fc_bias.abs().max().item<double>(), 0.0);
    // Everything else comes from the file.
    for (const auto& [name, t] : after) {
        if (!name.starts_with("fc.")) {
            EXPECT_TRUE(torch::equal(t, tensor(source, name))) << name;
        }
    }

    // DenseNet: a new classifier with a zero bias, as torchvision initialises it.
    const std::string d = save_state_dict("d121.pth", model_spec("densenet121"), 2);
    const ModelSpec dspec = fitted("densenet121", 3, 7);
    Net dnet = make_model(dspec, 3);
    EXPECT_EQ(apply_pretrained(*dnet, dspec, read_pretrained(d), d, "model b"),
              std::vector<std::string>{"classifier: 1000 → 7 classes, new"});
    const NamedTensors dafter = state_dict(*dnet);
    EXPECT_EQ(tensor(dafter, "classifier.weight").sizes(), (std::vector<std::int64_t>{7, 1024}));
    EXPECT_TRUE(torch::equal(tensor(dafter, "classifier.bias"), torch::zeros({7})));

    // The same class count keeps the file's head.
    Net same = make_model(model_spec("resnet18"), 9);
    EXPECT_TRUE(
        apply_pretrained(*same, model_spec("resnet18"), read_pretrained(file), file, "a").empty());
    EXPECT_TRUE(torch::equal(tensor(state_dict(*same), "fc.weight"), tensor(source, "fc.weight")));
}

TEST_F(PretrainedTest, GrayImagesSumTheStemOverRgb)
{
    const std::string file = save_state_dict("r18.pth", model_spec("resnet18"), 4);
    Net rgb = make_model(model_spec("resnet18"), 0);
    apply_pretrained(*rgb, model_spec("resnet18"), read_pretrained(file), file, "rgb");
    const ModelSpec gray_spec = fitted("resnet18", 1, 1000);
    Net gray = make_model(gray_spec, 0);
    const auto notes = apply_pretrained(*gray, gray_spec, read_pretrained(file), file, "gray");
    EXPECT_EQ(notes,
              std::vector<std::string>{"conv1: RGB weights summed to 1 channel (gray images)"});
    const auto source = read_pretrained(file).tensors;
    EXPECT_TRUE(torch::allclose(tensor(state_dict(*gray), "conv1.weight"),
                                tensor(source, "conv1.weight").sum(1, true)));
    // The same logits as the RGB model on the gray image replicated to three channels.
    rgb->eval();
    gray->eval();
    torch::NoGradGuard no_grad;
    torch::manual_seed(0);
    const auto x = torch::rand({2, 1, 32, 32});
    const auto a = gray->forward(x), b = rgb->forward(x.repeat({1, 3, 1, 1}));
    EXPECT_LE((a - b).abs().max().item<double>(), 1e-4 * b.abs().max().item<double>());

    // DenseNet's stem is features.conv0.
    const std::string d = save_state_dict("d121.pth", model_spec("densenet121"), 5);
    const ModelSpec dgray = fitted("densenet121", 1, 10);
    Net dnet = make_model(dgray, 0);
    const auto dnotes = apply_pretrained(*dnet, dgray, read_pretrained(d), d, "b");
    EXPECT_EQ(dnotes, (std::vector<std::string>{
                          "classifier: 1000 → 10 classes, new",
                          "features.conv0: RGB weights summed to 1 channel (gray images)"}));
}

TEST_F(PretrainedTest, GrayWeightsIntoAnRgbModelAreRefusedClearly)
{
    const std::string file = save_state_dict("gray.pth", fitted("resnet18", 1, 10));
    const std::string msg =
        error_of([&] { check_pretrained(file, fitted("resnet18", 3, 10), "model a (resnet18)"); });
    EXPECT_NE(msg.find("1-channel (gray) images"), std::string::npos) << msg;
    EXPECT_NE(msg.find("model a (resnet18) takes 3-channel images"), std::string::npos) << msg;
    EXPECT_NE(msg.find("conv1.weight [64, 1, 7, 7]"), std::string::npos) << msg;
    // And a ResDense checkpoint of a gray model into a 4-channel one.
    const std::string msg4 =
        error_of([&] { check_pretrained(file, fitted("resnet18", 4, 10), "model a (resnet18)"); });
    EXPECT_NE(msg4.find("takes 4-channel images"), std::string::npos) << msg4;
}

TEST_F(PretrainedTest, OldDenseNetLayoutWithoutBatchCountersReadsEverywhere)
{
    // torchvision's published DenseNet files: "denselayerN.norm.1.weight", no num_batches_tracked.
    Net net = make_model(model_spec("densenet121"), 11);
    {
        torch::NoGradGuard no_grad;
        for (auto& [name, t] : state_dict(*net))
            if (name.ends_with("running_mean"))
                t.uniform_(-0.5, 0.5);
            else if (name.ends_with("num_batches_tracked"))
                t.fill_(5);
    }
    const NamedTensors current = state_dict(*net);
    NamedTensors old;
    const std::regex new_name(R"(^(.*denselayer\d+\.(?:norm|conv))([12])\.(.*)$)");
    for (const auto& [name, t] : current) {
        if (name.ends_with("num_batches_tracked"))
            continue;
        old.emplace_back(std::regex_replace(name, new_name, "$1.$2.$3"), t);
    }
    ASSERT_EQ(old[1].first, "features.norm0.weight"); // not a dense layer: unchanged
    bool renamed = false;
    for (const auto& [name, t] : old)
        renamed = renamed || name == "features.denseblock1.denselayer1.norm.1.weight";
    ASSERT_TRUE(renamed);
    TorchFile file;
    file.tensor_dicts.emplace_back("", old);
    write_torch_file(path("old.pth"), file);

    // import-torchvision
    const ModelSpec spec =
        import_torchvision(model_spec("densenet121"), path("old.pth"), path("imported.pt"));
    EXPECT_EQ(spec.num_classes, 1000);
    Net back = load_model(path("imported.pt"));
    for (const auto& [name, t] : state_dict(*back)) {
        if (name.ends_with("num_batches_tracked")) {
            EXPECT_EQ(t.item<std::int64_t>(), 0) << name;
        } else {
            EXPECT_TRUE(torch::equal(t, tensor(current, name))) << name;
        }
    }
    // training start
    Net fresh = make_model(model_spec("densenet121"), 0);
    apply_pretrained(*fresh, model_spec("densenet121"), read_pretrained(path("old.pth")),
                     path("old.pth"), "a");
    EXPECT_TRUE(
        torch::equal(tensor(state_dict(*fresh), "features.denseblock4.denselayer16.conv2.weight"),
                     tensor(current, "features.denseblock4.denselayer16.conv2.weight")));
    EXPECT_EQ(inspect_weights(path("old.pth")).tensors, old.size());
}

TEST_F(PretrainedTest, ConfigRecordsTheWeightsAndReadsOldConfigs)
{
    RunConfig c = testing_support::tiny();
    c.slots[1].pretrained = {"imagenet", "/x/densenet121-a639ec97.pth", std::string(64, 'a')};
    const std::string json = to_json(c);
    EXPECT_EQ(run_config_from_json(json), c);
    // A slot without pretrained weights writes no field, and a config without it reads as none.
    auto j = nlohmann::json::parse(json);
    EXPECT_FALSE(j["slots"][0].contains("pretrained"));
    EXPECT_EQ(j["slots"][1]["pretrained"]["sha256"], std::string(64, 'a'));
    j["slots"][1].erase("pretrained");
    EXPECT_TRUE(run_config_from_json(j.dump()).slots[1].pretrained.empty());

    c.slots[1].pretrained.sha256 = "xyz";
    ASSERT_TRUE(check(c));
    EXPECT_EQ(check(c)->code, "bad_sha256");
}

TEST_F(PretrainedTest, ChangedWeightsFileIsRefused)
{
    const std::string file = save_state_dict("r18.pth", model_spec("resnet18"));
    const PretrainedWeights pinned = pin_pretrained({file, "", ""}, model_spec("resnet18"));
    EXPECT_EQ(pinned.path, file);
    EXPECT_EQ(pinned.sha256, sha256_file(file));
    EXPECT_EQ(pin_pretrained(pinned, model_spec("resnet18")), pinned);
    save_state_dict("r18.pth", model_spec("resnet18"), 99);
    const std::string msg = error_of([&] { pin_pretrained(pinned, model_spec("resnet18")); });
    EXPECT_NE(msg.find("changed"), std::string::npos) << msg;
    EXPECT_NE(error_of([&] {
                  pin_pretrained({path("gone.pth"), "", ""}, model_spec("resnet18"));
              }).find("gone.pth: no such weights file"),
              std::string::npos);
}

namespace {

struct MessageSink : testing_support::RecordingSink {
    std::vector<std::string> messages;
    void on_message(const std::string& text) override { messages.push_back(text); }
};

RunConfig pretrained_run(const std::string& weights)
{
    RunConfig c = testing_support::tiny(1);
    c.dataset.image_size = 32;
    c.dataset.spec = "shapes:60";
    c.dataset.test_limit = 10;
    c.batch_size = 20;
    c.augment = {};
    SlotConfig s = testing_support::slot("a", "resnet18", 18);
    s.optimizer.lr = 1e-12; // the weights stay where they started
    s.optimizer.weight_decay = 0.0;
    s.pretrained.source = weights;
    c.slots = {s};
    return c;
}

} // namespace

TEST_F(PretrainedTest, TrainingStartsFromTheWeightsAndRecordsTheirHash)
{
    const std::string file = save_state_dict("r18.pth", model_spec("resnet18"), 21);
    MessageSink sink;
    const RunSummary summary = train(pretrained_run(file), path("run"), sink);
    EXPECT_TRUE(summary.completed);
    ASSERT_EQ(sink.messages.size(), 2u);
    EXPECT_NE(sink.messages[0].find("model a: starts from " + file + " (resnet18"),
              std::string::npos)
        << sink.messages[0];
    EXPECT_EQ(sink.messages[1], "model a: fc: 1000 → 10 classes, new");

    const RunConfig recorded = read_run_config(path("run"));
    EXPECT_EQ(recorded.slots[0].pretrained.source, file);
    EXPECT_EQ(recorded.slots[0].pretrained.path, file);
    EXPECT_EQ(recorded.slots[0].pretrained.sha256, sha256_file(file));

    const NamedTensors source = read_pretrained(file).tensors;
    const NamedTensors last = read_checkpoint(path("run/models/a-last.pt")).model;
    for (const char* name :
         {"conv1.weight", "layer3.1.conv2.weight", "layer4.0.downsample.0.weight"})
        EXPECT_TRUE(torch::allclose(tensor(last, name), tensor(source, name), 0, 1e-6)) << name;
}

TEST_F(PretrainedTest, RefusedWeightsLeaveNoRunFolder)
{
    EnvGuard env;
    env.set("TORCH_HOME", path("empty-torch-home"));
    const std::string r34 = save_state_dict("r34.pth", model_spec("resnet34"));
    for (const std::string& source : {r34, std::string("imagenet"), path("missing.pth")}) {
        MessageSink sink;
        const std::string msg = error_of([&] { train(pretrained_run(source), path("run"), sink); });
        EXPECT_FALSE(msg.empty()) << source;
        EXPECT_FALSE(fs::exists(path("run"))) << source << ": " << msg;
        // The repeats of a duel are refused before repeats.json is written.
        const std::string repeats_msg = error_of([&] {
            create_repeats(path("rep"), {pretrained_run(source), {0, 1}});
        });
        EXPECT_FALSE(repeats_msg.empty()) << source;
        EXPECT_FALSE(fs::exists(path("rep") + "/repeats.json")) << source;
    }
}

TEST_F(PretrainedTest, ResumeStartsFromTheWeightsOnlyBeforeTheFirstCheckpoint)
{
    const std::string file = save_state_dict("r18.pth", model_spec("resnet18"), 21);
    {
        MessageSink sink;
        sink.stop_epoch = 0;
        sink.stop_batch = 1; // stopped after one batch: a checkpoint set exists
        EXPECT_FALSE(train(pretrained_run(file), path("run"), sink).completed);
    }
    // With a checkpoint, the weights file is not needed any more.
    fs::rename(file, path("moved.pth"));
    {
        MessageSink sink;
        EXPECT_TRUE(resume(path("run"), sink).completed);
        EXPECT_TRUE(sink.messages.empty());
    }
    // Killed before its first checkpoint: the run starts again from the recorded file, which must
    // be the one config.json recorded.
    fs::rename(path("moved.pth"), file);
    {
        MessageSink sink;
        sink.stop_epoch = 0;
        sink.stop_batch = 1;
        train(pretrained_run(file), path("run2"), sink);
    }
    fs::remove_all(path("run2") + "/models");
    save_state_dict("r18.pth", model_spec("resnet18"), 22); // another file under the same name
    MessageSink refused;
    EXPECT_NE(error_of([&] { resume(path("run2"), refused); }).find("changed"), std::string::npos);
    save_state_dict("r18.pth", model_spec("resnet18"), 21); // the same bytes again
    MessageSink sink;
    EXPECT_TRUE(resume(path("run2"), sink).completed);
    ASSERT_EQ(sink.messages.size(), 2u);
    EXPECT_NE(sink.messages[0].find("starts from " + file), std::string::npos);
}
