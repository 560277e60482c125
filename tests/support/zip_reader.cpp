#include "tests/support/zip_reader.hpp"

#include <unistd.h>
#include <zip.h>
#include <cstdlib>
#include <stdexcept>

namespace formations::testing {
namespace {

// libzip reads files: the archive goes through one, removed whatever happens.
class TemporaryCopy {
  public:
    explicit TemporaryCopy(const std::string& bytes) {
        int fd = mkstemp(path_);
        if (fd < 0) {
            throw std::runtime_error("mkstemp failed");
        }
        auto written = write(fd, bytes.data(), bytes.size());
        close(fd);
        if (written != static_cast<ssize_t>(bytes.size())) {
            throw std::runtime_error("cannot write the archive to read");
        }
    }
    ~TemporaryCopy() { unlink(path_); }
    TemporaryCopy(const TemporaryCopy&) = delete;
    TemporaryCopy& operator=(const TemporaryCopy&) = delete;
    const char* path() const { return path_; }

  private:
    char path_[40] = "/tmp/formations-zip-test-XXXXXX";
};

}  // namespace

std::map<std::string, std::string> zip_entries(const std::string& bytes) {
    TemporaryCopy copy(bytes);
    int error = 0;
    zip_t* archive = zip_open(copy.path(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive == nullptr) {
        throw std::runtime_error("not a readable ZIP archive (libzip error " +
                                 std::to_string(error) + ")");
    }
    std::map<std::string, std::string> entries;
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
        zip_stat_t stat;
        zip_file_t* entry = nullptr;
        if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
            (entry = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0)) == nullptr) {
            zip_close(archive);
            throw std::runtime_error("unreadable entry " + std::to_string(i));
        }
        std::string content(stat.size, '\0');
        auto read = zip_fread(entry, content.data(), stat.size);
        char extra = 0;
        auto beyond = zip_fread(entry, &extra, 1);  // the end, CRC verified
        zip_fclose(entry);
        if (read != static_cast<zip_int64_t>(stat.size) || beyond != 0) {
            zip_close(archive);
            throw std::runtime_error(std::string("corrupt entry ") + stat.name);
        }
        entries.emplace(stat.name, std::move(content));
    }
    zip_close(archive);
    return entries;
}

}  // namespace formations::testing
