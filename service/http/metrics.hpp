#pragma once
// What /metrics says, in Prometheus' text format (version 0.0.4): requests by route template,
// method and status, their latency histograms, and the gauges and counters others hand in at
// each scrape (connections, workers, database pool, password hashes, stored figures). Example:
//   metrics.record("/api/v1/sessions/:id", "GET", 200, elapsed);
//   PrometheusText text;
//   text.family("formations_workers", "gauge", "Worker threads.").sample({}, 8);
//   auto body = metrics.render() + text.str();

#include <chrono>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace formations::http {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Builds the text of metric families: "# HELP", "# TYPE", then the samples.
class PrometheusText {
  public:
    PrometheusText& family(const std::string& name, const std::string& type,
                           const std::string& help);
    // A sample of the last family (`suffix` for histograms: "_bucket", "_sum", "_count").
    PrometheusText& sample(const Labels& labels, double value, const std::string& suffix = "");
    std::string str() const { return out_.str(); }

  private:
    std::ostringstream out_;
    std::string name_;
};

class Metrics {
  public:
    // Latency histogram buckets, in seconds.
    static constexpr double buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    // `route`: the route's template ("/api/v1/sessions/:id"), never the path (it may hold a
    // registration token), or a name in parentheses for answers outside the routes.
    void record(const std::string& route, const std::string& method, int status,
                std::chrono::steady_clock::duration elapsed);

    // formations_http_requests_total and formations_http_request_duration_seconds.
    std::string render() const;

  private:
    struct Latency {
        std::vector<long> counts = std::vector<long>(std::size(buckets), 0);  // per bucket
        long total = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, long> requests_;
    std::map<std::pair<std::string, std::string>, Latency> latencies_;
};

// The process itself, from /proc/self: resident memory, its peak, CPU time, open descriptors.
void add_process_metrics(PrometheusText& text);

}  // namespace formations::http
