#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "resdense/grad_cam.h"
#include "resdense/model_spec.h"

namespace resdense {

struct ClassScore {
    int index = 0;
    std::string label;
    double probability = 0.0;
};

struct Prediction {
    std::string source; // the file name, or what the caller called the bytes
    bool ok = false;
    std::string error;           // why not, when !ok: not an image, unreadable, ...
    std::vector<ClassScore> top; // most probable first
    double milliseconds = 0.0;   // decode excluded: the model's forward pass (and Grad-CAM)

    // With explain: the Grad-CAM of each class in top, in its order; the image as the model saw
    // it (resized and cropped, before normalisation); where that lies in the decoded image.
    std::vector<ClassActivationMap> cams;
    PixelImage input;
    ImageRegion region;
};

// Classifies images with a trained model. Immutable after loading and safe to use from several
// threads at once (the GUI classifies dropped images while training goes on).
class Classifier {
public:
    // From a ResDense checkpoint (a run's models/<slot>-best.pt, or an imported one). Throws
    // resdense::Error naming the file and the problem.
    static std::shared_ptr<const Classifier> load(const std::string& checkpoint_path);
    ~Classifier();

    // Never throws for bad images: a Prediction with ok = false says why.
    // explain adds each top class's Grad-CAM (see grad_cam.h) and the model's view of the image.
    Prediction classify_file(const std::string& path, int top_k = 5, bool explain = false) const;
    Prediction classify_encoded(std::string_view bytes, const std::string& source, int top_k = 5,
                                bool explain = false) const;

    const ModelSpec& spec() const;
    const std::vector<std::string>& classes() const;
    int image_size() const;

private:
    struct Impl;
    explicit Classifier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// For a Prediction made with explain from image_bytes: dir/<stem>.cam.csv, the top class's map
// at the target layer's resolution (one row per line), and dir/<stem>.cam.png, that map overlaid
// on the image at the image's own size (opacity as overlay_cam). Throws resdense::Error naming
// the file and the problem.
void write_cam_files(const Prediction& p, std::string_view image_bytes, const std::string& dir,
                     const std::string& stem, double opacity = 0.5);

} // namespace resdense
