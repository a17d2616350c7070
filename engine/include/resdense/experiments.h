#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "resdense/run_config.h"

namespace resdense {

// What both front ends start from, so the workbench's first screen and `resdense duel` without
// flags run the very same experiment.

// A slot training `model` with its family's recipe: SGD, one-cycle, momentum 0.9, and weight
// decay 1e-4 for DenseNets (Huang et al. 2017) or 5e-4 for ResNets.
SlotConfig default_slot(const std::string& name, const ModelSpec& model);

// Fashion-MNIST, ResNet-20 in slot "a" against DenseNet-BC (L=40, k=12) in slot "b".
RunConfig default_experiment();

// The tutorial's experiment ("tutorial"): torchvision's resnet18 in slot "a" against densenet121
// in slot "b", both from their ImageNet weights (the torch hub cache), images resized to 256 and
// centre-cropped to 224 with ImageNet's normalisation, SGD lr 0.001 momentum 0.9 without weight
// decay at a constant rate, batch 64, 10 epochs, no augmentation. With probe ("tutorial-probe"),
// both backbones frozen: a linear probe, the choice that finishes on a CPU.
RunConfig tutorial_experiment(const std::string& dataset = "fashion-mnist", bool probe = false);

// The named experiments both front ends offer ("default", "tutorial", "tutorial-probe"), and the
// one a name stands for (on `dataset` when not empty). Throws resdense::Error for another name.
std::vector<std::string> recipe_names();
RunConfig recipe(const std::string& name, const std::string& dataset = "");

// A run folder's name: sorts by time and says what was compared,
// e.g. "20261201-093000-resnet20-vs-densenet-bc-40" (local time).
std::string run_folder_name(const RunConfig& config, std::time_t when);

// Family names accepted by model_spec() ("cifar-resnet", "densenet", "densenet-bc"): they build
// a family's default rather than a named preset.
bool is_family_name(const std::string& name);

// Whether dir holds a run (its config.json).
bool is_run_folder(const std::string& dir);
// Whether dir holds a run or a duel's repeats (repeats.json): what the workbench opens.
bool is_run_or_repeats_folder(const std::string& dir);

} // namespace resdense
