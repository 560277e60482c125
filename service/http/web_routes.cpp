// The web pages: the files of web/ (public registration, staff and accounting pages) served by
// the service itself. Every path the API routes do not know lands here (the router's not-found
// handler, so add_web_routes comes after every API route): a GET outside /api/ is a file of web/
// or the HTML 404 page; anything else keeps the JSON 404 of the API. Files are read on the worker
// pool and kept in memory until they change on disk (size or modification time).
//
// The folder: FORMATIONS_WEB_DIR; else, for an installed binary, the pages installed beside it
// (<prefix>/bin/formations → <prefix>/share/formations/web, FORMATIONS_WEB_DIR_INSTALLED);
// else the source tree's web/ compiled in (FORMATIONS_WEB_DIR_DEFAULT). Both are set by
// service/CMakeLists.txt.
#include <sys/stat.h>
#include <unistd.h>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "service/http/routes.hpp"
#include "service/http/static_files.hpp"

#ifndef FORMATIONS_WEB_DIR_DEFAULT
#define FORMATIONS_WEB_DIR_DEFAULT "web"
#endif
#ifndef FORMATIONS_WEB_DIR_INSTALLED
#define FORMATIONS_WEB_DIR_INSTALLED "../share/formations/web"
#endif

namespace formations::http {

namespace {

// Larger files are not for these pages; refusing them keeps the cache small.
constexpr off_t max_file_size = 4 << 20;

const char* const fallback_not_found_page =
    "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Page introuvable</title>"
    "<h1>Page introuvable</h1><p><a href=\"/\">Retour à l'accueil</a></p></html>";

// The pages installed with this executable (relative to its folder), if they are there. A binary
// run from its build tree has none, and falls back to the source tree's web/.
std::string installed_web_directory() {
    char executable[PATH_MAX];
    auto length = readlink("/proc/self/exe", executable, sizeof executable - 1);
    if (length <= 0) {
        return {};
    }
    std::string path(executable, static_cast<std::size_t>(length));
    std::string candidate = path.substr(0, path.rfind('/') + 1) + FORMATIONS_WEB_DIR_INSTALLED;
    struct stat info {};
    return stat(candidate.c_str(), &info) == 0 && S_ISDIR(info.st_mode) ? candidate : std::string();
}

std::string web_directory() {
    const char* configured = std::getenv("FORMATIONS_WEB_DIR");
    std::string directory = configured != nullptr ? configured : "";
    if (directory.empty()) {
        directory = installed_web_directory();
    }
    if (directory.empty()) {
        directory = FORMATIONS_WEB_DIR_DEFAULT;
    }
    char resolved[PATH_MAX];
    if (realpath(directory.c_str(), resolved) != nullptr) {
        return resolved;
    }
    return directory;
}

struct CachedFile {
    std::string body;
    std::string content_type;
    off_t size = 0;
    struct timespec modified {};
};

class FileCache {
  public:
    explicit FileCache(std::string root) : root_(std::move(root)) {}

    const std::string& root() const { return root_; }

    enum class Outcome { found, missing, directory };
    struct Lookup {
        Outcome outcome = Outcome::missing;
        std::shared_ptr<const CachedFile> file;
    };

    // `relative` comes from web_file_path: no "..", no hidden names. Symbolic links are followed
    // only while they stay inside the root.
    Lookup find(const std::string& relative) {
        auto content_type = content_type_for(relative);
        std::string full = root_ + "/" + relative;
        char resolved[PATH_MAX];
        if (realpath(full.c_str(), resolved) == nullptr) {
            return {};
        }
        std::string real = resolved;
        if (!real.starts_with(root_ + "/")) {
            return {};
        }
        struct stat info {};
        if (stat(real.c_str(), &info) != 0) {
            return {};
        }
        if (S_ISDIR(info.st_mode)) {
            return {Outcome::directory, nullptr};
        }
        if (!S_ISREG(info.st_mode) || !content_type || info.st_size > max_file_size) {
            return {};
        }
        {
            std::lock_guard lock(mutex_);
            auto cached = files_.find(relative);
            if (cached != files_.end() && cached->second->size == info.st_size &&
                cached->second->modified.tv_sec == info.st_mtim.tv_sec &&
                cached->second->modified.tv_nsec == info.st_mtim.tv_nsec) {
                return {Outcome::found, cached->second};
            }
        }
        std::ifstream stream(real, std::ios::binary);
        if (!stream) {
            return {};
        }
        std::ostringstream content;
        content << stream.rdbuf();
        auto file = std::make_shared<CachedFile>();
        file->body = content.str();
        file->content_type = *content_type;
        file->size = info.st_size;
        file->modified = info.st_mtim;
        std::lock_guard lock(mutex_);
        files_[relative] = file;
        return {Outcome::found, file};
    }

  private:
    std::string root_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const CachedFile>> files_;
};

// The pages' own policy; send() adds the headers every answer carries (pistache_io.hpp). A
// script gets it too: a service worker (sw.js) runs under its script's policy, and needs
// 'self' to keep its page for when the service is down (nginx sends it for every file).
void add_page_headers(Reply& reply) {
    if (is_html(reply.content_type)) {
        reply.headers.emplace_back("Content-Security-Policy", std::string(content_security_policy));
        reply.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    } else if (reply.content_type.starts_with("text/javascript")) {
        reply.headers.emplace_back("Content-Security-Policy", std::string(content_security_policy));
    }
}

Reply not_found_page(FileCache& cache) {
    Reply reply{404, fallback_not_found_page, "text/html; charset=utf-8", {}};
    auto page = cache.find("404.html");
    if (page.outcome == FileCache::Outcome::found) {
        reply.body = page.file->body;
    }
    add_page_headers(reply);
    return reply;
}

Reply file_reply(FileCache& cache, const std::string& url_path, bool head) {
    auto relative = web_file_path(url_path);
    if (!relative) {
        return not_found_page(cache);
    }
    auto found = cache.find(*relative);
    if (found.outcome == FileCache::Outcome::directory) {
        // "/dossier" → "/dossier/", so that the page's relative links resolve inside it.
        Reply reply{308, "", "text/plain; charset=utf-8", {{"Location", url_path + "/"}}};
        add_page_headers(reply);
        return reply;
    }
    if (found.outcome != FileCache::Outcome::found) {
        return not_found_page(cache);
    }
    Reply reply{200, head ? std::string() : found.file->body, found.file->content_type, {}};
    add_page_headers(reply);
    return reply;
}

}  // namespace

void add_web_routes(Routes& routes) {
    auto cache = std::make_shared<FileCache>(web_directory());
    routes.set_fallback([cache](const Request& request) {
        bool api = request.path == "/api" || request.path.starts_with("/api/");
        bool head = request.method == "HEAD";
        if (api || !(request.method == "GET" || head)) {
            return error_reply(Error::not_found("route_not_found", "Cette adresse n'existe pas."));
        }
        return file_reply(*cache, request.path, head);
    });
}

}  // namespace formations::http
