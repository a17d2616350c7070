#include "problem_text.h"

#include <QCoreApplication>
#include <QtCore/qcoreapplication.h>
#include <QLocale>

#include "text_format.h"

namespace resdense::ui {

namespace {

} // namespace

// The translation context of problems' words ("resdense::ui::Problem"): Problem::tr().
class Problem {
    Q_DECLARE_TR_FUNCTIONS(resdense::ui::Problem)
};

namespace {

// The settings a problem can name, by their config key (the part after "slots.<slot>." and
// "model."), as the window's forms name them.
struct FieldName {
    const char* key;
    const char* name;
};
constexpr FieldName kFields[] = {
    {"lr", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The learning rate")},
    {"momentum", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Momentum")},
    {"weight_decay", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Weight decay")},
    {"betas", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Adam's beta")},
    {"eps", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Adam's epsilon")},
    {"label_smoothing", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Label smoothing")},
    {"clip_grad_norm", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The gradient clipping norm")},
    {"gamma", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The multi-step factor")},
    {"min_lr", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The cosine schedule's lowest learning rate")},
    {"milestones", QT_TRANSLATE_NOOP("resdense::ui::Problem", "A multi-step milestone (epoch)")},
    {"warmup_epochs", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Warm-up (epochs)")},
    {"pct_start", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The one-cycle schedule's rising share")},
    {"div_factor", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The one-cycle start divisor")},
    {"final_div_factor", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The one-cycle final divisor")},
    {"head_lr_mult", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The head learning rate multiple")},
    {"growth_rate", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Growth rate k")},
    {"compression", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Compression θ")},
    {"dropout", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Dropout")},
    {"bn_size", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The bottleneck width factor")},
    {"init_features", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The stem's feature maps")},
    {"in_channels", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Input channels")},
    {"num_classes", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The number of classes")},
    {"width", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The width multiplier")},
    {"epochs", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Epochs")},
    {"threads", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Threads (0: all cores)")},
    {"world_size", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The number of processes")},
    {"batch_size", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Batch size")},
    {"val_every", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Validation checks every N batches (0: off)")},
    {"val_subset", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The validation check's images (0: all)")},
    {"dataset.image_size", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Image size (px)")},
    {"dataset.limit", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The training image limit (0: all)")},
    {"dataset.test_limit", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The test image limit (0: all)")},
    {"dataset.val_fraction", QT_TRANSLATE_NOOP("resdense::ui::Problem", "The validation fraction")},
    {"input.resize", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Resize (px, 0: off)")},
    {"input.crop", QT_TRANSLATE_NOOP("resdense::ui::Problem", "Crop (px, 0: off)")},
};

// "slots.a.model.depth" → slot "a", key "depth"; "dataset.limit" → no slot, key "dataset.limit".
struct Field {
    QString slot;
    QString key;
};
Field splitField(const std::string& field)
{
    Field f{QString(), qs(field)};
    const QString slots = QStringLiteral("slots.");
    if (f.key.startsWith(slots)) {
        const qsizetype dot = f.key.indexOf(QLatin1Char('.'), slots.size());
        if (dot > 0) {
            f.slot = f.key.mid(slots.size(), dot - slots.size());
            f.key = f.key.mid(dot + 1);
        }
    }
    if (f.key.startsWith(QStringLiteral("model.")))
        f.key = f.key.mid(6);
    return f;
}

QString fieldName(const QString& key)
{
    for (const FieldName& f : kFields)
        if (key == QLatin1String(f.key))
            return QCoreApplication::translate("resdense::ui::Problem", f.name);
    return {};
}

// A value from the engine ("0.1", "1e-05", "100000") in the locale's form; text stays as it is.
QString value(const std::string& text)
{
    const QString v = qs(text);
    bool whole = false;
    const qlonglong n = v.toLongLong(&whole);
    if (whole)
        return QLocale().toString(n);
    bool real = false;
    const double d = v.toDouble(&real);
    if (real)
        return QLocale().toString(d, 'g', 6);
    return v;
}

// The rule worded with its values, or "" when this code (or its field) has no wording here.
QString worded(const resdense::Problem& p, const QString& key)
{
    const auto& a = p.args;
    auto arg = [&](std::size_t i) { return i < a.size() ? value(a[i]) : QString(); };
    auto rawArg = [&](std::size_t i) { return i < a.size() ? qs(a[i]) : QString(); };
    const std::string& c = p.code;
    if (c == "out_of_range" || c == "not_negative" || c == "at_least_1") {
        const QString name = fieldName(key);
        if (name.isEmpty())
            return {};
        if (c == "out_of_range" && a.size() >= 2)
            return Problem::tr("%1 must be in %2; got %3").arg(name, rawArg(1), arg(0));
        if (c == "not_negative" && !a.empty())
            return Problem::tr("%1 must not be negative; got %2").arg(name, arg(0));
        if (c == "at_least_1" && !a.empty())
            return Problem::tr("%1 must be at least 1; got %2").arg(name, arg(0));
        return {};
    }
    if (c == "depth_6n_plus_2")
        return Problem::tr("CIFAR ResNet depth must be 6n+2 (20, 32, 44, 56, 110, …); got %1")
            .arg(arg(0));
    if (c == "depth_3n_plus_4")
        return Problem::tr("DenseNet depth L must be 3n+4 (40, 100, …); got %1").arg(arg(0));
    if (c == "depth_6n_plus_4")
        return Problem::tr("DenseNet-BC depth L must be 6n+4 (40, 100, 190, 250, …); got %1")
            .arg(arg(0));
    if (c == "imagenet_resnet_depth")
        return Problem::tr("ImageNet ResNet depth must be 18, 34, 50, 101 or 152; got %1")
            .arg(arg(0));
    if (c == "unknown_shortcut")
        return Problem::tr("The shortcut must be A (zero-padding identity) or B (1×1 projection); "
                          "got “%1”")
            .arg(rawArg(0));
    if (c == "empty_block")
        return Problem::tr("Every dense block needs at least one dense layer");
    if (c == "unknown_family")
        return Problem::tr("Unknown network family");
    if (c == "needs_momentum")
        return Problem::tr("Nesterov momentum needs a momentum above 0");
    if (c == "no_imagenet_weights")
        return Problem::tr("torchvision publishes ImageNet weights only for ResNet-18 to -152 and "
                          "DenseNet-121 to -201 with their ImageNet stem");
    if (c == "bad_sha256")
        return Problem::tr("The weights file's SHA-256 must be 64 hexadecimal digits");
    if (c == "unknown_freeze")
        return Problem::tr("Frozen layers must be none, backbone or stages:K; got “%1”")
            .arg(rawArg(0));
    if (c == "one_or_three")
        return Problem::tr("Channels must be 1 (gray) or 3 (color), or 0 for the dataset's own; "
                          "got %1")
            .arg(arg(0));
    if (c == "larger_than_resize")
        return Problem::tr("The crop (%1 px) must not be larger than the resized image (%2 px)")
            .arg(arg(0), arg(1));
    if (c == "unknown_normalization")
        return Problem::tr("Normalisation must be auto, dataset or imagenet; got “%1”")
            .arg(rawArg(0));
    if (c == "one_or_two")
        return Problem::tr("A run trains one or two models; got %1").arg(arg(0));
    if (c == "below_world_size")
        return Problem::tr("Each of the %1 processes needs a share of every batch: the batch size "
                          "must be at least %1; got %2")
            .arg(arg(1), arg(0));
    if (c == "unknown_device")
        return Problem::tr("The device must be cpu or cuda; got “%1”").arg(rawArg(0));
    if (c == "slot_name")
        return Problem::tr("A model's slot name must be 1 to 32 lower-case letters, digits or “_”; "
                          "got “%1”")
            .arg(rawArg(0));
    if (c == "same_slot_names")
        return Problem::tr("The two models need different slot names");
    return {};
}

} // namespace

bool problemHasWording(const resdense::Problem& problem)
{
    return !worded(problem, splitField(problem.field).key).isEmpty();
}

QString problemText(const resdense::Problem& p)
{
    const Field field = splitField(p.field);
    QString text = worded(p, field.key);
    if (text.isEmpty())
        return qs(p.message); // the engine's English sentence (it names the model itself)
    if (!field.slot.isEmpty())
        text = Problem::tr("Model %1: %2").arg(field.slot.toUpper(), text);
    return text;
}

} // namespace resdense::ui
