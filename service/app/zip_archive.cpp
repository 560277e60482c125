#include "service/app/detail/zip_archive.hpp"

#include <stdlib.h>
#include <zip.h>
#include <fstream>
#include <stdexcept>

namespace formations::app::detail {
namespace {

// libzip writes no file for an archive without entries: this is the empty ZIP (an end of
// central directory record alone), which every unzip tool opens.
void write_empty_zip(const std::string& path) {
    static constexpr char empty[22] = {'P', 'K', 5, 6};
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(empty, sizeof empty);
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

}  // namespace

TemporaryDirectory::TemporaryDirectory() {
    auto pattern = (std::filesystem::temp_directory_path() / "formations-zip-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary directory in " +
                                 std::filesystem::temp_directory_path().string());
    }
    path_ = pattern;
}

TemporaryDirectory::~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

ZipArchive::ZipArchive(std::string path) : path_(std::move(path)) {
    int error_code = 0;
    archive_ = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error_code);
    if (archive_ == nullptr) {
        throw std::runtime_error("zip_open " + path_ + " failed with libzip error " +
                                 std::to_string(error_code));
    }
}

ZipArchive::~ZipArchive() {
    if (archive_ != nullptr) {
        zip_discard(archive_);
    }
}

std::optional<Error> ZipArchive::add(const std::string& name, std::string_view bytes) {
    // Entries are numbered on disk: their names may hold folders and any character.
    auto file = (directory_.path() / std::to_string(entries_)).string();
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            return Error::internal("cannot write " + file);
        }
    }
    // libzip reads the file when the archive is written (zip_close), not now.
    zip_source_t* source = zip_source_file(archive_, file.c_str(), 0, -1);
    if (source == nullptr) {
        return Error::internal(std::string("zip_source_file: ") + zip_strerror(archive_));
    }
    if (zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(source);
        return Error::internal(std::string("zip_file_add: ") + zip_strerror(archive_));
    }
    ++entries_;
    return std::nullopt;
}

std::optional<Error> ZipArchive::close() {
    if (entries_ == 0) {
        zip_discard(archive_);
        archive_ = nullptr;
        write_empty_zip(path_);
        return std::nullopt;
    }
    if (zip_close(archive_) != 0) {
        return Error::internal(std::string("zip_close: ") + zip_strerror(archive_));
    }
    archive_ = nullptr;
    return std::nullopt;
}

}  // namespace formations::app::detail
