#pragma once
// Inside the app only: a ZIP file written entry by entry (libzip). Each entry goes through a file
// of a temporary directory first and libzip reads it when the archive is closed, so memory stays
// flat whatever the size of the archive. The directory goes away with the object. An archive
// without entries is still a valid (empty) ZIP file. Example:
//   ZipArchive zip(path);
//   if (auto error = zip.add("LISEZMOI.txt", text)) return *error;
//   if (auto error = zip.close()) return *error;

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "service/domain/error.hpp"

struct zip;

namespace formations::app::detail {

// Removed with its content when the object goes away, whatever happens.
class TemporaryDirectory {
  public:
    TemporaryDirectory();
    ~TemporaryDirectory();
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

class ZipArchive {
  public:
    // Creates (or truncates) the file at `path`.
    explicit ZipArchive(std::string path);
    // Without close(), nothing is written.
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    // `name` may hold folders ("31-32-reclamations/registre.csv"); UTF-8.
    std::optional<Error> add(const std::string& name, std::string_view bytes);
    std::optional<Error> close();

  private:
    std::string path_;
    TemporaryDirectory directory_;
    ::zip* archive_ = nullptr;
    int entries_ = 0;
};

}  // namespace formations::app::detail
