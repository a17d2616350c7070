#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "resdense/build_info.h"
#include "resdense/error.h"

namespace {

constexpr int kBadUsage = 2;
constexpr int kFailure = 1;

std::string version_text()
{
    std::string text =
        "resdense " + resdense::version() + " (LibTorch " + resdense::torch_version();
    const std::string cv = resdense::opencv_version();
    text += cv.empty() ? ", built without OpenCV" : ", OpenCV " + cv;
    return text + ")";
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"ResDense Workbench command line: build, inspect and compare ResNet and "
                 "DenseNet image classifiers.",
                 "resdense"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();

    resdense::cli::Runner run;
    resdense::cli::add_summary_command(app, run);
    resdense::cli::add_weights_commands(app, run);
    resdense::cli::add_data_commands(app, run);
    resdense::cli::add_train_commands(app, run);
    resdense::cli::add_classify_and_bench_commands(app, run);
    resdense::cli::add_stats_command(app, run);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e); // prints help, the version, or the parse error
        return code == static_cast<int>(CLI::ExitCodes::Success) ? 0 : kBadUsage;
    }

    try {
        return run ? run() : kBadUsage;
    } catch (const resdense::Error& e) {
        std::cerr << "resdense: " << e.what() << '\n';
        return kFailure;
    } catch (const std::exception& e) {
        std::cerr << "resdense: unexpected error: " << e.what() << '\n';
        return kFailure;
    }
}
