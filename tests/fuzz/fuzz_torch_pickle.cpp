// Input: a data.pkl as torch.save writes it into its zip archive. parse_state_pickle must either
// return tensor references whose views lie inside their storages, or throw resdense::Error with
// one line naming the file: never crash, recurse without bound, or allocate from an unchecked
// count. The zip layer is LibTorch's (PyTorchStreamReader) and is not built here; the engine's
// TorchFileTest.MutatedArchivesAreErrorsNotCrashes feeds mutated archives through it.
#include <cstdint>
#include <string>

#include "io/pickle_machine.h"
#include "resdense/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = "fuzz.pt";
    const resdense::PickleLimits limits;
    try {
        const auto file = resdense::parse_state_pickle(
            std::string_view(reinterpret_cast<const char*>(data), size), path, limits);
        for (const auto& [dict_path, tensors] : file.tensor_dicts)
            for (const auto& [name, t] : tensors) {
                if (t.size.size() != t.stride.size() || t.offset < 0 || t.storage_numel < 0)
                    __builtin_trap();
                std::int64_t numel = 1, last = t.offset;
                for (std::size_t d = 0; d < t.size.size(); ++d) {
                    numel *= t.size[d];
                    if (t.size[d] > 0)
                        last += (t.size[d] - 1) * t.stride[d];
                }
                if (numel != t.numel || (numel > 0 && last >= t.storage_numel) ||
                    numel > t.storage_numel + limits.max_expanded)
                    __builtin_trap();
            }
    } catch (const resdense::Error& e) {
        const std::string msg = e.what();
        if (msg.rfind(path + ": ", 0) != 0 || msg.find('\n') != std::string::npos)
            __builtin_trap();
    }
    return 0;
}
