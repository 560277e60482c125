#include "service/http/metrics.hpp"

#include <dirent.h>
#include <unistd.h>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>

namespace formations::http {
namespace {

// Label values: backslash, double quote and line feed escaped.
std::string escaped(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string number(double value) {
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    std::ostringstream out;
    out << std::setprecision(std::numeric_limits<double>::max_digits10) << value;
    return out.str();
}

// "VmRSS:     1234 kB" in /proc/self/status, in bytes; -1 when missing.
double status_bytes(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with(key + ":")) {
            return std::stod(line.substr(key.size() + 1)) * 1024;
        }
    }
    return -1;
}

double open_descriptors() {
    DIR* directory = opendir("/proc/self/fd");
    if (directory == nullptr) {
        return -1;
    }
    double count = 0;
    while (readdir(directory) != nullptr) {
        ++count;
    }
    closedir(directory);
    return count - 3;  // ".", ".." and the directory's own descriptor
}

// utime + stime of /proc/self/stat, in seconds.
double cpu_seconds() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto after_name = text.rfind(')');
    if (after_name == std::string::npos) {
        return -1;
    }
    std::istringstream fields(text.substr(after_name + 2));
    std::string field;
    double utime = 0, stime = 0;
    // Fields 3 to 15 of proc(5): state … utime (14) stime (15).
    for (int index = 3; index <= 15 && fields >> field; ++index) {
        if (index == 14) {
            utime = std::stod(field);
        } else if (index == 15) {
            stime = std::stod(field);
        }
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

PrometheusText& PrometheusText::family(const std::string& name, const std::string& type,
                                       const std::string& help) {
    name_ = name;
    out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    return *this;
}

PrometheusText& PrometheusText::sample(const Labels& labels, double value,
                                       const std::string& suffix) {
    out_ << name_ << suffix;
    if (!labels.empty()) {
        out_ << '{';
        for (std::size_t i = 0; i < labels.size(); ++i) {
            out_ << (i ? "," : "") << labels[i].first << "=\"" << escaped(labels[i].second) << '"';
        }
        out_ << '}';
    }
    out_ << ' ' << number(value) << '\n';
    return *this;
}

void Metrics::record(const std::string& route, const std::string& method, int status,
                     std::chrono::steady_clock::duration elapsed) {
    double seconds = std::chrono::duration<double>(elapsed).count();
    std::lock_guard lock(mutex_);
    ++requests_[{route, method, status}];
    auto& latency = latencies_[{route, method}];
    for (std::size_t i = 0; i < std::size(buckets); ++i) {
        if (seconds <= buckets[i]) {
            ++latency.counts[i];
        }
    }
    ++latency.total;
    latency.sum += seconds;
}

std::string Metrics::render() const {
    PrometheusText text;
    std::lock_guard lock(mutex_);
    text.family("formations_http_requests_total", "counter",
                "HTTP requests answered, by route template, method and status.");
    for (const auto& [key, count] : requests_) {
        const auto& [route, method, status] = key;
        text.sample({{"route", route}, {"method", method}, {"status", std::to_string(status)}},
                    static_cast<double>(count));
    }
    text.family("formations_http_request_duration_seconds", "histogram",
                "Time from a complete request to its answer handed to the connection.");
    for (const auto& [key, latency] : latencies_) {
        const auto& [route, method] = key;
        for (std::size_t i = 0; i < std::size(buckets); ++i) {
            text.sample({{"route", route}, {"method", method}, {"le", number(buckets[i])}},
                        static_cast<double>(latency.counts[i]), "_bucket");
        }
        text.sample({{"route", route}, {"method", method}, {"le", "+Inf"}},
                    static_cast<double>(latency.total), "_bucket");
        text.sample({{"route", route}, {"method", method}}, latency.sum, "_sum");
        text.sample({{"route", route}, {"method", method}}, static_cast<double>(latency.total),
                    "_count");
    }
    return text.str();
}

void add_process_metrics(PrometheusText& text) {
    text.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
        .sample({}, status_bytes("VmRSS"));
    text.family("formations_process_peak_resident_memory_bytes", "gauge",
                "Peak resident memory size in bytes since the start.")
        .sample({}, status_bytes("VmHWM"));
    text.family("process_cpu_seconds_total", "counter", "User and system CPU time spent.")
        .sample({}, cpu_seconds());
    text.family("process_open_fds", "gauge", "Open file descriptors.")
        .sample({}, open_descriptors());
}

}  // namespace formations::http
